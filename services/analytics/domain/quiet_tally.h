// The index of quiet clients as plain data (facts.h holds one; quiet_index.h keeps it up to date).
#ifndef CHRONICLE_ANALYTICS_DOMAIN_QUIET_TALLY_H_
#define CHRONICLE_ANALYTICS_DOMAIN_QUIET_TALLY_H_

#include <cstdint>
#include <limits>
#include <utility>

#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "analytics/domain/time_counts.h"

namespace chronicle::analytics {

// The clients that count (known, not merged, not deleted) by owner, in order of quiet since and
// client index (the order clients first appear in the log: keys of two plain numbers keep the
// fold's upkeep cheap where ids as strings made it a fifth slower), with counts per UTC day
// (UtcDay) for the totals. It answers for the default contact kinds, no period, no filter but the
// owner, and `now` at or after `latest`; other requests read every client.
struct QuietIndex {
  struct Owner {
    using ClientList = absl::btree_set<std::pair<int64_t, uint32_t>>;
    ClientList clients;  // (quiet since, client index)
    DayCounts per_day;   // clients by the day they went quiet
  };
  absl::flat_hash_map<uint32_t, Owner> by_owner;  // by owner symbol
  // The latest quiet-since or first contact of a client ever listed: a report for an earlier
  // `now` would see some of them differently.
  int64_t latest = std::numeric_limits<int64_t>::min();
};

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_QUIET_TALLY_H_
