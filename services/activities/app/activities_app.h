// The activities service's application layer: one method per RPC. Commands load their aggregate
// from the log, check references against the projection (clients, deals, companies, employees),
// decide with the domain, append, and wait for the projection (callers read their own writes);
// queries read the projection. A background thread keeps recurring tasks' occurrences created
// ahead. Thread-safe.
#ifndef CHRONICLE_ACTIVITIES_APP_ACTIVITIES_APP_H_
#define CHRONICLE_ACTIVITIES_APP_ACTIVITIES_APP_H_

#include <memory>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "activities/domain/activity.h"
#include "activities/domain/catalogs.h"
#include "activities/domain/employee.h"
#include "activities/domain/task.h"
#include "activities/domain/task_series.h"
#include "chronicle/aggregate/command_runner.h"
#include "chronicle/v1/activities.pb.h"

namespace chronicle::activities {

struct ActivitiesAppOptions {
  eventlog::EventLog* log = nullptr;
  projection::ProjectionEngine* engine = nullptr;  // runs the ActivitiesProjection
  const Clock* clock = &Clock::Real();
  // How often the background thread creates recurring tasks' next occurrences; zero: never
  // (tests call GenerateOccurrences themselves).
  absl::Duration occurrence_interval = absl::Hours(1);
};

class ActivitiesApp {
 public:
  static absl::StatusOr<std::unique_ptr<ActivitiesApp>> Create(const ActivitiesAppOptions& options);
  ~ActivitiesApp();

  absl::StatusOr<v1::Employee> CreateEmployee(const v1::Actor& actor,
                                              const v1::CreateEmployeeRequest& request);
  absl::StatusOr<v1::Employee> UpdateEmployee(const v1::Actor& actor,
                                              const v1::UpdateEmployeeRequest& request);
  absl::StatusOr<v1::Employee> SetEmployeeActive(const v1::Actor& actor, const std::string& name,
                                                 bool active);
  absl::StatusOr<v1::Employee> GetEmployee(const v1::GetEmployeeRequest& request);
  absl::Status ListEmployees(const v1::ListEmployeesRequest& request,
                             v1::ListEmployeesResponse* response);

  absl::StatusOr<v1::ActivityType> CreateActivityType(const v1::Actor& actor,
                                                      const v1::CreateActivityTypeRequest& request);
  absl::StatusOr<v1::ActivityType> DeleteActivityType(const v1::Actor& actor,
                                                      const v1::DeleteActivityTypeRequest& request);
  absl::Status ListActivityTypes(const v1::ListActivityTypesRequest& request,
                                 v1::ListActivityTypesResponse* response);

  absl::StatusOr<v1::Activity> LogActivity(const v1::Actor& actor,
                                           const v1::LogActivityRequest& request);
  absl::StatusOr<v1::Activity> GetActivity(const v1::GetActivityRequest& request);
  absl::StatusOr<v1::Activity> RescheduleMeeting(const v1::Actor& actor,
                                                 const v1::RescheduleMeetingRequest& request);
  absl::StatusOr<v1::Activity> HoldMeeting(const v1::Actor& actor,
                                           const v1::HoldMeetingRequest& request);
  absl::StatusOr<v1::Activity> CancelMeeting(const v1::Actor& actor,
                                             const v1::CancelMeetingRequest& request);
  absl::StatusOr<v1::Activity> ResolveComplaint(const v1::Actor& actor,
                                                const v1::ResolveComplaintRequest& request);
  absl::StatusOr<v1::Activity> RecordWebinarAttendance(
      const v1::Actor& actor, const v1::RecordWebinarAttendanceRequest& request);

  absl::Status ListTimeline(const v1::ListTimelineRequest& request,
                            v1::ListTimelineResponse* response);
  absl::StatusOr<v1::ClientEngagement> GetClientEngagement(
      const v1::GetClientEngagementRequest& request);

  absl::StatusOr<v1::Task> CreateTask(const v1::Actor& actor, const v1::CreateTaskRequest& request);
  absl::StatusOr<v1::Task> GetTask(const v1::GetTaskRequest& request);
  absl::StatusOr<v1::Task> UpdateTask(const v1::Actor& actor, const v1::UpdateTaskRequest& request);
  absl::StatusOr<v1::Task> AssignTask(const v1::Actor& actor, const v1::AssignTaskRequest& request);
  absl::StatusOr<v1::Task> StartTask(const v1::Actor& actor, const v1::StartTaskRequest& request);
  absl::StatusOr<v1::Task> CompleteTask(const v1::Actor& actor,
                                        const v1::CompleteTaskRequest& request);
  absl::StatusOr<v1::Task> CancelTask(const v1::Actor& actor, const v1::CancelTaskRequest& request);
  absl::StatusOr<v1::Task> ReopenTask(const v1::Actor& actor, const v1::ReopenTaskRequest& request);
  absl::Status ListTasks(const v1::ListTasksRequest& request, v1::ListTasksResponse* response);
  absl::Status ListTaskEvents(const v1::ListTaskEventsRequest& request,
                              v1::ListTaskEventsResponse* response);

  absl::StatusOr<v1::TaskSeries> CreateTaskSeries(const v1::Actor& actor,
                                                  const v1::CreateTaskSeriesRequest& request);
  absl::StatusOr<v1::TaskSeries> GetTaskSeries(const v1::GetTaskSeriesRequest& request);
  absl::StatusOr<v1::TaskSeries> StopTaskSeries(const v1::Actor& actor,
                                                const v1::StopTaskSeriesRequest& request);
  // Creates every active series' occurrences that entered the window; idempotent. Returns how
  // many tasks it created.
  absl::StatusOr<int> GenerateOccurrences();

  absl::Status ListCalendar(const v1::ListCalendarRequest& request,
                            v1::ListCalendarResponse* response);

  absl::StatusOr<v1::ContactRule> CreateContactRule(const v1::Actor& actor,
                                                    const v1::CreateContactRuleRequest& request);
  absl::StatusOr<v1::ContactRule> DeleteContactRule(const v1::Actor& actor,
                                                    const v1::DeleteContactRuleRequest& request);
  absl::Status ListContactRules(const v1::ListContactRulesRequest& request,
                                v1::ListContactRulesResponse* response);
  absl::Status ListOverdueContacts(const v1::ListOverdueContactsRequest& request,
                                   v1::ListOverdueContactsResponse* response);

 private:
  explicit ActivitiesApp(const ActivitiesAppOptions& options);

  // References a command makes, checked against the projection (caught up once when missing:
  // what was created a moment ago may not have reached it yet). INVALID_ARGUMENT naming `field`.
  absl::StatusOr<std::string> ResolveClient(const std::string& client, const std::string& field);
  absl::Status CheckDeal(const std::string& deal, const std::string& field);
  absl::Status CheckCompany(const std::string& company, const std::string& field);
  // An active employee, or INVALID_ARGUMENT naming `field`.
  absl::StatusOr<v1::Employee> RequireEmployee(const std::string& id, const std::string& field);
  absl::StatusOr<EmployeeState> LoadEmployee(const std::string& id);
  // Resolves client, checks deal and company of a task (or series template) in place.
  absl::Status ResolveTaskLinks(v1::Task* task, const std::string& field_prefix);

  absl::StatusOr<v1::Employee> RunEmployee(const v1::Actor& actor, const std::string& name,
                                           const aggregate::Decision<EmployeeState>& decide);
  absl::StatusOr<v1::Activity> RunActivity(const v1::Actor& actor, const std::string& name,
                                           const aggregate::Decision<ActivityState>& decide);
  absl::StatusOr<v1::Task> RunTask(const v1::Actor& actor, const std::string& name,
                                   const aggregate::Decision<TaskState>& decide);
  absl::StatusOr<int> GenerateSeries(const std::string& series_id);

  void RunOccurrenceLoop(absl::Duration interval);

  aggregate::CommandRunner runner_;
  absl::Mutex stop_mu_;
  bool stopping_ ABSL_GUARDED_BY(stop_mu_) = false;
  std::thread occurrence_thread_;
};

}  // namespace chronicle::activities

#endif  // CHRONICLE_ACTIVITIES_APP_ACTIVITIES_APP_H_
