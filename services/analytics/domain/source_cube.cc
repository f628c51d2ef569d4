#include "analytics/domain/source_cube.h"

namespace chronicle::analytics {

void SourceTally::Add(const SourceTally& other) {
  new_clients += other.new_clients;
  leads += other.leads;
  qualified += other.qualified;
  won += other.won;
  revenue += other.revenue;
  spend += other.spend;
}

TouchKey TouchOf(const ClientFacts& client) {
  return {0, client.source, client.landing, client.campaign, client.channel};
}

TouchKey TouchOf(const DealFacts& deal) {
  return {deal.pipeline, deal.source, deal.landing, deal.campaign, deal.channel};
}

QualifyingStages QualifyingStagesOf(const AnalyticsFacts& facts) {
  QualifyingStages qualifying;
  for (const auto& [pipeline, info] : facts.pipelines) {
    std::vector<bool>& qualifies = qualifying[pipeline];
    qualifies.assign(facts.symbols.size(), false);
    for (size_t i = 1; i < info.stages.size(); ++i) {
      const StageInfo& stage = info.stages[i];
      if (stage.kind == v1::STAGE_KIND_OPEN && stage.id != info.stages.front().id) {
        qualifies[stage.id] = true;
      }
    }
  }
  return qualifying;
}

bool Qualified(const DealFacts& deal, const QualifyingStages& stages) {
  if (deal.qualification == v1::QUALIFICATION_QUALIFIED || deal.state == v1::DEAL_STATE_WON) {
    return true;
  }
  auto pipeline = stages.find(deal.pipeline);
  if (pipeline == stages.end()) return false;
  const std::vector<bool>& qualifies = pipeline->second;
  for (const StagePass& pass : deal.stages) {
    if (pass.stage < qualifies.size() && qualifies[pass.stage]) return true;
  }
  return false;
}

void TallySource(const DealFacts& deal, bool qualified, int sign, SourceTally& tally) {
  tally.leads += sign;
  if (qualified) tally.qualified += sign;
  if (deal.state == v1::DEAL_STATE_WON) {
    tally.won += sign;
    tally.revenue += sign * deal.amount;
  }
}

namespace {

// The source cube of `facts`, started with the stages that qualify a lead now.
SourceCube& CubeOf(AnalyticsFacts& facts) {
  SourceCube& cube = facts.source_cube;
  if (!cube.calendar) cube.qualifying = QualifyingStagesOf(facts);
  return Started(cube, facts);
}

SourceTally& RowOf(SourceCube& cube, const DealFacts& deal) {
  return cube.months[cube.calendar->MonthOf(deal.create_time)].touches[TouchOf(deal)];
}

}  // namespace

void RemoveFromSourceCube(AnalyticsFacts& facts, uint32_t index) {
  const DealFacts& deal = facts.deals[index];
  if (!deal.in_source_cube) return;
  TallySource(deal, deal.counted_qualified, -1, RowOf(CubeOf(facts), deal));
}

void AddToSourceCube(AnalyticsFacts& facts, uint32_t index) {
  DealFacts& deal = facts.deals[index];
  if (deal.pipeline == 0) return;  // not created yet
  SourceCube& cube = CubeOf(facts);
  if (!deal.in_source_cube) {
    cube.months[cube.calendar->MonthOf(deal.create_time)].deals.push_back(index);
    deal.in_source_cube = true;
  }
  deal.counted_qualified = Qualified(deal, cube.qualifying);
  TallySource(deal, deal.counted_qualified, +1, RowOf(cube, deal));
}

void RequalifySourceCube(AnalyticsFacts& facts, Sym pipeline) {
  if (!facts.source_cube.calendar) return;  // no deal yet: the cube starts with the stages
  facts.source_cube.qualifying = QualifyingStagesOf(facts);
  for (uint32_t index = 0; index < facts.deals.size(); ++index) {
    if (facts.deals[index].pipeline != pipeline) continue;
    RemoveFromSourceCube(facts, index);
    AddToSourceCube(facts, index);
  }
}

void RebuildSourceCube(AnalyticsFacts& facts) {
  facts.source_cube = SourceCube();
  for (uint32_t index = 0; index < facts.deals.size(); ++index) {
    facts.deals[index].in_source_cube = false;
    AddToSourceCube(facts, index);
  }
}

const SourceCube* SourceCubeFor(const AnalyticsFacts& facts, const Scope& scope) {
  const SourceCube& cube = facts.source_cube;
  return scope.ClientFiltersUnset() && InSettingsZone(cube, facts) ? &cube : nullptr;
}

}  // namespace chronicle::analytics
