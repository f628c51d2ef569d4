// What activities, tasks, deals and clients add to a manager's row, as plain data that can be
// added and taken away: the manager report's scan tallies into it, and so does the per-month cube
// the fold keeps up to date (manager_cube.h), so both give the same numbers by construction.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_MANAGER_TALLY_H_
#define CHRONICLE_ANALYTICS_DOMAIN_MANAGER_TALLY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "analytics/domain/calendar.h"
#include "analytics/domain/index_list.h"

namespace chronicle::analytics {

// Values kept for picking a median over several sets of them: sorted, but for the latest few,
// which wait in a small unsorted tail merged in when it fills. Adding one then moves a
// fraction of the sorted values rather than half of them, and a reader copies at most the tail.
class SortedValues {
 public:
  void Insert(int64_t value);
  // Takes out one `value`; false when there is none.
  bool Erase(int64_t value);
  const std::vector<int64_t>& sorted() const { return sorted_; }
  const std::vector<int64_t>& tail() const { return tail_; }
  size_t size() const { return sorted_.size() + tail_.size(); }

 private:
  static constexpr size_t kTail = 64;
  std::vector<int64_t> sorted_;
  std::vector<int64_t> tail_;
};

// The `k`th smallest (from 0) of the values of every vector in `sorted`, each ascending, with
// `k` below their total count: the smallest value with more than `k` values at or below it,
// found by halving the range of values rather than by merging the vectors.
int64_t KthSmallest(const std::vector<const std::vector<int64_t>*>& sorted, size_t k);

// One manager's numbers over some months.
struct ManagerTally {
  int64_t calls = 0, outbound_calls = 0, meetings = 0, emails = 0, messages = 0;
  absl::flat_hash_map<int, uint32_t> active_days;  // month -> a bit per day with an activity
  int64_t tasks_done = 0, tasks_due = 0, tasks_on_time = 0;
  int64_t won = 0, lost = 0, revenue = 0, new_clients = 0;
  // Seconds from first contact to first response, of the new clients, kept sorted so that a
  // median over the cube's months can be picked without copying them.
  SortedValues response_seconds;

  // Adds `other` but for its response times (the report reads the cube's in place).
  void Add(const ManagerTally& other);
  int64_t ActiveDays() const;
  int64_t TasksOverdue() const { return tasks_due - tasks_on_time; }
  // Whether an activity or a new client puts the manager in the report.
  bool Present() const { return !active_days.empty() || new_clients != 0; }
};

// Per manager, what does not depend on the period, and how many deals and tasks they hold (a
// manager holding any is in the report).
struct ManagerLoad {
  int64_t deals = 0, open_deals = 0;
  int64_t tasks = 0, open_tasks = 0;
};

// Per month and manager (in the settings' zone), kept by the fold: activities by when they
// occurred, tasks done by completion and due by due time, deals by their close, new clients by
// their first contact, so the manager report over whole months adds up a few thousand tallies.
struct ManagerCube {
  std::string time_zone;             // the zone its months are in
  std::optional<Calendar> calendar;  // of that zone; none until the first fact
  struct Month {
    absl::flat_hash_map<uint32_t, ManagerTally> managers;  // by employee symbol
    // What was in the month at some point, for a period cutting it (new clients are in the
    // client cube's lists).
    std::vector<uint32_t> activities;  // never change
    IndexList tasks_due, tasks_done, deals_closed;
  };
  std::map<int, Month> months;
  absl::flat_hash_map<uint32_t, ManagerLoad> load;  // by employee symbol
};

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_MANAGER_TALLY_H_
