#include "analytics/domain/manager_tally.h"

#include <algorithm>
#include <random>
#include <set>
#include <vector>

#include "gtest/gtest.h"

namespace chronicle::analytics {
namespace {

std::vector<int64_t> Contents(const SortedValues& values) {
  std::vector<int64_t> all = values.sorted();
  all.insert(all.end(), values.tail().begin(), values.tail().end());
  std::sort(all.begin(), all.end());
  return all;
}

TEST(SortedValuesTest, HoldsWhatWasInsertedAndNotErasedWithTheBulkSorted) {
  std::mt19937_64 random(7);
  SortedValues values;
  std::multiset<int64_t> expected;
  for (int step = 0; step < 20000; ++step) {
    const int64_t value = static_cast<int64_t>(random() % 500);  // many repeats
    if (random() % 3 == 0) {
      EXPECT_EQ(values.Erase(value), expected.count(value) != 0) << "step " << step;
      if (auto it = expected.find(value); it != expected.end()) expected.erase(it);
    } else {
      values.Insert(value);
      expected.insert(value);
    }
    ASSERT_EQ(values.size(), expected.size());
  }
  EXPECT_TRUE(std::is_sorted(values.sorted().begin(), values.sorted().end()));
  EXPECT_GT(values.sorted().size(), 10 * values.tail().size());
  EXPECT_EQ(Contents(values), std::vector<int64_t>(expected.begin(), expected.end()));
}

TEST(KthSmallestTest, PicksFromSeveralSortedVectorsAsFromTheirMerge) {
  std::mt19937_64 random(11);
  for (int round = 0; round < 200; ++round) {
    std::vector<std::vector<int64_t>> parts(1 + random() % 6);
    std::vector<int64_t> merged;
    for (auto& part : parts) {
      part.resize(random() % 40);  // some empty
      for (int64_t& value : part) {
        value = static_cast<int64_t>(random() % 1000) - (round % 2 ? 0 : 400'000'000'000);
      }
      std::sort(part.begin(), part.end());
      merged.insert(merged.end(), part.begin(), part.end());
    }
    std::sort(merged.begin(), merged.end());
    std::vector<const std::vector<int64_t>*> pointers;
    for (const auto& part : parts) pointers.push_back(&part);
    for (size_t k = 0; k < merged.size(); ++k) {
      ASSERT_EQ(KthSmallest(pointers, k), merged[k]) << "round " << round << ", k " << k;
    }
  }
}

}  // namespace
}  // namespace chronicle::analytics
