// Reports over deals by where they came from and why they were lost.
#include <algorithm>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "analytics/domain/refusal_cube.h"
#include "analytics/domain/reports.h"
#include "analytics/domain/scope.h"

namespace chronicle::analytics {
namespace {

struct SourceTally {
  int64_t new_clients = 0, leads = 0, qualified = 0, won = 0, revenue = 0, spend = 0;
};

// A lead is qualified once marked so, won, or moved to an open stage past its pipeline's first.
// The stages that qualify are worked out once per report, not per deal.
class Qualification {
 public:
  explicit Qualification(const AnalyticsFacts& facts) {
    for (const auto& [pipeline, info] : facts.pipelines) {
      std::vector<bool>& qualifies = qualifying_[pipeline];
      qualifies.assign(facts.symbols.size(), false);
      for (size_t i = 1; i < info.stages.size(); ++i) {
        const StageInfo& stage = info.stages[i];
        if (stage.kind == v1::STAGE_KIND_OPEN && stage.id != info.stages.front().id) {
          qualifies[stage.id] = true;
        }
      }
    }
  }

  bool Qualified(const DealFacts& deal) const {
    if (deal.qualification == v1::QUALIFICATION_QUALIFIED || deal.state == v1::DEAL_STATE_WON) {
      return true;
    }
    auto pipeline = qualifying_.find(deal.pipeline);
    if (pipeline == qualifying_.end()) return false;
    const std::vector<bool>& qualifies = pipeline->second;
    for (const StagePass& pass : deal.stages) {
      if (pass.stage < qualifies.size() && qualifies[pass.stage]) return true;
    }
    return false;
  }

 private:
  absl::flat_hash_map<Sym, std::vector<bool>> qualifying_;  // pipeline -> by stage symbol
};

std::string StageName(const AnalyticsFacts& facts, Sym pipeline, Sym stage) {
  auto it = facts.pipelines.find(pipeline);
  if (it != facts.pipelines.end()) {
    for (const StageInfo& info : it->second.stages) {
      if (info.id == stage) return info.display_name;
    }
  }
  return facts.symbols.Name(stage);
}

}  // namespace

absl::StatusOr<v1::SourceReport> SourceReport(const AnalyticsFacts& facts,
                                              const v1::SourceReportRequest& request) {
  const std::string group_by = request.group_by().empty() ? "source" : request.group_by();
  RequestCheck check;
  if (group_by != "source" && group_by != "channel" && group_by != "landing" &&
      group_by != "campaign") {
    check.Add("group_by", "one of \"source\", \"channel\", \"landing\" or \"campaign\"");
  }
  const Scope scope = check.ResolveScope(facts, request.scope());
  if (!check.ok()) return check.status();
  // Rows by a number (a symbol, or the channel's enum value), named only for the answer.
  auto key = [&](Sym source, v1::Channel channel, Sym landing, Sym campaign) -> int64_t {
    if (group_by == "channel") return channel;
    if (group_by == "landing") return landing;
    if (group_by == "campaign") return campaign;
    return source;
  };
  auto name_of = [&](int64_t key) -> std::string {
    if (group_by == "channel") return v1::Channel_Name(static_cast<v1::Channel>(key));
    return facts.symbols.Name(static_cast<Sym>(key));
  };
  absl::flat_hash_map<int64_t, SourceTally> rows;
  for (const ClientFacts& client : facts.clients) {
    if (!client.known || client.merged || !scope.InPeriod(client.first_contact_time) ||
        !scope.ClientMatches(client)) {
      continue;
    }
    ++rows[key(client.source, client.channel, client.landing, client.campaign)].new_clients;
  }
  const Qualification qualification(facts);
  for (const DealFacts& deal : facts.deals) {
    if (!scope.InPeriod(deal.create_time) || !scope.DealMatches(facts, deal)) continue;
    SourceTally& row = rows[key(deal.source, deal.channel, deal.landing, deal.campaign)];
    ++row.leads;
    if (qualification.Qualified(deal)) ++row.qualified;
    if (deal.state == v1::DEAL_STATE_WON) {
      ++row.won;
      row.revenue += deal.amount;
    }
  }
  // Spend is recorded per source (and campaign) and month: the months the period touches count.
  if (group_by == "source" || group_by == "campaign") {
    const Calendar calendar = CalendarOf(facts);
    for (const SpendFact& spend : facts.spend) {
      const int64_t month_start = calendar.MonthStart(spend.month);
      const int64_t month_end = calendar.MonthStart(spend.month + 1);
      if (month_end <= scope.start || month_start >= scope.end) continue;
      if (scope.source_set && spend.source != scope.source) continue;
      rows[group_by == "source" ? spend.source : spend.campaign].spend += spend.amount;
    }
  }
  v1::SourceReport report;
  report.set_position(facts.position);
  for (const auto& [name, tally] : InNameOrder(rows, name_of)) {
    const SourceTally& t = *tally;
    v1::SourceRow* row = report.add_rows();
    row->set_key(name);
    row->set_new_clients(t.new_clients);
    row->set_leads(t.leads);
    row->set_qualified(t.qualified);
    row->set_won(t.won);
    *row->mutable_revenue() = ToMoney(facts, t.revenue);
    row->set_conversion(Ratio(t.won, t.leads));
    *row->mutable_spend() = ToMoney(facts, t.spend);
    *row->mutable_cost_per_lead() = ToMoney(facts, t.leads == 0 ? 0 : t.spend / t.leads);
    *row->mutable_cost_per_sale() = ToMoney(facts, t.won == 0 ? 0 : t.spend / t.won);
    row->set_romi(Ratio(t.revenue - t.spend, t.spend));
  }
  std::stable_sort(report.mutable_rows()->begin(), report.mutable_rows()->end(),
                   [](const v1::SourceRow& a, const v1::SourceRow& b) {
                     return a.leads() + a.new_clients() > b.leads() + b.new_clients();
                   });
  return report;
}

absl::StatusOr<v1::RefusalReport> RefusalReport(const AnalyticsFacts& facts,
                                                const v1::RefusalReportRequest& request,
                                                const CubeOptions& options) {
  RequestCheck check;
  const Scope scope = check.ResolveScope(facts, request.scope());
  if (!check.ok()) return check.status();
  // Stages (pipeline and stage symbols) and owners counted by number, named for the answer.
  absl::flat_hash_map<uint32_t, RefusalTally> tallies;
  const RefusalCube& cube = facts.refusal_cube;
  // The month cube answers when no filter it does not know is set, and its months are the
  // settings' months; otherwise every deal is read.
  const bool use_cube = options.use_cube && !scope.pipeline_set && !scope.owner_set &&
                        !scope.team_set && !scope.source_set &&
                        scope.segment_kind == Scope::SegmentKind::kNone && cube.calendar &&
                        cube.time_zone == facts.settings.time_zone();
  if (use_cube) {
    const Calendar& calendar = *cube.calendar;
    for (const auto& [month, cell] : cube.months) {
      const int64_t start = calendar.MonthStart(month);
      const int64_t end = calendar.MonthStart(month + 1);
      if (end <= scope.start || start >= scope.end) continue;
      if (start >= scope.start && end <= scope.end) {
        for (const auto& [reason, tally] : cell.reasons) tallies[reason].Add(tally);
        continue;
      }
      // A month the period cuts: its deals as they are now (listed once each).
      std::vector<uint32_t> deals = cell.deals;
      std::sort(deals.begin(), deals.end());
      deals.erase(std::unique(deals.begin(), deals.end()), deals.end());
      for (uint32_t index : deals) {
        const DealFacts& deal = facts.deals[index];
        if (deal.state == v1::DEAL_STATE_LOST && scope.InPeriod(deal.close_time) &&
            calendar.MonthOf(deal.close_time) == month) {
          TallyRefusal(deal, +1, tallies);
        }
      }
    }
  } else {
    for (const DealFacts& deal : facts.deals) {
      if (deal.state != v1::DEAL_STATE_LOST || !scope.InPeriod(deal.close_time) ||
          !scope.DealMatches(facts, deal)) {
        continue;
      }
      TallyRefusal(deal, +1, tallies);
    }
  }
  // Reasons in symbol order (then by count): the same answer whichever way it was tallied.
  std::map<Sym, const RefusalTally*> reasons;
  int64_t lost = 0;
  for (const auto& [reason, tally] : tallies) {
    if (tally.deals == 0) continue;  // its deals were all reopened
    reasons[reason] = &tally;
    lost += tally.deals;
  }
  v1::RefusalReport report;
  report.set_lost(lost);
  report.set_position(facts.position);
  auto counts = [](const auto& tally, auto name_of,
                   google::protobuf::RepeatedPtrField<v1::Count>* out) {
    // Names that coincide (a stage of the same name in two pipelines) count together.
    std::map<std::string, int64_t> named;
    for (const auto& [key, count] : tally) {
      if (count != 0) named[name_of(key)] += count;
    }
    for (const auto& [key, count] : named) {
      v1::Count* c = out->Add();
      c->set_key(key);
      c->set_count(count);
    }
    std::stable_sort(out->begin(), out->end(),
                     [](const v1::Count& a, const v1::Count& b) { return a.count() > b.count(); });
  };
  for (const auto& [reason, tally] : reasons) {
    const RefusalTally& t = *tally;
    v1::RefusalRow* row = report.add_rows();
    const std::string& id = facts.symbols.Name(reason);
    if (!id.empty()) row->set_reason(absl::StrCat("refusalReasons/", id));
    auto name = facts.refusal_reasons.find(reason);
    row->set_display_name(name != facts.refusal_reasons.end() ? name->second : id);
    row->set_deals(t.deals);
    row->set_share(Ratio(t.deals, lost));
    *row->mutable_amount() = ToMoney(facts, t.amount);
    counts(
        t.by_stage,
        [&](uint64_t key) {
          return StageName(facts, static_cast<Sym>(key >> 32), static_cast<Sym>(key));
        },
        row->mutable_by_stage());
    counts(
        t.by_owner, [&](uint32_t key) { return facts.symbols.Name(key); }, row->mutable_by_owner());
  }
  std::stable_sort(
      report.mutable_rows()->begin(), report.mutable_rows()->end(),
      [](const v1::RefusalRow& a, const v1::RefusalRow& b) { return a.deals() > b.deals(); });
  return report;
}

}  // namespace chronicle::analytics
