// The activities service through gRPC on loopback, against an in-process chronicled running
// contacts, deals and activities: a manager's call and promise on a lead, seen by a substitute in
// the timeline and the engagement view; tasks and their state machine; a recurring series; the
// calendar; and bad input that gets a precise error and writes nothing.
#include <set>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/v1/activities.grpc.pb.h"
#include "chronicle/v1/contacts.grpc.pb.h"
#include "chronicle/v1/deals.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "service_api_test.h"

namespace chronicle {
namespace {

using aggregate::FromProtoTime;
using aggregate::ToProtoTime;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

using testing::BadFields;
using testing::kAdminToken;
using testing::kAnnaToken;
using testing::kIgorToken;

class ActivitiesApiTest : public testing::ServiceApiTest {
 protected:
  void SetUp() override {
    StartServer({"contacts", "deals", "activities"});
    activities_ = v1::Activities::NewStub(channel_);
    deals_ = v1::Deals::NewStub(channel_);
    contacts_ = v1::Contacts::NewStub(channel_);
    Employee("anna", "Анна Петрова", "Продажи", "Europe/Moscow");
    Employee("igor", "Игорь Коваленко", "Продажи", "Europe/Kyiv");
    client_ = Lead("+7 912 345-67-89");
  }

  void Employee(const char* id, const char* name, const char* department, const char* zone) {
    v1::CreateEmployeeRequest request;
    request.set_employee_id(id);
    request.mutable_employee()->set_display_name(name);
    request.mutable_employee()->set_department(department);
    request.mutable_employee()->set_time_zone(zone);
    v1::Employee created;
    grpc::Status status =
        activities_->CreateEmployee(Context(kAdminToken).get(), request, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  std::string Lead(const std::string& phone) {
    v1::SubmitInquiryRequest request;
    request.set_request_id("form-" + phone);
    request.set_contact_name("Иванова Александра");
    request.add_phones()->set_number(phone);
    v1::SubmitInquiryResponse response;
    grpc::Status status = contacts_->SubmitInquiry(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.client().name();
  }

  std::string Deal(const std::string& client) {
    v1::CreatePipelineRequest pipeline;
    pipeline.set_pipeline_id("sales");
    pipeline.mutable_pipeline()->set_display_name("Продажи");
    for (auto [id, kind] : {std::pair{"lead", v1::STAGE_KIND_OPEN},
                            {"won", v1::STAGE_KIND_WON},
                            {"lost", v1::STAGE_KIND_LOST}}) {
      v1::Stage* stage = pipeline.mutable_pipeline()->add_stages();
      stage->set_id(id);
      stage->set_display_name(id);
      stage->set_kind(kind);
    }
    v1::Pipeline created_pipeline;
    EXPECT_TRUE(
        deals_->CreatePipeline(Context(kAdminToken).get(), pipeline, &created_pipeline).ok());
    v1::CreateDealRequest request;
    request.mutable_deal()->set_pipeline("pipelines/sales");
    request.mutable_deal()->set_client(client);
    request.mutable_deal()->set_title("Курс для отдела продаж");
    v1::Deal deal;
    grpc::Status status = deals_->CreateDeal(Context().get(), request, &deal);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return deal.name();
  }

  grpc::Status Call(const char* token, v1::CallOutcome outcome, v1::Activity* out,
                    const std::string& request_id = "") {
    v1::LogActivityRequest request;
    request.set_request_id(request_id);
    v1::Activity& activity = *request.mutable_activity();
    activity.set_client(client_);
    activity.set_comment("Обсудили тариф, перезвонить завтра в 13:30");
    activity.mutable_call()->set_direction(v1::DIRECTION_OUTBOUND);
    activity.mutable_call()->set_outcome(outcome);
    activity.mutable_call()->mutable_duration()->set_seconds(185);
    return activities_->LogActivity(Context(token).get(), request, out);
  }

  grpc::Status Task(const char* token, const std::string& due_local, v1::Task* out,
                    bool allow_past = false) {
    v1::CreateTaskRequest request;
    request.mutable_task()->set_title("Перезвонить по тарифу");
    request.mutable_task()->set_client(client_);
    request.mutable_task()->set_kind(v1::TASK_KIND_CALL);
    request.mutable_task()->set_due_local_time(due_local);
    request.set_allow_past_due(allow_past);
    return activities_->CreateTask(Context(token).get(), request, out);
  }

  std::vector<v1::TimelineEntry> Timeline(const std::string& parent, const std::string& filter = "",
                                          std::vector<std::string> kinds = {}, int page_size = 0) {
    std::vector<v1::TimelineEntry> all;
    v1::ListTimelineRequest request;
    request.set_parent(parent);
    request.set_filter(filter);
    request.set_page_size(page_size);
    for (const std::string& kind : kinds) request.add_kinds(kind);
    for (int page = 0; page < 100; ++page) {
      v1::ListTimelineResponse response;
      grpc::Status status =
          activities_->ListTimeline(Context(kIgorToken).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      all.insert(all.end(), response.entries().begin(), response.entries().end());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return all;
  }

  static std::string Tomorrow(const char* zone, const char* time) {
    absl::TimeZone tz;
    absl::LoadTimeZone(zone, &tz);
    return absl::StrCat(absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), tz) + 1), "T", time);
  }

  std::unique_ptr<v1::Activities::Stub> activities_;
  std::unique_ptr<v1::Deals::Stub> deals_;
  std::unique_ptr<v1::Contacts::Stub> contacts_;
  std::string client_;
};

TEST_F(ActivitiesApiTest, ASubstituteSeesTheCallThePromiseAndTheDealInTheTimeline) {
  const std::string deal = Deal(client_);
  v1::Activity call;
  ASSERT_TRUE(Call(kAnnaToken, v1::CALL_OUTCOME_AGREED, &call).ok());
  EXPECT_EQ(call.employee(), "anna");
  EXPECT_EQ(call.department(), "Продажи");
  EXPECT_TRUE(call.counts_as_contact());
  v1::Task promise;
  grpc::Status created = Task(kAnnaToken, Tomorrow("Europe/Moscow", "13:30"), &promise);
  ASSERT_TRUE(created.ok()) << created.error_message();
  EXPECT_EQ(promise.time_zone(), "Europe/Moscow");  // the assignee's zone

  // Newest first: the task, the call, the deal, the card's own events.
  const std::vector<v1::TimelineEntry> all = Timeline(client_);
  ASSERT_GE(all.size(), 5u);
  EXPECT_EQ(all[0].kind(), "task");
  EXPECT_EQ(all[1].kind(), "call");
  EXPECT_EQ(all[1].summary(), "Звонок исходящий: договорились (4 мин)");
  EXPECT_EQ(all[1].activity().comment(), call.comment());
  EXPECT_EQ(all[2].kind(), "deal");
  std::set<std::string> kinds;
  for (const auto& e : all) kinds.insert(e.kind());
  EXPECT_THAT(kinds, UnorderedElementsAre("task", "call", "deal", "contact"));
  for (size_t i = 1; i < all.size(); ++i) {
    EXPECT_GE(FromProtoTime(all[i - 1].occur_time()), FromProtoTime(all[i].occur_time()));
  }
  // Pages of one entry give the same entries in the same order.
  const std::vector<v1::TimelineEntry> paged = Timeline(client_, "", {}, 1);
  ASSERT_EQ(paged.size(), all.size());
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(paged[i].event_id(), all[i].event_id());

  EXPECT_EQ(Timeline(client_, "kind = call").size(), 1u);
  EXPECT_EQ(Timeline(client_, "", {"call", "task"}).size(), 2u);
  EXPECT_EQ(Timeline(client_, "employee = \"anna\" AND kind = call").size(), 1u);
  EXPECT_TRUE(Timeline(client_, "employee = \"igor\"").empty());
  const std::string later =
      absl::FormatTime(absl::RFC3339_full, absl::Now() + absl::Hours(1), absl::UTCTimeZone());
  EXPECT_TRUE(Timeline(client_, absl::StrCat("occur_time > \"", later, "\"")).empty());
  EXPECT_EQ(Timeline(client_, absl::StrCat("occur_time < \"", later, "\"")).size(), all.size());
  // The deal's timeline has its own events and the client's activities do not leak into it.
  const std::vector<v1::TimelineEntry> deal_timeline = Timeline(deal);
  ASSERT_EQ(deal_timeline.size(), 1u);
  EXPECT_EQ(deal_timeline[0].kind(), "deal");

  // Igor, about to call, sees Anna's work with the client.
  v1::GetClientEngagementRequest request;
  request.set_client(client_);
  v1::ClientEngagement engagement;
  ASSERT_TRUE(
      activities_->GetClientEngagement(Context(kIgorToken).get(), request, &engagement).ok());
  ASSERT_EQ(engagement.employees_size(), 1);
  const v1::EmployeeEngagement& anna = engagement.employees(0);
  EXPECT_EQ(anna.employee(), "anna");
  EXPECT_EQ(anna.display_name(), "Анна Петрова");
  ASSERT_EQ(anna.open_tasks_size(), 1);
  EXPECT_EQ(anna.open_tasks(0).name(), promise.name());
  ASSERT_EQ(anna.open_deals_size(), 1);
  EXPECT_EQ(anna.open_deals(0).name(), deal);
  EXPECT_EQ(anna.recent_activity_count(), 1);

  // The call moved the card's last-contact time in the contacts service too.
  v1::GetClientRequest get;
  get.set_name(client_);
  v1::Client card;
  ASSERT_TRUE(contacts_->GetClient(Context().get(), get, &card).ok());
  EXPECT_EQ(FromProtoTime(card.last_contact_time()), FromProtoTime(call.occur_time()));
}

TEST_F(ActivitiesApiTest, EveryRpcRefusesCallsWithoutAValidToken) {
  ExpectEveryRpcNeedsAToken("chronicle.v1.Activities");
}

TEST_F(ActivitiesApiTest, LoggingIsIdempotentByRequestId) {
  v1::Activity first, second;
  ASSERT_TRUE(Call(kAnnaToken, v1::CALL_OUTCOME_NO_ANSWER, &first, "pbx-call-42").ok());
  const uint64_t head = Head();
  ASSERT_TRUE(Call(kAnnaToken, v1::CALL_OUTCOME_NO_ANSWER, &second, "pbx-call-42").ok());
  EXPECT_EQ(first.name(), second.name());
  EXPECT_EQ(Head(), head);
  EXPECT_FALSE(first.counts_as_contact());
}

TEST_F(ActivitiesApiTest, BadInputIsNamedAndWritesNothing) {
  const uint64_t head = Head();
  v1::LogActivityRequest log;
  log.mutable_activity()->set_client("clients/nobody");
  log.mutable_activity()->mutable_call()->set_outcome(v1::CALL_OUTCOME_AGREED);
  v1::Activity activity;
  grpc::Status status = activities_->LogActivity(Context().get(), log, &activity);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("activity.call.direction"));
  log.mutable_activity()->mutable_call()->set_direction(v1::DIRECTION_INBOUND);
  status = activities_->LogActivity(Context().get(), log, &activity);
  EXPECT_THAT(BadFields(status), ElementsAre("activity.client"));
  log.mutable_activity()->set_client(client_);
  log.mutable_activity()->set_employee("ghost");
  status = activities_->LogActivity(Context().get(), log, &activity);
  EXPECT_THAT(BadFields(status), ElementsAre("activity.employee"));

  v1::Task task;
  status = Task(kAnnaToken, "2020-01-01T10:00", &task);
  EXPECT_THAT(BadFields(status), ElementsAre("task.due_local_time"));
  v1::CreateTaskRequest unknown;
  unknown.mutable_task()->set_title("x");
  unknown.mutable_task()->set_assignee("ghost");
  *unknown.mutable_task()->mutable_due_time() = ToProtoTime(absl::Now() + absl::Hours(1));
  status = activities_->CreateTask(Context().get(), unknown, &task);
  EXPECT_THAT(BadFields(status), ElementsAre("task.assignee"));
  unknown.mutable_task()->set_assignee("igor");
  unknown.mutable_task()->set_deal("deals/none");
  status = activities_->CreateTask(Context().get(), unknown, &task);
  EXPECT_THAT(BadFields(status), ElementsAre("task.deal"));

  v1::CreateTaskSeriesRequest series;
  series.mutable_series()->mutable_template_()->set_title("Ежемесячный созвон");
  series.mutable_series()->set_rrule("FREQ=MONTHLY;BYSETPOS=1;BYDAY=MO");
  series.mutable_series()->set_start_local_time("2027-01-04T10:00");
  v1::TaskSeries created;
  status = activities_->CreateTaskSeries(Context().get(), series, &created);
  EXPECT_THAT(BadFields(status), ElementsAre("series.rrule"));
  EXPECT_THAT(status.error_message(), HasSubstr("BYSETPOS"));

  v1::CreateEmployeeRequest employee;
  employee.set_employee_id("olga");
  employee.mutable_employee()->set_display_name("Ольга");
  v1::Employee out;
  EXPECT_EQ(activities_->CreateEmployee(Context().get(), employee, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Head(), head) << "refused commands must write nothing";
}

TEST_F(ActivitiesApiTest, TaskStatesReassignmentAndLists) {
  v1::Task task;
  ASSERT_TRUE(Task(kAnnaToken, Tomorrow("Europe/Moscow", "10:00"), &task).ok());
  v1::Task overdue;
  ASSERT_TRUE(Task(kAnnaToken, "2026-01-05T10:00", &overdue, /*allow_past=*/true).ok());
  EXPECT_TRUE(overdue.overdue());

  v1::CompleteTaskRequest complete;
  complete.set_name(task.name());
  complete.set_result("Клиент согласен на демо");
  v1::Task done;
  ASSERT_TRUE(activities_->CompleteTask(Context().get(), complete, &done).ok());
  EXPECT_EQ(done.state(), v1::TASK_STATE_DONE);
  v1::StartTaskRequest start;
  start.set_name(task.name());
  v1::Task out;
  grpc::Status refused = activities_->StartTask(Context().get(), start, &out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(refused.error_message(), HasSubstr("reopen it first"));
  v1::ReopenTaskRequest reopen;
  reopen.set_name(task.name());
  ASSERT_TRUE(activities_->ReopenTask(Context().get(), reopen, &out).ok());
  EXPECT_EQ(out.state(), v1::TASK_STATE_OPEN);

  v1::AssignTaskRequest assign;
  assign.set_name(task.name());
  assign.set_assignee("igor");
  assign.set_reason("Анна в отпуске");
  assign.set_etag(out.etag());
  ASSERT_TRUE(activities_->AssignTask(Context().get(), assign, &out).ok());
  ASSERT_EQ(out.assignments_size(), 2);
  EXPECT_EQ(out.assignments(1).assignee(), "igor");
  assign.set_assignee("anna");  // the etag is stale now
  EXPECT_EQ(activities_->AssignTask(Context().get(), assign, &out).error_code(),
            grpc::StatusCode::ABORTED);

  auto list = [&](const char* parent, v1::TaskView view, const std::string& filter = "") {
    v1::ListTasksRequest request;
    request.set_parent(parent);
    request.set_view(view);
    request.set_filter(filter);
    v1::ListTasksResponse response;
    grpc::Status status = activities_->ListTasks(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const auto& t : response.tasks()) names.push_back(t.name());
    return names;
  };
  EXPECT_THAT(list("employees/anna", v1::TASK_VIEW_OVERDUE), ElementsAre(overdue.name()));
  EXPECT_THAT(list("employees/anna", v1::TASK_VIEW_TODAY), ElementsAre(overdue.name()));
  EXPECT_THAT(list("employees/igor", v1::TASK_VIEW_UNSPECIFIED), ElementsAre(task.name()));
  EXPECT_THAT(list("employees/-", v1::TASK_VIEW_UNSPECIFIED),
              ElementsAre(overdue.name(), task.name()));
  EXPECT_THAT(list("employees/-", v1::TASK_VIEW_UNSPECIFIED, "state = DONE"), ElementsAre());

  v1::ListTaskEventsRequest events;
  events.set_name(task.name());
  v1::ListTaskEventsResponse history;
  ASSERT_TRUE(activities_->ListTaskEvents(Context().get(), events, &history).ok());
  std::vector<std::string> types;
  for (const auto& e : history.events()) types.push_back(e.event_type());
  EXPECT_THAT(types, ElementsAre("activities.TaskCreated", "activities.TaskCompleted",
                                 "activities.TaskReopened", "activities.TaskReassigned"));
}

TEST_F(ActivitiesApiTest, ARecurringSeriesCreatesItsOccurrencesInTheWindow) {
  v1::CreateTaskSeriesRequest request;
  request.set_request_id("monthly-check-in");
  v1::TaskSeries& series = *request.mutable_series();
  series.mutable_template_()->set_title("Ежемесячный созвон");
  series.mutable_template_()->set_client(client_);
  series.set_rrule("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=12");
  absl::TimeZone moscow;
  absl::LoadTimeZone("Europe/Moscow", &moscow);
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), moscow);
  series.set_start_local_time(absl::StrCat(absl::FormatCivilTime(today + 1), "T11:00"));
  v1::TaskSeries created;
  grpc::Status status = activities_->CreateTaskSeries(Context().get(), request, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // Last days of months from tomorrow within 90 days, counted by hand from the calendar.
  int expected = 0;
  const absl::Time horizon = absl::Now() + absl::Hours(24 * 90);
  for (absl::CivilMonth month(today + 1); expected < 12; ++month) {
    const absl::CivilDay last = absl::CivilDay(month + 1) - 1;
    if (last < today + 1) continue;
    if (absl::FromCivil(absl::CivilSecond(last.year(), last.month(), last.day(), 11, 0, 0),
                        moscow) > horizon) {
      break;
    }
    ++expected;
  }
  EXPECT_EQ(created.generated_count(), expected);
  v1::ListTasksRequest list;
  list.set_parent("employees/anna");
  list.set_filter(absl::StrCat("series = \"", created.name(), "\""));
  v1::ListTasksResponse tasks;
  ASSERT_TRUE(activities_->ListTasks(Context().get(), list, &tasks).ok());
  ASSERT_EQ(tasks.tasks_size(), expected);
  for (const v1::Task& t : tasks.tasks()) {
    const absl::CivilSecond local = absl::ToCivilSecond(FromProtoTime(t.due_time()), moscow);
    EXPECT_EQ(absl::CivilDay(local) + 1, absl::CivilDay(absl::CivilMonth(local) + 1))
        << t.due_local_time();
    EXPECT_EQ(local.hour(), 11);
  }
  // The same request again is the same series, and creates nothing more.
  v1::TaskSeries again;
  ASSERT_TRUE(activities_->CreateTaskSeries(Context().get(), request, &again).ok());
  EXPECT_EQ(again.name(), created.name());
  v1::ListTasksResponse same;
  ASSERT_TRUE(activities_->ListTasks(Context().get(), list, &same).ok());
  EXPECT_EQ(same.tasks_size(), expected);
}

TEST_F(ActivitiesApiTest, TheCalendarShowsPlannedMeetingsToEveryParticipant) {
  v1::LogActivityRequest request;
  v1::Activity& meeting = *request.mutable_activity();
  meeting.set_client(client_);
  meeting.set_comment("Презентация тарифа");
  const absl::Time start = absl::Now() + absl::Hours(48);
  *meeting.mutable_meeting()->mutable_start_time() = ToProtoTime(start);
  *meeting.mutable_meeting()->mutable_end_time() = ToProtoTime(start + absl::Hours(1));
  meeting.mutable_meeting()->add_participants("igor");
  v1::Activity planned;
  ASSERT_TRUE(activities_->LogActivity(Context().get(), request, &planned).ok());
  EXPECT_EQ(planned.meeting().state(), v1::MEETING_STATE_PLANNED);

  auto calendar = [&](const char* employee) {
    v1::ListCalendarRequest list;
    list.set_employee(employee);
    *list.mutable_start_time() = ToProtoTime(absl::Now());
    *list.mutable_end_time() = ToProtoTime(absl::Now() + absl::Hours(24 * 7));
    v1::ListCalendarResponse response;
    EXPECT_TRUE(activities_->ListCalendar(Context(kIgorToken).get(), list, &response).ok());
    return response;
  };
  ASSERT_EQ(calendar("employees/igor").items_size(), 1);
  EXPECT_EQ(calendar("employees/anna").items(0).title(), "Презентация тарифа");

  v1::CancelMeetingRequest cancel;
  cancel.set_name(planned.name());
  cancel.set_reason("клиент заболел");
  v1::Activity cancelled;
  ASSERT_TRUE(activities_->CancelMeeting(Context().get(), cancel, &cancelled).ok());
  EXPECT_EQ(calendar("employees/igor").items_size(), 0);
  v1::HoldMeetingRequest hold;
  hold.set_name(planned.name());
  EXPECT_EQ(activities_->HoldMeeting(Context().get(), hold, &cancelled).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

}  // namespace
}  // namespace chronicle
