// Managers side by side: activity, tasks, load, results and response time to new leads, against
// the KPI targets set for the months of the period.
//
// Two ways to the same tallies: the manager cube (manager_cube.h) when no filter but the period
// is asked for, with only the months a period cuts (and those not over yet: what is due depends
// on now) read fact by fact; otherwise every activity, task, deal and client. Both tally through
// the same functions.
#include <algorithm>
#include <map>
#include <set>

#include "analytics/domain/client_cube.h"
#include "analytics/domain/manager_cube.h"
#include "analytics/domain/reports.h"
#include "analytics/domain/scope.h"

namespace chronicle::analytics {
namespace {

// A manager's row in the making: tallies read fact by fact or added from the cube, with the
// response times the cube keeps pointed at rather than copied.
struct Row {
  ManagerTally tally;
  ManagerLoad load;
  std::vector<const SortedValues*> cube_responses;
  std::vector<int64_t> read_responses;  // of clients read one by one, unsorted
};

// The median response in minutes, the middle two averaged for an even count; 0 for none.
double MedianMinutes(const Row& row) {
  // The cube's sorted parts are read in place; their unsorted tails and the responses read
  // client by client are sorted together.
  std::vector<const std::vector<int64_t>*> sorted;
  std::vector<int64_t> tails;
  for (const SortedValues* values : row.cube_responses) {
    sorted.push_back(&values->sorted());
    tails.insert(tails.end(), values->tail().begin(), values->tail().end());
  }
  tails.insert(tails.end(), row.read_responses.begin(), row.read_responses.end());
  std::sort(tails.begin(), tails.end());
  sorted.push_back(&tails);
  size_t count = 0;
  for (const std::vector<int64_t>* values : sorted) count += values->size();
  if (count == 0) return 0;
  auto minutes = [](int64_t seconds) { return static_cast<double>(seconds) / 60.0; };
  const double upper = minutes(KthSmallest(sorted, count / 2));
  if (count % 2 == 1) return upper;
  return (minutes(KthSmallest(sorted, count / 2 - 1)) + upper) / 2;
}

double Percent(double actual, double target) { return target == 0 ? 0 : actual * 100 / target; }

}  // namespace

absl::StatusOr<v1::ManagerReport> ManagerReport(const AnalyticsFacts& facts,
                                                const v1::ManagerReportRequest& request,
                                                int64_t now, const CubeOptions& options) {
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
  std::map<Sym, Row> rows;
  // Per employee symbol, its row (map nodes never move): a lookup is an index.
  std::vector<Row*> row_of_sym(facts.symbols.size(), nullptr);
  auto row_of = [&](Sym employee) -> Row& {
    Row*& slot = row_of_sym[employee];
    if (slot == nullptr) slot = &rows[employee];
    return *slot;
  };
  for (const auto& [id, employee] : facts.employees) {
    if (in_scope(id, 0)) row_of(id);
  }
  // Fact by fact, as the scan and the cube's cut months both read them.
  auto activity = [&](const ActivityFact& a) {
    if (scope.InPeriod(a.time) && in_scope(a.employee, 0)) {
      TallyActivity(a, calendar, row_of(a.employee).tally);
    }
  };
  auto task_done = [&](const TaskFacts& task) {
    if (task.state == v1::TASK_STATE_DONE && scope.InPeriod(task.complete_time)) {
      ++row_of(task.assignee).tally.tasks_done;
    }
  };
  // Due in the period and already due: done by then, or overdue.
  auto task_due = [&](const TaskFacts& task) {
    if (CountsAsDue(task) && task.due_time <= now && scope.InPeriod(task.due_time)) {
      TallyTaskDue(task, +1, row_of(task.assignee).tally);
    }
  };
  auto deal_closed = [&](const DealFacts& deal) {
    if (deal.close_time != 0 && scope.InPeriod(deal.close_time)) {
      TallyDealClosed(deal, +1, row_of(deal.owner).tally);
    }
  };
  auto new_client = [&](const ClientFacts& client) {
    if (!in_scope(client.owner, client.team)) return;
    Row& row = row_of(client.owner);
    ++row.tally.new_clients;
    if (const std::optional<int64_t> response = ResponseSeconds(client)) {
      row.read_responses.push_back(*response);
    }
  };
  const ManagerCube* cube = options.use_cube ? ManagerCubeFor(facts, scope) : nullptr;
  const ClientCube* client_cube = cube != nullptr ? ClientCubeFor(facts, scope) : nullptr;
  if (cube != nullptr && client_cube != nullptr) {
    for (const auto& [employee, load] : cube->load) {
      if (load.deals != 0 || load.tasks != 0) row_of(employee).load = load;
    }
    ForEachMonthIn(
        cube->months, calendar, scope,
        [&](int, const ManagerCube::Month& cell) {
          for (const auto& [employee, tally] : cell.managers) {
            if (tally.Present() || rows.count(employee) != 0) {
              Row& row = row_of(employee);
              row.tally.Add(tally);
              if (tally.response_seconds.size() != 0) {
                row.cube_responses.push_back(&tally.response_seconds);
              }
            }
          }
        },
        [&](int month, const ManagerCube::Month& cell) {
          for (uint32_t index : cell.activities) activity(facts.activities[index]);
          for (uint32_t index : cell.tasks_done.Distinct()) {
            const TaskFacts& task = facts.tasks[index];
            if (task.assignee != 0 && calendar.MonthOf(task.complete_time) == month) {
              task_done(task);
            }
          }
          for (uint32_t index : cell.tasks_due.Distinct()) {
            const TaskFacts& task = facts.tasks[index];
            if (task.assignee != 0 && calendar.MonthOf(task.due_time) == month) task_due(task);
          }
          for (uint32_t index : cell.deals_closed.Distinct()) {
            const DealFacts& deal = facts.deals[index];
            if (deal.owner != 0 && calendar.MonthOf(deal.close_time) == month) {
              deal_closed(deal);
            }
          }
          ForEachFirstContactedIn(facts, *client_cube, month, scope, new_client);
        },
        /*settled_until=*/now);  // tasks fall due in the month not over yet
  } else {
    for (const ActivityFact& a : facts.activities) activity(a);
    for (const TaskFacts& task : facts.tasks) {
      if (!in_scope(task.assignee, 0)) continue;
      Row& row = row_of(task.assignee);
      ++row.load.tasks;
      if (task.state == v1::TASK_STATE_OPEN || task.state == v1::TASK_STATE_IN_PROGRESS) {
        ++row.load.open_tasks;
      }
      task_done(task);
      task_due(task);
    }
    for (const DealFacts& deal : facts.deals) {
      if (!in_scope(deal.owner, deal.team) || !scope.DealMatches(facts, deal)) continue;
      Row& row = row_of(deal.owner);
      ++row.load.deals;
      if (deal.state == v1::DEAL_STATE_OPEN) ++row.load.open_deals;
      deal_closed(deal);
    }
    for (const ClientFacts& client : facts.clients) {
      if (CountsAsClient(client) && scope.InPeriod(client.first_contact_time) &&
          scope.ClientMatches(client)) {
        new_client(client);
      }
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
  for (auto& [id, r] : rows) {
    const ManagerTally& t = r.tally;
    v1::ManagerRow* row = report.add_rows();
    const std::string& employee = facts.symbols.Name(id);
    row->set_employee(employee);
    if (auto it = facts.employees.find(id); it != facts.employees.end()) {
      row->set_display_name(it->second.display_name);
    }
    row->set_calls(t.calls);
    row->set_outbound_calls(t.outbound_calls);
    row->set_calls_per_day(Ratio(t.calls, t.ActiveDays()));
    row->set_meetings(t.meetings);
    row->set_emails(t.emails);
    row->set_messages(t.messages);
    row->set_tasks_done(t.tasks_done);
    row->set_tasks_overdue(t.TasksOverdue());
    row->set_completion_rate(Ratio(t.tasks_on_time, t.tasks_due));
    row->set_open_deals(r.load.open_deals);
    row->set_open_tasks(r.load.open_tasks);
    row->set_deals_won(t.won);
    row->set_deals_lost(t.lost);
    *row->mutable_revenue() = ToMoney(facts, t.revenue);
    *row->mutable_average_deal() = ToMoney(facts, t.won == 0 ? 0 : t.revenue / t.won);
    row->set_new_clients(t.new_clients);
    row->set_median_response_minutes(MedianMinutes(r));

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
