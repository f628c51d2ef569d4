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

#define CHRONICLE_ACTIVITIES_RPC(Method, Request, Response)              \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* context, \
                                   const v1::Request* request, v1::Response* response) override;
  CHRONICLE_ACTIVITIES_RPC(CreateEmployee, CreateEmployeeRequest, Employee)
  CHRONICLE_ACTIVITIES_RPC(UpdateEmployee, UpdateEmployeeRequest, Employee)
  CHRONICLE_ACTIVITIES_RPC(DeactivateEmployee, DeactivateEmployeeRequest, Employee)
  CHRONICLE_ACTIVITIES_RPC(ReactivateEmployee, ReactivateEmployeeRequest, Employee)
  CHRONICLE_ACTIVITIES_RPC(GetEmployee, GetEmployeeRequest, Employee)
  CHRONICLE_ACTIVITIES_RPC(ListEmployees, ListEmployeesRequest, ListEmployeesResponse)
  CHRONICLE_ACTIVITIES_RPC(CreateActivityType, CreateActivityTypeRequest, ActivityType)
  CHRONICLE_ACTIVITIES_RPC(DeleteActivityType, DeleteActivityTypeRequest, ActivityType)
  CHRONICLE_ACTIVITIES_RPC(ListActivityTypes, ListActivityTypesRequest, ListActivityTypesResponse)
  CHRONICLE_ACTIVITIES_RPC(LogActivity, LogActivityRequest, Activity)
  CHRONICLE_ACTIVITIES_RPC(GetActivity, GetActivityRequest, Activity)
  CHRONICLE_ACTIVITIES_RPC(RescheduleMeeting, RescheduleMeetingRequest, Activity)
  CHRONICLE_ACTIVITIES_RPC(HoldMeeting, HoldMeetingRequest, Activity)
  CHRONICLE_ACTIVITIES_RPC(CancelMeeting, CancelMeetingRequest, Activity)
  CHRONICLE_ACTIVITIES_RPC(ResolveComplaint, ResolveComplaintRequest, Activity)
  CHRONICLE_ACTIVITIES_RPC(RecordWebinarAttendance, RecordWebinarAttendanceRequest, Activity)
  CHRONICLE_ACTIVITIES_RPC(ListTimeline, ListTimelineRequest, ListTimelineResponse)
  CHRONICLE_ACTIVITIES_RPC(GetClientEngagement, GetClientEngagementRequest, ClientEngagement)
  CHRONICLE_ACTIVITIES_RPC(CreateTask, CreateTaskRequest, Task)
  CHRONICLE_ACTIVITIES_RPC(GetTask, GetTaskRequest, Task)
  CHRONICLE_ACTIVITIES_RPC(UpdateTask, UpdateTaskRequest, Task)
  CHRONICLE_ACTIVITIES_RPC(AssignTask, AssignTaskRequest, Task)
  CHRONICLE_ACTIVITIES_RPC(StartTask, StartTaskRequest, Task)
  CHRONICLE_ACTIVITIES_RPC(CompleteTask, CompleteTaskRequest, Task)
  CHRONICLE_ACTIVITIES_RPC(CancelTask, CancelTaskRequest, Task)
  CHRONICLE_ACTIVITIES_RPC(ReopenTask, ReopenTaskRequest, Task)
  CHRONICLE_ACTIVITIES_RPC(ListTasks, ListTasksRequest, ListTasksResponse)
  CHRONICLE_ACTIVITIES_RPC(ListTaskEvents, ListTaskEventsRequest, ListTaskEventsResponse)
  CHRONICLE_ACTIVITIES_RPC(CreateTaskSeries, CreateTaskSeriesRequest, TaskSeries)
  CHRONICLE_ACTIVITIES_RPC(GetTaskSeries, GetTaskSeriesRequest, TaskSeries)
  CHRONICLE_ACTIVITIES_RPC(StopTaskSeries, StopTaskSeriesRequest, TaskSeries)
  CHRONICLE_ACTIVITIES_RPC(ListCalendar, ListCalendarRequest, ListCalendarResponse)
  CHRONICLE_ACTIVITIES_RPC(CreateContactRule, CreateContactRuleRequest, ContactRule)
  CHRONICLE_ACTIVITIES_RPC(DeleteContactRule, DeleteContactRuleRequest, ContactRule)
  CHRONICLE_ACTIVITIES_RPC(ListContactRules, ListContactRulesRequest, ListContactRulesResponse)
  CHRONICLE_ACTIVITIES_RPC(ListOverdueContacts, ListOverdueContactsRequest,
                           ListOverdueContactsResponse)
#undef CHRONICLE_ACTIVITIES_RPC

 private:
  ActivitiesApp* app_;
  server::UnaryCalls calls_;
};

}  // namespace chronicle::activities

#endif  // CHRONICLE_ACTIVITIES_API_ACTIVITIES_SERVICE_H_
