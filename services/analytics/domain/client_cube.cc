#include "analytics/domain/client_cube.h"

#include <algorithm>
#include <limits>

#include "analytics/domain/source_cube.h"

namespace chronicle::analytics {

void CohortTally::Add(const CohortTally& other) {
  clients += other.clients;
  buyers += other.buyers;
  repeat_buyers += other.repeat_buyers;
  revenue += other.revenue;
  const size_t shared = std::min(cells.size(), other.cells.size());
  for (size_t i = 0; i < shared; ++i) {
    cells[i].first_purchases += other.cells[i].first_purchases;
    cells[i].buyers += other.cells[i].buyers;
    cells[i].returning += other.cells[i].returning;
    cells[i].revenue += other.cells[i].revenue;
  }
}

void PulseTally::Add(const PulseTally& other) {
  new_clients += other.new_clients;
  purchases += other.purchases;
  buyers += other.buyers;
  returning += other.returning;
  revenue += other.revenue;
}

void TallyCohort(const ClientFacts& client, const Calendar& calendar, int sign,
                 CohortTally& tally) {
  tally.clients += sign;
  if (client.purchases.empty()) return;
  tally.buyers += sign;
  if (client.purchases.size() > 1) tally.repeat_buyers += sign;
  const int first_month = calendar.MonthOf(client.first_contact_time);
  const int months = static_cast<int>(tally.cells.size());
  int first_offset = -1;
  int last_counted = -1;
  for (const Purchase& purchase : client.purchases) {
    tally.revenue += sign * purchase.amount;
    const int offset = std::max(0, calendar.MonthOf(purchase.time) - first_month);
    if (first_offset < 0) {
      first_offset = offset;
      if (offset < months) tally.cells[offset].first_purchases += sign;
    }
    if (offset >= months) continue;
    CohortTally::Cell& cell = tally.cells[offset];
    cell.revenue += sign * purchase.amount;
    if (offset != last_counted) {  // purchases are in time order: one count per month
      cell.buyers += sign;
      if (offset > first_offset) cell.returning += sign;
      last_counted = offset;
    }
  }
}

namespace {

ClientCube& CubeOf(AnalyticsFacts& facts) { return Started(facts.client_cube, facts); }

constexpr int64_t kAllTime = std::numeric_limits<int64_t>::max();

// What client `index` contributes to `cube`, added or taken back; a client added is noted in
// the months it is in, for reports cutting them.
void Tally(ClientCube& cube, uint32_t index, ClientFacts& client, int sign) {
  const Calendar& calendar = *cube.calendar;
  const int month = calendar.MonthOf(client.first_contact_time);
  ClientCube::CohortMonth& cohort = cube.cohorts[month];
  CohortTally& tally = cohort.by_source[client.source];
  if (tally.cells.empty()) tally.cells.resize(kMaxCohortMonths);
  TallyCohort(client, calendar, sign, tally);
  cohort.by_touch[TouchOf(client)] += sign;
  cube.pulse[month].tally.new_clients += sign;
  TallyPulsePurchases(client, calendar, std::numeric_limits<int64_t>::min(), kAllTime, sign,
                      [&](int purchase_month) -> PulseTally& {
                        ClientCube::PulseMonth& pulse = cube.pulse[purchase_month];
                        if (sign > 0) pulse.buyers.Note(index);
                        return pulse.tally;
                      });
  if (sign > 0 && client.cohort_month != month) {
    cohort.clients.Note(index);
    client.cohort_month = month;
  }
  client.in_client_cube = sign > 0;
}

// The ABC ranking holds every buyer not merged away, whether or not its card was seen: a
// purchase counts for revenue either way.
bool Ranked(const ClientFacts& client) { return !client.merged && !client.purchases.empty(); }

void Rank(ClientCube& cube, uint32_t index, ClientFacts& client) {
  int64_t revenue = 0;
  for (const Purchase& purchase : client.purchases) revenue += purchase.amount;
  cube.by_revenue.insert({revenue, client.id, index});
  cube.revenue += revenue;
  client.ranked_revenue = revenue;
}

void Unrank(ClientCube& cube, uint32_t index, ClientFacts& client) {
  cube.by_revenue.erase({*client.ranked_revenue, client.id, index});
  cube.revenue -= *client.ranked_revenue;
  client.ranked_revenue.reset();
}

}  // namespace

void RemoveFromClientCube(AnalyticsFacts& facts, uint32_t index) {
  ClientFacts& client = facts.clients[index];
  if (client.in_client_cube) Tally(CubeOf(facts), index, client, -1);
  if (client.ranked_revenue) Unrank(facts.client_cube, index, client);
}

void AddToClientCube(AnalyticsFacts& facts, uint32_t index) {
  ClientFacts& client = facts.clients[index];
  if (!client.in_client_cube && CountsAsClient(client)) Tally(CubeOf(facts), index, client, +1);
  if (!client.ranked_revenue && Ranked(client)) Rank(facts.client_cube, index, client);
}

void RebuildClientCube(AnalyticsFacts& facts) {
  facts.client_cube = ClientCube();
  for (uint32_t index = 0; index < facts.clients.size(); ++index) {
    ClientFacts& client = facts.clients[index];
    client.in_client_cube = false;
    client.cohort_month = kNotListed;
    client.ranked_revenue.reset();
    AddToClientCube(facts, index);
  }
}

const ClientCube* ClientCubeFor(const AnalyticsFacts& facts, const Scope& scope) {
  const ClientCube& cube = facts.client_cube;
  return scope.ClientFiltersUnset() && InSettingsZone(cube, facts) ? &cube : nullptr;
}

}  // namespace chronicle::analytics
