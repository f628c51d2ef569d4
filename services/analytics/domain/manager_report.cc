// Managers side by side: activity, tasks, load, results and response time to new leads, against
// the KPI targets set for the months of the period.
#include <algorithm>
#include <map>
#include <set>

#include "absl/container/flat_hash_set.h"
#include "analytics/domain/reports.h"
#include "analytics/domain/scope.h"

namespace chronicle::analytics {
namespace {

struct Tally {
  int64_t calls = 0, outbound_calls = 0, meetings = 0, emails = 0, messages = 0;
  absl::flat_hash_set<int64_t> working_days;
  int64_t tasks_done = 0, tasks_due = 0, tasks_on_time = 0, tasks_overdue = 0;
  int64_t open_deals = 0, open_tasks = 0;
  int64_t won = 0, lost = 0, revenue = 0, new_clients = 0;
  std::vector<double> response_minutes;
};

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  const size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + middle, values.end());
  const double upper = values[middle];
  if (values.size() % 2 == 1) return upper;
  return (*std::max_element(values.begin(), values.begin() + middle) + upper) / 2;
}

double Percent(double actual, double target) { return target == 0 ? 0 : actual * 100 / target; }

}  // namespace

absl::StatusOr<v1::ManagerReport> ManagerReport(const AnalyticsFacts& facts,
                                                const v1::ManagerReportRequest& request,
                                                int64_t now) {
  RequestCheck check;
  const Scope scope = check.ResolveScope(facts, request.scope());
  if (!check.ok()) return check.status();
  const Calendar calendar = CalendarOf(facts);
  // A manager's team is their department unless the record says otherwise.
  auto department = [&](Sym employee) {
    auto it = facts.employees.find(employee);
    return it == facts.employees.end() ? Sym{0} : it->second.department;
  };
  auto in_scope = [&](Sym employee, Sym team) {
    if (employee == 0) return false;
    return scope.OwnerMatches(employee, team != 0 ? team : department(employee));
  };
  std::map<Sym, Tally> tallies;
  // Per employee symbol, its tally (map nodes never move): a row's lookup is an index.
  std::vector<Tally*> tally_of_sym(facts.symbols.size(), nullptr);
  auto tally_of = [&](Sym employee) -> Tally& {
    Tally*& slot = tally_of_sym[employee];
    if (slot == nullptr) slot = &tallies[employee];
    return *slot;
  };
  for (const auto& [id, employee] : facts.employees) {
    if (in_scope(id, 0)) tally_of(id);
  }
  for (const ActivityFact& a : facts.activities) {
    if (!scope.InPeriod(a.time) || !in_scope(a.employee, 0)) continue;
    Tally& t = tally_of(a.employee);
    t.working_days.insert(calendar.DayOf(a.time));
    switch (a.kind) {
      case v1::ACTIVITY_KIND_CALL:
        ++t.calls;
        if (a.direction == v1::DIRECTION_OUTBOUND) ++t.outbound_calls;
        break;
      case v1::ACTIVITY_KIND_MEETING:
        ++t.meetings;
        break;
      case v1::ACTIVITY_KIND_EMAIL:
        ++t.emails;
        break;
      case v1::ACTIVITY_KIND_MESSAGE:
        ++t.messages;
        break;
      default:
        break;
    }
  }
  for (const TaskFacts& task : facts.tasks) {
    if (!in_scope(task.assignee, 0)) continue;
    Tally& t = tally_of(task.assignee);
    const bool done = task.state == v1::TASK_STATE_DONE;
    if (done && scope.InPeriod(task.complete_time)) ++t.tasks_done;
    if (task.state == v1::TASK_STATE_OPEN || task.state == v1::TASK_STATE_IN_PROGRESS) {
      ++t.open_tasks;
    }
    // Due in the period and already due: done by then, or overdue.
    if (task.due_time != 0 && task.due_time <= now && scope.InPeriod(task.due_time) &&
        task.state != v1::TASK_STATE_CANCELLED) {
      ++t.tasks_due;
      if (done && task.complete_time <= task.due_time) {
        ++t.tasks_on_time;
      } else {
        ++t.tasks_overdue;
      }
    }
  }
  for (const DealFacts& deal : facts.deals) {
    if (!in_scope(deal.owner, deal.team) || !scope.DealMatches(facts, deal)) continue;
    Tally& t = tally_of(deal.owner);
    if (deal.state == v1::DEAL_STATE_OPEN) ++t.open_deals;
    if (deal.close_time == 0 || !scope.InPeriod(deal.close_time)) continue;
    if (deal.state == v1::DEAL_STATE_WON) {
      ++t.won;
      t.revenue += deal.amount;
    } else if (deal.state == v1::DEAL_STATE_LOST) {
      ++t.lost;
    }
  }
  for (const ClientFacts& client : facts.clients) {
    if (!client.known || client.merged || !scope.InPeriod(client.first_contact_time) ||
        !in_scope(client.owner, client.team) || !scope.ClientMatches(client)) {
      continue;
    }
    Tally& t = tally_of(client.owner);
    ++t.new_clients;
    if (client.first_response_time != 0) {
      t.response_minutes.push_back(
          static_cast<double>(client.first_response_time - client.first_contact_time) / 60.0);
    }
  }

  // The months whose targets apply: those the period touches, else every month with a target.
  std::set<std::string> months;
  if (scope.has_period) {
    const int first = calendar.MonthOf(std::max<int64_t>(scope.start, 0));
    const int last = calendar.MonthOf(std::min<int64_t>(scope.end - 1, now));
    for (int m = first; m <= last && m - first < 1200; ++m) months.insert(Calendar::MonthName(m));
  }

  v1::ManagerReport report;
  report.set_position(facts.position);
  for (auto& [id, t] : tallies) {
    v1::ManagerRow* row = report.add_rows();
    const std::string& employee = facts.symbols.Name(id);
    row->set_employee(employee);
    if (auto it = facts.employees.find(id); it != facts.employees.end()) {
      row->set_display_name(it->second.display_name);
    }
    row->set_calls(t.calls);
    row->set_outbound_calls(t.outbound_calls);
    row->set_calls_per_day(Ratio(t.calls, t.working_days.size()));
    row->set_meetings(t.meetings);
    row->set_emails(t.emails);
    row->set_messages(t.messages);
    row->set_tasks_done(t.tasks_done);
    row->set_tasks_overdue(t.tasks_overdue);
    row->set_completion_rate(Ratio(t.tasks_on_time, t.tasks_due));
    row->set_open_deals(t.open_deals);
    row->set_open_tasks(t.open_tasks);
    row->set_deals_won(t.won);
    row->set_deals_lost(t.lost);
    *row->mutable_revenue() = ToMoney(facts, t.revenue);
    *row->mutable_average_deal() = ToMoney(facts, t.won == 0 ? 0 : t.revenue / t.won);
    row->set_new_clients(t.new_clients);
    row->set_median_response_minutes(Median(std::move(t.response_minutes)));

    v1::KpiTarget target;
    int64_t revenue_target = 0;
    bool any = false;
    for (const auto& [key, kpi] : facts.kpi_targets) {
      if (key.first != employee || (scope.has_period && months.count(key.second) == 0)) continue;
      any = true;
      revenue_target += MinorUnits(kpi.revenue());
      target.set_deals_won(target.deals_won() + kpi.deals_won());
      target.set_calls(target.calls() + kpi.calls());
      target.set_meetings(target.meetings() + kpi.meetings());
      target.set_new_clients(target.new_clients() + kpi.new_clients());
    }
    if (!any) continue;
    target.set_employee(employee);
    *target.mutable_revenue() = ToMoney(facts, revenue_target);
    v1::KpiProgress* kpi = row->mutable_kpi();
    *kpi->mutable_target() = target;
    kpi->set_revenue_percent(Percent(t.revenue, revenue_target));
    kpi->set_deals_won_percent(Percent(t.won, target.deals_won()));
    kpi->set_calls_percent(Percent(t.calls, target.calls()));
    kpi->set_meetings_percent(Percent(t.meetings, target.meetings()));
    kpi->set_new_clients_percent(Percent(t.new_clients, target.new_clients()));
  }
  return report;
}

}  // namespace chronicle::analytics
