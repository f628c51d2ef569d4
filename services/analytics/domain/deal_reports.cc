// Reports over deals by where they came from and why they were lost.
#include <algorithm>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "analytics/domain/client_cube.h"
#include "analytics/domain/refusal_cube.h"
#include "analytics/domain/reports.h"
#include "analytics/domain/scope.h"
#include "analytics/domain/source_cube.h"

namespace chronicle::analytics {
namespace {

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
                                              const v1::SourceReportRequest& request,
                                              const CubeOptions& options) {
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
  auto row_of = [&](const TouchKey& touch) -> SourceTally& {
    return rows[key(touch.source, static_cast<v1::Channel>(touch.channel), touch.landing,
                    touch.campaign)];
  };
  auto new_client = [&](const ClientFacts& client) { ++row_of(TouchOf(client)).new_clients; };
  const SourceCube* deal_cube = options.use_cube ? SourceCubeFor(facts, scope) : nullptr;
  const ClientCube* client_cube = deal_cube != nullptr ? ClientCubeFor(facts, scope) : nullptr;
  if (deal_cube != nullptr && client_cube != nullptr) {
    // Whole months from the cubes; the months a period cuts deal by deal and client by client.
    const Calendar& calendar = *client_cube->calendar;
    ForEachMonthIn(
        client_cube->cohorts, calendar, scope,
        [&](int, const ClientCube::CohortMonth& cell) {
          for (const auto& [touch, clients] : cell.by_touch) {
            if (clients != 0) row_of(touch).new_clients += clients;
          }
        },
        [&](int month, const ClientCube::CohortMonth&) {
          ForEachFirstContactedIn(facts, *client_cube, month, scope, new_client);
        });
    ForEachMonthIn(
        deal_cube->months, calendar, scope,
        [&](int, const SourceCube::Month& cell) {
          for (const auto& [touch, tally] : cell.touches) {
            if (tally.leads != 0 && (!scope.pipeline_set || touch.pipeline == scope.pipeline)) {
              row_of(touch).Add(tally);
            }
          }
        },
        [&](int, const SourceCube::Month& cell) {
          for (uint32_t index : cell.deals) {
            const DealFacts& deal = facts.deals[index];
            if (scope.InPeriod(deal.create_time) && scope.DealMatches(facts, deal)) {
              TallySource(deal, Qualified(deal, deal_cube->qualifying), +1, row_of(TouchOf(deal)));
            }
          }
        });
  } else {
    for (const ClientFacts& client : facts.clients) {
      if (CountsAsClient(client) && scope.InPeriod(client.first_contact_time) &&
          scope.ClientMatches(client)) {
        new_client(client);
      }
    }
    const QualifyingStages qualifying = QualifyingStagesOf(facts);
    for (const DealFacts& deal : facts.deals) {
      if (deal.pipeline == 0) continue;  // its creation not seen yet: no lead to count
      if (scope.InPeriod(deal.create_time) && scope.DealMatches(facts, deal)) {
        TallySource(deal, Qualified(deal, qualifying), +1, row_of(TouchOf(deal)));
      }
    }
  }
  // Spend is recorded per source (and campaign) and month: the months the period touches count.
  if (group_by == "source" || group_by == "campaign") {
    const Calendar calendar = CalendarOf(facts);
    for (const SpendFact& spend : facts.spend) {
      if (MonthOverlap(calendar, scope, spend.month) == Overlap::kOutside) continue;
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
  const bool use_cube = options.use_cube && !scope.pipeline_set && scope.ClientFiltersUnset() &&
                        InSettingsZone(cube, facts);
  if (use_cube) {
    const Calendar& calendar = *cube.calendar;
    ForEachMonthIn(
        cube.months, calendar, scope,
        [&](int, const RefusalCube::Month& cell) {
          for (const auto& [reason, tally] : cell.reasons) tallies[reason].Add(tally);
        },
        [&](int month, const RefusalCube::Month& cell) {
          // A month the period cuts: its deals as they are now.
          for (uint32_t index : cell.deals.Distinct()) {
            const DealFacts& deal = facts.deals[index];
            if (deal.state == v1::DEAL_STATE_LOST && scope.InPeriod(deal.close_time) &&
                calendar.MonthOf(deal.close_time) == month) {
              TallyRefusal(deal, +1, tallies);
            }
          }
        });
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
