#include "notifications/domain/definitions.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/v1/contacts_resources.pb.h"
#include "google/protobuf/descriptor.h"
#include "notifications/domain/rule_matching.h"
#include "notifications/domain/template_text.h"

namespace chronicle::notifications {
namespace {

using errors::FieldViolation;
using Violations = std::vector<FieldViolation>;

constexpr int kMaxActions = 10;
constexpr int kMaxDisplayName = 200;
const absl::Duration kMaxDelay = absl::Hours(24 * 366);

void Append(Violations& to, Violations from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

void CheckDisplayName(const std::string& value, const std::string& field, Violations& out) {
  if (value.empty()) out.push_back({field, "required"});
  if (value.size() > kMaxDisplayName) out.push_back({field, "longer than 200 bytes"});
}

void CheckDuration(const google::protobuf::Duration& d, const std::string& field, Violations& out) {
  const absl::Duration value = aggregate::FromProtoDuration(d);
  if (value < absl::ZeroDuration() || value > kMaxDelay) {
    out.push_back({field, "must be between 0 and 366 days"});
  }
}

bool IsDealTrigger(v1::TriggerKind kind) {
  return kind == v1::TRIGGER_STAGE_ENTERED || kind == v1::TRIGGER_DEAL_WON ||
         kind == v1::TRIGGER_DEAL_LOST || kind == v1::TRIGGER_STAGE_TIME_EXCEEDED;
}

// "owner", "deal_owner" (deal triggers), "assignee" (task triggers) or a directory employee.
void CheckRecipient(const std::string& who, const v1::Trigger& trigger,
                    const DefinitionCatalog& catalog, const std::string& field, Violations& out) {
  if (who.empty()) {
    out.push_back({field, "required: owner, deal_owner, assignee or an employee id"});
  } else if (who == "deal_owner" && !IsDealTrigger(trigger.kind())) {
    out.push_back({field, "deal_owner needs a deal trigger"});
  } else if (who == "assignee" && trigger.kind() != v1::TRIGGER_TASK_OVERDUE) {
    out.push_back({field, "assignee needs TRIGGER_TASK_OVERDUE"});
  } else if (who != "owner" && who != "deal_owner" && who != "assignee" &&
             !catalog.HasEmployee(std::string(absl::StripPrefix(who, kEmployeePrefix)))) {
    out.push_back({field, absl::StrCat("unknown employee '", who, "'")});
  }
}

// The template `name` must exist and have content for the channel the action uses.
void CheckTemplateRef(const std::string& name, bool needs_email, const DefinitionCatalog& catalog,
                      const std::string& field, Violations& out) {
  if (!absl::StartsWith(name, kTemplatePrefix)) {
    out.push_back({field, "required: templates/{id}"});
    return;
  }
  std::optional<v1::Template> found = catalog.FindTemplate(aggregate::IdOf(name));
  if (!found) {
    out.push_back({field, absl::StrCat("unknown template '", name, "'")});
  } else if (needs_email && found->email().body().empty()) {
    out.push_back({field, absl::StrCat(name, " has no e-mail content")});
  } else if (!needs_email && found->in_app().title().empty()) {
    out.push_back({field, absl::StrCat(name, " has no in-app content")});
  }
}

void CheckAction(const v1::Action& action, const v1::Rule& rule, const DefinitionCatalog& catalog,
                 const std::string& field, Violations& out) {
  CheckDuration(action.delay(), field + ".delay", out);
  const v1::TriggerKind trigger = rule.trigger().kind();
  switch (action.kind_case()) {
    case v1::Action::kCreateTask: {
      const auto& a = action.create_task();
      CheckRecipient(a.assignee(), rule.trigger(), catalog, field + ".create_task.assignee", out);
      if (a.title().empty()) out.push_back({field + ".create_task.title", "required"});
      Append(out, CheckTemplateText(a.title(), field + ".create_task.title"));
      Append(out, CheckTemplateText(a.description(), field + ".create_task.description"));
      CheckDuration(a.due_in(), field + ".create_task.due_in", out);
      break;
    }
    case v1::Action::kNotifyEmployee:
      CheckRecipient(action.notify_employee().employee(), rule.trigger(), catalog,
                     field + ".notify_employee.employee", out);
      CheckTemplateRef(action.notify_employee().template_(), false, catalog,
                       field + ".notify_employee.template", out);
      break;
    case v1::Action::kSendClientMessage:
      if (action.send_client_message().channel() != v1::MESSAGE_CHANNEL_EMAIL) {
        out.push_back({field + ".send_client_message.channel", "required: MESSAGE_CHANNEL_EMAIL"});
      }
      CheckTemplateRef(action.send_client_message().template_(), true, catalog,
                       field + ".send_client_message.template", out);
      break;
    case v1::Action::kSendNpsSurvey:
      CheckTemplateRef(action.send_nps_survey().template_(), true, catalog,
                       field + ".send_nps_survey.template", out);
      break;
    case v1::Action::kSetTag:
      if (action.set_tag().tag().empty() || action.set_tag().tag().size() > 64) {
        out.push_back({field + ".set_tag.tag", "required, at most 64 bytes"});
      }
      break;
    case v1::Action::kSetTemperature:
      if (action.set_temperature().temperature() == v1::TEMPERATURE_UNSPECIFIED) {
        out.push_back({field + ".set_temperature.temperature", "required"});
      }
      break;
    case v1::Action::kMoveStage:
      if (!IsDealTrigger(trigger)) {
        out.push_back({field + ".move_stage", "needs a deal trigger"});
      } else if (!catalog.HasStage(aggregate::IdOf(rule.trigger().pipeline()),
                                   action.move_stage().stage())) {
        out.push_back({field + ".move_stage.stage",
                       absl::StrCat("unknown stage '", action.move_stage().stage(), "'")});
      }
      break;
    case v1::Action::kCallWebhook: {
      const std::string& name = action.call_webhook().subscription();
      if (!absl::StartsWith(name, kSubscriptionPrefix) ||
          !catalog.HasSubscription(aggregate::IdOf(name))) {
        out.push_back({field + ".call_webhook.subscription",
                       absl::StrCat("unknown webhook subscription '", name, "'")});
      }
      break;
    }
    default:
      out.push_back({field, "one action kind is required"});
  }
}

void CheckConditionField(const std::string& name, const DefinitionCatalog& catalog,
                         const std::string& field, Violations& out) {
  const auto& known = ConditionFields();
  if (std::find(known.begin(), known.end(), name) != known.end()) return;
  if (absl::StartsWith(name, kCustomFieldFactPrefix)) {
    const std::string key(absl::StripPrefix(name, kCustomFieldFactPrefix));
    if (!catalog.HasCustomField(key)) {
      out.push_back({field, absl::StrCat("unknown custom field '", key, "'")});
    }
    return;
  }
  out.push_back({field, absl::StrCat("unknown field '", name, "'; known: ",
                                     absl::StrJoin(known, ", "), ", client.custom_fields.{key}")});
}

void CheckCondition(const v1::Condition& condition, const DefinitionCatalog& catalog,
                    const std::string& field, Violations& out) {
  CheckConditionField(condition.field(), catalog, field + ".field", out);
  const int values = condition.values_size();
  switch (condition.operator_()) {
    case v1::EQUALS:
    case v1::NOT_EQUALS:
      if (values != 1) out.push_back({field + ".values", "exactly one value"});
      break;
    case v1::IN:
    case v1::NOT_IN:
      if (values == 0) out.push_back({field + ".values", "at least one value"});
      break;
    case v1::GREATER_THAN:
    case v1::LESS_THAN: {
      double number;
      if (values != 1 || !absl::SimpleAtod(condition.values(0), &number)) {
        out.push_back({field + ".values", "exactly one number"});
      }
      break;
    }
    case v1::IS_SET:
    case v1::IS_EMPTY:
      if (values != 0) out.push_back({field + ".values", "takes no values"});
      break;
    default:
      out.push_back({field + ".operator", "required"});
  }
}

void CheckTrigger(const v1::Trigger& trigger, const DefinitionCatalog& catalog, Violations& out) {
  const std::string pipeline = aggregate::IdOf(trigger.pipeline());
  if (trigger.kind() == v1::TRIGGER_KIND_UNSPECIFIED) {
    out.push_back({"rule.trigger.kind", "required"});
    return;
  }
  if (!trigger.pipeline().empty() && !catalog.HasPipeline(pipeline)) {
    out.push_back(
        {"rule.trigger.pipeline", absl::StrCat("unknown pipeline '", trigger.pipeline(), "'")});
  }
  const bool stage_trigger = trigger.kind() == v1::TRIGGER_STAGE_ENTERED ||
                             trigger.kind() == v1::TRIGGER_STAGE_TIME_EXCEEDED;
  if (trigger.kind() == v1::TRIGGER_STAGE_ENTERED && trigger.stage().empty()) {
    out.push_back({"rule.trigger.stage", "required for TRIGGER_STAGE_ENTERED"});
  } else if (!trigger.stage().empty() &&
             (!stage_trigger || !catalog.HasStage(pipeline, trigger.stage()))) {
    out.push_back({"rule.trigger.stage", stage_trigger
                                             ? absl::StrCat("unknown stage '", trigger.stage(), "'")
                                             : "only stage triggers name a stage"});
  }
  if (trigger.kind() == v1::TRIGGER_FIELD_CHANGED) {
    const std::string& name = trigger.field();
    if (absl::StartsWith(name, "custom_fields.")) {
      if (!catalog.HasCustomField(std::string(absl::StripPrefix(name, "custom_fields.")))) {
        out.push_back({"rule.trigger.field", absl::StrCat("unknown custom field in '", name, "'")});
      }
    } else if (name.empty() || v1::Client::descriptor()->FindFieldByName(name) == nullptr) {
      out.push_back({"rule.trigger.field", absl::StrCat("unknown client field '", name, "'")});
    }
  } else if (!trigger.field().empty()) {
    out.push_back({"rule.trigger.field", "only TRIGGER_FIELD_CHANGED names a field"});
  }
}

const google::protobuf::Descriptor* EventMessage(const std::string& event_type) {
  const size_t dot = event_type.find('.');
  if (dot == std::string::npos) return nullptr;
  const auto* file = google::protobuf::DescriptorPool::generated_pool()->FindFileByName(
      absl::StrCat("chronicle/v1/", event_type.substr(0, dot), "_events.proto"));
  return file == nullptr ? nullptr : file->FindMessageTypeByName(event_type.substr(dot + 1));
}

}  // namespace

bool IsUrlWithScheme(const std::string& url, const std::vector<std::string>& schemes) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle(curl_url(), curl_url_cleanup);
  if (curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return false;
  char* scheme = nullptr;
  char* host = nullptr;
  bool ok = curl_url_get(handle.get(), CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
            curl_url_get(handle.get(), CURLUPART_HOST, &host, 0) == CURLUE_OK && host[0] != 0 &&
            std::find(schemes.begin(), schemes.end(), std::string(scheme)) != schemes.end();
  curl_free(scheme);
  curl_free(host);
  return ok;
}

Violations CheckRule(const v1::Rule& rule, const DefinitionCatalog& catalog) {
  Violations out;
  CheckDisplayName(rule.display_name(), "rule.display_name", out);
  CheckTrigger(rule.trigger(), catalog, out);
  for (int i = 0; i < rule.conditions_size(); ++i) {
    CheckCondition(rule.conditions(i), catalog, absl::StrCat("rule.conditions[", i, "]"), out);
  }
  if (rule.actions_size() == 0 || rule.actions_size() > kMaxActions) {
    out.push_back({"rule.actions", "1 to 10 actions"});
  }
  for (int i = 0; i < rule.actions_size(); ++i) {
    CheckAction(rule.actions(i), rule, catalog, absl::StrCat("rule.actions[", i, "]"), out);
  }
  return out;
}

Violations CheckTemplate(const v1::Template& tmpl) {
  Violations out;
  CheckDisplayName(tmpl.display_name(), "template.display_name", out);
  if (tmpl.category() == v1::MESSAGE_CATEGORY_UNSPECIFIED) {
    out.push_back({"template.category", "required"});
  }
  const bool in_app = !tmpl.in_app().title().empty() || !tmpl.in_app().body().empty();
  const bool email = !tmpl.email().subject().empty() || !tmpl.email().body().empty();
  if (!in_app && !email) out.push_back({"template", "in_app or email content is required"});
  if (in_app && tmpl.in_app().title().empty()) {
    out.push_back({"template.in_app.title", "required"});
  }
  if (email && (tmpl.email().subject().empty() || tmpl.email().body().empty())) {
    out.push_back({"template.email", "subject and body are both required"});
  }
  if (email && tmpl.category() == v1::MESSAGE_CATEGORY_INTERNAL) {
    out.push_back({"template.email", "internal templates are in-app only"});
  }
  Append(out, CheckTemplateText(tmpl.in_app().title(), "template.in_app.title"));
  Append(out, CheckTemplateText(tmpl.in_app().body(), "template.in_app.body"));
  Append(out, CheckTemplateText(tmpl.email().subject(), "template.email.subject"));
  Append(out, CheckTemplateText(tmpl.email().body(), "template.email.body"));
  return out;
}

Violations CheckSubscription(const v1::WebhookSubscription& subscription, bool secret_required) {
  Violations out;
  if (!IsUrlWithScheme(subscription.url(), {"http", "https"})) {
    out.push_back({"subscription.url",
                   absl::StrCat("'", subscription.url(), "' is not an http(s) URL with a host")});
  }
  if (secret_required && subscription.secret().size() < 16) {
    out.push_back({"subscription.secret", "at least 16 bytes"});
  }
  for (int i = 0; i < subscription.events_size(); ++i) {
    const v1::EventFilter& filter = subscription.events(i);
    const std::string field = absl::StrCat("subscription.events[", i, "]");
    const google::protobuf::Descriptor* message = EventMessage(filter.event_type());
    if (message == nullptr) {
      out.push_back(
          {field + ".event_type", absl::StrCat("unknown event type '", filter.event_type(), "'")});
      continue;
    }
    if (absl::StartsWith(filter.event_type(), "notifications.Delivery")) {
      // A delivery's own events would queue deliveries about deliveries, without end.
      out.push_back({field + ".event_type", "delivery events cannot be subscribed to"});
      continue;
    }
    if (filter.fields_size() == 0) continue;
    // Field filters apply to updates that list the paths they changed.
    const auto* changes = message->FindFieldByName("changes");
    if (message->FindFieldByName("paths") == nullptr || changes == nullptr ||
        changes->message_type() == nullptr) {
      out.push_back({field + ".fields",
                     absl::StrCat(filter.event_type(), " does not say which fields changed")});
      continue;
    }
    for (const std::string& name : filter.fields()) {
      if (changes->message_type()->FindFieldByName(name) == nullptr) {
        out.push_back({field + ".fields", absl::StrCat("unknown field '", name, "' of ",
                                                       changes->message_type()->name())});
      }
    }
  }
  return out;
}

Violations CheckSettings(const v1::NotificationSettings& settings) {
  Violations out;
  absl::TimeZone zone;
  if (!settings.time_zone().empty() && !absl::LoadTimeZone(settings.time_zone(), &zone)) {
    out.push_back({"settings.time_zone",
                   absl::StrCat("unknown IANA time zone '", settings.time_zone(), "'")});
  }
  const auto& quiet = settings.quiet_hours();
  auto is_clock = [](const std::string& text) {
    int h, m;
    return text.size() == 5 && text[2] == ':' && absl::SimpleAtoi(text.substr(0, 2), &h) &&
           absl::SimpleAtoi(text.substr(3), &m) && h >= 0 && h < 24 && m >= 0 && m < 60;
  };
  if (!quiet.start().empty() || !quiet.end().empty()) {
    if (!is_clock(quiet.start())) out.push_back({"settings.quiet_hours.start", "HH:MM"});
    if (!is_clock(quiet.end())) out.push_back({"settings.quiet_hours.end", "HH:MM"});
    if (quiet.start() == quiet.end()) {
      out.push_back({"settings.quiet_hours", "start and end must differ"});
    }
  }
  if (!settings.smtp_url().empty()) {
    if (!IsUrlWithScheme(settings.smtp_url(), {"smtp", "smtps"})) {
      out.push_back({"settings.smtp_url", "smtp:// or smtps:// URL with a host"});
    }
    if (settings.email_from().find('@') == std::string::npos) {
      out.push_back({"settings.email_from", "required with smtp_url: an address"});
    }
  }
  if (!settings.survey_url().empty() &&
      !IsUrlWithScheme(settings.survey_url(), {"http", "https"})) {
    out.push_back({"settings.survey_url", "http(s) URL with a host"});
  }
  if (settings.max_attempts() < 0 || settings.max_attempts() > 20) {
    out.push_back({"settings.max_attempts", "0 (default 8) to 20"});
  }
  const absl::Duration base = aggregate::FromProtoDuration(settings.retry_base());
  if (base < absl::ZeroDuration() || base > absl::Hours(1)) {
    out.push_back({"settings.retry_base", "0 (default 10 s) to 1 hour"});
  }
  return out;
}

v1::NotificationSettings EffectiveSettings(v1::NotificationSettings settings) {
  settings.set_name(kSettingsName);
  if (settings.time_zone().empty()) settings.set_time_zone("Europe/Moscow");
  if (settings.max_attempts() == 0) settings.set_max_attempts(8);
  if (aggregate::FromProtoDuration(settings.retry_base()) <= absl::ZeroDuration()) {
    *settings.mutable_retry_base() = aggregate::ToProtoDuration(absl::Seconds(10));
  }
  return settings;
}

absl::Status Evolve(const v1::EventEnvelope& event, SettingsState* state) {
  state->version = event.stream_version();
  if (Is<v1::NotificationSettingsChanged>(event)) {
    v1::NotificationSettingsChanged changed;
    RETURN_IF_ERROR(Unpack(event, &changed));
    state->settings = changed.settings();
  }
  state->settings.set_etag(absl::StrCat(state->version));
  return absl::OkStatus();
}

}  // namespace chronicle::notifications
