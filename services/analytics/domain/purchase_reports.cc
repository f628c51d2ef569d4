// Reports over clients' purchases: cohorts by month of first contact (or source), and the
// business pulse month by month. A purchase is a won deal, or a purchase activity not tied to a
// deal (a deal's own payment is the deal).
#include <algorithm>
#include <climits>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "analytics/domain/reports.h"
#include "analytics/domain/scope.h"

namespace chronicle::analytics {
namespace {

constexpr int kDefaultCohortMonths = 12;
constexpr int kMaxCohortMonths = 60;

struct CohortTally {
  int64_t clients = 0, buyers = 0, repeat_buyers = 0, revenue = 0;
  struct Cell {
    int64_t first_purchases = 0, buyers = 0, returning = 0, revenue = 0;
  };
  std::vector<Cell> cells;
};

}  // namespace

absl::StatusOr<v1::CohortReport> CohortReport(const AnalyticsFacts& facts,
                                              const v1::CohortReportRequest& request) {
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
  for (const ClientFacts& client : facts.clients) {
    if (!client.known || client.merged || !scope.InPeriod(client.first_contact_time) ||
        !scope.ClientMatches(client)) {
      continue;
    }
    const int first_month = calendar.MonthOf(client.first_contact_time);
    CohortTally& cohort = cohorts[by_source ? client.source : first_month];
    if (cohort.cells.empty()) cohort.cells.resize(months);
    ++cohort.clients;
    if (client.purchases.empty()) continue;
    ++cohort.buyers;
    if (client.purchases.size() > 1) ++cohort.repeat_buyers;
    int first_offset = -1;
    int last_counted = -1;
    for (const Purchase& purchase : client.purchases) {
      cohort.revenue += purchase.amount;
      const int offset = std::max(0, calendar.MonthOf(purchase.time) - first_month);
      if (first_offset < 0) {
        first_offset = offset;
        if (offset < months) ++cohort.cells[offset].first_purchases;
      }
      if (offset >= months) continue;
      cohort.cells[offset].revenue += purchase.amount;
      if (offset != last_counted) {  // purchases are in time order: one count per month
        ++cohort.cells[offset].buyers;
        if (offset > first_offset) ++cohort.cells[offset].returning;
        last_counted = offset;
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
                                            const v1::PulseReportRequest& request) {
  RequestCheck check;
  const Scope scope = check.ResolveScope(facts, request.scope());
  if (!check.ok()) return check.status();
  const Calendar calendar = CalendarOf(facts);
  struct Month {
    int64_t new_clients = 0, purchases = 0, buyers = 0, returning = 0, revenue = 0;
  };
  // Months in a flat table from 1970 on (a month is year * 12 + month - 1): a lookup per
  // purchase is an index, not a tree search.
  constexpr int kFirstMonth = 1970 * 12;
  std::vector<Month> table;
  int first_seen = INT_MAX, last_seen = INT_MIN;
  auto month_row = [&](int month) -> Month& {
    const size_t at = static_cast<size_t>(std::max(0, month - kFirstMonth));
    if (at >= table.size()) table.resize(at + 1 + 12);
    first_seen = std::min(first_seen, kFirstMonth + static_cast<int>(at));
    last_seen = std::max(last_seen, kFirstMonth + static_cast<int>(at));
    return table[at];
  };
  for (const ClientFacts& client : facts.clients) {
    if (!client.known || client.merged || !scope.ClientMatches(client)) continue;
    if (scope.InPeriod(client.first_contact_time)) {
      ++month_row(calendar.MonthOf(client.first_contact_time)).new_clients;
    }
    int last_month = -1;
    int first_month = -1;
    for (const Purchase& purchase : client.purchases) {
      const int month = calendar.MonthOf(purchase.time);
      if (first_month < 0) first_month = month;
      if (!scope.InPeriod(purchase.time)) continue;
      Month& m = month_row(month);
      ++m.purchases;
      m.revenue += purchase.amount;
      if (month != last_month) {
        ++m.buyers;
        if (month > first_month) ++m.returning;
        last_month = month;
      }
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
    const Month m = month >= kFirstMonth && at < table.size() ? table[at] : Month{};
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
