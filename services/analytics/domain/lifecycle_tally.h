// The lifecycle index as plain data (facts.h holds one; lifecycle_index.h keeps it up to date):
// what each client's rule status will be at any instant after the facts so far, kept as counts
// so that the lifecycle report reads a few groups instead of every client.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_LIFECYCLE_TALLY_H_
#define CHRONICLE_ANALYTICS_DOMAIN_LIFECYCLE_TALLY_H_

#include <cstdint>
#include <limits>
#include <map>
#include <utility>

#include "analytics/domain/time_counts.h"

namespace chronicle::analytics {

// One client as the index counts it. With no new facts its rule status changes only with time:
// a buyer is regular until `regular_until` (when its last qualifying purchase leaves the window,
// or it is lost), lost from `lost_from` (its last purchase plus the lost-after days), and real
// in between; a client who never bought keeps `fixed_status` (potential or attracted).
struct LifecycleEntry {
  int computed = 0;    // v1::LifecycleStatus the last LifecycleStatusChanged gave it
  int overridden = 0;  // v1::LifecycleStatus set by hand, 0 for none
  bool buyer = false;
  bool can_be_regular = false;  // enough purchases in all to be regular at some instant
  int64_t regular_until = 0;
  int64_t lost_from = 0;
  int fixed_status = 0;  // v1::LifecycleStatus of a client who never bought

  bool operator==(const LifecycleEntry& other) const {
    return computed == other.computed && overridden == other.overridden && buyer == other.buyer &&
           can_be_regular == other.can_be_regular && regular_until == other.regular_until &&
           lost_from == other.lost_from && fixed_status == other.fixed_status;
  }
};

// The clients of one computed and overridden status.
struct LifecycleGroup {
  int64_t clients = 0;
  int64_t potential = 0, attracted = 0;  // never bought
  int64_t buyers = 0;
  TimeCounts regular_until;  // buyers who can be regular
  TimeCounts lost_from;      // every buyer
};

struct LifecycleIndex {
  std::map<std::pair<int, int>, LifecycleGroup> groups;  // by (computed, overridden)
  // The latest purchase or activity of a client ever listed: the index answers for instants at
  // or after it, when every fact it counted has happened.
  int64_t latest = std::numeric_limits<int64_t>::min();
};

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_LIFECYCLE_TALLY_H_
