// What clients add to the cohort, pulse and ABC reports, as plain data that can be added and
// taken away: the reports' scans tally into it, and so does the cube the fold keeps up to date
// (client_cube.h), so both give the same numbers by construction.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_CLIENT_TALLY_H_
#define CHRONICLE_ANALYTICS_DOMAIN_CLIENT_TALLY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "analytics/domain/calendar.h"
#include "analytics/domain/index_list.h"
#include "analytics/domain/source_tally.h"

namespace chronicle::analytics {

// The most months since first contact a cohort report follows; the cube keeps them all.
inline constexpr int kMaxCohortMonths = 60;

// One cohort of clients: how many bought, came back, and paid, by months since first contact.
struct CohortTally {
  int64_t clients = 0, buyers = 0, repeat_buyers = 0, revenue = 0;
  struct Cell {
    int64_t first_purchases = 0, buyers = 0, returning = 0, revenue = 0;
  };
  std::vector<Cell> cells;  // as many as the months followed

  // Adds `other`, cell by cell as far as this tally follows.
  void Add(const CohortTally& other);
};

// One calendar month of the business pulse.
struct PulseTally {
  int64_t new_clients = 0, purchases = 0, buyers = 0, returning = 0, revenue = 0;

  void Add(const PulseTally& other);
  // A month a report lists: someone was first contacted or bought in it.
  bool Active() const { return new_clients != 0 || purchases != 0; }
};

// A buyer's place in the ABC ranking: revenue high to low, then client id.
struct RevenueRank {
  int64_t revenue = 0;  // minor units
  std::string id;
  uint32_t client = 0;

  bool operator<(const RevenueRank& other) const {
    return revenue != other.revenue ? revenue > other.revenue : id < other.id;
  }
};

// Clients per month of first contact (cohorts, split by first-touch source, and counts by first
// touch for the sources report), purchases per calendar month (the pulse), both in the
// settings' zone, and buyers ranked by revenue (ABC), kept by the fold as clients change: a
// report over whole months adds up a few hundred tallies instead of reading a million clients.
struct ClientCube {
  std::string time_zone;             // the zone its months are in
  std::optional<Calendar> calendar;  // of that zone; none until the first client
  struct CohortMonth {
    absl::flat_hash_map<uint32_t, CohortTally> by_source;  // by source symbol
    absl::flat_hash_map<TouchKey, int64_t> by_touch;       // clients, by first touch
    // Clients first contacted in the month at some point (an earlier inquiry moves a client to
    // an earlier month): for a period cutting the month, read as they are now.
    IndexList clients;
  };
  std::map<int, CohortMonth> cohorts;  // by month of first contact
  struct PulseMonth {
    PulseTally tally;
    IndexList buyers;  // clients who bought in the month at some point
  };
  std::map<int, PulseMonth> pulse;  // by calendar month
  // Every buyer not merged away (known or not), by revenue over all time, and their total.
  absl::btree_set<RevenueRank> by_revenue;
  int64_t revenue = 0;
};

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_CLIENT_TALLY_H_
