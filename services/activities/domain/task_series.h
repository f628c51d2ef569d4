// A recurring task as a decider over its "task_series/{id}" stream. The series holds the rule and
// how far its occurrences have been created; each occurrence becomes a Task of its own (with an id
// derived from the series and the occurrence's index, so creating it twice is harmless), ahead of
// time within a bounded window. Pure.
#ifndef CHRONICLE_ACTIVITIES_DOMAIN_TASK_SERIES_H_
#define CHRONICLE_ACTIVITIES_DOMAIN_TASK_SERIES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "activities/domain/recurrence.h"
#include "chronicle/v1/activities_resources.pb.h"
#include "chronicle/v1/event.pb.h"

namespace chronicle::activities {

// How far ahead occurrences are created.
inline constexpr absl::Duration kOccurrenceWindow = absl::Hours(24 * 90);
inline constexpr int kMaxOccurrencesAhead = 60;

struct TaskSeriesState {
  v1::TaskSeries series;
  uint64_t version = 0;
  std::string created_by_command;
  bool exists() const { return version > 0; }
};

absl::Status Evolve(const v1::EventEnvelope& event, TaskSeriesState* state);

struct CreateTaskSeriesCommand {
  v1::TaskSeries input;       // template assignee set, client resolved
  std::string assignee_zone;  // the default zone
  absl::Time now;
};

// INVALID_ARGUMENT naming each bad field: the template's own fields, the rule (outside the subset
// or never occurring), start_local_time, time_zone.
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideCreateTaskSeries(
    const TaskSeriesState& state, const CreateTaskSeriesCommand& command);

absl::StatusOr<std::vector<v1::EventEnvelope>> DecideStopTaskSeries(const TaskSeriesState& state,
                                                                    const std::string& reason);

// The occurrences to create now and the event recording them.
struct OccurrencePlan {
  std::vector<v1::Task> tasks;  // each with due_time, time_zone, series and an index-derived id
  std::vector<int> indexes;     // the occurrence index of each task
  std::vector<v1::EventEnvelope> events;  // TaskOccurrencesGenerated, or nothing to record
};

// Occurrences not created yet that fall within `now` + kOccurrenceWindow (at most
// kMaxOccurrencesAhead). Occurrences before the series was created count (for COUNT) but are not
// created; a stopped or exhausted series plans nothing.
absl::StatusOr<OccurrencePlan> PlanOccurrences(const TaskSeriesState& state, absl::Time now);

// The task id of occurrence `index` of series `series_id`.
std::string OccurrenceTaskId(absl::string_view series_id, int index);

}  // namespace chronicle::activities

#endif  // CHRONICLE_ACTIVITIES_DOMAIN_TASK_SERIES_H_
