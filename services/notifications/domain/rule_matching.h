// When a rule fires: which trigger an event raises, and whether a rule's conditions hold for it.
// Conditions read "facts": named lists of text values about the client and the event
// ("client.tags" -> {"vip", "opt"}), so every operator works the same on every field. Pure.
#ifndef CHRONICLE_NOTIFICATIONS_DOMAIN_RULE_MATCHING_H_
#define CHRONICLE_NOTIFICATIONS_DOMAIN_RULE_MATCHING_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "chronicle/v1/contacts_resources.pb.h"
#include "chronicle/v1/deals_resources.pb.h"
#include "chronicle/v1/event.pb.h"
#include "chronicle/v1/notifications_resources.pb.h"

namespace chronicle::notifications {

using Facts = std::map<std::string, std::vector<std::string>, std::less<>>;

// The fields conditions may name, except "client.custom_fields.{key}".
const std::vector<std::string>& ConditionFields();
inline constexpr char kCustomFieldFactPrefix[] = "client.custom_fields.";

// An enum value as rules write it: the name without its type's prefix ("TEMPERATURE_HOT" -> "HOT").
std::string EnumWord(const google::protobuf::EnumDescriptor* type, int value);

// What is known of `client` now.
Facts ClientFacts(const v1::Client& client);

// A trigger raised by one event.
struct RaisedTrigger {
  v1::TriggerKind kind = v1::TRIGGER_KIND_UNSPECIFIED;
  std::string client;  // "clients/{id}", when the event is about one
  std::string deal;    // "deals/{id}"
  std::string task;    // "tasks/{id}"
  std::string pipeline;
  std::string stage;
  std::vector<std::string> changed_fields;  // TRIGGER_FIELD_CHANGED: Client field paths
  int32_t nps_score = -1;
  Facts event_facts;  // "event.*"
};

// The triggers `event` raises. `deal` is the deal the event is about, after it (deals.* events),
// `job` the fired job of a notifications.TimeTriggerReached.
std::vector<RaisedTrigger> RaisedTriggers(const v1::EventEnvelope& event, const v1::Deal* deal);

// Whether `rule`'s trigger matches `raised` (kind, and pipeline/stage/field where the rule names
// them).
bool TriggerMatches(const v1::Trigger& trigger, const RaisedTrigger& raised);

// Whether every condition holds over `facts`.
bool ConditionsHold(const google::protobuf::RepeatedPtrField<v1::Condition>& conditions,
                    const Facts& facts);

// Loop protection. A rule's action in another service runs with a request id that names the rule
// and the depth of the chain that led to it; the events it causes carry that id as command id, so
// the rule engine knows them for what they are.
inline constexpr int kMaxRuleDepth = 3;
std::string RuleRequestId(absl::string_view rule_id, int depth, absl::string_view job_id);
struct RuleCause {
  std::string rule_id;
  int depth = 0;
};
// The rule cause in `command_id` (which may carry a service's prefix such as "create-task:").
std::optional<RuleCause> ParseRuleCause(absl::string_view command_id);

}  // namespace chronicle::notifications

#endif  // CHRONICLE_NOTIFICATIONS_DOMAIN_RULE_MATCHING_H_
