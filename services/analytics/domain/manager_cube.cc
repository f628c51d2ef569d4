#include "analytics/domain/manager_cube.h"

#include <algorithm>
#include <limits>

#include "absl/numeric/bits.h"
#include "analytics/domain/client_cube.h"

namespace chronicle::analytics {

void SortedValues::Insert(int64_t value) {
  tail_.push_back(value);
  if (tail_.size() < kTail) return;
  std::sort(tail_.begin(), tail_.end());
  const size_t middle = sorted_.size();
  sorted_.insert(sorted_.end(), tail_.begin(), tail_.end());
  std::inplace_merge(sorted_.begin(), sorted_.begin() + middle, sorted_.end());
  tail_.clear();
}

bool SortedValues::Erase(int64_t value) {
  if (auto it = std::find(tail_.begin(), tail_.end(), value); it != tail_.end()) {
    *it = tail_.back();
    tail_.pop_back();
    return true;
  }
  auto it = std::lower_bound(sorted_.begin(), sorted_.end(), value);
  if (it == sorted_.end() || *it != value) return false;
  sorted_.erase(it);
  return true;
}

int64_t KthSmallest(const std::vector<const std::vector<int64_t>*>& sorted, size_t k) {
  int64_t low = std::numeric_limits<int64_t>::max(), high = std::numeric_limits<int64_t>::min();
  for (const std::vector<int64_t>* values : sorted) {
    if (values->empty()) continue;
    low = std::min(low, values->front());
    high = std::max(high, values->back());
  }
  while (low < high) {
    const int64_t middle = low + (high - low) / 2;
    size_t at_or_below = 0;
    for (const std::vector<int64_t>* values : sorted) {
      at_or_below += std::upper_bound(values->begin(), values->end(), middle) - values->begin();
    }
    if (at_or_below > k) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  return low;
}

void ManagerTally::Add(const ManagerTally& other) {
  calls += other.calls;
  outbound_calls += other.outbound_calls;
  meetings += other.meetings;
  emails += other.emails;
  messages += other.messages;
  for (const auto& [month, days] : other.active_days) active_days[month] |= days;
  tasks_done += other.tasks_done;
  tasks_due += other.tasks_due;
  tasks_on_time += other.tasks_on_time;
  won += other.won;
  lost += other.lost;
  revenue += other.revenue;
  new_clients += other.new_clients;
}

int64_t ManagerTally::ActiveDays() const {
  int64_t days = 0;
  for (const auto& [month, mask] : active_days) days += absl::popcount(mask);
  return days;
}

void TallyActivity(const ActivityFact& activity, const Calendar& calendar, ManagerTally& tally) {
  const int month = calendar.MonthOf(activity.time);
  const int64_t day = calendar.DayOf(activity.time) - calendar.DayOf(calendar.MonthStart(month));
  tally.active_days[month] |= uint32_t{1} << day;
  switch (activity.kind) {
    case v1::ACTIVITY_KIND_CALL:
      ++tally.calls;
      if (activity.direction == v1::DIRECTION_OUTBOUND) ++tally.outbound_calls;
      break;
    case v1::ACTIVITY_KIND_MEETING:
      ++tally.meetings;
      break;
    case v1::ACTIVITY_KIND_EMAIL:
      ++tally.emails;
      break;
    case v1::ACTIVITY_KIND_MESSAGE:
      ++tally.messages;
      break;
    default:
      break;
  }
}

bool CountsAsDue(const TaskFacts& task) {
  return task.due_time != 0 && task.state != v1::TASK_STATE_CANCELLED;
}

void TallyTaskDue(const TaskFacts& task, int sign, ManagerTally& tally) {
  tally.tasks_due += sign;
  if (task.state == v1::TASK_STATE_DONE && task.complete_time <= task.due_time) {
    tally.tasks_on_time += sign;
  }
}

void TallyDealClosed(const DealFacts& deal, int sign, ManagerTally& tally) {
  if (deal.state == v1::DEAL_STATE_WON) {
    tally.won += sign;
    tally.revenue += sign * deal.amount;
  } else if (deal.state == v1::DEAL_STATE_LOST) {
    tally.lost += sign;
  }
}

std::optional<int64_t> ResponseSeconds(const ClientFacts& client) {
  if (client.first_response_time == 0) return std::nullopt;
  return client.first_response_time - client.first_contact_time;
}

namespace {

ManagerCube& CubeOf(AnalyticsFacts& facts) { return Started(facts.manager_cube, facts); }

ManagerCube::Month& MonthOf(ManagerCube& cube, int64_t time) {
  return cube.months[cube.calendar->MonthOf(time)];
}

// What task `index` adds to its assignee, added or taken back.
void TallyTask(ManagerCube& cube, uint32_t index, TaskFacts& task, int sign) {
  ManagerLoad& load = cube.load[task.assignee];
  load.tasks += sign;
  if (task.state == v1::TASK_STATE_OPEN || task.state == v1::TASK_STATE_IN_PROGRESS) {
    load.open_tasks += sign;
  }
  if (task.state == v1::TASK_STATE_DONE) {
    ManagerCube::Month& month = MonthOf(cube, task.complete_time);
    month.managers[task.assignee].tasks_done += sign;
    if (sign > 0) month.tasks_done.Note(index);
  }
  if (CountsAsDue(task)) {
    ManagerCube::Month& month = MonthOf(cube, task.due_time);
    TallyTaskDue(task, sign, month.managers[task.assignee]);
    if (sign > 0) month.tasks_due.Note(index);
  }
  task.in_manager_cube = sign > 0;
}

void TallyDeal(ManagerCube& cube, uint32_t index, DealFacts& deal, int sign) {
  ManagerLoad& load = cube.load[deal.owner];
  load.deals += sign;
  if (deal.state == v1::DEAL_STATE_OPEN) load.open_deals += sign;
  if (deal.close_time != 0) {
    ManagerCube::Month& month = MonthOf(cube, deal.close_time);
    TallyDealClosed(deal, sign, month.managers[deal.owner]);
    if (sign > 0) month.deals_closed.Note(index);
  }
  deal.in_manager_cube = sign > 0;
}

void TallyClient(ManagerCube& cube, ClientFacts& client, int sign) {
  ManagerTally& tally = MonthOf(cube, client.first_contact_time).managers[client.owner];
  tally.new_clients += sign;
  if (const std::optional<int64_t> response = ResponseSeconds(client)) {
    if (sign > 0) {
      tally.response_seconds.Insert(*response);
    } else {
      tally.response_seconds.Erase(*response);  // there: the client has not changed since
    }
  }
  client.in_manager_cube = sign > 0;
}

}  // namespace

void AddActivityToManagerCube(AnalyticsFacts& facts, uint32_t index) {
  const ActivityFact& activity = facts.activities[index];
  if (activity.employee == 0) return;
  ManagerCube& cube = CubeOf(facts);
  ManagerCube::Month& month = MonthOf(cube, activity.time);
  TallyActivity(activity, *cube.calendar, month.managers[activity.employee]);
  month.activities.push_back(index);
}

void RemoveTaskFromManagerCube(AnalyticsFacts& facts, uint32_t index) {
  TaskFacts& task = facts.tasks[index];
  if (task.in_manager_cube) TallyTask(CubeOf(facts), index, task, -1);
}

void AddTaskToManagerCube(AnalyticsFacts& facts, uint32_t index) {
  TaskFacts& task = facts.tasks[index];
  if (!task.in_manager_cube && task.assignee != 0) TallyTask(CubeOf(facts), index, task, +1);
}

void RemoveDealFromManagerCube(AnalyticsFacts& facts, uint32_t index) {
  DealFacts& deal = facts.deals[index];
  if (deal.in_manager_cube) TallyDeal(CubeOf(facts), index, deal, -1);
}

void AddDealToManagerCube(AnalyticsFacts& facts, uint32_t index) {
  DealFacts& deal = facts.deals[index];
  if (!deal.in_manager_cube && deal.owner != 0) TallyDeal(CubeOf(facts), index, deal, +1);
}

void RemoveClientFromManagerCube(AnalyticsFacts& facts, uint32_t index) {
  ClientFacts& client = facts.clients[index];
  if (client.in_manager_cube) TallyClient(CubeOf(facts), client, -1);
}

void AddClientToManagerCube(AnalyticsFacts& facts, uint32_t index) {
  ClientFacts& client = facts.clients[index];
  if (!client.in_manager_cube && CountsAsClient(client) && client.owner != 0) {
    TallyClient(CubeOf(facts), client, +1);
  }
}

void RebuildManagerCube(AnalyticsFacts& facts) {
  facts.manager_cube = ManagerCube();
  for (uint32_t index = 0; index < facts.activities.size(); ++index) {
    AddActivityToManagerCube(facts, index);
  }
  for (uint32_t index = 0; index < facts.tasks.size(); ++index) {
    facts.tasks[index].in_manager_cube = false;
    AddTaskToManagerCube(facts, index);
  }
  for (uint32_t index = 0; index < facts.deals.size(); ++index) {
    facts.deals[index].in_manager_cube = false;
    AddDealToManagerCube(facts, index);
  }
  for (uint32_t index = 0; index < facts.clients.size(); ++index) {
    facts.clients[index].in_manager_cube = false;
    AddClientToManagerCube(facts, index);
  }
}

const ManagerCube* ManagerCubeFor(const AnalyticsFacts& facts, const Scope& scope) {
  const ManagerCube& cube = facts.manager_cube;
  return scope.ClientFiltersUnset() && !scope.pipeline_set && InSettingsZone(cube, facts) ? &cube
                                                                                          : nullptr;
}

}  // namespace chronicle::analytics
