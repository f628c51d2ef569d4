#include "analytics/domain/factor_cube.h"

#include <algorithm>

namespace chronicle::analytics {
namespace {

int64_t CountBefore(const std::vector<int64_t>& times, int64_t until) {
  return std::count_if(times.begin(), times.end(), [until](int64_t t) { return t <= until; });
}

void TallyEveryFactor(AnalyticsFacts& facts, uint32_t index, int sign) {
  const DealFacts& deal = facts.deals[index];
  if (!deal.in_factor_cube || deal.state == v1::DEAL_STATE_OPEN) return;
  for (int kind = 0; kind < kCubedFactors; ++kind) {
    TallyFactor(facts, deal, static_cast<FactorKind>(kind), 0, sign,
                facts.factor_cube.by_kind[kind]);
  }
}

}  // namespace

void TallyFactor(const AnalyticsFacts& facts, const DealFacts& deal, FactorKind kind,
                 Sym custom_key, int sign, FactorTally& tally) {
  const ClientFacts* client = deal.client == kNoClient ? nullptr : &facts.clients[deal.client];
  int64_t key = 0;
  int64_t count = 0;
  switch (kind) {
    case FactorKind::kMeetings:
    case FactorKind::kCalls:
      if (client != nullptr) {
        count =
            CountBefore(kind == FactorKind::kMeetings ? client->meeting_times : client->call_times,
                        deal.close_time);
      }
      key = std::min<int64_t>(count, 4);
      break;
    case FactorKind::kSource:
      key = deal.source;
      break;
    case FactorKind::kChannel:
      key = deal.channel;
      break;
    case FactorKind::kTemperature:
      key = client ? client->temperature : v1::TEMPERATURE_UNSPECIFIED;
      break;
    case FactorKind::kClientType:
      key = client ? client->type : v1::CLIENT_TYPE_UNSPECIFIED;
      break;
    case FactorKind::kCustom:
      key = client ? client->CustomValue(custom_key) : 0;
      break;
  }
  const int64_t won = deal.state == v1::DEAL_STATE_WON ? 1 : 0;
  FactorCell& cell = tally.cells[key];
  cell.order = std::min<int64_t>(count, 4);
  cell.deals += sign;
  cell.won += sign * won;
  if (cell.deals == 0) tally.cells.erase(key);
  tally.n += sign;
  tally.sx += sign * count;
  tally.sy += sign * won;
  tally.sxx += sign * count * count;
  tally.sxy += sign * count * won;
}

void RemoveDealFromFactorCube(AnalyticsFacts& facts, uint32_t index) {
  TallyEveryFactor(facts, index, -1);
  facts.deals[index].in_factor_cube = false;
}

void AddDealToFactorCube(AnalyticsFacts& facts, uint32_t index) {
  facts.deals[index].in_factor_cube = true;
  TallyEveryFactor(facts, index, +1);
}

void RemoveClientFromFactorCube(AnalyticsFacts& facts, uint32_t client) {
  for (uint32_t deal : facts.clients[client].deal_indexes) RemoveDealFromFactorCube(facts, deal);
}

void AddClientToFactorCube(AnalyticsFacts& facts, uint32_t client) {
  for (uint32_t deal : facts.clients[client].deal_indexes) AddDealToFactorCube(facts, deal);
}

void RebuildFactorCube(AnalyticsFacts& facts) {
  facts.factor_cube = FactorCube();
  for (uint32_t index = 0; index < facts.deals.size(); ++index) AddDealToFactorCube(facts, index);
}

}  // namespace chronicle::analytics
