#include "analytics/domain/funnel_cube.h"

#include <algorithm>

#include "analytics/domain/scope.h"

namespace chronicle::analytics {

FunnelSteps FunnelStepsOf(const AnalyticsFacts& facts, Sym pipeline_id) {
  FunnelSteps funnel;
  funnel.step_of.assign(facts.symbols.size(), -1);
  auto pipeline = facts.pipelines.find(pipeline_id);
  if (pipeline == facts.pipelines.end()) return funnel;
  const auto& mapping = facts.settings.stage_steps();
  auto step_index = [&](const StageInfo& stage) {
    const std::string& id = facts.symbols.Name(stage.id);
    auto mapped = mapping.find(id);
    const std::string step_id = mapped != mapping.end() ? mapped->second : id;
    for (size_t i = 0; i < funnel.steps.size(); ++i) {
      if (funnel.steps[i].id == step_id) return static_cast<int>(i);
    }
    funnel.steps.push_back({step_id, mapped != mapping.end() ? step_id : stage.display_name});
    return static_cast<int>(funnel.steps.size() - 1);
  };
  for (const StageInfo& stage : pipeline->second.stages) {
    if (stage.kind == v1::STAGE_KIND_OPEN) funnel.step_of[stage.id] = step_index(stage);
  }
  for (const StageInfo& stage : pipeline->second.stages) {
    if (stage.kind == v1::STAGE_KIND_WON) {
      funnel.won_step = funnel.step_of[stage.id] = step_index(stage);
    }
  }
  return funnel;
}

void TallyDeal(const DealFacts& deal, const FunnelSteps& steps, int sign, FunnelTally& tally) {
  tally.deals += sign;
  int furthest = -1;
  // Consecutive passes through stages of one step add up to one stay in it.
  int current = -1;
  int64_t stay = 0;
  bool stay_closed = false;
  auto close_stay = [&] {
    if (current >= 0 && stay_closed) tally.steps[current].AddStay(stay, sign);
  };
  for (const StagePass& pass : deal.stages) {
    const int step = steps.StepOf(pass.stage);
    if (step != current) {
      close_stay();
      current = step;
      stay = 0;
    }
    stay_closed = pass.leave_time != 0;
    if (step >= 0) {
      furthest = std::max(furthest, step);
      stay += (pass.leave_time != 0 ? pass.leave_time : pass.enter_time) - pass.enter_time;
    }
  }
  // The step a deal ends in (won, lost) is no stay: only open steps count time.
  if (current >= 0 && current != steps.won_step) close_stay();
  if (deal.state == v1::DEAL_STATE_WON) {
    tally.won += sign;
    if (steps.won_step >= 0) furthest = steps.won_step;
  } else if (deal.state == v1::DEAL_STATE_LOST) {
    tally.lost += sign;
    if (furthest >= 0) tally.steps[furthest].lost_here += sign;
  } else {
    tally.open += sign;
    if (current >= 0) tally.steps[current].open_here += sign;
  }
  for (int i = 0; i <= furthest; ++i) tally.steps[i].reached += sign;
}

namespace {

// The month cell of `deal` in `cube`, its tally sized for the cube's steps.
FunnelCube::Month& CellOf(FunnelCube& cube, const DealFacts& deal) {
  FunnelCube::Month& month = cube.months[cube.calendar->MonthOf(deal.create_time)];
  if (month.tally.steps.size() != cube.steps.steps.size()) {
    month.tally.steps.resize(cube.steps.steps.size());
  }
  return month;
}

// Steps and months as the current settings define them.
void Reset(FunnelCube& cube, const AnalyticsFacts& facts, Sym pipeline) {
  cube.months.clear();
  cube.steps = FunnelStepsOf(facts, pipeline);
  cube.time_zone = facts.settings.time_zone();
  cube.calendar = CalendarOf(facts);
}

}  // namespace

void RemoveFromFunnelCube(AnalyticsFacts& facts, uint32_t index) {
  const DealFacts& deal = facts.deals[index];
  if (!deal.in_funnel_cube) return;
  FunnelCube& cube = facts.funnel_cubes[deal.pipeline];
  TallyDeal(deal, cube.steps, -1, CellOf(cube, deal).tally);
}

void AddToFunnelCube(AnalyticsFacts& facts, uint32_t index) {
  DealFacts& deal = facts.deals[index];
  if (deal.pipeline == 0) return;  // not created yet
  auto [it, added] = facts.funnel_cubes.try_emplace(deal.pipeline);
  FunnelCube& cube = it->second;
  if (added) Reset(cube, facts, deal.pipeline);
  FunnelCube::Month& month = CellOf(cube, deal);
  if (!deal.in_funnel_cube) {
    month.deals.push_back(index);
    deal.in_funnel_cube = true;
  }
  TallyDeal(deal, cube.steps, +1, month.tally);
}

void RebuildFunnelCube(AnalyticsFacts& facts, Sym pipeline) {
  FunnelCube& cube = facts.funnel_cubes[pipeline];
  Reset(cube, facts, pipeline);
  for (uint32_t index = 0; index < facts.deals.size(); ++index) {
    const DealFacts& deal = facts.deals[index];
    if (deal.pipeline != pipeline || !deal.in_funnel_cube) continue;
    FunnelCube::Month& month = CellOf(cube, deal);
    month.deals.push_back(index);
    TallyDeal(deal, cube.steps, +1, month.tally);
  }
}

void RebuildFunnelCubes(AnalyticsFacts& facts) {
  std::vector<Sym> pipelines;
  for (const auto& [pipeline, cube] : facts.funnel_cubes) pipelines.push_back(pipeline);
  for (Sym pipeline : pipelines) RebuildFunnelCube(facts, pipeline);
}

}  // namespace chronicle::analytics
