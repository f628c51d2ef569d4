// How many of a multiset of instants fall at or before a given one, answered from counts per
// UTC day plus the exact instants of that one day: a walk over days, not over instants.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_TIME_COUNTS_H_
#define CHRONICLE_ANALYTICS_DOMAIN_TIME_COUNTS_H_

#include <cstdint>
#include <iterator>

#include "absl/container/btree_map.h"

namespace chronicle::analytics {

// The UTC day of `t`, rounding down before 1970 too.
inline int64_t UtcDay(int64_t t) { return t >= 0 ? t / 86400 : -((-t + 86399) / 86400); }

class TimeCounts {
 public:
  // Adds `n` (or takes back, negative) instants `t`.
  void Add(int64_t t, int64_t n) {
    Bump(per_day_, UtcDay(t), n);
    Bump(per_time_, t, n);
    size_ += n;
  }
  // Adds one instant `t`, cheapest when it is at or after every instant held (as when a sorted
  // run is loaded): then it is appended without a search.
  void AddInOrder(int64_t t) {
    AppendOrBump(per_day_, UtcDay(t));
    AppendOrBump(per_time_, t);
    ++size_;
  }
  int64_t AtOrBefore(int64_t t) const {
    const int64_t day = UtcDay(t);
    int64_t count = 0;
    for (auto it = per_day_.begin(); it != per_day_.end() && it->first < day; ++it) {
      count += it->second;
    }
    for (auto it = per_time_.lower_bound(day * 86400); it != per_time_.end() && it->first <= t;
         ++it) {
      count += it->second;
    }
    return count;
  }
  int64_t size() const { return size_; }

 private:
  static void Bump(absl::btree_map<int64_t, int64_t>& counts, int64_t key, int64_t n) {
    auto [it, inserted] = counts.try_emplace(key, 0);
    it->second += n;
    if (it->second == 0) counts.erase(it);
  }

  static void AppendOrBump(absl::btree_map<int64_t, int64_t>& counts, int64_t key) {
    if (counts.empty() || std::prev(counts.end())->first < key) {
      counts.insert(counts.end(), {key, 1});
    } else {
      Bump(counts, key, 1);
    }
  }

  absl::btree_map<int64_t, int64_t> per_day_;
  absl::btree_map<int64_t, int64_t> per_time_;
  int64_t size_ = 0;
};

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_TIME_COUNTS_H_
