// Task and recurring series commands, the occurrence generator, and task reads.
#include "activities/app/activities_app.h"
#include "activities/domain/events.h"
#include "activities/projection/activities_projection.h"
#include "activities/projection/keys.h"
#include "activities/projection/queries.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/errors/errors.h"

namespace chronicle::activities {
namespace {

using aggregate::FromProtoTime;

v1::Actor SeriesActor() {
  v1::Actor actor;
  actor.set_user_id("system:task-series");
  actor.set_role("system");
  return actor;
}

// The task as callers see it: overdue is computed against `now`, it is not an event.
v1::Task WithOverdue(TaskState state, absl::Time now) {
  state.task.set_overdue(state.is_open() && FromProtoTime(state.task.due_time()) < now);
  return std::move(state.task);
}

}  // namespace

absl::StatusOr<v1::Task> ActivitiesApp::RunTask(const v1::Actor& actor, const std::string& name,
                                                const aggregate::Decision<TaskState>& decide) {
  ASSIGN_OR_RETURN(std::string id, aggregate::ParseResourceId(name, kTaskPrefix, "name"));
  ASSIGN_OR_RETURN(
      auto written,
      runner_.Run<TaskState>(
          MakeStream(kTaskStream, id), actor, "",
          [&](const TaskState& state) -> absl::StatusOr<std::vector<v1::EventEnvelope>> {
            if (!state.exists()) return absl::NotFoundError(absl::StrCat(name, " not found"));
            return decide(state);
          }));
  return WithOverdue(std::move(written.state), runner_.Now());
}

absl::StatusOr<v1::Task> ActivitiesApp::CreateTask(const v1::Actor& actor,
                                                   const v1::CreateTaskRequest& request) {
  CreateTaskCommand command;
  command.input = request.task();
  command.allow_past_due = request.allow_past_due();
  command.now = runner_.Now();
  if (command.input.assignee().empty()) command.input.set_assignee(actor.user_id());
  // Every field problem at once, before any lookup.
  const std::vector<errors::FieldViolation> problems = CheckTaskFields(command.input, {});
  if (!problems.empty()) return errors::InvalidArgument(problems);
  ASSIGN_OR_RETURN(v1::Employee assignee,
                   RequireEmployee(command.input.assignee(), "task.assignee"));
  command.assignee_zone = assignee.time_zone();
  RETURN_IF_ERROR(ResolveTaskLinks(&command.input, "task"));
  const std::string id = request.request_id().empty()
                             ? aggregate::NewAggregateId()
                             : aggregate::DerivedId("task", request.request_id());
  const std::string command_id =
      request.request_id().empty() ? "" : absl::StrCat("create-task:", request.request_id());
  ASSIGN_OR_RETURN(
      auto written,
      runner_.Run<TaskState>(
          MakeStream(kTaskStream, id), actor, command_id,
          [&](const TaskState& state) -> absl::StatusOr<std::vector<v1::EventEnvelope>> {
            if (state.exists() && !command_id.empty() && state.created_by_command == command_id) {
              return std::vector<v1::EventEnvelope>();
            }
            return DecideCreateTask(state, command);
          }));
  return WithOverdue(std::move(written.state), runner_.Now());
}

absl::StatusOr<v1::Task> ActivitiesApp::GetTask(const v1::GetTaskRequest& request) {
  ASSIGN_OR_RETURN(std::string id, aggregate::ParseResourceId(request.name(), kTaskPrefix, "name"));
  const absl::Time as_of =
      request.has_read_time() ? FromProtoTime(request.read_time()) : absl::InfiniteFuture();
  ASSIGN_OR_RETURN(TaskState state, runner_.Load<TaskState>(MakeStream(kTaskStream, id), as_of));
  if (!state.exists()) return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  return WithOverdue(std::move(state), request.has_read_time() ? as_of : runner_.Now());
}

absl::StatusOr<v1::Task> ActivitiesApp::UpdateTask(const v1::Actor& actor,
                                                   const v1::UpdateTaskRequest& request) {
  return RunTask(actor, request.task().name(),
                 [&](const TaskState& state) -> absl::StatusOr<std::vector<v1::EventEnvelope>> {
                   UpdateTaskCommand command;
                   command.input = request.task();
                   command.mask = request.update_mask();
                   command.etag = request.etag();
                   command.allow_past_due = request.allow_past_due();
                   command.now = runner_.Now();
                   ASSIGN_OR_RETURN(EmployeeState assignee, LoadEmployee(state.task.assignee()));
                   command.assignee_zone = assignee.employee.time_zone();
                   return DecideUpdateTask(state, command);
                 });
}

absl::StatusOr<v1::Task> ActivitiesApp::AssignTask(const v1::Actor& actor,
                                                   const v1::AssignTaskRequest& request) {
  RETURN_IF_ERROR(RequireEmployee(request.assignee(), "assignee").status());
  return RunTask(actor, request.name(), [&](const TaskState& state) {
    return DecideAssignTask(state, request.assignee(), request.reason(), request.etag());
  });
}

absl::StatusOr<v1::Task> ActivitiesApp::StartTask(const v1::Actor& actor,
                                                  const v1::StartTaskRequest& request) {
  return RunTask(actor, request.name(),
                 [&](const TaskState& state) { return DecideStartTask(state, request.etag()); });
}

absl::StatusOr<v1::Task> ActivitiesApp::CompleteTask(const v1::Actor& actor,
                                                     const v1::CompleteTaskRequest& request) {
  return RunTask(actor, request.name(), [&](const TaskState& state) {
    return DecideCompleteTask(state, request.result(), request.etag());
  });
}

absl::StatusOr<v1::Task> ActivitiesApp::CancelTask(const v1::Actor& actor,
                                                   const v1::CancelTaskRequest& request) {
  return RunTask(actor, request.name(), [&](const TaskState& state) {
    return DecideCancelTask(state, request.reason(), request.etag());
  });
}

absl::StatusOr<v1::Task> ActivitiesApp::ReopenTask(const v1::Actor& actor,
                                                   const v1::ReopenTaskRequest& request) {
  return RunTask(actor, request.name(), [&](const TaskState& state) {
    return DecideReopenTask(state, request.reason(), request.etag());
  });
}

absl::Status ActivitiesApp::ListTasks(const v1::ListTasksRequest& request,
                                      v1::ListTasksResponse* response) {
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kActivitiesProjection));
  return activities::ListTasks(*view, request, runner_.Now(), response);
}

absl::Status ActivitiesApp::ListTaskEvents(const v1::ListTaskEventsRequest& request,
                                           v1::ListTaskEventsResponse* response) {
  ASSIGN_OR_RETURN(std::string id, aggregate::ParseResourceId(request.name(), kTaskPrefix, "name"));
  std::string next;
  RETURN_IF_ERROR(runner_.PageStream(MakeStream(kTaskStream, id), request.name(),
                                     request.page_size(), request.page_token(),
                                     response->mutable_events(), &next));
  response->set_next_page_token(next);
  return absl::OkStatus();
}

absl::StatusOr<v1::TaskSeries> ActivitiesApp::CreateTaskSeries(
    const v1::Actor& actor, const v1::CreateTaskSeriesRequest& request) {
  CreateTaskSeriesCommand command;
  command.input = request.series();
  command.now = runner_.Now();
  v1::Task& tmpl = *command.input.mutable_template_();
  if (tmpl.assignee().empty()) tmpl.set_assignee(actor.user_id());
  // The fields first, so every problem is named at once (the assignee's zone is not known yet:
  // the check reads the rule in UTC); then the references.
  RETURN_IF_ERROR(DecideCreateTaskSeries(TaskSeriesState(), command).status());
  ASSIGN_OR_RETURN(v1::Employee assignee,
                   RequireEmployee(tmpl.assignee(), "series.template.assignee"));
  command.assignee_zone = assignee.time_zone();
  RETURN_IF_ERROR(ResolveTaskLinks(&tmpl, "series.template"));
  const std::string id = request.request_id().empty()
                             ? aggregate::NewAggregateId()
                             : aggregate::DerivedId("task-series", request.request_id());
  const std::string command_id =
      request.request_id().empty() ? "" : absl::StrCat("create-task-series:", request.request_id());
  RETURN_IF_ERROR(
      runner_
          .Run<TaskSeriesState>(
              MakeStream(kTaskSeriesStream, id), actor, command_id,
              [&](const TaskSeriesState& state) -> absl::StatusOr<std::vector<v1::EventEnvelope>> {
                if (state.exists() && !command_id.empty() &&
                    state.created_by_command == command_id) {
                  return std::vector<v1::EventEnvelope>();
                }
                return DecideCreateTaskSeries(state, command);
              })
          .status());
  // The first occurrences exist when the call returns.
  RETURN_IF_ERROR(GenerateSeries(id).status());
  ASSIGN_OR_RETURN(TaskSeriesState state,
                   runner_.Load<TaskSeriesState>(MakeStream(kTaskSeriesStream, id)));
  return state.series;
}

absl::StatusOr<v1::TaskSeries> ActivitiesApp::GetTaskSeries(
    const v1::GetTaskSeriesRequest& request) {
  ASSIGN_OR_RETURN(std::string id,
                   aggregate::ParseResourceId(request.name(), kTaskSeriesPrefix, "name"));
  ASSIGN_OR_RETURN(TaskSeriesState state,
                   runner_.Load<TaskSeriesState>(MakeStream(kTaskSeriesStream, id)));
  if (!state.exists()) return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  return state.series;
}

absl::StatusOr<v1::TaskSeries> ActivitiesApp::StopTaskSeries(
    const v1::Actor& actor, const v1::StopTaskSeriesRequest& request) {
  ASSIGN_OR_RETURN(std::string id,
                   aggregate::ParseResourceId(request.name(), kTaskSeriesPrefix, "name"));
  ASSIGN_OR_RETURN(auto written, runner_.Run<TaskSeriesState>(
                                     MakeStream(kTaskSeriesStream, id), actor, "",
                                     [&](const TaskSeriesState& state) {
                                       return DecideStopTaskSeries(state, request.reason());
                                     }));
  return written.state.series;
}

absl::StatusOr<int> ActivitiesApp::GenerateSeries(const std::string& series_id) {
  const v1::StreamId stream = MakeStream(kTaskSeriesStream, series_id);
  ASSIGN_OR_RETURN(TaskSeriesState series, runner_.Load<TaskSeriesState>(stream));
  ASSIGN_OR_RETURN(OccurrencePlan plan, PlanOccurrences(series, runner_.Now()));
  int created = 0;
  ASSIGN_OR_RETURN(EmployeeState assignee, LoadEmployee(series.series.template_().assignee()));
  for (size_t i = 0; i < plan.tasks.size(); ++i) {
    CreateTaskCommand command;
    command.input = plan.tasks[i];
    command.assignee_zone = assignee.employee.time_zone();
    command.allow_past_due = true;  // an occurrence due while the server was down is still due
    command.now = runner_.Now();
    const std::string command_id = absl::StrCat("occurrence:", series_id, ":", plan.indexes[i]);
    // The task id derives from the series and the index: a second run finds the task and stops.
    ASSIGN_OR_RETURN(
        auto written,
        runner_.Run<TaskState>(
            MakeStream(kTaskStream, IdOf(plan.tasks[i].name())), SeriesActor(), command_id,
            [&](const TaskState& state) -> absl::StatusOr<std::vector<v1::EventEnvelope>> {
              if (state.exists()) return std::vector<v1::EventEnvelope>();
              return DecideCreateTask(state, command);
            }));
    if (written.last_position != 0 && !written.deduplicated) ++created;
  }
  if (plan.events.empty()) return created;
  std::vector<v1::EventEnvelope> events = plan.events;
  auto appended = runner_.Append(stream, aggregate::CommandRunner::ExpectedFor(series.version),
                                 SeriesActor(), "", &events);
  // A concurrent stop or generation wins; the next run plans again from what it recorded.
  if (!appended.ok() && !absl::IsAborted(appended.status())) return appended.status();
  if (appended.ok()) runner_.AwaitProjection(appended->last_position);
  return created;
}

absl::StatusOr<int> ActivitiesApp::GenerateOccurrences() {
  std::vector<std::string> series_ids;
  {
    ASSIGN_OR_RETURN(auto view, runner_.engine().View(kActivitiesProjection));
    absl::Status failed;
    RETURN_IF_ERROR(
        view->Scan(keys::Prefix("ts"), "", [&](absl::string_view key, absl::string_view value) {
          v1::TaskSeries series;
          if (series.ParseFromString(std::string(value)) && series.active() &&
              !series.exhausted()) {
            series_ids.emplace_back(keys::TrailingId(key));
          }
          return true;
        }));
  }
  int created = 0;
  for (const std::string& id : series_ids) {
    ASSIGN_OR_RETURN(int n, GenerateSeries(id));
    created += n;
  }
  return created;
}

}  // namespace chronicle::activities
