#include "notifications/projection/rule_engine.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/projection/state_messages.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "notifications/domain/events.h"
#include "notifications/domain/rule_matching.h"
#include "notifications/projection/keys.h"
#include "notifications/projection/schedule.h"

namespace chronicle::notifications {
namespace {

using aggregate::FromProtoTime;
using aggregate::IdOf;
using projection::ReadMessage;

constexpr absl::Duration kBackfillAge = absl::Hours(24);

// How deep in a chain of rule-caused events `event` is, and which rule caused it.
std::optional<RuleCause> CauseOf(const v1::EventEnvelope& event) {
  if (Is<v1::TimeTriggerReached>(event)) {
    v1::TimeTriggerReached reached;
    if (event.payload().UnpackTo(&reached) && reached.job().context().depth() > 0) {
      return RuleCause{reached.job().rule(), reached.job().context().depth() - 1};
    }
    return std::nullopt;
  }
  return ParseRuleCause(event.command_id());
}

// The fields an *Updated event says it changed ("paths"), read by reflection so that every
// service's update events work without a list here.
std::vector<std::string> ChangedPaths(const v1::EventEnvelope& event) {
  std::vector<std::string> paths;
  const size_t dot = event.event_type().find('.');
  const auto* file = google::protobuf::DescriptorPool::generated_pool()->FindFileByName(
      absl::StrCat("chronicle/v1/", event.event_type().substr(0, dot), "_events.proto"));
  if (file == nullptr) return paths;
  const auto* type = file->FindMessageTypeByName(event.event_type().substr(dot + 1));
  const auto* field = type == nullptr ? nullptr : type->FindFieldByName("paths");
  if (field == nullptr || !field->is_repeated() ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
    return paths;
  }
  std::unique_ptr<google::protobuf::Message> message(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New());
  if (!message->ParseFromString(event.payload().value())) return paths;
  const auto* reflection = message->GetReflection();
  for (int i = 0; i < reflection->FieldSize(*message, field); ++i) {
    paths.push_back(reflection->GetRepeatedString(*message, field, i));
  }
  return paths;
}

}  // namespace

absl::Status ScheduleRuleActions(const v1::EventEnvelope& event, const v1::Deal* deal,
                                 projection::StateWriter& state) {
  // Rules act on what happens now. History recorded after the fact (an import, a demo year, a
  // telephony system catching up after a week) does not set off follow-ups for the past.
  if (event.has_occurred_at() &&
      FromProtoTime(event.recorded_at()) - FromProtoTime(event.occurred_at()) > kBackfillAge) {
    return absl::OkStatus();
  }
  const std::vector<RaisedTrigger> raised_triggers = RaisedTriggers(event, deal);
  if (raised_triggers.empty()) return absl::OkStatus();
  const std::optional<RuleCause> cause = CauseOf(event);
  const int depth = cause ? cause->depth + 1 : 0;
  if (depth > kMaxRuleDepth) return absl::OkStatus();  // a chain of rules ends here
  const absl::Time now = FromProtoTime(event.recorded_at());
  for (const RaisedTrigger& raised : raised_triggers) {
    std::vector<std::string> rule_ids;
    RETURN_IF_ERROR(state.Scan(keys::TriggerPrefix(raised.kind), "",
                               [&](absl::string_view key, absl::string_view) {
                                 rule_ids.emplace_back(projection::keys::TrailingId(key));
                                 return true;
                               }));
    if (rule_ids.empty()) continue;
    std::optional<v1::Client> client;
    if (!raised.client.empty()) {
      ASSIGN_OR_RETURN(client, ReadMessage<v1::Client>(state, keys::Client(IdOf(raised.client))));
    }
    Facts facts = client ? ClientFacts(*client) : Facts();
    for (const auto& [field, values] : raised.event_facts) facts[field] = values;
    for (const std::string& rule_id : rule_ids) {
      // A rule's own actions do not start it again.
      if (cause && cause->rule_id == rule_id) continue;
      ASSIGN_OR_RETURN(auto rule, ReadMessage<v1::Rule>(state, keys::Rule(rule_id)));
      if (!rule || !rule->enabled() || !TriggerMatches(rule->trigger(), raised) ||
          !ConditionsHold(rule->conditions(), facts)) {
        continue;
      }
      for (int i = 0; i < rule->actions_size(); ++i) {
        v1::Job job;
        job.set_id(
            JobId("rule", absl::StrCat(rule_id, "/", event.event_id(), "/", raised.kind, "/", i)));
        job.set_kind(v1::JOB_RULE_ACTION);
        *job.mutable_due_time() =
            aggregate::ToProtoTime(now + aggregate::FromProtoDuration(rule->actions(i).delay()));
        job.set_rule(rule->name());
        job.set_action_index(i);
        *job.mutable_action() = rule->actions(i);
        v1::TriggerContext* context = job.mutable_context();
        context->set_event_id(event.event_id());
        context->set_event_type(event.event_type());
        context->set_client(client ? client->name() : raised.client);
        context->set_deal(raised.deal);
        context->set_task(raised.task);
        context->set_nps_score(raised.nps_score);
        context->set_depth(depth);
        context->set_position(event.global_position());
        RETURN_IF_ERROR(PutJob(job, state));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status ScheduleWebhookDeliveries(const v1::EventEnvelope& event,
                                       projection::StateWriter& state) {
  if (event.stream().type() == kDeliveryStream) return absl::OkStatus();
  std::vector<std::string> ids;
  RETURN_IF_ERROR(state.Scan(keys::EventTypePrefix(event.event_type()), "",
                             [&](absl::string_view key, absl::string_view) {
                               ids.emplace_back(projection::keys::TrailingId(key));
                               return true;
                             }));
  if (ids.empty()) return absl::OkStatus();
  std::optional<std::vector<std::string>> paths;  // read once, when a filter needs them
  for (const std::string& id : ids) {
    ASSIGN_OR_RETURN(auto subscription,
                     ReadMessage<v1::WebhookSubscription>(state, keys::Subscription(id)));
    if (!subscription || !subscription->active()) continue;
    bool wanted = false;
    for (const v1::EventFilter& filter : subscription->events()) {
      if (filter.event_type() != event.event_type()) continue;
      if (filter.fields().empty()) {
        wanted = true;
        break;
      }
      if (!paths) paths = ChangedPaths(event);
      wanted = std::any_of(filter.fields().begin(), filter.fields().end(), [&](const auto& f) {
        return std::find(paths->begin(), paths->end(), f) != paths->end();
      });
      if (wanted) break;
    }
    if (!wanted) continue;
    v1::Job job;
    job.set_id(JobId("webhook", absl::StrCat(id, "/", event.event_id())));
    job.set_kind(v1::JOB_WEBHOOK_EVENT);
    *job.mutable_due_time() = event.recorded_at();
    job.set_subscription(subscription->name());
    v1::TriggerContext* context = job.mutable_context();
    context->set_event_id(event.event_id());
    context->set_event_type(event.event_type());
    if (!event.partition_key().empty() && event.partition_key() != event.stream().id()) {
      context->set_client(absl::StrCat(kClientPrefix, event.partition_key()));
    } else if (event.stream().type() == "client") {
      context->set_client(absl::StrCat(kClientPrefix, event.stream().id()));
    }
    context->set_position(event.global_position());
    RETURN_IF_ERROR(PutJob(job, state));
  }
  return absl::OkStatus();
}

}  // namespace chronicle::notifications
