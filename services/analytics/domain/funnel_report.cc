// The funnel of one pipeline: how many deals reached each step, where they were lost, how long
// they stayed, and which step converts worst.
#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "analytics/domain/reports.h"
#include "analytics/domain/scope.h"

namespace chronicle::analytics {
namespace {

constexpr int64_t kHour = 3600;
// Time in a step is counted in whole hours up to this many; longer stays share the last bucket.
constexpr int kHourBuckets = 24 * 400;

struct Step {
  std::string id;
  std::string display_name;
};

// Per step of one group.
struct StepTally {
  int64_t reached = 0;
  int64_t lost_here = 0;
  int64_t open_here = 0;
  int64_t timed = 0;
  double total_days = 0;
  std::vector<uint32_t> hours;  // histogram, allocated on first use

  void AddDuration(int64_t seconds) {
    ++timed;
    total_days += static_cast<double>(seconds) / 86400.0;
    if (hours.empty()) hours.resize(kHourBuckets + 1);
    ++hours[std::min<int64_t>(seconds / kHour, kHourBuckets)];
  }
  // The median from the histogram: the middle of the hour it falls in.
  double MedianDays() const {
    if (timed == 0) return 0;
    const int64_t middle = (timed + 1) / 2;
    int64_t seen = 0;
    for (size_t h = 0; h < hours.size(); ++h) {
      seen += hours[h];
      if (seen >= middle) return (static_cast<double>(h) + 0.5) / 24.0;
    }
    return 0;
  }
};

struct GroupTally {
  int64_t deals = 0, won = 0, lost = 0, open = 0;
  std::vector<StepTally> steps;
};

}  // namespace

absl::StatusOr<v1::FunnelReport> FunnelReport(const AnalyticsFacts& facts,
                                              const v1::FunnelReportRequest& request) {
  const std::string& group_by = request.group_by();
  if (!group_by.empty() && group_by != "owner" && group_by != "source" && group_by != "month") {
    return errors::InvalidArgument(
        {{"group_by", "one of \"\", \"owner\", \"source\" or \"month\""}});
  }
  RequestCheck check;
  const Scope scope = check.ResolveScope(facts, request.scope(), /*pipeline_required=*/true);
  if (!check.ok()) return check.status();
  const PipelineFacts& pipeline = facts.pipelines.at(scope.pipeline);

  // Steps: open stages in board order, merged by the settings' stage_steps, then the won step.
  std::vector<Step> steps;
  std::vector<int> step_of(facts.symbols.size(), -1);  // stage symbol -> step index
  const auto& mapping = facts.settings.stage_steps();
  auto step_index = [&](const StageInfo& stage) {
    const std::string& id = facts.symbols.Name(stage.id);
    auto mapped = mapping.find(id);
    const std::string step_id = mapped != mapping.end() ? mapped->second : id;
    for (size_t i = 0; i < steps.size(); ++i) {
      if (steps[i].id == step_id) return static_cast<int>(i);
    }
    steps.push_back({step_id, mapped != mapping.end() ? step_id : stage.display_name});
    return static_cast<int>(steps.size() - 1);
  };
  for (const StageInfo& stage : pipeline.stages) {
    if (stage.kind == v1::STAGE_KIND_OPEN) step_of[stage.id] = step_index(stage);
  }
  int won_step = -1;
  for (const StageInfo& stage : pipeline.stages) {
    if (stage.kind == v1::STAGE_KIND_WON) won_step = step_of[stage.id] = step_index(stage);
  }
  const int step_count = static_cast<int>(steps.size());

  // Groups by a number (a symbol or a month index), named only for the answer.
  const Calendar calendar = CalendarOf(facts);
  auto key_of = [&](const DealFacts& deal) -> int64_t {
    if (group_by == "owner") return deal.owner;
    if (group_by == "source") return deal.source;
    if (group_by == "month") return calendar.MonthOf(deal.create_time);
    return 0;
  };
  auto name_of = [&](int64_t key) -> std::string {
    if (group_by == "month") return Calendar::MonthName(static_cast<int>(key));
    return group_by.empty() ? std::string() : facts.symbols.Name(static_cast<Sym>(key));
  };
  absl::flat_hash_map<int64_t, GroupTally> groups;
  for (const DealFacts& deal : facts.deals) {
    if (deal.pipeline != scope.pipeline || !scope.InPeriod(deal.create_time) ||
        !scope.DealMatches(facts, deal)) {
      continue;
    }
    GroupTally& group = groups[key_of(deal)];
    if (group.steps.empty()) group.steps.resize(step_count);
    ++group.deals;
    int furthest = -1;
    // Consecutive passes through stages of one step add up to one stay in it.
    int current = -1;
    int64_t stay = 0;
    bool stay_closed = false;
    auto close_stay = [&] {
      if (current >= 0 && stay_closed) group.steps[current].AddDuration(stay);
    };
    for (const StagePass& pass : deal.stages) {
      const int step = pass.stage < step_of.size() ? step_of[pass.stage] : -1;
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
    if (current >= 0 && current != won_step) close_stay();
    if (deal.state == v1::DEAL_STATE_WON) {
      ++group.won;
      if (won_step >= 0) furthest = won_step;
    } else if (deal.state == v1::DEAL_STATE_LOST) {
      ++group.lost;
      if (furthest >= 0) ++group.steps[furthest].lost_here;
    } else {
      ++group.open;
      if (current >= 0) ++group.steps[current].open_here;
    }
    for (int i = 0; i <= furthest; ++i) ++group.steps[i].reached;
  }

  v1::FunnelReport report;
  report.set_pipeline(facts.symbols.Name(scope.pipeline));
  report.set_pipeline(absl::StrCat("pipelines/", report.pipeline()));
  report.set_position(facts.position);
  if (groups.empty() && group_by.empty()) groups[0].steps.resize(step_count);
  std::vector<std::pair<std::string, const GroupTally*>> named;
  for (const auto& [key, tally] : groups) named.emplace_back(name_of(key), &tally);
  std::sort(named.begin(), named.end());
  for (const auto& [key, tally_pointer] : named) {
    const GroupTally& tally = *tally_pointer;
    v1::FunnelGroup* group = report.add_groups();
    group->set_key(key);
    group->set_deals(tally.deals);
    group->set_won(tally.won);
    group->set_lost(tally.lost);
    group->set_open(tally.open);
    group->set_win_rate(Ratio(tally.won, tally.won + tally.lost));
    int bottleneck = -1;
    double worst = 2;
    for (int i = 0; i < step_count; ++i) {
      const StepTally& s = tally.steps[i];
      v1::FunnelStep* step = group->add_steps();
      step->set_step(steps[i].id);
      step->set_display_name(steps[i].display_name);
      step->set_reached(s.reached);
      step->set_conversion_from_previous(i == 0 ? 1.0
                                                : Ratio(s.reached, tally.steps[i - 1].reached));
      step->set_conversion_from_start(Ratio(s.reached, tally.steps[0].reached));
      step->set_lost_here(s.lost_here);
      step->set_open_here(s.open_here);
      step->set_timed_deals(s.timed);
      step->set_average_days(Ratio(s.total_days, s.timed));
      step->set_median_days(s.MedianDays());
      if (i + 1 < step_count && i != won_step && s.reached > 0) {
        const double conversion = Ratio(tally.steps[i + 1].reached, s.reached);
        if (conversion < worst) {
          worst = conversion;
          bottleneck = i;
        }
      }
    }
    if (bottleneck >= 0) {
      group->mutable_steps(bottleneck)->set_bottleneck(true);
      group->set_bottleneck_step(steps[bottleneck].id);
    }
  }
  return report;
}

}  // namespace chronicle::analytics
