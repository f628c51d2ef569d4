// Manager tallies from the facts: what one activity, task, deal or new client adds to its
// manager's row, and the upkeep of the per-month cube (ManagerCube) the fold calls as they change.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_MANAGER_CUBE_H_
#define CHRONICLE_ANALYTICS_DOMAIN_MANAGER_CUBE_H_

#include <cstdint>
#include <optional>

#include "analytics/domain/facts.h"
#include "analytics/domain/manager_tally.h"
#include "analytics/domain/scope.h"

namespace chronicle::analytics {

// Counts `activity` by kind and marks its day active.
void TallyActivity(const ActivityFact& activity, const Calendar& calendar, ManagerTally& tally);
// A task that counts as due once its due time has passed: it has one and was not cancelled.
bool CountsAsDue(const TaskFacts& task);
// Adds (`sign` +1) or takes back (-1) a due task: done by its due time, or overdue.
void TallyTaskDue(const TaskFacts& task, int sign, ManagerTally& tally);
// Adds or takes back a closed deal: won with its amount, or lost.
void TallyDealClosed(const DealFacts& deal, int sign, ManagerTally& tally);
// Seconds from the client's first contact to an employee's first response; none without one.
std::optional<int64_t> ResponseSeconds(const ClientFacts& client);

// Cube upkeep around a change of a task, deal or client that may change what it adds: out
// before the change, back in after. Activities never change: each is added once.
void AddActivityToManagerCube(AnalyticsFacts& facts, uint32_t index);
void RemoveTaskFromManagerCube(AnalyticsFacts& facts, uint32_t index);
void AddTaskToManagerCube(AnalyticsFacts& facts, uint32_t index);
void RemoveDealFromManagerCube(AnalyticsFacts& facts, uint32_t index);
void AddDealToManagerCube(AnalyticsFacts& facts, uint32_t index);
void RemoveClientFromManagerCube(AnalyticsFacts& facts, uint32_t index);
void AddClientToManagerCube(AnalyticsFacts& facts, uint32_t index);
// Tallies everything again (the settings' time zone may have changed).
void RebuildManagerCube(AnalyticsFacts& facts);

// The manager cube when it can answer for `scope`: no filter but the period, and months in the
// settings' zone. Else null, and the report reads every fact.
const ManagerCube* ManagerCubeFor(const AnalyticsFacts& facts, const Scope& scope);

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_MANAGER_CUBE_H_
