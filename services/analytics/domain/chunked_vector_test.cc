#include "analytics/domain/chunked_vector.h"

#include <string>

#include "gtest/gtest.h"

namespace chronicle::analytics {
namespace {

TEST(ChunkedVectorTest, GrowsAcrossChunksWithoutMovingElements) {
  ChunkedVector<std::string, 2> vector;  // chunks of four
  std::vector<const std::string*> addresses;
  for (int i = 0; i < 11; ++i) {
    addresses.push_back(&vector.emplace_back(std::to_string(i)));
  }
  ASSERT_EQ(vector.size(), 11u);
  for (int i = 0; i < 11; ++i) {
    EXPECT_EQ(&vector[i], addresses[i]) << i;  // never moved
    EXPECT_EQ(vector[i], std::to_string(i));
  }
  EXPECT_EQ(vector.back(), "10");
  int expected = 0;
  for (const std::string& value : vector) EXPECT_EQ(value, std::to_string(expected++));
  EXPECT_EQ(expected, 11);

  ChunkedVector<std::string, 2> copy = vector;
  copy.emplace_back("11");
  copy[0] = "changed";
  EXPECT_EQ(vector[0], "0");
  EXPECT_EQ(copy.size(), 12u);
  EXPECT_EQ(copy[11], "11");
  EXPECT_EQ(copy[10], "10");
  EXPECT_TRUE(ChunkedVector<int>().empty());
}

}  // namespace
}  // namespace chronicle::analytics
