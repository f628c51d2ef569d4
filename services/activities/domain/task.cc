#include "activities/domain/task.h"

#include <algorithm>

#include "activities/domain/employee.h"
#include "activities/domain/events.h"
#include "activities/domain/recurrence.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/base/status_macros.h"

namespace chronicle::activities {
namespace {

using aggregate::FromProtoTime;
using aggregate::ToProtoTime;
using Events = std::vector<v1::EventEnvelope>;

constexpr int kMaxReminders = 5;
constexpr absl::Duration kMaxReminderOffset = absl::Hours(24 * 30);
// A deadline set "now" reaches the log a moment later; that is not the past.
constexpr absl::Duration kPastSlack = absl::Minutes(1);
constexpr const char* kUpdatablePaths[] = {
    "title",     "description",      "kind",    "due_time", "due_local_time",
    "time_zone", "reminder_offsets", "priority"};

bool Wants(const std::vector<std::string>& paths, absl::string_view path) {
  return paths.empty() || std::find(paths.begin(), paths.end(), path) != paths.end();
}

absl::TimeZone ZoneOf(const std::string& name) {
  absl::TimeZone zone = absl::UTCTimeZone();
  if (!name.empty()) absl::LoadTimeZone(name, &zone);
  return zone;
}

// Sets due_time (and time_zone) on `task` from whichever of due_time and due_local_time it has;
// INVALID_ARGUMENT naming the field. `default_zone` is the assignee's.
absl::Status ResolveDue(const std::string& default_zone, v1::Task* task) {
  if (task->time_zone().empty()) task->set_time_zone(default_zone.empty() ? "UTC" : default_zone);
  if (!task->due_local_time().empty()) {
    absl::CivilSecond local;
    if (!ParseLocalTime(task->due_local_time(), &local)) {
      return errors::InvalidArgument(
          {{"task.due_local_time", "not a wall-clock time like 2026-11-24T13:30:00"}});
    }
    *task->mutable_due_time() = ToProtoTime(LocalToInstant(local, ZoneOf(task->time_zone())));
  }
  return absl::OkStatus();
}

absl::Status CheckNotPast(const v1::Task& task, bool allow_past_due, absl::Time now) {
  if (allow_past_due || FromProtoTime(task.due_time()) >= now - kPastSlack) return absl::OkStatus();
  return errors::InvalidArgument(
      {{task.due_local_time().empty() ? "task.due_time" : "task.due_local_time",
        "in the past; set allow_past_due to record a task that was already due"}});
}

absl::Status RequireState(const TaskState& state, bool open_needed, const char* action) {
  if (!state.exists()) return absl::NotFoundError("task not found");
  if (state.is_open() == open_needed) return absl::OkStatus();
  const std::string state_name = state.task.state() == v1::TASK_STATE_DONE        ? "done"
                                 : state.task.state() == v1::TASK_STATE_CANCELLED ? "cancelled"
                                                                                  : "open";
  return absl::FailedPreconditionError(absl::StrCat(state.task.name(), " is ", state_name,
                                                    ": cannot ", action,
                                                    open_needed ? " (reopen it first)" : ""));
}

}  // namespace

void DeriveTaskTimes(v1::Task* task) {
  task->clear_reminder_times();
  if (!task->has_due_time()) return;
  const absl::Time due = FromProtoTime(task->due_time());
  task->set_due_local_time(FormatLocalTime(absl::ToCivilSecond(due, ZoneOf(task->time_zone()))));
  for (const google::protobuf::Duration& offset : task->reminder_offsets()) {
    *task->add_reminder_times() = ToProtoTime(due - absl::Seconds(offset.seconds()));
  }
}

absl::Status Evolve(const v1::EventEnvelope& event, TaskState* state) {
  state->version = event.stream_version();
  v1::Task& task = state->task;
  if (Is<v1::TaskCreated>(event)) {
    v1::TaskCreated created;
    RETURN_IF_ERROR(Unpack(event, &created));
    task = created.task();
    task.set_name(absl::StrCat(kTaskPrefix, event.stream().id()));
    task.set_state(v1::TASK_STATE_OPEN);
    task.set_create_user(event.actor().user_id());
    *task.mutable_create_time() = event.recorded_at();
    v1::TaskAssignment* first = task.add_assignments();
    first->set_assignee(task.assignee());
    first->set_by(event.actor().user_id());
    *first->mutable_time() = event.occurred_at();
    state->created_by_command = event.command_id();
  } else if (Is<v1::TaskUpdated>(event)) {
    v1::TaskUpdated updated;
    RETURN_IF_ERROR(Unpack(event, &updated));
    const v1::Task& c = updated.changes();
    for (const std::string& path : updated.paths()) {
      if (path == "title") task.set_title(c.title());
      if (path == "description") task.set_description(c.description());
      if (path == "kind") task.set_kind(c.kind());
      if (path == "due_time") *task.mutable_due_time() = c.due_time();
      if (path == "time_zone") task.set_time_zone(c.time_zone());
      if (path == "reminder_offsets") *task.mutable_reminder_offsets() = c.reminder_offsets();
      if (path == "priority") task.set_priority(c.priority());
    }
  } else if (Is<v1::TaskReassigned>(event)) {
    v1::TaskReassigned reassigned;
    RETURN_IF_ERROR(Unpack(event, &reassigned));
    task.set_assignee(reassigned.assignee());
    v1::TaskAssignment* assignment = task.add_assignments();
    assignment->set_assignee(reassigned.assignee());
    assignment->set_by(event.actor().user_id());
    *assignment->mutable_time() = event.occurred_at();
    assignment->set_reason(reassigned.reason());
  } else if (Is<v1::TaskStarted>(event)) {
    task.set_state(v1::TASK_STATE_IN_PROGRESS);
  } else if (Is<v1::TaskCompleted>(event)) {
    v1::TaskCompleted completed;
    RETURN_IF_ERROR(Unpack(event, &completed));
    task.set_state(v1::TASK_STATE_DONE);
    task.set_result(completed.result());
    *task.mutable_complete_time() = event.occurred_at();
  } else if (Is<v1::TaskCancelled>(event)) {
    v1::TaskCancelled cancelled;
    RETURN_IF_ERROR(Unpack(event, &cancelled));
    task.set_state(v1::TASK_STATE_CANCELLED);
    task.set_cancel_reason(cancelled.reason());
  } else if (Is<v1::TaskReopened>(event)) {
    task.set_state(v1::TASK_STATE_OPEN);
    task.clear_result();
    task.clear_cancel_reason();
    task.clear_complete_time();
  }
  DeriveTaskTimes(&task);
  *task.mutable_update_time() = event.recorded_at();
  task.set_etag(absl::StrCat(state->version));
  return absl::OkStatus();
}

std::vector<errors::FieldViolation> CheckTaskFields(const v1::Task& input,
                                                    const std::vector<std::string>& paths) {
  std::vector<errors::FieldViolation> out;
  if (Wants(paths, "title") && (input.title().empty() || input.title().size() > 500)) {
    out.push_back({"task.title", "required, at most 500 bytes"});
  }
  if (Wants(paths, "description") && input.description().size() > 10000) {
    out.push_back({"task.description", "at most 10000 bytes"});
  }
  const bool due_given = Wants(paths, "due_time") || Wants(paths, "due_local_time");
  if (due_given) {
    const bool has_instant = input.has_due_time();
    const bool has_local = !input.due_local_time().empty();
    if (has_instant == has_local) {
      out.push_back({"task.due_time", "exactly one of due_time and due_local_time"});
    }
  }
  if (Wants(paths, "time_zone") && !input.time_zone().empty() &&
      !IsKnownTimeZone(input.time_zone())) {
    out.push_back(
        {"task.time_zone", absl::StrCat("unknown IANA time zone '", input.time_zone(), "'")});
  }
  if (Wants(paths, "reminder_offsets")) {
    if (input.reminder_offsets_size() > kMaxReminders) {
      out.push_back({"task.reminder_offsets", "at most 5"});
    }
    for (int i = 0; i < input.reminder_offsets_size(); ++i) {
      const absl::Duration offset = absl::Seconds(input.reminder_offsets(i).seconds());
      if (offset < absl::ZeroDuration() || offset > kMaxReminderOffset) {
        out.push_back({absl::StrCat("task.reminder_offsets[", i, "]"), "0 to 30 days before due"});
      }
    }
  }
  return out;
}

absl::StatusOr<Events> DecideCreateTask(const TaskState& state, const CreateTaskCommand& command) {
  std::vector<errors::FieldViolation> problems = CheckTaskFields(command.input, {});
  if (command.input.assignee().empty()) problems.push_back({"task.assignee", "required"});
  if (!problems.empty()) return errors::InvalidArgument(problems);
  if (state.exists()) return absl::AlreadyExistsError(absl::StrCat(state.task.name(), " exists"));
  v1::TaskCreated created;
  v1::Task& task = *created.mutable_task();
  task = command.input;
  for (auto clear : {&v1::Task::clear_name, &v1::Task::clear_state, &v1::Task::clear_result,
                     &v1::Task::clear_cancel_reason, &v1::Task::clear_assignments,
                     &v1::Task::clear_overdue, &v1::Task::clear_etag, &v1::Task::clear_create_time,
                     &v1::Task::clear_update_time, &v1::Task::clear_complete_time,
                     &v1::Task::clear_create_user, &v1::Task::clear_reminder_times}) {
    (task.*clear)();
  }
  if (task.priority() == v1::TASK_PRIORITY_UNSPECIFIED) task.set_priority(v1::TASK_PRIORITY_NORMAL);
  if (task.kind() == v1::TASK_KIND_UNSPECIFIED) task.set_kind(v1::TASK_KIND_TODO);
  RETURN_IF_ERROR(ResolveDue(command.assignee_zone, &task));
  RETURN_IF_ERROR(CheckNotPast(task, command.allow_past_due, command.now));
  task.clear_due_local_time();  // derived from due_time and time_zone
  return Events{NewClientEvent(created, task.client())};
}

absl::StatusOr<Events> DecideUpdateTask(const TaskState& state, const UpdateTaskCommand& command) {
  RETURN_IF_ERROR(RequireState(state, true, "update it"));
  RETURN_IF_ERROR(CheckEtag(command.etag, state.version));
  std::vector<std::string> paths(command.mask.paths().begin(), command.mask.paths().end());
  std::vector<errors::FieldViolation> problems;
  if (paths.empty()) problems.push_back({"update_mask", "required"});
  for (const std::string& path : paths) {
    if (std::find(std::begin(kUpdatablePaths), std::end(kUpdatablePaths), path) ==
        std::end(kUpdatablePaths)) {
      problems.push_back(
          {"update_mask", absl::StrCat("'", path,
                                       "' cannot be updated here (assignee: AssignTask; state: "
                                       "Start/Complete/Cancel/ReopenTask)")});
    }
  }
  for (auto& p : CheckTaskFields(command.input, paths)) problems.push_back(std::move(p));
  if (!problems.empty()) return errors::InvalidArgument(problems);

  v1::Task changes = command.input;
  const bool due_changed = Wants(paths, "due_time") || Wants(paths, "due_local_time");
  const bool zone_changed = std::find(paths.begin(), paths.end(), "time_zone") != paths.end();
  if (!zone_changed) changes.set_time_zone(state.task.time_zone());
  if (due_changed) {
    RETURN_IF_ERROR(ResolveDue(command.assignee_zone, &changes));
    RETURN_IF_ERROR(CheckNotPast(changes, command.allow_past_due, command.now));
  }
  v1::TaskUpdated updated;
  std::vector<std::string> recorded;
  for (const std::string& path : paths) {
    const std::string stored = path == "due_local_time" ? "due_time" : path;
    if (std::find(recorded.begin(), recorded.end(), stored) == recorded.end()) {
      recorded.push_back(stored);
    }
  }
  changes.clear_due_local_time();
  *updated.mutable_changes() = changes;
  *updated.mutable_previous() = state.task;
  for (const std::string& path : recorded) updated.add_paths(path);
  return Events{NewClientEvent(updated, state.task.client())};
}

absl::StatusOr<Events> DecideAssignTask(const TaskState& state, const std::string& assignee,
                                        const std::string& reason, const std::string& etag) {
  RETURN_IF_ERROR(RequireState(state, true, "reassign it"));
  RETURN_IF_ERROR(CheckEtag(etag, state.version));
  if (assignee.empty()) return errors::InvalidArgument({{"assignee", "required"}});
  if (assignee == state.task.assignee()) return Events();
  v1::TaskReassigned reassigned;
  reassigned.set_assignee(assignee);
  reassigned.set_previous_assignee(state.task.assignee());
  reassigned.set_reason(reason);
  return Events{NewClientEvent(reassigned, state.task.client())};
}

absl::StatusOr<Events> DecideStartTask(const TaskState& state, const std::string& etag) {
  RETURN_IF_ERROR(RequireState(state, true, "start it"));
  RETURN_IF_ERROR(CheckEtag(etag, state.version));
  if (state.task.state() == v1::TASK_STATE_IN_PROGRESS) return Events();
  return Events{NewClientEvent(v1::TaskStarted(), state.task.client())};
}

absl::StatusOr<Events> DecideCompleteTask(const TaskState& state, const std::string& result,
                                          const std::string& etag) {
  RETURN_IF_ERROR(RequireState(state, true, "complete it"));
  RETURN_IF_ERROR(CheckEtag(etag, state.version));
  if (result.size() > 10000) return errors::InvalidArgument({{"result", "at most 10000 bytes"}});
  v1::TaskCompleted completed;
  completed.set_result(result);
  return Events{NewClientEvent(completed, state.task.client())};
}

absl::StatusOr<Events> DecideCancelTask(const TaskState& state, const std::string& reason,
                                        const std::string& etag) {
  RETURN_IF_ERROR(RequireState(state, true, "cancel it"));
  RETURN_IF_ERROR(CheckEtag(etag, state.version));
  v1::TaskCancelled cancelled;
  cancelled.set_reason(reason);
  return Events{NewClientEvent(cancelled, state.task.client())};
}

absl::StatusOr<Events> DecideReopenTask(const TaskState& state, const std::string& reason,
                                        const std::string& etag) {
  RETURN_IF_ERROR(RequireState(state, false, "reopen it"));
  RETURN_IF_ERROR(CheckEtag(etag, state.version));
  v1::TaskReopened reopened;
  reopened.set_reason(reason);
  return Events{NewClientEvent(reopened, state.task.client())};
}

}  // namespace chronicle::activities
