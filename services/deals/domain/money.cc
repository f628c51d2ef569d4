#include "deals/domain/money.h"

#include <cmath>

#include "absl/strings/ascii.h"

namespace chronicle::deals {
namespace {

constexpr int64_t kNanosPerUnit = 1'000'000'000;

}  // namespace

std::string MoneyProblem(const v1::Money& money) {
  const std::string& code = money.currency_code();
  if (code.size() != 3 || !absl::ascii_isupper(code[0]) || !absl::ascii_isupper(code[1]) ||
      !absl::ascii_isupper(code[2])) {
    return "currency_code must be an ISO 4217 code such as RUB, UAH, USD";
  }
  if (money.nanos() <= -kNanosPerUnit || money.nanos() >= kNanosPerUnit) {
    return "nanos must be within -999999999..999999999";
  }
  if ((money.units() > 0 && money.nanos() < 0) || (money.units() < 0 && money.nanos() > 0)) {
    return "units and nanos must have the same sign";
  }
  if (money.units() < 0 || money.nanos() < 0) return "must not be negative";
  return "";
}

Nanos ToNanos(const v1::Money& money) {
  return static_cast<Nanos>(money.units()) * kNanosPerUnit + money.nanos();
}

v1::Money FromNanos(const std::string& currency_code, Nanos nanos) {
  v1::Money money;
  money.set_currency_code(currency_code);
  money.set_units(static_cast<int64_t>(nanos / kNanosPerUnit));
  money.set_nanos(static_cast<int32_t>(nanos % kNanosPerUnit));
  return money;
}

v1::Money Times(const v1::Money& price, double quantity) {
  const long double exact = static_cast<long double>(ToNanos(price)) * quantity;
  return FromNanos(price.currency_code(), static_cast<Nanos>(std::roundl(exact)));
}

Nanos PercentOf(Nanos nanos, int percent) {
  const Nanos scaled = nanos * percent;
  return (scaled >= 0 ? scaled + 50 : scaled - 50) / 100;
}

}  // namespace chronicle::deals
