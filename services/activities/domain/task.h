// A task as a decider over its "task/{id}" stream: created for an assignee with a deadline read in
// their time zone, reassigned (every assignment kept), started, done with a result, cancelled, and
// reopened only explicitly:
//
//   OPEN -> IN_PROGRESS -> DONE        OPEN | IN_PROGRESS -> CANCELLED
//   DONE | CANCELLED -> OPEN (ReopenTask only)
//
// Pure: "now" and the assignee's zone come in with the command.
#ifndef CHRONICLE_ACTIVITIES_DOMAIN_TASK_H_
#define CHRONICLE_ACTIVITIES_DOMAIN_TASK_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "chronicle/errors/errors.h"
#include "chronicle/v1/activities_resources.pb.h"
#include "chronicle/v1/event.pb.h"
#include "google/protobuf/field_mask.pb.h"

namespace chronicle::activities {

struct TaskState {
  v1::Task task;
  uint64_t version = 0;
  std::string created_by_command;
  bool exists() const { return version > 0; }
  bool is_open() const {
    return task.state() == v1::TASK_STATE_OPEN || task.state() == v1::TASK_STATE_IN_PROGRESS;
  }
};

absl::Status Evolve(const v1::EventEnvelope& event, TaskState* state);

// The fields a task's due time and reminders derive: due_local_time and reminder_times.
void DeriveTaskTimes(v1::Task* task);

// Problems of `input`'s own fields (title, description, reminder_offsets, due fields, time_zone),
// limited to `paths` when not empty, each naming "task.<field>".
std::vector<errors::FieldViolation> CheckTaskFields(const v1::Task& input,
                                                    const std::vector<std::string>& paths);

struct CreateTaskCommand {
  v1::Task input;             // assignee set, client resolved to the surviving card
  std::string assignee_zone;  // from the employee directory; "" reads as UTC
  bool allow_past_due = false;
  absl::Time now;
};

absl::StatusOr<std::vector<v1::EventEnvelope>> DecideCreateTask(const TaskState& state,
                                                                const CreateTaskCommand& command);

struct UpdateTaskCommand {
  v1::Task input;
  google::protobuf::FieldMask mask;
  std::string etag;
  std::string assignee_zone;
  bool allow_past_due = false;
  absl::Time now;
};

absl::StatusOr<std::vector<v1::EventEnvelope>> DecideUpdateTask(const TaskState& state,
                                                                const UpdateTaskCommand& command);
// Reassigning to the current assignee writes nothing.
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideAssignTask(const TaskState& state,
                                                                const std::string& assignee,
                                                                const std::string& reason,
                                                                const std::string& etag);
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideStartTask(const TaskState& state,
                                                               const std::string& etag);
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideCompleteTask(const TaskState& state,
                                                                  const std::string& result,
                                                                  const std::string& etag);
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideCancelTask(const TaskState& state,
                                                                const std::string& reason,
                                                                const std::string& etag);
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideReopenTask(const TaskState& state,
                                                                const std::string& reason,
                                                                const std::string& etag);

}  // namespace chronicle::activities

#endif  // CHRONICLE_ACTIVITIES_DOMAIN_TASK_H_
