#include "chronicle/base/uuid.h"

#include <set>

#include "gtest/gtest.h"

namespace chronicle {
namespace {

TEST(UuidV7Test, IdsAreStrictlyIncreasingEvenWithinOneMillisecond) {
  FakeClock clock;
  UuidV7Generator gen(clock, /*seed=*/42);
  std::string previous = gen.Next();
  for (int i = 0; i < 10'000; ++i) {  // more than the 4096 per-millisecond counter holds
    std::string next = gen.Next();
    ASSERT_LT(previous, next) << i;
    previous = next;
  }
  clock.Advance(absl::Milliseconds(100));
  EXPECT_LT(previous, gen.Next());
}

TEST(UuidV7Test, HasVersionAndVariantBitsAndTimestamp) {
  FakeClock clock(absl::FromUnixMillis(0x0123456789ab));
  UuidV7Generator gen(clock, 7);
  std::string id = gen.Next();
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id.substr(0, 13), "01234567-89ab");
  EXPECT_EQ(id[14], '7');
  EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b') << id;
}

TEST(RandomUuidTest, IsVersion4AndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = RandomUuid();
    EXPECT_EQ(id[14], '4');
    EXPECT_TRUE(seen.insert(id).second);
  }
}

}  // namespace
}  // namespace chronicle
