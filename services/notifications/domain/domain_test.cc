#include <map>
#include <set>

#include "absl/time/time.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/v1/activities_events.pb.h"
#include "chronicle/v1/contacts_events.pb.h"
#include "chronicle/v1/deals_events.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "notifications/domain/definitions.h"
#include "notifications/domain/delivery_policy.h"
#include "notifications/domain/rule_matching.h"
#include "notifications/domain/signature.h"
#include "notifications/domain/template_text.h"

namespace chronicle::notifications {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> Fields(const std::vector<errors::FieldViolation>& violations) {
  std::vector<std::string> fields;
  for (const auto& v : violations) fields.push_back(v.field);
  return fields;
}

TEST(TemplateText, RendersKnownVariablesAndRefusesUnknownOnes) {
  EXPECT_EQ(
      RenderTemplate("Здравствуйте, {{ client.preferred_name }}! Ваш менеджер {{manager.name}}.",
                     {{"client.preferred_name", "Саша"}, {"manager.name", "Анна"}}),
      "Здравствуйте, Саша! Ваш менеджер Анна.");
  EXPECT_EQ(RenderTemplate("{{deal.title}}:", {}), ":");
  EXPECT_THAT(CheckTemplateText("Привет, {{client.name}}", "t"), IsEmpty());
  auto bad = CheckTemplateText("{{client.nmae}} и {{deal.title", "template.email.body");
  ASSERT_EQ(bad.size(), 2u);
  EXPECT_EQ(bad[0].field, "template.email.body");
  EXPECT_THAT(bad[0].description, ::testing::HasSubstr("unknown variable {{client.nmae}}"));
  EXPECT_THAT(bad[1].description, ::testing::HasSubstr("never closed"));
  EXPECT_THAT(Fields(CheckTemplateText("a }} b", "f")), ElementsAre("f"));
}

TEST(Conditions, EveryOperatorOverClientFacts) {
  v1::Client client;
  client.set_temperature(v1::TEMPERATURE_HOT);
  client.add_tags("vip");
  client.add_tags("опт");
  client.set_owner("anna");
  (*client.mutable_custom_fields())["budget"].set_number(150000);
  client.mutable_first_touch()->set_utm_source("yandex");
  Facts facts = ClientFacts(client);
  facts["event.score"] = {"4"};
  auto holds = [&](const std::string& field, v1::ConditionOperator op,
                   std::vector<std::string> values) {
    google::protobuf::RepeatedPtrField<v1::Condition> conditions;
    v1::Condition* c = conditions.Add();
    c->set_field(field);
    c->set_operator_(op);
    for (auto& v : values) c->add_values(v);
    return ConditionsHold(conditions, facts);
  };
  EXPECT_TRUE(holds("client.temperature", v1::EQUALS, {"hot"}));  // case-insensitive
  EXPECT_FALSE(holds("client.temperature", v1::EQUALS, {"COLD"}));
  EXPECT_TRUE(holds("client.tags", v1::IN, {"x", "опт"}));
  EXPECT_TRUE(holds("client.tags", v1::NOT_IN, {"x", "y"}));
  EXPECT_FALSE(holds("client.tags", v1::NOT_EQUALS, {"vip"}));
  EXPECT_TRUE(holds("client.owner", v1::EQUALS, {"anna"}));
  EXPECT_TRUE(holds("client.custom_fields.budget", v1::GREATER_THAN, {"100000"}));
  EXPECT_FALSE(holds("client.custom_fields.budget", v1::LESS_THAN, {"100000"}));
  EXPECT_TRUE(holds("event.score", v1::LESS_THAN, {"7"}));
  EXPECT_TRUE(holds("client.utm_source", v1::IS_SET, {}));
  EXPECT_TRUE(holds("client.team", v1::IS_EMPTY, {}));
  EXPECT_FALSE(holds("client.team", v1::IS_SET, {}));
}

v1::EventEnvelope Envelope(const google::protobuf::Message& payload, const std::string& type,
                           const std::string& stream_type, const std::string& id) {
  v1::EventEnvelope event;
  event.set_event_type(type);
  event.mutable_payload()->PackFrom(payload);
  event.mutable_stream()->set_type(stream_type);
  event.mutable_stream()->set_id(id);
  return event;
}

TEST(Triggers, EventsRaiseTheirTriggers) {
  v1::ActivityLogged missed;
  missed.mutable_activity()->set_client("clients/c1");
  missed.mutable_activity()->mutable_call()->set_outcome(v1::CALL_OUTCOME_MISSED);
  missed.mutable_activity()->mutable_call()->set_direction(v1::DIRECTION_INBOUND);
  auto raised =
      RaisedTriggers(Envelope(missed, "activities.ActivityLogged", "activity", "a1"), nullptr);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].kind, v1::TRIGGER_CALL_MISSED);
  EXPECT_EQ(raised[0].client, "clients/c1");
  EXPECT_THAT(raised[0].event_facts["event.call_direction"], ElementsAre("INBOUND"));

  v1::ActivityLogged agreed = missed;
  agreed.mutable_activity()->mutable_call()->set_outcome(v1::CALL_OUTCOME_AGREED);
  EXPECT_THAT(
      RaisedTriggers(Envelope(agreed, "activities.ActivityLogged", "activity", "a2"), nullptr),
      IsEmpty());

  v1::ActivityLogged nps;
  nps.mutable_activity()->set_client("clients/c1");
  nps.mutable_activity()->mutable_nps()->set_score(3);
  raised = RaisedTriggers(Envelope(nps, "activities.ActivityLogged", "activity", "a3"), nullptr);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].kind, v1::TRIGGER_NPS_ANSWERED);
  EXPECT_THAT(raised[0].event_facts["event.nps_category"], ElementsAre("detractor"));

  v1::Deal deal;
  deal.set_name("deals/d1");
  deal.set_client("clients/c1");
  deal.set_pipeline("pipelines/sales");
  deal.set_stage("won");
  raised = RaisedTriggers(Envelope(v1::DealWon(), "deals.DealWon", "deal", "d1"), &deal);
  ASSERT_EQ(raised.size(), 2u);
  EXPECT_EQ(raised[0].kind, v1::TRIGGER_DEAL_WON);
  EXPECT_EQ(raised[1].kind, v1::TRIGGER_STAGE_ENTERED);
  v1::Trigger trigger;
  trigger.set_kind(v1::TRIGGER_STAGE_ENTERED);
  trigger.set_stage("won");
  EXPECT_TRUE(TriggerMatches(trigger, raised[1]));
  trigger.set_stage("proposal");
  EXPECT_FALSE(TriggerMatches(trigger, raised[1]));

  v1::ClientUpdated updated;
  updated.add_paths("temperature");
  updated.add_paths("custom_fields");
  (*updated.mutable_changes()->mutable_custom_fields())["budget"].set_number(2);
  (*updated.mutable_previous()->mutable_custom_fields())["budget"].set_number(1);
  (*updated.mutable_changes()->mutable_custom_fields())["city"].set_text("Тула");
  (*updated.mutable_previous()->mutable_custom_fields())["city"].set_text("Тула");
  raised = RaisedTriggers(Envelope(updated, "contacts.ClientUpdated", "client", "c1"), nullptr);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_THAT(raised[0].changed_fields, ElementsAre("temperature", "custom_fields.budget"));
}

TEST(LoopProtection, RequestIdsCarryRuleAndDepth) {
  const std::string id = RuleRequestId("won-followup", 2, "job-1");
  auto cause = ParseRuleCause(absl::StrCat("create-task:", id));
  ASSERT_TRUE(cause.has_value());
  EXPECT_EQ(cause->rule_id, "won-followup");
  EXPECT_EQ(cause->depth, 2);
  EXPECT_FALSE(ParseRuleCause("log-activity:form-42").has_value());
}

class FakeCatalog : public DefinitionCatalog {
 public:
  std::optional<v1::Template> FindTemplate(const std::string& id) const override {
    if (id == "alert") {
      v1::Template t;
      t.mutable_in_app()->set_title("x");
      return t;
    }
    if (id == "offer") {
      v1::Template t;
      t.mutable_email()->set_subject("s");
      t.mutable_email()->set_body("b");
      return t;
    }
    return std::nullopt;
  }
  bool HasSubscription(const std::string& id) const override { return id == "erp"; }
  bool HasEmployee(const std::string& id) const override { return id == "anna"; }
  bool HasPipeline(const std::string& id) const override { return id == "sales"; }
  bool HasStage(const std::string& pipeline, const std::string& stage) const override {
    return (pipeline.empty() || pipeline == "sales") && (stage == "proposal" || stage == "won");
  }
  bool HasCustomField(const std::string& key) const override { return key == "budget"; }
};

TEST(Definitions, RuleChecksNameEveryBadField) {
  v1::Rule rule;
  rule.set_display_name("Выигранная сделка");
  rule.mutable_trigger()->set_kind(v1::TRIGGER_DEAL_WON);
  auto* c = rule.add_conditions();
  c->set_field("client.custom_fields.budget");
  c->set_operator_(v1::GREATER_THAN);
  c->add_values("1000");
  auto* task = rule.add_actions()->mutable_create_task();
  task->set_assignee("deal_owner");
  task->set_title("Предложить повторные услуги {{client.name}}");
  rule.mutable_actions(0)->mutable_delay()->set_seconds(7 * 86400);
  rule.add_actions()->mutable_notify_employee()->set_employee("anna");
  rule.mutable_actions(1)->mutable_notify_employee()->set_template_("templates/alert");
  rule.add_actions()->mutable_move_stage()->set_stage("proposal");
  rule.add_actions()->mutable_call_webhook()->set_subscription("webhookSubscriptions/erp");
  FakeCatalog catalog;
  EXPECT_THAT(CheckRule(rule, catalog), IsEmpty());

  rule.mutable_conditions(0)->set_field("client.custom_fields.nope");
  rule.add_conditions()->set_field("client.colour");
  rule.mutable_conditions(1)->set_operator_(v1::EQUALS);
  rule.mutable_actions(0)->mutable_create_task()->set_title("{{client.nmae}}");
  rule.mutable_actions(1)->mutable_notify_employee()->set_employee("nobody");
  rule.mutable_actions(1)->mutable_notify_employee()->set_template_("templates/offer");
  rule.mutable_actions(2)->mutable_move_stage()->set_stage("nowhere");
  rule.mutable_actions(3)->mutable_call_webhook()->set_subscription("webhookSubscriptions/x");
  EXPECT_THAT(
      Fields(CheckRule(rule, catalog)),
      ElementsAre("rule.conditions[0].field", "rule.conditions[1].field",
                  "rule.conditions[1].values", "rule.actions[0].create_task.title",
                  "rule.actions[1].notify_employee.employee",
                  "rule.actions[1].notify_employee.template", "rule.actions[2].move_stage.stage",
                  "rule.actions[3].call_webhook.subscription"));

  v1::Rule field_rule;
  field_rule.set_display_name("x");
  field_rule.mutable_trigger()->set_kind(v1::TRIGGER_FIELD_CHANGED);
  field_rule.mutable_trigger()->set_field("colour");
  field_rule.add_actions()->mutable_set_tag()->set_tag("t");
  field_rule.add_actions()->mutable_create_task()->set_assignee("assignee");
  field_rule.mutable_actions(1)->mutable_create_task()->set_title("t");
  EXPECT_THAT(Fields(CheckRule(field_rule, catalog)),
              ElementsAre("rule.trigger.field", "rule.actions[1].create_task.assignee"));
}

TEST(Definitions, SubscriptionsAndSettings) {
  v1::WebhookSubscription sub;
  sub.set_url("https://erp.example.ru/hooks/crm");
  sub.set_secret("0123456789abcdef");
  sub.add_events()->set_event_type("deals.DealWon");
  auto* f = sub.add_events();
  f->set_event_type("contacts.ClientUpdated");
  f->add_fields("phones");
  EXPECT_THAT(CheckSubscription(sub, true), IsEmpty());
  sub.set_url("ftp://example.ru");
  sub.set_secret("short");
  sub.mutable_events(0)->set_event_type("deals.DealWonn");
  sub.mutable_events(1)->set_fields(0, "colour");
  EXPECT_THAT(Fields(CheckSubscription(sub, true)),
              ElementsAre("subscription.url", "subscription.secret",
                          "subscription.events[0].event_type", "subscription.events[1].fields"));

  v1::NotificationSettings settings;
  settings.set_time_zone("Europe/Kyiv");
  settings.mutable_quiet_hours()->set_start("21:00");
  settings.mutable_quiet_hours()->set_end("09:00");
  settings.set_smtp_url("smtp://127.0.0.1:2525");
  settings.set_email_from("crm@example.ru");
  EXPECT_THAT(CheckSettings(settings), IsEmpty());
  settings.set_time_zone("Europe/Kiev-ish");
  settings.mutable_quiet_hours()->set_end("9");
  settings.set_smtp_url("http://x");
  EXPECT_THAT(Fields(CheckSettings(settings)),
              ElementsAre("settings.time_zone", "settings.quiet_hours.end", "settings.smtp_url"));
}

TEST(DeliveryPolicy, BackoffDoublesWithBoundedJitter) {
  const absl::Duration base = absl::Seconds(10);
  for (int attempt = 1; attempt <= 5; ++attempt) {
    const absl::Duration expected = base * (1 << (attempt - 1));
    const absl::Duration got = RetryDelay(attempt, base, "d1");
    EXPECT_GE(got, expected);
    EXPECT_LE(got, expected * 1.2);
    EXPECT_EQ(got, RetryDelay(attempt, base, "d1"));  // deterministic
  }
  EXPECT_EQ(RetryDelay(30, base, "d1"), absl::Hours(6));
  EXPECT_EQ(ClassifyHttpStatus(204), AttemptOutcome::kDelivered);
  EXPECT_EQ(ClassifyHttpStatus(503), AttemptOutcome::kRetry);
  EXPECT_EQ(ClassifyHttpStatus(429), AttemptOutcome::kRetry);
  EXPECT_EQ(ClassifyHttpStatus(0), AttemptOutcome::kRetry);
  EXPECT_EQ(ClassifyHttpStatus(410), AttemptOutcome::kGiveUp);
  EXPECT_EQ(ClassifySmtpReply(250), AttemptOutcome::kDelivered);
  EXPECT_EQ(ClassifySmtpReply(451), AttemptOutcome::kRetry);
  EXPECT_EQ(ClassifySmtpReply(550), AttemptOutcome::kGiveUp);
}

TEST(DeliveryPolicy, QuietHoursHoldMarketingUntilMorning) {
  v1::NotificationSettings settings;
  settings.set_time_zone("Europe/Moscow");  // UTC+3
  settings.mutable_quiet_hours()->set_start("21:00");
  settings.mutable_quiet_hours()->set_end("09:00");
  const absl::Time evening = absl::FromUnixSeconds(1795116600);  // 2026-11-19 19:30 UTC = 22:30 MSK
  const absl::Time next_morning =
      absl::FromCivil(absl::CivilMinute(2026, 11, 20, 9, 0), absl::FixedTimeZone(3 * 3600));
  EXPECT_EQ(AfterQuietHours(evening, settings, v1::MESSAGE_CATEGORY_MARKETING), next_morning);
  EXPECT_EQ(AfterQuietHours(evening, settings, v1::MESSAGE_CATEGORY_TRANSACTIONAL), evening);
  const absl::Time early = next_morning - absl::Hours(3);  // 06:00 MSK
  EXPECT_EQ(AfterQuietHours(early, settings, v1::MESSAGE_CATEGORY_MARKETING), next_morning);
  const absl::Time noon = next_morning + absl::Hours(3);
  EXPECT_EQ(AfterQuietHours(noon, settings, v1::MESSAGE_CATEGORY_MARKETING), noon);
  settings.mutable_quiet_hours()->set_include_transactional(true);
  EXPECT_EQ(AfterQuietHours(evening, settings, v1::MESSAGE_CATEGORY_TRANSACTIONAL), next_morning);
}

TEST(DeliveryPolicy, ConsentAndAddress) {
  v1::Client client;
  EXPECT_EQ(SuppressionReason(v1::MESSAGE_CATEGORY_TRANSACTIONAL, client), "у клиента нет e-mail");
  client.add_emails()->set_address("ivan@example.ru");
  EXPECT_EQ(SuppressionReason(v1::MESSAGE_CATEGORY_TRANSACTIONAL, client), "");
  EXPECT_THAT(SuppressionReason(v1::MESSAGE_CATEGORY_MARKETING, client),
              ::testing::HasSubstr("согласия"));
  client.mutable_marketing_consent()->set_granted(true);
  EXPECT_EQ(SuppressionReason(v1::MESSAGE_CATEGORY_MARKETING, client), "");
}

TEST(Signature, MatchesRfc4231AndSignsTimestampDotBody) {
  // RFC 4231, test case 2.
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(SignatureValue("Jefe", 1700000000, "{}"),
            "t=1700000000,v1=" + HmacSha256Hex("Jefe", "1700000000.{}"));
}

}  // namespace
}  // namespace chronicle::notifications
