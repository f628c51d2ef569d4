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

namespace time_counts_internal {

// Adds `n` to the count under `key`, dropping it when it reaches 0.
inline void Bump(absl::btree_map<int64_t, int64_t>& counts, int64_t key, int64_t n) {
  auto [it, inserted] = counts.try_emplace(key, 0);
  it->second += n;
  if (it->second == 0) counts.erase(it);
}

// Adds one under `key`, appended without a search when `key` is past every key held.
inline void AppendOrBump(absl::btree_map<int64_t, int64_t>& counts, int64_t key) {
  if (counts.empty() || std::prev(counts.end())->first < key) {
    counts.insert(counts.end(), {key, 1});
  } else {
    Bump(counts, key, 1);
  }
}

}  // namespace time_counts_internal

// Counts of instants per UTC day: how many fell on days wholly before a given instant's day.
class DayCounts {
 public:
  // Adds `n` (or takes back, negative) instants `t`.
  void Add(int64_t t, int64_t n) { time_counts_internal::Bump(per_day_, UtcDay(t), n); }
  // Adds one instant `t`, cheapest when no day after its own is held (a sorted run loaded).
  void AddInOrder(int64_t t) { time_counts_internal::AppendOrBump(per_day_, UtcDay(t)); }
  int64_t BeforeDayOf(int64_t t) const {
    const int64_t day = UtcDay(t);
    int64_t count = 0;
    for (auto it = per_day_.begin(); it != per_day_.end() && it->first < day; ++it) {
      count += it->second;
    }
    return count;
  }

 private:
  absl::btree_map<int64_t, int64_t> per_day_;
};

class TimeCounts {
 public:
  // Adds `n` (or takes back, negative) instants `t`.
  void Add(int64_t t, int64_t n) {
    days_.Add(t, n);
    time_counts_internal::Bump(per_time_, t, n);
    size_ += n;
  }
  // Adds one instant `t`, cheapest when it is at or after every instant held (as when a sorted
  // run is loaded): then it is appended without a search.
  void AddInOrder(int64_t t) {
    days_.AddInOrder(t);
    time_counts_internal::AppendOrBump(per_time_, t);
    ++size_;
  }
  int64_t AtOrBefore(int64_t t) const {
    int64_t count = days_.BeforeDayOf(t);
    for (auto it = per_time_.lower_bound(UtcDay(t) * 86400);
         it != per_time_.end() && it->first <= t; ++it) {
      count += it->second;
    }
    return count;
  }
  int64_t size() const { return size_; }

 private:
  DayCounts days_;
  absl::btree_map<int64_t, int64_t> per_time_;
  int64_t size_ = 0;
};

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_TIME_COUNTS_H_
