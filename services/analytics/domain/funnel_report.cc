// The funnel of one pipeline: how many deals reached each step, where they were lost, how long
// they stayed, and which step converts worst.
//
// Two ways to the same tallies: the pipeline's per-month cube (funnel_cube.h) when the question
// is about whole months of the pipeline, with only the months a period cuts read deal by deal;
// otherwise every deal of the pipeline. The cube is used only when it was made with the steps and
// time zone the report would use.
#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "analytics/domain/funnel_cube.h"
#include "analytics/domain/reports.h"
#include "analytics/domain/scope.h"

namespace chronicle::analytics {
namespace {

// The cube of `pipeline` when it can answer for `scope` and `group_by`, else null.
const FunnelCube* UsableCube(const AnalyticsFacts& facts, const Scope& scope,
                             const std::string& group_by, const FunnelSteps& steps) {
  if (!scope.ClientFiltersUnset()) return nullptr;  // filters the months do not know
  if (!group_by.empty() && group_by != "month") return nullptr;
  auto cube = facts.funnel_cubes.find(scope.pipeline);
  if (cube == facts.funnel_cubes.end() || !cube->second.steps.SameAs(steps) ||
      !InSettingsZone(cube->second, facts)) {
    return nullptr;
  }
  return &cube->second;
}

}  // namespace

absl::StatusOr<v1::FunnelReport> FunnelReport(const AnalyticsFacts& facts,
                                              const v1::FunnelReportRequest& request,
                                              const CubeOptions& options) {
  const std::string& group_by = request.group_by();
  if (!group_by.empty() && group_by != "owner" && group_by != "source" && group_by != "month") {
    return errors::InvalidArgument(
        {{"group_by", "one of \"\", \"owner\", \"source\" or \"month\""}});
  }
  RequestCheck check;
  const Scope scope = check.ResolveScope(facts, request.scope(), /*pipeline_required=*/true);
  if (!check.ok()) return check.status();
  const FunnelSteps steps = FunnelStepsOf(facts, scope.pipeline);
  const size_t step_count = steps.steps.size();

  // Groups by a number (a symbol or a month index), named only for the answer.
  const Calendar calendar = CalendarOf(facts);
  auto name_of = [&](int64_t key) -> std::string {
    if (group_by == "month") return Calendar::MonthName(static_cast<int>(key));
    return group_by.empty() ? std::string() : facts.symbols.Name(static_cast<Sym>(key));
  };
  // A group's tally is its own (deals read one by one) plus whole cube months, which are only
  // pointed at: a group of one month (by cohort month) copies no histogram.
  struct Group {
    FunnelTally own;
    std::vector<const FunnelTally*> months;
  };
  absl::flat_hash_map<int64_t, Group> groups;
  auto own = [&](int64_t key) -> FunnelTally& {
    FunnelTally& tally = groups[key].own;
    if (tally.steps.size() != step_count) tally.steps.resize(step_count);
    return tally;
  };
  const FunnelCube* cube = options.use_cube ? UsableCube(facts, scope, group_by, steps) : nullptr;
  if (cube != nullptr) {
    auto key_of = [&](int month) -> int64_t { return group_by.empty() ? 0 : month; };
    ForEachMonthIn(
        cube->months, calendar, scope,
        [&](int month, const FunnelCube::Month& cell) {
          groups[key_of(month)].months.push_back(&cell.tally);
        },
        [&](int month, const FunnelCube::Month& cell) {
          for (uint32_t index : cell.deals) {
            const DealFacts& deal = facts.deals[index];
            if (scope.InPeriod(deal.create_time)) TallyDeal(deal, steps, +1, own(key_of(month)));
          }
        });
  } else {
    for (const DealFacts& deal : facts.deals) {
      if (deal.pipeline != scope.pipeline || !scope.InPeriod(deal.create_time) ||
          !scope.DealMatches(facts, deal)) {
        continue;
      }
      int64_t key = 0;
      if (group_by == "owner") key = deal.owner;
      if (group_by == "source") key = deal.source;
      if (group_by == "month") key = calendar.MonthOf(deal.create_time);
      TallyDeal(deal, steps, +1, own(key));
    }
  }
  if (groups.empty() && group_by.empty()) own(0);
  std::vector<std::pair<std::string, const FunnelTally*>> named;
  for (auto& [key, group] : groups) {
    const FunnelTally* tally = &group.own;
    if (group.months.size() == 1 && group.own.deals == 0) {
      tally = group.months.front();
    } else {
      own(key);
      for (const FunnelTally* month : group.months) group.own.Add(*month);
    }
    if (tally->deals > 0 || group_by.empty()) named.emplace_back(name_of(key), tally);
  }
  std::sort(named.begin(), named.end());

  v1::FunnelReport report;
  report.set_pipeline(absl::StrCat("pipelines/", facts.symbols.Name(scope.pipeline)));
  report.set_position(facts.position);
  for (const auto& [key, tally_pointer] : named) {
    const FunnelTally& tally = *tally_pointer;
    v1::FunnelGroup* group = report.add_groups();
    group->set_key(key);
    group->set_deals(tally.deals);
    group->set_won(tally.won);
    group->set_lost(tally.lost);
    group->set_open(tally.open);
    group->set_win_rate(Ratio(tally.won, tally.won + tally.lost));
    int bottleneck = -1;
    double worst = 2;
    for (size_t i = 0; i < step_count; ++i) {
      const StepTally& s = tally.steps[i];
      v1::FunnelStep* step = group->add_steps();
      step->set_step(steps.steps[i].id);
      step->set_display_name(steps.steps[i].display_name);
      step->set_reached(s.reached);
      step->set_conversion_from_previous(i == 0 ? 1.0
                                                : Ratio(s.reached, tally.steps[i - 1].reached));
      step->set_conversion_from_start(Ratio(s.reached, tally.steps[0].reached));
      step->set_lost_here(s.lost_here);
      step->set_open_here(s.open_here);
      step->set_timed_deals(s.timed);
      step->set_average_days(s.AverageDays());
      step->set_median_days(s.MedianDays());
      if (i + 1 < step_count && static_cast<int>(i) != steps.won_step && s.reached > 0) {
        const double conversion = Ratio(tally.steps[i + 1].reached, s.reached);
        if (conversion < worst) {
          worst = conversion;
          bottleneck = static_cast<int>(i);
        }
      }
    }
    if (bottleneck >= 0) {
      group->mutable_steps(bottleneck)->set_bottleneck(true);
      group->set_bottleneck_step(steps.steps[bottleneck].id);
    }
  }
  return report;
}

}  // namespace chronicle::analytics
