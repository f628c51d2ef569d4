#include "deals/domain/money.h"

#include "gtest/gtest.h"

namespace chronicle::deals {
namespace {

v1::Money Rub(int64_t units, int32_t nanos = 0) {
  v1::Money money;
  money.set_currency_code("RUB");
  money.set_units(units);
  money.set_nanos(nanos);
  return money;
}

TEST(MoneyTest, NamesWhatIsWrong) {
  EXPECT_EQ(MoneyProblem(Rub(100, 500'000'000)), "");
  EXPECT_EQ(MoneyProblem(Rub(-1)), "must not be negative");
  EXPECT_EQ(MoneyProblem(Rub(1, -5)), "units and nanos must have the same sign");
  v1::Money lower = Rub(1);
  lower.set_currency_code("rub");
  EXPECT_NE(MoneyProblem(lower).find("ISO 4217"), std::string::npos);
  EXPECT_NE(MoneyProblem(Rub(0, 1'000'000'000)).find("nanos"), std::string::npos);
}

TEST(MoneyTest, SumsAMillionDealsExactly) {
  Nanos sum = 0;
  for (int i = 0; i < 1'000'000; ++i) sum += ToNanos(Rub(9'999'999'999, 990'000'000));
  const v1::Money total = FromNanos("RUB", sum);
  // 1e6 x 9,999,999,999.99 = 9,999,999,999,990,000 exactly: beyond a double's 2^53.
  EXPECT_EQ(total.units(), 9'999'999'999'990'000);
  EXPECT_EQ(total.nanos(), 0);
}

TEST(MoneyTest, LineItemsAndProbabilities) {
  const v1::Money item = Times(Rub(1'234, 500'000'000), 3);
  EXPECT_EQ(item.units(), 3'703);
  EXPECT_EQ(item.nanos(), 500'000'000);
  EXPECT_EQ(PercentOf(ToNanos(Rub(100'000)), 35), ToNanos(Rub(35'000)));
  EXPECT_EQ(PercentOf(ToNanos(Rub(0, 3)), 50), 2);  // 1.5 nano rounds away from zero
}

}  // namespace
}  // namespace chronicle::deals
