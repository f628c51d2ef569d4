// Cohort and pulse tallies from the facts: one client's contribution, and the upkeep of the
// per-month cube (ClientCube) the fold calls as clients change.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_CLIENT_CUBE_H_
#define CHRONICLE_ANALYTICS_DOMAIN_CLIENT_CUBE_H_

#include <cstdint>

#include "analytics/domain/calendar.h"
#include "analytics/domain/client_tally.h"
#include "analytics/domain/facts.h"
#include "analytics/domain/scope.h"

namespace chronicle::analytics {

// Cohorts and the pulse count client cards that exist and were not merged into another.
inline bool CountsAsClient(const ClientFacts& client) { return client.known && !client.merged; }

// Adds (`sign` +1) or takes back (-1) what `client` contributes to its cohort: one client, a
// buyer, a repeat buyer and its revenue, and per month since first contact (as far as
// `tally.cells` reach) its first purchase, its being a buyer, returning, and its revenue.
void TallyCohort(const ClientFacts& client, const Calendar& calendar, int sign, CohortTally& tally);

// Adds (`sign` +1) or takes back (-1) what the purchases of `client` in [start, end) contribute
// to the pulse month `row_of(month)` returns: purchases, revenue, the client as a buyer once per
// month, and as a returning buyer in months after that of its first purchase ever.
template <typename RowOf>
void TallyPulsePurchases(const ClientFacts& client, const Calendar& calendar, int64_t start,
                         int64_t end, int sign, RowOf row_of) {
  int first_month = -1;
  int last_counted = -1;
  for (const Purchase& purchase : client.purchases) {
    const int month = calendar.MonthOf(purchase.time);
    if (first_month < 0) first_month = month;
    if (purchase.time < start || purchase.time >= end) continue;
    PulseTally& row = row_of(month);
    row.purchases += sign;
    row.revenue += sign * purchase.amount;
    if (month != last_counted) {  // purchases are in time order: one count per month
      row.buyers += sign;
      if (month > first_month) row.returning += sign;
      last_counted = month;
    }
  }
}

// Cube upkeep around a change of client `index` that may move it between months or change its
// purchases: its contribution out before the change, back in after.
void RemoveFromClientCube(AnalyticsFacts& facts, uint32_t index);
void AddToClientCube(AnalyticsFacts& facts, uint32_t index);
// Tallies every client again (the settings' time zone may have changed).
void RebuildClientCube(AnalyticsFacts& facts);

// Visits the clients listed in cube month `month` whose first contact is still in that month and
// in the period of `scope`, as they are now: a period cutting the month.
template <typename Visit>
void ForEachFirstContactedIn(const AnalyticsFacts& facts, const ClientCube& cube, int month,
                             const Scope& scope, Visit visit) {
  auto cohort = cube.cohorts.find(month);
  if (cohort == cube.cohorts.end()) return;
  for (uint32_t index : cohort->second.clients.Distinct()) {
    const ClientFacts& client = facts.clients[index];
    if (CountsAsClient(client) && scope.InPeriod(client.first_contact_time) &&
        cube.calendar->MonthOf(client.first_contact_time) == month) {
      visit(client);
    }
  }
}

// The client cube when it can answer for `scope`: no filter its months do not know, and months
// in the settings' zone. Else null, and the report reads every client.
const ClientCube* ClientCubeFor(const AnalyticsFacts& facts, const Scope& scope);

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_CLIENT_CUBE_H_
