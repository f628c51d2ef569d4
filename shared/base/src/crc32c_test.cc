#include "chronicle/base/crc32c.h"

#include <string>

#include "gtest/gtest.h"

namespace chronicle {
namespace {

TEST(Crc32cTest, MatchesPublishedCheckValue) {
  // The standard check value for CRC-32C (RFC 3720, appendix B.4).
  EXPECT_EQ(Crc32c("123456789"), 0xe3069283u);
  EXPECT_EQ(Crc32c(""), 0u);
  EXPECT_EQ(Crc32c(std::string(32, '\0')), 0x8a9136aau);
}

TEST(Crc32cTest, ContinuesAcrossPieces) {
  std::string data = "Иванова Александра Петровна, +7 912 345-67-89";
  for (size_t cut = 0; cut <= data.size(); ++cut) {
    std::string_view whole(data);
    EXPECT_EQ(Crc32c(whole.substr(cut), Crc32c(whole.substr(0, cut))), Crc32c(whole)) << cut;
  }
}

TEST(Crc32cTest, DetectsASingleFlippedBit) {
  std::string data(200, 'x');
  uint32_t original = Crc32c(data);
  data[117] ^= 0x04;
  EXPECT_NE(Crc32c(data), original);
}

}  // namespace
}  // namespace chronicle
