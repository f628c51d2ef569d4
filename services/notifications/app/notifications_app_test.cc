// The notifications application over a real RocksDB log and projection engine in a temp dir, a
// fake clock, and real receivers on loopback (an HTTP server for webhooks, an SMTP server for
// e-mail). Other services' events are appended as those services would write them; commands to
// them go to a recording stand-in. Expected times and counts are worked out by hand.
#include "notifications/app/notifications_app.h"

#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/aggregate/typed_events.h"
#include "chronicle/base/clock.h"
#include "chronicle/testing/log_and_engine.h"
#include "chronicle/testing/temp_dir.h"
#include "chronicle/v1/activities_events.pb.h"
#include "chronicle/v1/contacts_events.pb.h"
#include "chronicle/v1/deals_events.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "local_receivers.h"
#include "nlohmann/json.hpp"
#include "notifications/domain/signature.h"
#include "notifications/projection/notifications_projection.h"

namespace chronicle::notifications {
namespace {

using aggregate::FromProtoTime;
using aggregate::ToProtoTime;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

// 2026-11-23 10:00 UTC, 13:00 in Moscow.
const absl::Time kStart =
    absl::FromCivil(absl::CivilSecond(2026, 11, 23, 10, 0, 0), absl::UTCTimeZone());

// Records the commands rule actions give the other services.
class RecordingPeers : public Peers {
 public:
  absl::StatusOr<std::string> CreateTask(const v1::CreateTaskRequest& request) override {
    absl::MutexLock lock(&mu);
    tasks.push_back(request);
    return "tasks/t" + std::to_string(tasks.size());
  }
  absl::StatusOr<std::string> LogActivity(const v1::LogActivityRequest& request) override {
    absl::MutexLock lock(&mu);
    activities.push_back(request);
    return std::string("activities/a1");
  }
  absl::StatusOr<std::string> AddClientTag(const std::string& client, const std::string& tag,
                                           const std::string&) override {
    absl::MutexLock lock(&mu);
    tags.push_back(client + ":" + tag);
    return client;
  }
  absl::StatusOr<std::string> SetClientTemperature(const std::string& client, v1::Temperature,
                                                   const std::string&) override {
    return client;
  }
  absl::StatusOr<std::string> MoveDeal(const std::string& deal, const std::string&,
                                       const std::string&) override {
    return deal;
  }

  absl::Mutex mu;
  std::vector<v1::CreateTaskRequest> tasks;
  std::vector<v1::LogActivityRequest> activities;
  std::vector<std::string> tags;
};

class NotificationsAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::Status opened =
        store_.Open(dir_.path(), &clock_, std::make_unique<NotificationsProjection>());
    ASSERT_TRUE(opened.ok()) << opened;
    NotificationsAppOptions options;
    options.log = store_.log.get();
    options.engine = store_.engine.get();
    options.clock = &clock_;
    options.run_scheduler = false;
    options.default_rules = false;
    auto app = NotificationsApp::Create(options);
    ASSERT_TRUE(app.ok()) << app.status();
    app_ = std::move(*app);
    auto peers = std::make_unique<RecordingPeers>();
    peers_ = peers.get();
    app_->SetPeers(std::move(peers));
    admin_.set_user_id("root");
    admin_.set_role("admin");
    v1::Employee anna;
    anna.set_name("employees/anna");
    anna.set_display_name("Анна Петрова");
    anna.set_time_zone("Europe/Moscow");
    anna.set_active(true);
    v1::EmployeeRegistered registered;
    *registered.mutable_employee() = anna;
    Append("employee", "anna", registered);
  }

  void TearDown() override { app_.reset(); }

  void Append(const std::string& type, const std::string& id,
              const google::protobuf::Message& payload, const std::string& client = "",
              absl::Time occurred = absl::InfinitePast()) {
    eventlog::AppendRequest request;
    request.stream = aggregate::MakeStream(type, id);
    request.actor = admin_;
    request.command_id = "test-" + std::to_string(++appends_);
    const std::string file = payload.GetDescriptor()->file()->name();
    v1::EventEnvelope event;
    const std::string service =
        file.substr(file.rfind('/') + 1, file.rfind("_events.proto") - file.rfind('/') - 1);
    event.set_event_type(service + "." + payload.GetDescriptor()->name());
    event.mutable_payload()->PackFrom(payload);
    if (!client.empty()) event.set_partition_key(client);
    if (occurred != absl::InfinitePast()) *event.mutable_occurred_at() = ToProtoTime(occurred);
    request.events.push_back(event);
    auto appended = store_.log->Append(std::move(request));
    ASSERT_TRUE(appended.ok()) << appended.status();
  }

  void AddClient(const std::string& id, const std::string& given_name, const std::string& email,
                 bool marketing_consent = false) {
    v1::ClientCreated created;
    created.mutable_client()->set_given_name(given_name);
    created.mutable_client()->set_display_name(given_name + " Смирнов");
    created.mutable_client()->set_owner("anna");
    if (!email.empty()) created.mutable_client()->add_emails()->set_address(email);
    Append("client", id, created, id);
    if (marketing_consent) {
      v1::ConsentChanged consent;
      consent.set_kind(v1::CONSENT_KIND_MARKETING);
      consent.set_granted(true);
      Append("client", id, consent, id);
    }
  }

  // Runs the scheduler until it finds nothing more to do now.
  int RunUntilQuiet() {
    int total = 0;
    for (int round = 0; round < 20; ++round) {
      auto ran = app_->RunDueJobs();
      EXPECT_TRUE(ran.ok()) << ran.status();
      if (!ran.ok() || *ran == 0) break;
      total += *ran;
    }
    return total;
  }

  std::vector<v1::Notification> Inbox(const std::string& who) {
    v1::Actor actor;
    actor.set_user_id(who);
    v1::ListNotificationsResponse response;
    absl::Status listed = app_->ListNotifications(actor, {}, &response);
    EXPECT_TRUE(listed.ok()) << listed;
    return {response.notifications().begin(), response.notifications().end()};
  }

  void Settings(const std::function<void(v1::NotificationSettings*)>& edit,
                std::vector<std::string> paths) {
    v1::UpdateNotificationSettingsRequest request;
    edit(request.mutable_settings());
    for (auto& p : paths) request.mutable_update_mask()->add_paths(p);
    auto updated = app_->UpdateSettings(admin_, request);
    ASSERT_TRUE(updated.ok()) << updated.status();
  }

  void Template(const std::string& id, v1::MessageCategory category, const std::string& title,
                const std::string& subject = "", const std::string& body = "") {
    v1::CreateTemplateRequest request;
    request.set_template_id(id);
    request.mutable_template_()->set_display_name(id);
    request.mutable_template_()->set_category(category);
    if (!title.empty()) request.mutable_template_()->mutable_in_app()->set_title(title);
    if (!subject.empty()) {
      request.mutable_template_()->mutable_email()->set_subject(subject);
      request.mutable_template_()->mutable_email()->set_body(body);
    }
    auto created = app_->CreateTemplate(admin_, request);
    ASSERT_TRUE(created.ok()) << created.status();
  }

  testing::TempDir dir_;
  FakeClock clock_{kStart};
  testing::LogAndEngine store_;
  std::unique_ptr<NotificationsApp> app_;
  RecordingPeers* peers_ = nullptr;
  v1::Actor admin_;
  int appends_ = 0;
};

TEST_F(NotificationsAppTest, TaskReminderFiresOnceAtItsTime) {
  AddClient("c1", "Иван", "ivan@example.ru");
  v1::TaskCreated created;
  v1::Task* task = created.mutable_task();
  task->set_name("tasks/t1");
  task->set_title("Перезвонить по смете");
  task->set_assignee("anna");
  task->set_client("clients/c1");
  task->set_state(v1::TASK_STATE_OPEN);
  *task->mutable_due_time() = ToProtoTime(kStart + absl::Hours(2));
  task->add_reminder_offsets()->set_seconds(3600);  // the reminder: an hour before
  Append("task", "t1", created, "c1");

  EXPECT_EQ(RunUntilQuiet(), 0);
  clock_.Advance(absl::Minutes(59));
  EXPECT_EQ(RunUntilQuiet(), 0);
  EXPECT_THAT(Inbox("anna"), SizeIs(0));
  clock_.Advance(absl::Minutes(1));
  EXPECT_EQ(RunUntilQuiet(), 1);
  std::vector<v1::Notification> inbox = Inbox("anna");
  ASSERT_THAT(inbox, SizeIs(1));
  EXPECT_EQ(inbox[0].title(), "Напоминание: Перезвонить по смете");
  EXPECT_EQ(inbox[0].body(), "Срок: 23.11.2026 15:00");  // 12:00 UTC in Moscow
  EXPECT_EQ(inbox[0].task(), "tasks/t1");
  EXPECT_FALSE(inbox[0].read());
  // Nothing fires twice, whatever the scheduler is asked.
  clock_.Advance(absl::Seconds(30));
  EXPECT_EQ(RunUntilQuiet(), 0);
  EXPECT_THAT(Inbox("anna"), SizeIs(1));

  // Completing the task takes its deadline off the schedule.
  v1::ListScheduledJobsResponse jobs;
  ASSERT_TRUE(app_->ListScheduledJobs({}, &jobs).ok());
  EXPECT_EQ(jobs.total(), 1);
  EXPECT_EQ(jobs.jobs(0).kind(), v1::JOB_TASK_DUE);
  Append("task", "t1", v1::TaskCompleted(), "c1");
  ASSERT_TRUE(app_->RunDueJobs().ok());
  jobs.Clear();
  ASSERT_TRUE(app_->ListScheduledJobs({}, &jobs).ok());
  EXPECT_EQ(jobs.total(), 0);

  v1::Actor anna;
  anna.set_user_id("anna");
  v1::MarkNotificationsReadRequest mark;
  mark.set_all_unread(true);
  v1::MarkNotificationsReadResponse marked;
  ASSERT_TRUE(app_->MarkNotificationsRead(anna, mark, &marked).ok());
  EXPECT_EQ(marked.marked(), 1);
  EXPECT_EQ(marked.unread_count(), 0);
  EXPECT_TRUE(Inbox("anna")[0].read());
}

TEST_F(NotificationsAppTest, RulesActNowAndAfterTheirDelay) {
  Template("won-alert", v1::MESSAGE_CATEGORY_INTERNAL, "Сделка выиграна: {{deal.title}}");
  v1::Pipeline pipeline;
  pipeline.set_name("pipelines/sales");
  for (auto [id, kind, max_days] : std::vector<std::tuple<const char*, v1::StageKind, int>>{
           {"new", v1::STAGE_KIND_OPEN, 0},
           {"proposal", v1::STAGE_KIND_OPEN, 3},
           {"won", v1::STAGE_KIND_WON, 0}}) {
    v1::Stage* stage = pipeline.add_stages();
    stage->set_id(id);
    stage->set_display_name(id);
    stage->set_kind(kind);
    stage->set_max_days(max_days);
  }
  v1::PipelineCreated pipeline_created;
  *pipeline_created.mutable_pipeline() = pipeline;
  Append("pipeline", "sales", pipeline_created);

  v1::CreateRuleRequest rule;
  rule.set_rule_id("won");
  rule.mutable_rule()->set_display_name("Выигрыш");
  rule.mutable_rule()->set_enabled(true);
  rule.mutable_rule()->mutable_trigger()->set_kind(v1::TRIGGER_DEAL_WON);
  v1::Action* notify = rule.mutable_rule()->add_actions();
  notify->mutable_notify_employee()->set_employee("deal_owner");
  notify->mutable_notify_employee()->set_template_("templates/won-alert");
  v1::Action* later = rule.mutable_rule()->add_actions();
  *later->mutable_delay() = aggregate::ToProtoDuration(absl::Hours(24 * 7));
  later->mutable_create_task()->set_assignee("deal_owner");
  later->mutable_create_task()->set_title("Предложить повторные услуги: {{client.name}}");
  ASSERT_TRUE(app_->CreateRule(admin_, rule).ok());

  v1::CreateRuleRequest stalled;
  stalled.set_rule_id("stalled");
  stalled.mutable_rule()->set_display_name("Застряла");
  stalled.mutable_rule()->set_enabled(true);
  stalled.mutable_rule()->mutable_trigger()->set_kind(v1::TRIGGER_STAGE_TIME_EXCEEDED);
  stalled.mutable_rule()->add_actions()->mutable_set_tag()->set_tag("застряла");
  ASSERT_TRUE(app_->CreateRule(admin_, stalled).ok());

  AddClient("c1", "Иван", "ivan@example.ru");
  v1::DealCreated deal_created;
  v1::Deal* deal = deal_created.mutable_deal();
  deal->set_name("deals/d1");
  deal->set_pipeline("pipelines/sales");
  deal->set_stage("proposal");
  deal->set_client("clients/c1");
  deal->set_owner("anna");
  deal->set_title("Кухня");
  deal->set_state(v1::DEAL_STATE_OPEN);
  *deal->mutable_stage_enter_time() = ToProtoTime(kStart);
  Append("deal", "d1", deal_created, "c1");
  EXPECT_EQ(RunUntilQuiet(), 0);

  // Three days in "proposal": the stage limit's trigger, then the rule's tag.
  clock_.Advance(absl::Hours(24 * 3));
  RunUntilQuiet();
  {
    absl::MutexLock lock(&peers_->mu);
    EXPECT_THAT(peers_->tags, ElementsAre("clients/c1:застряла"));
  }

  v1::DealWon won;
  won.mutable_transition()->set_from_stage("proposal");
  won.mutable_transition()->set_to_stage("won");
  won.mutable_transition()->set_to_kind(v1::STAGE_KIND_WON);
  Append("deal", "d1", won, "c1");
  RunUntilQuiet();
  std::vector<v1::Notification> inbox = Inbox("anna");
  ASSERT_THAT(inbox, SizeIs(1));
  EXPECT_EQ(inbox[0].title(), "Сделка выиграна: Кухня");
  EXPECT_EQ(inbox[0].rule(), "rules/won");
  {
    absl::MutexLock lock(&peers_->mu);
    EXPECT_THAT(peers_->tasks, SizeIs(0));  // a week to wait
  }
  clock_.Advance(absl::Hours(24 * 7) - absl::Seconds(1));
  RunUntilQuiet();
  {
    absl::MutexLock lock(&peers_->mu);
    EXPECT_THAT(peers_->tasks, SizeIs(0));
  }
  clock_.Advance(absl::Seconds(1));
  RunUntilQuiet();
  absl::MutexLock lock(&peers_->mu);
  ASSERT_THAT(peers_->tasks, SizeIs(1));
  const v1::CreateTaskRequest& task = peers_->tasks[0];
  EXPECT_EQ(task.task().title(), "Предложить повторные услуги: Иван Смирнов");
  EXPECT_EQ(task.task().assignee(), "anna");
  EXPECT_EQ(task.task().client(), "clients/c1");
  EXPECT_EQ(task.task().deal(), "deals/d1");
  EXPECT_EQ(FromProtoTime(task.task().due_time()), clock_.Now() + absl::Hours(24));
  EXPECT_THAT(task.request_id(), HasSubstr("rule~won~0~"));
}

TEST_F(NotificationsAppTest, ImportedHistoryTriggersNoRules) {
  v1::CreateRuleRequest rule;
  rule.set_rule_id("tag-new");
  rule.mutable_rule()->set_display_name("Метка новым");
  rule.mutable_rule()->set_enabled(true);
  rule.mutable_rule()->mutable_trigger()->set_kind(v1::TRIGGER_CLIENT_CREATED);
  rule.mutable_rule()->add_actions()->mutable_set_tag()->set_tag("новый");
  ASSERT_TRUE(app_->CreateRule(admin_, rule).ok());
  v1::ClientCreated created;
  created.mutable_client()->set_given_name("Архивный");
  Append("client", "old", created, "old", kStart - absl::Hours(24 * 400));  // from a spreadsheet
  created.mutable_client()->set_given_name("Свежий");
  Append("client", "new", created, "new", kStart - absl::Minutes(5));  // a form, a moment late
  RunUntilQuiet();
  absl::MutexLock lock(&peers_->mu);
  EXPECT_THAT(peers_->tags, ElementsAre("clients/new:новый"));
}

TEST_F(NotificationsAppTest, WebhooksAreSignedRetriedDeadLetteredAndReplayed) {
  testing::HttpReceiver receiver;
  receiver.RespondWith({500});
  Settings(
      [](v1::NotificationSettings* s) {
        s->set_max_attempts(3);
        *s->mutable_retry_base() = aggregate::ToProtoDuration(absl::Seconds(10));
      },
      {"max_attempts", "retry_base"});
  v1::CreateWebhookSubscriptionRequest request;
  request.set_subscription_id("erp");
  request.mutable_subscription()->set_url(receiver.Url("/crm"));
  request.mutable_subscription()->set_secret("0123456789abcdef-secret");
  request.mutable_subscription()->set_active(true);
  request.mutable_subscription()->add_events()->set_event_type("contacts.ClientCreated");
  auto subscription = app_->CreateWebhookSubscription(admin_, request);
  ASSERT_TRUE(subscription.ok()) << subscription.status();
  EXPECT_TRUE(subscription->secret().empty());
  EXPECT_TRUE(subscription->has_secret());

  AddClient("c1", "Иван", "");
  RunUntilQuiet();
  ASSERT_THAT(receiver.requests(), SizeIs(1));
  clock_.Advance(absl::Seconds(12));  // first backoff: 10 s plus at most 20%
  RunUntilQuiet();
  ASSERT_THAT(receiver.requests(), SizeIs(2));
  clock_.Advance(absl::Seconds(24));
  RunUntilQuiet();
  ASSERT_THAT(receiver.requests(), SizeIs(3));
  clock_.Advance(absl::Hours(1));
  RunUntilQuiet();
  ASSERT_THAT(receiver.requests(), SizeIs(3));  // three attempts, then the dead-letter list

  std::string key;
  for (const auto& r : receiver.requests()) {
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.path, "/crm");
    // The receiver's check: HMAC-SHA256 over "<t>.<body>" with the shared secret.
    std::vector<std::string> parts = absl::StrSplit(r.headers.at("x-chronicle-signature"), ',');
    ASSERT_THAT(parts, SizeIs(2));
    const std::string t = parts[0].substr(2);
    EXPECT_EQ(parts[1], "v1=" + HmacSha256Hex("0123456789abcdef-secret", t + "." + r.body));
    if (key.empty()) key = r.headers.at("idempotency-key");
    EXPECT_EQ(r.headers.at("idempotency-key"), key);
    auto body = nlohmann::json::parse(r.body);
    EXPECT_EQ(body["eventType"], "contacts.ClientCreated");
    EXPECT_EQ(body["payload"]["client"]["givenName"], "Иван");
  }

  v1::ListDeliveriesRequest list;
  list.set_filter("state = DEAD_LETTER");
  v1::ListDeliveriesResponse dead;
  ASSERT_TRUE(app_->ListDeliveries(list, &dead).ok());
  ASSERT_THAT(dead.deliveries(), SizeIs(1));
  const v1::Delivery& letter = dead.deliveries(0);
  EXPECT_EQ(letter.client(), "clients/c1");
  ASSERT_THAT(letter.attempts(), SizeIs(3));
  EXPECT_EQ(letter.attempts(2).status_code(), 500);
  // Backoff doubled: 10-12 s, then 20-24 s.
  const absl::Duration first =
      FromProtoTime(letter.attempts(1).time()) - FromProtoTime(letter.attempts(0).time());
  EXPECT_GE(first, absl::Seconds(10));
  EXPECT_LE(first, absl::Seconds(12));

  receiver.RespondWith({204});
  v1::ReplayDeliveryRequest replay;
  replay.set_name(letter.name());
  replay.set_reason("ERP починили");
  auto replayed = app_->ReplayDelivery(admin_, replay);
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  RunUntilQuiet();
  ASSERT_THAT(receiver.requests(), SizeIs(4));
  v1::GetDeliveryRequest get;
  get.set_name(letter.name());
  auto delivered = app_->GetDelivery(get);
  ASSERT_TRUE(delivered.ok());
  EXPECT_EQ(delivered->state(), v1::DELIVERY_STATE_DELIVERED);
  EXPECT_THAT(delivered->attempts(), SizeIs(4));
  // Replaying what is not a dead letter is refused.
  EXPECT_TRUE(absl::IsFailedPrecondition(app_->ReplayDelivery(admin_, replay).status()));
}

TEST_F(NotificationsAppTest, SlowReceiverDoesNotHoldBackOthers) {
  testing::HttpReceiver slow;
  slow.SetDelay(absl::Seconds(1));
  testing::HttpReceiver fast;
  for (auto [id, url] : {std::pair{"slow", slow.Url()}, std::pair{"fast", fast.Url()}}) {
    v1::CreateWebhookSubscriptionRequest request;
    request.set_subscription_id(id);
    request.mutable_subscription()->set_url(url);
    request.mutable_subscription()->set_secret("0123456789abcdef");
    request.mutable_subscription()->set_active(true);
    request.mutable_subscription()->add_events()->set_event_type("contacts.ClientCreated");
    ASSERT_TRUE(app_->CreateWebhookSubscription(admin_, request).ok());
  }
  for (int i = 0; i < 3; ++i) AddClient("c" + std::to_string(i), "Клиент", "");
  // Queue the deliveries, then run the scheduler as its thread would, never waiting on a send.
  ASSERT_TRUE(app_->RunDueJobs().ok());
  const absl::Time start = absl::Now();
  while (fast.requests().size() < 3 && absl::Now() - start < absl::Seconds(2)) {
    ASSERT_TRUE(app_->RunDueJobs(/*wait=*/false).ok());
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_THAT(fast.requests(), SizeIs(3));  // while the slow receiver still holds its first two
  EXPECT_THAT(slow.requests(), SizeIs(0));
  RunUntilQuiet();
}

TEST_F(NotificationsAppTest, EmailRespectsConsentAndQuietHours) {
  testing::SmtpReceiver smtp;
  Settings(
      [&](v1::NotificationSettings* s) {
        s->set_smtp_url(smtp.Url());
        s->set_email_from("Хроника <crm@example.ru>");
        s->set_workspace_name("Кухни на заказ");
        s->mutable_quiet_hours()->set_start("21:00");
        s->mutable_quiet_hours()->set_end("09:00");
      },
      {"smtp_url", "email_from", "workspace_name", "quiet_hours"});
  Template("offer", v1::MESSAGE_CATEGORY_MARKETING, "", "Скидка для {{client.preferred_name}}",
           "{{client.preferred_name}}, для вас скидка 10%. {{manager.name}}, {{workspace.name}}");
  Template("callback", v1::MESSAGE_CATEGORY_TRANSACTIONAL, "", "Заявка принята",
           "Перезвоним в течение двух часов.");
  AddClient("c1", "Иван", "ivan@example.ru");                                // no consent
  AddClient("c2", "Мария", "maria@example.ru", /*marketing_consent=*/true);  // consent
  v1::Actor anna;
  anna.set_user_id("anna");
  auto send = [&](const std::string& client, const std::string& tmpl, const std::string& id) {
    v1::SendClientMessageRequest request;
    request.set_client("clients/" + client);
    request.set_template_("templates/" + tmpl);
    request.set_channel(v1::MESSAGE_CHANNEL_EMAIL);
    request.set_request_id(id);
    auto delivery = app_->SendClientMessage(anna, request);
    EXPECT_TRUE(delivery.ok()) << delivery.status();
    return delivery.ok() ? *delivery : v1::Delivery();
  };

  v1::Delivery refused = send("c1", "offer", "m1");
  EXPECT_EQ(refused.state(), v1::DELIVERY_STATE_SUPPRESSED);
  EXPECT_THAT(refused.suppressed_reason(), HasSubstr("согласия"));

  v1::Delivery offer = send("c2", "offer", "m2");  // 13:00 in Moscow
  EXPECT_EQ(offer.state(), v1::DELIVERY_STATE_PENDING);
  RunUntilQuiet();
  ASSERT_TRUE(smtp.WaitForMessages(1, absl::Seconds(5)));
  testing::SmtpReceiver::Mail mail = smtp.messages()[0];
  EXPECT_EQ(mail.from, "crm@example.ru");
  EXPECT_THAT(mail.to, ElementsAre("maria@example.ru"));
  EXPECT_EQ(mail.subject, "Скидка для Мария");
  EXPECT_EQ(mail.body, "Мария, для вас скидка 10%. Анна Петрова, Кухни на заказ");
  EXPECT_EQ(send("c2", "offer", "m2").name(), offer.name());  // the same request sends once

  clock_.Advance(absl::Hours(9) + absl::Minutes(30));  // 22:30 in Moscow
  v1::Delivery late_offer = send("c2", "offer", "m3");
  v1::Delivery late_callback = send("c2", "callback", "m4");
  EXPECT_EQ(FromProtoTime(late_offer.next_attempt_time()),
            absl::FromCivil(absl::CivilSecond(2026, 11, 24, 6, 0, 0), absl::UTCTimeZone()));
  RunUntilQuiet();
  ASSERT_TRUE(smtp.WaitForMessages(2, absl::Seconds(5)));
  EXPECT_EQ(smtp.messages()[1].subject, "Заявка принята");  // transactional: at once
  EXPECT_THAT(smtp.messages(), SizeIs(2));
  clock_.Advance(absl::Hours(10) + absl::Minutes(30));  // 09:00 in Moscow
  RunUntilQuiet();
  ASSERT_TRUE(smtp.WaitForMessages(3, absl::Seconds(5)));
  EXPECT_EQ(smtp.messages()[2].subject, "Скидка для Мария");

  // A mailbox refused for good goes to the dead letters at once.
  smtp.SetRecipientReply(550);
  send("c2", "callback", "m5");
  RunUntilQuiet();
  v1::ListDeliveriesRequest list;
  list.set_filter("state = DEAD_LETTER AND channel = EMAIL");
  v1::ListDeliveriesResponse dead;
  ASSERT_TRUE(app_->ListDeliveries(list, &dead).ok());
  ASSERT_THAT(dead.deliveries(), SizeIs(1));
  EXPECT_THAT(dead.deliveries(0).attempts(), SizeIs(1));
  EXPECT_EQ(dead.deliveries(0).attempts(0).status_code(), 550);
}

TEST_F(NotificationsAppTest, NpsAnswerBecomesAnActivityOnce) {
  testing::SmtpReceiver smtp;
  Settings(
      [&](v1::NotificationSettings* s) {
        s->set_smtp_url(smtp.Url());
        s->set_email_from("crm@example.ru");
        s->set_survey_url("https://example.ru/nps?s=");
      },
      {"smtp_url", "email_from", "survey_url"});
  Template("nps", v1::MESSAGE_CATEGORY_TRANSACTIONAL, "", "Оцените нас",
           "Оцените по ссылке: {{survey.link}}");
  v1::CreateRuleRequest rule;
  rule.set_rule_id("survey");
  rule.mutable_rule()->set_display_name("Опрос");
  rule.mutable_rule()->set_enabled(true);
  rule.mutable_rule()->mutable_trigger()->set_kind(v1::TRIGGER_CLIENT_CREATED);
  rule.mutable_rule()->add_actions()->mutable_send_nps_survey()->set_template_("templates/nps");
  ASSERT_TRUE(app_->CreateRule(admin_, rule).ok());
  AddClient("c1", "Иван", "ivan@example.ru");
  RunUntilQuiet();
  ASSERT_TRUE(smtp.WaitForMessages(1, absl::Seconds(5)));
  const std::string body = smtp.messages()[0].body;
  const std::string survey_id = body.substr(body.find("?s=") + 3);

  v1::SubmitNpsAnswerRequest answer;
  answer.set_survey("surveys/" + survey_id);
  answer.set_score(4);
  answer.set_comment("Долго везли");
  auto survey = app_->SubmitNpsAnswer(admin_, answer);
  ASSERT_TRUE(survey.ok()) << survey.status();
  EXPECT_TRUE(survey->answered());
  EXPECT_EQ(survey->client(), "clients/c1");
  EXPECT_TRUE(absl::IsFailedPrecondition(app_->SubmitNpsAnswer(admin_, answer).status()));
  answer.set_score(11);
  EXPECT_TRUE(absl::IsInvalidArgument(app_->SubmitNpsAnswer(admin_, answer).status()));
  RunUntilQuiet();
  absl::MutexLock lock(&peers_->mu);
  ASSERT_THAT(peers_->activities, SizeIs(1));
  const v1::Activity& activity = peers_->activities[0].activity();
  EXPECT_EQ(activity.client(), "clients/c1");
  EXPECT_EQ(activity.nps().score(), 4);
  EXPECT_EQ(activity.comment(), "Долго везли");
  EXPECT_EQ(activity.employee(), "anna");
}

}  // namespace
}  // namespace chronicle::notifications
