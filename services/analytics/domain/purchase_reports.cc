// Reports over clients' purchases: cohorts by month of first contact (or source), and the
// business pulse month by month. A purchase is a won deal, or a purchase activity not tied to a
// deal (a deal's own payment is the deal).
//
// Two ways to the same tallies: the client cube (client_cube.h) when no filter it does not know
// is asked for, with only the months a period cuts read client by client; otherwise every client.
// Both tally through the same functions (TallyCohort, TallyPulsePurchases).
#include <algorithm>
#include <climits>

#include "absl/container/flat_hash_map.h"
#include "analytics/domain/client_cube.h"
#include "analytics/domain/reports.h"
#include "analytics/domain/scope.h"

namespace chronicle::analytics {
namespace {

constexpr int kDefaultCohortMonths = 12;

}  // namespace

absl::StatusOr<v1::CohortReport> CohortReport(const AnalyticsFacts& facts,
                                              const v1::CohortReportRequest& request,
                                              const CubeOptions& options) {
  RequestCheck check;
  const std::string& cohort_by = request.cohort_by();
  if (!cohort_by.empty() && cohort_by != "month" && cohort_by != "source") {
    check.Add("cohort_by", "one of \"month\" or \"source\"");
  }
  if (request.months() < 0 || request.months() > kMaxCohortMonths) {
    check.Add("months", absl::StrCat("between 1 and ", kMaxCohortMonths));
  }
  const Scope scope = check.ResolveScope(facts, request.scope());
  if (!check.ok()) return check.status();
  const int months = request.months() == 0 ? kDefaultCohortMonths : request.months();
  const Calendar calendar = CalendarOf(facts);

  // Cohorts by a number (the month index or the source symbol), named only for the answer.
  const bool by_source = cohort_by == "source";
  absl::flat_hash_map<int64_t, CohortTally> cohorts;
  auto cohort_of = [&](int64_t key) -> CohortTally& {
    CohortTally& cohort = cohorts[key];
    if (cohort.cells.empty()) cohort.cells.resize(months);
    return cohort;
  };
  auto tally_client = [&](const ClientFacts& client) {
    const int64_t key = by_source ? client.source : calendar.MonthOf(client.first_contact_time);
    TallyCohort(client, calendar, +1, cohort_of(key));
  };
  const ClientCube* cube = options.use_cube ? ClientCubeFor(facts, scope) : nullptr;
  if (cube != nullptr) {
    ForEachMonthIn(
        cube->cohorts, calendar, scope,
        [&](int month, const ClientCube::CohortMonth& cell) {
          for (const auto& [source, tally] : cell.by_source) {
            if (tally.clients != 0) cohort_of(by_source ? source : month).Add(tally);
          }
        },
        [&](int month, const ClientCube::CohortMonth&) {
          ForEachFirstContactedIn(facts, *cube, month, scope, tally_client);
        });
  } else {
    for (const ClientFacts& client : facts.clients) {
      if (CountsAsClient(client) && scope.InPeriod(client.first_contact_time) &&
          scope.ClientMatches(client)) {
        tally_client(client);
      }
    }
  }

  v1::CohortReport report;
  report.set_position(facts.position);
  const auto named = InNameOrder(cohorts, [&](int64_t key) {
    return by_source ? facts.symbols.Name(static_cast<Sym>(key))
                     : Calendar::MonthName(static_cast<int>(key));
  });
  for (const auto& [name, tally_pointer] : named) {
    const CohortTally& tally = *tally_pointer;
    v1::CohortRow* row = report.add_rows();
    row->set_cohort(name);
    row->set_clients(tally.clients);
    row->set_buyers(tally.buyers);
    row->set_repeat_buyers(tally.repeat_buyers);
    row->set_conversion(Ratio(tally.buyers, tally.clients));
    row->set_repeat_rate(Ratio(tally.repeat_buyers, tally.buyers));
    *row->mutable_revenue() = ToMoney(facts, tally.revenue);
    int64_t converted = 0;
    for (int m = 0; m < months; ++m) {
      const CohortTally::Cell& c = tally.cells[m];
      v1::CohortCell* cell = row->add_cells();
      cell->set_months_since(m);
      cell->set_first_purchases(c.first_purchases);
      cell->set_buyers(c.buyers);
      cell->set_conversion(Ratio(converted + c.first_purchases, tally.clients));
      cell->set_retention(Ratio(c.returning, converted));
      *cell->mutable_revenue() = ToMoney(facts, c.revenue);
      converted += c.first_purchases;
    }
  }
  return report;
}

absl::StatusOr<v1::PulseReport> PulseReport(const AnalyticsFacts& facts,
                                            const v1::PulseReportRequest& request,
                                            const CubeOptions& options) {
  RequestCheck check;
  const Scope scope = check.ResolveScope(facts, request.scope());
  if (!check.ok()) return check.status();
  const Calendar calendar = CalendarOf(facts);
  // Months in a flat table from 1970 on (a month is year * 12 + month - 1): a lookup per
  // purchase is an index, not a tree search.
  constexpr int kFirstMonth = 1970 * 12;
  std::vector<PulseTally> table;
  int first_seen = INT_MAX, last_seen = INT_MIN;
  auto month_row = [&](int month) -> PulseTally& {
    const size_t at = static_cast<size_t>(std::max(0, month - kFirstMonth));
    if (at >= table.size()) table.resize(at + 1 + 12);
    first_seen = std::min(first_seen, kFirstMonth + static_cast<int>(at));
    last_seen = std::max(last_seen, kFirstMonth + static_cast<int>(at));
    return table[at];
  };
  auto new_client = [&](const ClientFacts& client) {
    ++month_row(calendar.MonthOf(client.first_contact_time)).new_clients;
  };
  const ClientCube* cube = options.use_cube ? ClientCubeFor(facts, scope) : nullptr;
  if (cube != nullptr) {
    ForEachMonthIn(
        cube->pulse, calendar, scope,
        [&](int month, const ClientCube::PulseMonth& cell) {
          if (cell.tally.Active()) month_row(month).Add(cell.tally);
        },
        [&](int month, const ClientCube::PulseMonth& cell) {
          ForEachFirstContactedIn(facts, *cube, month, scope, new_client);
          // Only the purchases of this month in the period: the months around it are tallied
          // on their own.
          const int64_t start = std::max(scope.start, calendar.MonthStart(month));
          const int64_t end = std::min(scope.end, calendar.MonthStart(month + 1));
          for (uint32_t index : cell.buyers.Distinct()) {
            const ClientFacts& client = facts.clients[index];
            if (CountsAsClient(client)) {
              TallyPulsePurchases(client, calendar, start, end, +1, month_row);
            }
          }
        });
  } else {
    for (const ClientFacts& client : facts.clients) {
      if (!CountsAsClient(client) || !scope.ClientMatches(client)) continue;
      if (scope.InPeriod(client.first_contact_time)) new_client(client);
      TallyPulsePurchases(client, calendar, scope.start, scope.end, +1, month_row);
    }
  }
  v1::PulseReport report;
  report.set_position(facts.position);
  if (first_seen > last_seen) return report;
  // Every month from the first to the last, quiet ones included, so a chart has no gaps.
  int first = first_seen;
  int last = last_seen;
  if (scope.has_period && scope.start != std::numeric_limits<int64_t>::min()) {
    first = calendar.MonthOf(scope.start);
  }
  if (scope.has_period && scope.end != std::numeric_limits<int64_t>::max()) {
    last = calendar.MonthOf(scope.end - 1);
  }
  for (int month = first; month <= last; ++month) {
    const size_t at = static_cast<size_t>(month - kFirstMonth);
    const PulseTally m = month >= kFirstMonth && at < table.size() ? table[at] : PulseTally{};
    v1::PulseMonth* row = report.add_months();
    row->set_month(Calendar::MonthName(month));
    row->set_new_clients(m.new_clients);
    row->set_purchases(m.purchases);
    row->set_buyers(m.buyers);
    *row->mutable_revenue() = ToMoney(facts, m.revenue);
    *row->mutable_average_check() =
        ToMoney(facts, m.purchases == 0 ? 0 : (m.revenue + m.purchases / 2) / m.purchases);
    row->set_repeat_purchase_rate(Ratio(m.returning, m.buyers));
  }
  return report;
}

}  // namespace chronicle::analytics
