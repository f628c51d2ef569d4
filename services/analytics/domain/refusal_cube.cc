#include "analytics/domain/refusal_cube.h"

#include "analytics/domain/scope.h"

namespace chronicle::analytics {

void RefusalTally::Add(const RefusalTally& other) {
  deals += other.deals;
  amount += other.amount;
  for (const auto& [stage, count] : other.by_stage) by_stage[stage] += count;
  for (const auto& [owner, count] : other.by_owner) by_owner[owner] += count;
}

void TallyRefusal(const DealFacts& deal, int sign,
                  absl::flat_hash_map<uint32_t, RefusalTally>& reasons) {
  if (deal.state != v1::DEAL_STATE_LOST) return;
  RefusalTally& tally = reasons[deal.lost_reason];
  tally.deals += sign;
  tally.amount += sign * deal.amount;
  tally.by_stage[uint64_t{deal.pipeline} << 32 | deal.lost_stage] += sign;
  tally.by_owner[deal.owner] += sign;
}

namespace {

RefusalCube& CubeOf(AnalyticsFacts& facts) { return Started(facts.refusal_cube, facts); }

}  // namespace

void RemoveFromRefusalCube(AnalyticsFacts& facts, uint32_t index) {
  const DealFacts& deal = facts.deals[index];
  if (deal.state != v1::DEAL_STATE_LOST) return;
  RefusalCube& cube = CubeOf(facts);
  TallyRefusal(deal, -1, cube.months[cube.calendar->MonthOf(deal.close_time)].reasons);
}

void AddToRefusalCube(AnalyticsFacts& facts, uint32_t index) {
  DealFacts& deal = facts.deals[index];
  if (deal.state != v1::DEAL_STATE_LOST) return;
  RefusalCube& cube = CubeOf(facts);
  const int month = cube.calendar->MonthOf(deal.close_time);
  RefusalCube::Month& cell = cube.months[month];
  // Listed in each month it is lost in (once while it stays lost there).
  if (deal.refusal_month != month) {
    cell.deals.Note(index);
    deal.refusal_month = month;
  }
  TallyRefusal(deal, +1, cell.reasons);
}

void RebuildRefusalCube(AnalyticsFacts& facts) {
  facts.refusal_cube = RefusalCube();
  for (uint32_t index = 0; index < facts.deals.size(); ++index) {
    facts.deals[index].refusal_month = kNotListed;
    AddToRefusalCube(facts, index);
  }
}

}  // namespace chronicle::analytics
