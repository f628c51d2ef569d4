// Lost deals as plain data that can be added and taken away: the refusal report's scan tallies
// into it, and so does the per-month cube the fold keeps (refusal_cube.h).
#ifndef CHRONICLE_ANALYTICS_DOMAIN_REFUSAL_TALLY_H_
#define CHRONICLE_ANALYTICS_DOMAIN_REFUSAL_TALLY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "analytics/domain/calendar.h"
#include "analytics/domain/index_list.h"

namespace chronicle::analytics {

// The lost deals of one refusal reason.
struct RefusalTally {
  int64_t deals = 0;
  int64_t amount = 0;                               // minor units
  absl::flat_hash_map<uint64_t, int64_t> by_stage;  // pipeline symbol << 32 | stage symbol
  absl::flat_hash_map<uint32_t, int64_t> by_owner;  // owner symbol

  void Add(const RefusalTally& other);
};

// Lost deals per month they were lost in (in the settings' zone) and reason, kept by the fold as
// deals change, so the refusal report over whole months adds up a few dozen tallies.
struct RefusalCube {
  std::string time_zone;             // the zone its months are in
  std::optional<Calendar> calendar;  // of that zone; none until the first lost deal
  struct Month {
    absl::flat_hash_map<uint32_t, RefusalTally> reasons;  // by reason symbol
    // Deals lost in the month at some point (a reopened deal stays listed): for a period cutting
    // the month, read with their current state.
    IndexList deals;
  };
  std::map<int, Month> months;
};

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_REFUSAL_TALLY_H_
