// What clients and deals add to the sources report, as plain data that can be added and taken
// away: the report's scan tallies into it, and so does the per-month cube the fold keeps up to
// date (source_cube.h), so both give the same numbers by construction.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_SOURCE_TALLY_H_
#define CHRONICLE_ANALYTICS_DOMAIN_SOURCE_TALLY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "analytics/domain/calendar.h"

namespace chronicle::analytics {

// Where a client or a deal came from, as symbols (the channel as its enum value), and the deal's
// pipeline (0 for a client): every way the sources report groups or filters, in one key.
struct TouchKey {
  uint32_t pipeline = 0;
  uint32_t source = 0;
  uint32_t landing = 0;
  uint32_t campaign = 0;
  int channel = 0;

  bool operator==(const TouchKey& other) const {
    return pipeline == other.pipeline && source == other.source && landing == other.landing &&
           campaign == other.campaign && channel == other.channel;
  }
  template <typename H>
  friend H AbslHashValue(H state, const TouchKey& key) {
    return H::combine(std::move(state), key.pipeline, key.source, key.landing, key.campaign,
                      key.channel);
  }
};

// One row of the sources report.
struct SourceTally {
  int64_t new_clients = 0, leads = 0, qualified = 0, won = 0, revenue = 0, spend = 0;

  void Add(const SourceTally& other);
};

// Per pipeline, by stage symbol: the stages that qualify a lead (open, past the first).
using QualifyingStages = absl::flat_hash_map<uint32_t, std::vector<bool>>;

// Deals per month of creation (in the settings' zone) and touch, kept by the fold as deals
// change, so the sources report over whole months adds up a few thousand tallies instead of
// reading a million deals. New clients per touch are in the client cube (client_tally.h).
struct SourceCube {
  std::string time_zone;             // the zone its months are in
  std::optional<Calendar> calendar;  // of that zone; none until the first deal
  QualifyingStages qualifying;       // as the pipelines are now
  struct Month {
    absl::flat_hash_map<TouchKey, SourceTally> touches;
    std::vector<uint32_t> deals;  // the deals created in the month, for a period cutting it
  };
  std::map<int, Month> months;
};

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_SOURCE_TALLY_H_
