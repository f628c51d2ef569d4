#include "activities/api/activities_service.h"

namespace chronicle::activities {

using server::Access;
using server::Into;

// Each RPC: one line naming the access it needs and the app method it runs. The employee
// directory, activity types and contact rules are the workspace's rules: admins change them.
#define CHRONICLE_UNARY(...) CHRONICLE_DEFINE_UNARY(ActivitiesService, __VA_ARGS__)

CHRONICLE_UNARY(CreateEmployee, CreateEmployeeRequest, Employee, Access::kAdmin,
                return Into(app_->CreateEmployee(actor, *request), response))
CHRONICLE_UNARY(UpdateEmployee, UpdateEmployeeRequest, Employee, Access::kAdmin,
                return Into(app_->UpdateEmployee(actor, *request), response))
CHRONICLE_UNARY(DeactivateEmployee, DeactivateEmployeeRequest, Employee, Access::kAdmin,
                return Into(app_->SetEmployeeActive(actor, request->name(), false), response))
CHRONICLE_UNARY(ReactivateEmployee, ReactivateEmployeeRequest, Employee, Access::kAdmin,
                return Into(app_->SetEmployeeActive(actor, request->name(), true), response))
CHRONICLE_UNARY(GetEmployee, GetEmployeeRequest, Employee, Access::kAnyUser,
                return Into(app_->GetEmployee(*request), response))
CHRONICLE_UNARY(ListEmployees, ListEmployeesRequest, ListEmployeesResponse, Access::kAnyUser,
                return app_->ListEmployees(*request, response))
CHRONICLE_UNARY(CreateActivityType, CreateActivityTypeRequest, ActivityType, Access::kAdmin,
                return Into(app_->CreateActivityType(actor, *request), response))
CHRONICLE_UNARY(DeleteActivityType, DeleteActivityTypeRequest, ActivityType, Access::kAdmin,
                return Into(app_->DeleteActivityType(actor, *request), response))
CHRONICLE_UNARY(ListActivityTypes, ListActivityTypesRequest, ListActivityTypesResponse,
                Access::kAnyUser, return app_->ListActivityTypes(*request, response))
CHRONICLE_UNARY(LogActivity, LogActivityRequest, Activity, Access::kAnyUser,
                return Into(app_->LogActivity(actor, *request), response))
CHRONICLE_UNARY(GetActivity, GetActivityRequest, Activity, Access::kAnyUser,
                return Into(app_->GetActivity(*request), response))
CHRONICLE_UNARY(RescheduleMeeting, RescheduleMeetingRequest, Activity, Access::kAnyUser,
                return Into(app_->RescheduleMeeting(actor, *request), response))
CHRONICLE_UNARY(HoldMeeting, HoldMeetingRequest, Activity, Access::kAnyUser,
                return Into(app_->HoldMeeting(actor, *request), response))
CHRONICLE_UNARY(CancelMeeting, CancelMeetingRequest, Activity, Access::kAnyUser,
                return Into(app_->CancelMeeting(actor, *request), response))
CHRONICLE_UNARY(ResolveComplaint, ResolveComplaintRequest, Activity, Access::kAnyUser,
                return Into(app_->ResolveComplaint(actor, *request), response))
CHRONICLE_UNARY(RecordWebinarAttendance, RecordWebinarAttendanceRequest, Activity, Access::kAnyUser,
                return Into(app_->RecordWebinarAttendance(actor, *request), response))
CHRONICLE_UNARY(ListTimeline, ListTimelineRequest, ListTimelineResponse, Access::kAnyUser,
                return app_->ListTimeline(*request, response))
CHRONICLE_UNARY(GetClientEngagement, GetClientEngagementRequest, ClientEngagement, Access::kAnyUser,
                return Into(app_->GetClientEngagement(*request), response))
CHRONICLE_UNARY(CreateTask, CreateTaskRequest, Task, Access::kAnyUser,
                return Into(app_->CreateTask(actor, *request), response))
CHRONICLE_UNARY(GetTask, GetTaskRequest, Task, Access::kAnyUser,
                return Into(app_->GetTask(*request), response))
CHRONICLE_UNARY(UpdateTask, UpdateTaskRequest, Task, Access::kAnyUser,
                return Into(app_->UpdateTask(actor, *request), response))
CHRONICLE_UNARY(AssignTask, AssignTaskRequest, Task, Access::kAnyUser,
                return Into(app_->AssignTask(actor, *request), response))
CHRONICLE_UNARY(StartTask, StartTaskRequest, Task, Access::kAnyUser,
                return Into(app_->StartTask(actor, *request), response))
CHRONICLE_UNARY(CompleteTask, CompleteTaskRequest, Task, Access::kAnyUser,
                return Into(app_->CompleteTask(actor, *request), response))
CHRONICLE_UNARY(CancelTask, CancelTaskRequest, Task, Access::kAnyUser,
                return Into(app_->CancelTask(actor, *request), response))
CHRONICLE_UNARY(ReopenTask, ReopenTaskRequest, Task, Access::kAnyUser,
                return Into(app_->ReopenTask(actor, *request), response))
CHRONICLE_UNARY(ListTasks, ListTasksRequest, ListTasksResponse, Access::kAnyUser,
                return app_->ListTasks(*request, response))
CHRONICLE_UNARY(ListTaskEvents, ListTaskEventsRequest, ListTaskEventsResponse, Access::kAnyUser,
                return app_->ListTaskEvents(*request, response))
CHRONICLE_UNARY(CreateTaskSeries, CreateTaskSeriesRequest, TaskSeries, Access::kAnyUser,
                return Into(app_->CreateTaskSeries(actor, *request), response))
CHRONICLE_UNARY(GetTaskSeries, GetTaskSeriesRequest, TaskSeries, Access::kAnyUser,
                return Into(app_->GetTaskSeries(*request), response))
CHRONICLE_UNARY(StopTaskSeries, StopTaskSeriesRequest, TaskSeries, Access::kAnyUser,
                return Into(app_->StopTaskSeries(actor, *request), response))
CHRONICLE_UNARY(ListCalendar, ListCalendarRequest, ListCalendarResponse, Access::kAnyUser,
                return app_->ListCalendar(*request, response))
CHRONICLE_UNARY(CreateContactRule, CreateContactRuleRequest, ContactRule, Access::kAdmin,
                return Into(app_->CreateContactRule(actor, *request), response))
CHRONICLE_UNARY(DeleteContactRule, DeleteContactRuleRequest, ContactRule, Access::kAdmin,
                return Into(app_->DeleteContactRule(actor, *request), response))
CHRONICLE_UNARY(ListContactRules, ListContactRulesRequest, ListContactRulesResponse,
                Access::kAnyUser, return app_->ListContactRules(*request, response))
CHRONICLE_UNARY(ListOverdueContacts, ListOverdueContactsRequest, ListOverdueContactsResponse,
                Access::kAnyUser, return app_->ListOverdueContacts(*request, response))

#undef CHRONICLE_UNARY

}  // namespace chronicle::activities
