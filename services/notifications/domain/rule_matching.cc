#include "notifications/domain/rule_matching.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/aggregate/typed_events.h"
#include "chronicle/v1/activities_events.pb.h"
#include "chronicle/v1/contacts_events.pb.h"
#include "chronicle/v1/deals_events.pb.h"
#include "chronicle/v1/notifications_events.pb.h"

namespace chronicle::notifications {
namespace {

using aggregate::Is;

// "CallOutcome" -> "CALL_OUTCOME_".
std::string EnumPrefix(const google::protobuf::EnumDescriptor* type) {
  std::string prefix;
  for (char c : type->name()) {
    if (absl::ascii_isupper(c) && !prefix.empty()) prefix.push_back('_');
    prefix.push_back(absl::ascii_toupper(c));
  }
  return prefix + "_";
}

std::string MoneyText(const v1::Money& money) {
  return absl::StrCat(money.units() + money.nanos() / 1e9);
}

std::string CustomValueText(const v1::CustomValue& value) {
  switch (value.kind_case()) {
    case v1::CustomValue::kText:
      return value.text();
    case v1::CustomValue::kNumber:
      return absl::StrCat(value.number());
    case v1::CustomValue::kMoney:
      return MoneyText(value.money());
    case v1::CustomValue::kDate:
      return value.date();
    case v1::CustomValue::kBoolean:
      return value.boolean() ? "true" : "false";
    case v1::CustomValue::kChoice:
      return value.choice();
    default:
      return "";
  }
}

void Add(Facts& facts, const std::string& field, const std::string& value) {
  if (!value.empty()) facts[field].push_back(value);
}

std::string NpsCategory(int score) {
  return score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
}

// The facts of a deal event: its pipeline and stage, and its amount.
RaisedTrigger DealTrigger(v1::TriggerKind kind, const v1::Deal& deal) {
  RaisedTrigger raised;
  raised.kind = kind;
  raised.client = deal.client();
  raised.deal = deal.name();
  raised.pipeline = deal.pipeline();
  raised.stage = deal.stage();
  Add(raised.event_facts, "event.pipeline", deal.pipeline());
  Add(raised.event_facts, "event.stage", deal.stage());
  if (deal.has_amount()) Add(raised.event_facts, "event.amount", MoneyText(deal.amount()));
  return raised;
}

void FromActivity(const v1::Activity& activity, std::vector<RaisedTrigger>* out) {
  RaisedTrigger raised;
  raised.client = activity.client();
  raised.deal = activity.deal();
  if (activity.has_call()) {
    const auto outcome = activity.call().outcome();
    if (outcome != v1::CALL_OUTCOME_MISSED && outcome != v1::CALL_OUTCOME_NO_ANSWER) return;
    raised.kind = v1::TRIGGER_CALL_MISSED;
    Add(raised.event_facts, "event.call_direction",
        EnumWord(v1::Direction_descriptor(), activity.call().direction()));
  } else if (activity.has_nps()) {
    raised.kind = v1::TRIGGER_NPS_ANSWERED;
    raised.nps_score = activity.nps().score();
    Add(raised.event_facts, "event.score", absl::StrCat(activity.nps().score()));
    Add(raised.event_facts, "event.nps_category", NpsCategory(activity.nps().score()));
  } else {
    return;
  }
  out->push_back(std::move(raised));
}

bool AnyValue(const std::vector<std::string>& have,
              const std::function<bool(const std::string&)>& f) {
  return std::any_of(have.begin(), have.end(), f);
}

bool Holds(const v1::Condition& condition, const Facts& facts) {
  static const std::vector<std::string> kNone;
  auto it = facts.find(condition.field());
  const std::vector<std::string>& have = it == facts.end() ? kNone : it->second;
  const auto& values = condition.values();
  auto equals_any = [&](const std::string& v) {
    return std::any_of(values.begin(), values.end(),
                       [&](const std::string& w) { return absl::EqualsIgnoreCase(v, w); });
  };
  auto number = [](const std::string& text, double* out) { return absl::SimpleAtod(text, out); };
  switch (condition.operator_()) {
    case v1::EQUALS:
    case v1::IN:
      return AnyValue(have, equals_any);
    case v1::NOT_EQUALS:
    case v1::NOT_IN:
      return !AnyValue(have, equals_any);
    case v1::GREATER_THAN:
    case v1::LESS_THAN: {
      double bound;
      if (values.empty() || !number(values[0], &bound)) return false;
      return AnyValue(have, [&](const std::string& v) {
        double x;
        if (!number(v, &x)) return false;
        return condition.operator_() == v1::GREATER_THAN ? x > bound : x < bound;
      });
    }
    case v1::IS_SET:
      return !have.empty();
    case v1::IS_EMPTY:
      return have.empty();
    default:
      return false;
  }
}

}  // namespace

const std::vector<std::string>& ConditionFields() {
  static const auto* const fields = new std::vector<std::string>{"client.temperature",
                                                                 "client.tags",
                                                                 "client.owner",
                                                                 "client.team",
                                                                 "client.type",
                                                                 "client.channel",
                                                                 "client.utm_source",
                                                                 "client.utm_campaign",
                                                                 "client.landing_domain",
                                                                 "client.lifecycle_status",
                                                                 "client.marketing_consent",
                                                                 "event.pipeline",
                                                                 "event.stage",
                                                                 "event.reason",
                                                                 "event.score",
                                                                 "event.nps_category",
                                                                 "event.call_direction",
                                                                 "event.amount"};
  return *fields;
}

std::string EnumWord(const google::protobuf::EnumDescriptor* type, int value) {
  const google::protobuf::EnumValueDescriptor* v = type->FindValueByNumber(value);
  if (v == nullptr || value == 0) return "";
  absl::string_view name = v->name();
  absl::ConsumePrefix(&name, EnumPrefix(type));
  return std::string(name);
}

Facts ClientFacts(const v1::Client& client) {
  Facts facts;
  Add(facts, "client.temperature", EnumWord(v1::Temperature_descriptor(), client.temperature()));
  for (const std::string& tag : client.tags()) Add(facts, "client.tags", tag);
  Add(facts, "client.owner",
      client.effective_owner().empty() ? client.owner() : client.effective_owner());
  Add(facts, "client.team", client.team());
  Add(facts, "client.type", EnumWord(v1::ClientType_descriptor(), client.type()));
  Add(facts, "client.channel", EnumWord(v1::Channel_descriptor(), client.first_touch().channel()));
  Add(facts, "client.utm_source", client.first_touch().utm_source());
  Add(facts, "client.utm_campaign", client.first_touch().utm_campaign());
  Add(facts, "client.landing_domain", client.first_touch().landing_domain());
  Add(facts, "client.lifecycle_status",
      EnumWord(v1::LifecycleStatus_descriptor(), client.lifecycle_status()));
  if (client.has_marketing_consent()) {
    Add(facts, "client.marketing_consent",
        client.marketing_consent().granted() ? "GRANTED" : "WITHDRAWN");
  }
  for (const auto& [key, value] : client.custom_fields()) {
    const std::string field = absl::StrCat(kCustomFieldFactPrefix, key);
    if (value.has_choices()) {
      for (const std::string& choice : value.choices().values()) Add(facts, field, choice);
    } else {
      Add(facts, field, CustomValueText(value));
    }
  }
  return facts;
}

std::vector<RaisedTrigger> RaisedTriggers(const v1::EventEnvelope& event, const v1::Deal* deal) {
  std::vector<RaisedTrigger> out;
  const std::string client =
      event.stream().type() == "client" ? absl::StrCat("clients/", event.stream().id()) : "";
  if (Is<v1::InquiryReceived>(event)) {
    RaisedTrigger raised;
    raised.kind = v1::TRIGGER_NEW_LEAD;
    raised.client = client;
    out.push_back(std::move(raised));
  } else if (Is<v1::ClientCreated>(event)) {
    RaisedTrigger raised;
    raised.kind = v1::TRIGGER_CLIENT_CREATED;
    raised.client = client;
    out.push_back(std::move(raised));
  } else if (Is<v1::ClientUpdated>(event) || Is<v1::OwnerChanged>(event)) {
    RaisedTrigger raised;
    raised.kind = v1::TRIGGER_FIELD_CHANGED;
    raised.client = client;
    if (Is<v1::OwnerChanged>(event)) {
      raised.changed_fields = {"owner"};
    } else {
      v1::ClientUpdated updated;
      if (!event.payload().UnpackTo(&updated)) return out;
      for (const std::string& path : updated.paths()) {
        if (path != "custom_fields") {
          raised.changed_fields.push_back(path);
          continue;
        }
        // The whole map was replaced: name each key whose value changed.
        std::set<std::string> keys;
        for (const auto& [key, value] : updated.changes().custom_fields()) keys.insert(key);
        for (const auto& [key, value] : updated.previous().custom_fields()) keys.insert(key);
        for (const std::string& key : keys) {
          auto now = updated.changes().custom_fields().find(key);
          auto before = updated.previous().custom_fields().find(key);
          const bool same = now != updated.changes().custom_fields().end() &&
                            before != updated.previous().custom_fields().end() &&
                            now->second.SerializeAsString() == before->second.SerializeAsString();
          if (!same) raised.changed_fields.push_back(absl::StrCat("custom_fields.", key));
        }
      }
    }
    out.push_back(std::move(raised));
  } else if (deal != nullptr && (Is<v1::DealCreated>(event) || Is<v1::DealMoved>(event) ||
                                 Is<v1::DealReopened>(event))) {
    out.push_back(DealTrigger(v1::TRIGGER_STAGE_ENTERED, *deal));
  } else if (deal != nullptr && Is<v1::DealWon>(event)) {
    out.push_back(DealTrigger(v1::TRIGGER_DEAL_WON, *deal));
    out.push_back(DealTrigger(v1::TRIGGER_STAGE_ENTERED, *deal));
  } else if (deal != nullptr && (Is<v1::DealLost>(event) || Is<v1::DealDisqualified>(event))) {
    RaisedTrigger raised = DealTrigger(v1::TRIGGER_DEAL_LOST, *deal);
    Add(raised.event_facts, "event.reason",
        deal->lost_reason().empty() ? deal->disqualification_reason()
                                    : aggregate::IdOf(deal->lost_reason()));
    out.push_back(std::move(raised));
    out.push_back(DealTrigger(v1::TRIGGER_STAGE_ENTERED, *deal));
  } else if (Is<v1::ActivityLogged>(event)) {
    v1::ActivityLogged logged;
    if (event.payload().UnpackTo(&logged)) FromActivity(logged.activity(), &out);
  } else if (Is<v1::TimeTriggerReached>(event)) {
    v1::TimeTriggerReached reached;
    if (!event.payload().UnpackTo(&reached)) return out;
    const v1::Job& job = reached.job();
    RaisedTrigger raised;
    raised.client = job.context().client();
    raised.deal = job.context().deal();
    raised.task = job.context().task();
    switch (job.kind()) {
      case v1::JOB_TASK_DUE:
        raised.kind = v1::TRIGGER_TASK_OVERDUE;
        break;
      case v1::JOB_CLIENT_BIRTHDAY:
        raised.kind = v1::TRIGGER_CLIENT_BIRTHDAY;
        break;
      case v1::JOB_STAGE_TIME_LIMIT:
        if (deal == nullptr) return out;
        raised = DealTrigger(v1::TRIGGER_STAGE_TIME_EXCEEDED, *deal);
        raised.deal = job.context().deal();
        break;
      default:
        return out;
    }
    out.push_back(std::move(raised));
  }
  return out;
}

bool TriggerMatches(const v1::Trigger& trigger, const RaisedTrigger& raised) {
  if (trigger.kind() != raised.kind) return false;
  if (!trigger.pipeline().empty() && trigger.pipeline() != raised.pipeline) return false;
  if (!trigger.stage().empty() && trigger.stage() != raised.stage) return false;
  if (!trigger.field().empty()) {
    return std::find(raised.changed_fields.begin(), raised.changed_fields.end(), trigger.field()) !=
           raised.changed_fields.end();
  }
  return true;
}

bool ConditionsHold(const google::protobuf::RepeatedPtrField<v1::Condition>& conditions,
                    const Facts& facts) {
  return std::all_of(conditions.begin(), conditions.end(),
                     [&](const v1::Condition& c) { return Holds(c, facts); });
}

std::string RuleRequestId(absl::string_view rule_id, int depth, absl::string_view job_id) {
  return absl::StrCat("rule~", rule_id, "~", depth, "~", job_id);
}

std::optional<RuleCause> ParseRuleCause(absl::string_view command_id) {
  const size_t at = command_id.find("rule~");
  if (at == absl::string_view::npos) return std::nullopt;
  std::vector<absl::string_view> parts = absl::StrSplit(command_id.substr(at), '~');
  RuleCause cause;
  if (parts.size() < 4 || !absl::SimpleAtoi(parts[2], &cause.depth)) return std::nullopt;
  cause.rule_id = std::string(parts[1]);
  return cause;
}

}  // namespace chronicle::notifications
