// The notifications service over gRPC on loopback, in a chronicled running every service: the
// default rules acting on a new lead (a live in-app notification for the owner, a task in the
// activities service), bad definitions refused with the offending fields named, two rules that
// would trigger each other forever stopped by the depth limit, and the NPS flow from the survey
// e-mail (caught by a local SMTP server) to the detractor's follow-up task.
#include <thread>

#include "absl/strings/match.h"
#include "chronicle/v1/activities.grpc.pb.h"
#include "chronicle/v1/contacts.grpc.pb.h"
#include "chronicle/v1/notifications.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "local_receivers.h"
#include "service_api_test.h"

namespace chronicle {
namespace {

using testing::BadFields;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::kAdminToken;
using testing::kAnnaToken;
using ::testing::UnorderedElementsAre;

// Polls `done` until it holds or `timeout` passes.
bool Eventually(const std::function<bool()>& done, absl::Duration timeout = absl::Seconds(10)) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(25));
  }
  return done();
}

class NotificationsApiTest : public testing::ServiceApiTest {
 protected:
  void SetUp() override {
    StartServer({"contacts", "deals", "activities", "notifications"});
    notifications_ = v1::Notifications::NewStub(channel_);
    contacts_ = v1::Contacts::NewStub(channel_);
    activities_ = v1::Activities::NewStub(channel_);
    v1::CreateEmployeeRequest employee;
    employee.set_employee_id("anna");
    employee.mutable_employee()->set_display_name("Анна Петрова");
    employee.mutable_employee()->set_time_zone("Europe/Moscow");
    v1::Employee created;
    ASSERT_TRUE(activities_->CreateEmployee(Context(kAdminToken).get(), employee, &created).ok());
  }

  std::vector<v1::Task> TasksOf(const std::string& employee) {
    v1::ListTasksRequest request;
    request.set_parent("employees/" + employee);
    v1::ListTasksResponse response;
    EXPECT_TRUE(activities_->ListTasks(Context(kAdminToken).get(), request, &response).ok());
    return {response.tasks().begin(), response.tasks().end()};
  }

  bool HasTask(const std::string& employee, const std::string& title_part) {
    for (const v1::Task& task : TasksOf(employee)) {
      if (absl::StrContains(task.title(), title_part)) return true;
    }
    return false;
  }

  std::unique_ptr<v1::Notifications::Stub> notifications_;
  std::unique_ptr<v1::Contacts::Stub> contacts_;
  std::unique_ptr<v1::Activities::Stub> activities_;
};

TEST_F(NotificationsApiTest, NewLeadAlertsTheOwnerLiveAndCreatesTheContactTask) {
  v1::ListRulesResponse rules;
  ASSERT_TRUE(notifications_->ListRules(Context().get(), {}, &rules).ok());
  std::vector<std::string> names;
  for (const auto& rule : rules.rules()) names.push_back(rule.name());
  EXPECT_THAT(names, ::testing::IsSupersetOf({"rules/new-lead", "rules/missed-call",
                                              "rules/deal-won-follow-up", "rules/nps-detractor"}));

  // Anna's frontend watches her notifications.
  grpc::ClientContext watch_context;
  watch_context.AddMetadata("authorization", std::string("Bearer ") + kAnnaToken);
  auto stream = notifications_->WatchNotifications(&watch_context, {});
  v1::Notification live;
  std::thread reader([&] { stream->Read(&live); });

  v1::SubmitInquiryRequest inquiry;
  inquiry.set_request_id("form-1");
  inquiry.set_contact_name("Смирнова Ольга");
  inquiry.add_phones()->set_number("8 (912) 345-67-89");
  inquiry.set_owner("anna");
  v1::SubmitInquiryResponse submitted;
  ASSERT_TRUE(contacts_->SubmitInquiry(Context().get(), inquiry, &submitted).ok());
  reader.join();
  EXPECT_EQ(live.title(), "Новый лид: " + submitted.client().display_name());
  EXPECT_THAT(live.body(), HasSubstr("Телефон: 8 (912) 345-67-89"));
  EXPECT_EQ(live.client(), submitted.client().name());
  EXPECT_EQ(live.rule(), "rules/new-lead");
  watch_context.TryCancel();

  ASSERT_TRUE(Eventually([&] { return HasTask("anna", "Связаться с новым лидом"); }));
  v1::Task task;
  for (const v1::Task& t : TasksOf("anna")) task = t;
  EXPECT_EQ(task.client(), submitted.client().name());
  EXPECT_THAT(task.create_user(), "automation");

  // The list agrees with the stream; reading it clears the unread count.
  v1::ListNotificationsResponse inbox;
  ASSERT_TRUE(notifications_->ListNotifications(Context().get(), {}, &inbox).ok());
  ASSERT_EQ(inbox.notifications_size(), 1);
  EXPECT_EQ(inbox.unread_count(), 1);
  v1::MarkNotificationsReadRequest mark;
  mark.add_names(inbox.notifications(0).name());
  v1::MarkNotificationsReadResponse marked;
  ASSERT_TRUE(notifications_->MarkNotificationsRead(Context().get(), mark, &marked).ok());
  EXPECT_EQ(marked.unread_count(), 0);
  // Igor cannot mark Anna's.
  EXPECT_EQ(notifications_->MarkNotificationsRead(Context(testing::kIgorToken).get(), mark, &marked)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(NotificationsApiTest, EveryRpcRefusesCallsWithoutAValidToken) {
  ExpectEveryRpcNeedsAToken("chronicle.v1.Notifications");
}

TEST_F(NotificationsApiTest, BadDefinitionsAreRefusedNamingTheFieldsAndWriteNothing) {
  const uint64_t head = Head();
  v1::CreateRuleRequest rule;
  rule.set_rule_id("bad");
  rule.mutable_rule()->set_display_name("Плохое правило");
  rule.mutable_rule()->mutable_trigger()->set_kind(v1::TRIGGER_FIELD_CHANGED);
  rule.mutable_rule()->mutable_trigger()->set_field("colour");
  v1::Condition* condition = rule.mutable_rule()->add_conditions();
  condition->set_field("client.custom_fields.budget");
  condition->set_operator_(v1::GREATER_THAN);
  condition->add_values("100");
  v1::Action* notify = rule.mutable_rule()->add_actions();
  notify->mutable_notify_employee()->set_employee("nobody");
  notify->mutable_notify_employee()->set_template_("templates/missing");
  v1::Rule out;
  grpc::Status status = notifications_->CreateRule(Context(kAdminToken).get(), rule, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("rule.trigger.field", "rule.conditions[0].field",
                                             "rule.actions[0].notify_employee.employee",
                                             "rule.actions[0].notify_employee.template"));

  v1::CreateTemplateRequest tmpl;
  tmpl.set_template_id("greeting");
  tmpl.mutable_template_()->set_display_name("Приветствие");
  tmpl.mutable_template_()->set_category(v1::MESSAGE_CATEGORY_TRANSACTIONAL);
  tmpl.mutable_template_()->mutable_email()->set_subject("Здравствуйте, {{client.firstname}}");
  tmpl.mutable_template_()->mutable_email()->set_body("…");
  v1::Template template_out;
  status = notifications_->CreateTemplate(Context(kAdminToken).get(), tmpl, &template_out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("template.email.subject"));
  EXPECT_THAT(status.error_message(), HasSubstr("client.firstname"));

  v1::CreateWebhookSubscriptionRequest hook;
  hook.set_subscription_id("erp");
  hook.mutable_subscription()->set_url("erp.example.ru/hooks");
  hook.mutable_subscription()->set_secret("0123456789abcdef");
  hook.mutable_subscription()->add_events()->set_event_type("deals.DealWin");
  v1::WebhookSubscription hook_out;
  status = notifications_->CreateWebhookSubscription(Context(kAdminToken).get(), hook, &hook_out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status),
              ElementsAre("subscription.url", "subscription.events[0].event_type"));

  // Managers read rules; only admins write them.
  tmpl.mutable_template_()->mutable_email()->set_subject("Здравствуйте, {{client.name}}");
  EXPECT_EQ(
      notifications_->CreateTemplate(Context(kAnnaToken).get(), tmpl, &template_out).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Head(), head);
}

TEST_F(NotificationsApiTest, RulesThatTriggerEachOtherStopAtTheDepthLimit) {
  auto ping_pong = [&](const char* id, const char* when, v1::Temperature then) {
    v1::CreateRuleRequest rule;
    rule.set_rule_id(id);
    rule.mutable_rule()->set_display_name(id);
    rule.mutable_rule()->set_enabled(true);
    rule.mutable_rule()->mutable_trigger()->set_kind(v1::TRIGGER_FIELD_CHANGED);
    rule.mutable_rule()->mutable_trigger()->set_field("temperature");
    v1::Condition* condition = rule.mutable_rule()->add_conditions();
    condition->set_field("client.temperature");
    condition->set_operator_(v1::EQUALS);
    condition->add_values(when);
    rule.mutable_rule()->add_actions()->mutable_set_temperature()->set_temperature(then);
    v1::Rule out;
    grpc::Status status = notifications_->CreateRule(Context(kAdminToken).get(), rule, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
  };
  ping_pong("cool-down", "HOT", v1::TEMPERATURE_COLD);
  ping_pong("warm-up", "COLD", v1::TEMPERATURE_HOT);

  v1::CreateClientRequest create;
  create.set_client_id("c1");
  create.mutable_client()->set_given_name("Пётр");
  create.mutable_client()->set_owner("anna");
  v1::Client client;
  ASSERT_TRUE(contacts_->CreateClient(Context().get(), create, &client).ok());
  v1::UpdateClientRequest update;
  update.mutable_client()->set_name("clients/c1");
  update.mutable_client()->set_temperature(v1::TEMPERATURE_HOT);
  update.mutable_update_mask()->add_paths("temperature");
  ASSERT_TRUE(contacts_->UpdateClient(Context().get(), update, &client).ok());

  // One change by a person, then the rules at depths 0..3: cold, hot, cold, hot. Then nothing.
  auto changes = [&] {
    v1::ListClientEventsRequest request;
    request.set_name("clients/c1");
    v1::ListClientEventsResponse response;
    EXPECT_TRUE(contacts_->ListClientEvents(Context().get(), request, &response).ok());
    int count = 0;
    for (const auto& event : response.events())
      count += event.event_type() == "contacts.ClientUpdated";
    return count;
  };
  ASSERT_TRUE(Eventually([&] { return changes() >= 5; }));
  v1::ListScheduledJobsResponse jobs;
  ASSERT_TRUE(Eventually([&] {
    jobs.Clear();
    notifications_->ListScheduledJobs(Context(kAdminToken).get(), {}, &jobs);
    return jobs.total() == 0;
  }));
  absl::SleepFor(absl::Milliseconds(500));
  EXPECT_EQ(changes(), 5);
  v1::GetClientRequest get;
  get.set_name("clients/c1");
  ASSERT_TRUE(contacts_->GetClient(Context().get(), get, &client).ok());
  EXPECT_EQ(client.temperature(), v1::TEMPERATURE_HOT);
}

TEST_F(NotificationsApiTest, NpsSurveyAnswerBecomesAnActivityAndADetractorGetsAFollowUp) {
  testing::SmtpReceiver smtp;
  v1::UpdateNotificationSettingsRequest settings;
  settings.mutable_settings()->set_smtp_url(smtp.Url());
  settings.mutable_settings()->set_email_from("Кухни <crm@example.ru>");
  settings.mutable_settings()->set_survey_url("https://example.ru/nps?s=");
  for (const char* path : {"smtp_url", "email_from", "survey_url"}) {
    settings.mutable_update_mask()->add_paths(path);
  }
  v1::NotificationSettings saved;
  ASSERT_TRUE(
      notifications_->UpdateNotificationSettings(Context(kAdminToken).get(), settings, &saved)
          .ok());
  v1::CreateRuleRequest rule;
  rule.set_rule_id("welcome-survey");
  rule.mutable_rule()->set_display_name("Опрос новым клиентам");
  rule.mutable_rule()->set_enabled(true);
  rule.mutable_rule()->mutable_trigger()->set_kind(v1::TRIGGER_CLIENT_CREATED);
  rule.mutable_rule()->add_actions()->mutable_send_nps_survey()->set_template_(
      "templates/nps-survey");
  v1::Rule out;
  ASSERT_TRUE(notifications_->CreateRule(Context(kAdminToken).get(), rule, &out).ok());

  v1::CreateClientRequest create;
  create.set_client_id("c2");
  create.mutable_client()->set_given_name("Ольга");
  create.mutable_client()->set_surname("Ким");
  create.mutable_client()->set_owner("anna");
  create.mutable_client()->add_emails()->set_address("olga@example.ru");
  v1::Client client;
  ASSERT_TRUE(contacts_->CreateClient(Context().get(), create, &client).ok());
  ASSERT_TRUE(smtp.WaitForMessages(1, absl::Seconds(10)));
  const testing::SmtpReceiver::Mail mail = smtp.messages()[0];
  EXPECT_THAT(mail.to, ElementsAre("olga@example.ru"));
  EXPECT_EQ(mail.subject, "Ольга, оцените нашу работу");
  const size_t link = mail.body.find("?s=");
  ASSERT_NE(link, std::string::npos);
  const std::string survey = "surveys/" + mail.body.substr(link + 3, 36);

  v1::SubmitNpsAnswerRequest answer;
  answer.set_survey(survey);
  answer.set_score(3);
  answer.set_comment("Привезли не тот фасад");
  v1::Survey answered;
  grpc::Status status = notifications_->SubmitNpsAnswer(Context().get(), answer, &answered);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(notifications_->SubmitNpsAnswer(Context().get(), answer, &answered).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // The answer is an NPS activity on the client; the default rule asks the owner to follow up.
  ASSERT_TRUE(Eventually([&] { return HasTask("anna", "Узнать, что пошло не так"); }));
  EXPECT_TRUE(HasTask("anna", "(оценка 3)"));
  v1::ListTimelineRequest timeline;
  timeline.set_parent("clients/c2");
  v1::ListTimelineResponse entries;
  ASSERT_TRUE(activities_->ListTimeline(Context().get(), timeline, &entries).ok());
  std::vector<std::string> kinds, summaries;
  for (const auto& entry : entries.entries()) {
    kinds.push_back(entry.kind());
    summaries.push_back(entry.summary());
  }
  EXPECT_THAT(kinds, ::testing::Contains("nps"));
  // The survey's delivery, as the manager reads it on the client's card.
  EXPECT_THAT(summaries, ::testing::Contains("Письмо клиенту «Ольга, оцените нашу работу» на "
                                             "olga@example.ru"));
  EXPECT_THAT(summaries, ::testing::Contains("Доставлено (попытка 1)"));
  EXPECT_THAT(summaries, ::testing::Contains("Ответ на опрос NPS: 3"));
}

}  // namespace
}  // namespace chronicle
