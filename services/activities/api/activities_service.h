// The gRPC adapter of the activities service: authenticates each call, runs the application layer
// on the service's executor, and translates absl::Status into grpc::Status with google.rpc
// details. No domain logic lives here.
#ifndef CHRONICLE_ACTIVITIES_API_ACTIVITIES_SERVICE_H_
#define CHRONICLE_ACTIVITIES_API_ACTIVITIES_SERVICE_H_

#include "activities/app/activities_app.h"
#include "chronicle/server/unary_calls.h"
#include "chronicle/v1/activities.grpc.pb.h"

namespace chronicle::activities {

class ActivitiesService final : public v1::Activities::CallbackService {
 public:
  // `app` and `auth` must outlive the service.
  ActivitiesService(ActivitiesApp* app, const server::Authenticator* auth, int threads)
      : app_(app), calls_(auth, threads) {}

  CHRONICLE_DECLARE_UNARY(CreateEmployee, CreateEmployeeRequest, Employee)
  CHRONICLE_DECLARE_UNARY(UpdateEmployee, UpdateEmployeeRequest, Employee)
  CHRONICLE_DECLARE_UNARY(DeactivateEmployee, DeactivateEmployeeRequest, Employee)
  CHRONICLE_DECLARE_UNARY(ReactivateEmployee, ReactivateEmployeeRequest, Employee)
  CHRONICLE_DECLARE_UNARY(GetEmployee, GetEmployeeRequest, Employee)
  CHRONICLE_DECLARE_UNARY(ListEmployees, ListEmployeesRequest, ListEmployeesResponse)
  CHRONICLE_DECLARE_UNARY(CreateActivityType, CreateActivityTypeRequest, ActivityType)
  CHRONICLE_DECLARE_UNARY(DeleteActivityType, DeleteActivityTypeRequest, ActivityType)
  CHRONICLE_DECLARE_UNARY(ListActivityTypes, ListActivityTypesRequest, ListActivityTypesResponse)
  CHRONICLE_DECLARE_UNARY(LogActivity, LogActivityRequest, Activity)
  CHRONICLE_DECLARE_UNARY(GetActivity, GetActivityRequest, Activity)
  CHRONICLE_DECLARE_UNARY(RescheduleMeeting, RescheduleMeetingRequest, Activity)
  CHRONICLE_DECLARE_UNARY(HoldMeeting, HoldMeetingRequest, Activity)
  CHRONICLE_DECLARE_UNARY(CancelMeeting, CancelMeetingRequest, Activity)
  CHRONICLE_DECLARE_UNARY(ResolveComplaint, ResolveComplaintRequest, Activity)
  CHRONICLE_DECLARE_UNARY(RecordWebinarAttendance, RecordWebinarAttendanceRequest, Activity)
  CHRONICLE_DECLARE_UNARY(ListTimeline, ListTimelineRequest, ListTimelineResponse)
  CHRONICLE_DECLARE_UNARY(GetClientEngagement, GetClientEngagementRequest, ClientEngagement)
  CHRONICLE_DECLARE_UNARY(CreateTask, CreateTaskRequest, Task)
  CHRONICLE_DECLARE_UNARY(GetTask, GetTaskRequest, Task)
  CHRONICLE_DECLARE_UNARY(UpdateTask, UpdateTaskRequest, Task)
  CHRONICLE_DECLARE_UNARY(AssignTask, AssignTaskRequest, Task)
  CHRONICLE_DECLARE_UNARY(StartTask, StartTaskRequest, Task)
  CHRONICLE_DECLARE_UNARY(CompleteTask, CompleteTaskRequest, Task)
  CHRONICLE_DECLARE_UNARY(CancelTask, CancelTaskRequest, Task)
  CHRONICLE_DECLARE_UNARY(ReopenTask, ReopenTaskRequest, Task)
  CHRONICLE_DECLARE_UNARY(ListTasks, ListTasksRequest, ListTasksResponse)
  CHRONICLE_DECLARE_UNARY(ListTaskEvents, ListTaskEventsRequest, ListTaskEventsResponse)
  CHRONICLE_DECLARE_UNARY(CreateTaskSeries, CreateTaskSeriesRequest, TaskSeries)
  CHRONICLE_DECLARE_UNARY(GetTaskSeries, GetTaskSeriesRequest, TaskSeries)
  CHRONICLE_DECLARE_UNARY(StopTaskSeries, StopTaskSeriesRequest, TaskSeries)
  CHRONICLE_DECLARE_UNARY(ListCalendar, ListCalendarRequest, ListCalendarResponse)
  CHRONICLE_DECLARE_UNARY(CreateContactRule, CreateContactRuleRequest, ContactRule)
  CHRONICLE_DECLARE_UNARY(DeleteContactRule, DeleteContactRuleRequest, ContactRule)
  CHRONICLE_DECLARE_UNARY(ListContactRules, ListContactRulesRequest, ListContactRulesResponse)
  CHRONICLE_DECLARE_UNARY(ListOverdueContacts, ListOverdueContactsRequest,
                          ListOverdueContactsResponse)

 private:
  ActivitiesApp* app_;
  server::UnaryCalls calls_;
};

}  // namespace chronicle::activities

#endif  // CHRONICLE_ACTIVITIES_API_ACTIVITIES_SERVICE_H_
