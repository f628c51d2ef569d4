#include "notifications/projection/notifications_projection.h"

#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "activities/domain/employee.h"
#include "activities/domain/task.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/base/log.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/projection/state_messages.h"
#include "contacts/domain/client.h"
#include "deals/domain/deal.h"
#include "deals/domain/pipeline.h"
#include "notifications/domain/definitions.h"
#include "notifications/domain/delivery_policy.h"
#include "notifications/domain/events.h"
#include "notifications/domain/rule_matching.h"
#include "notifications/projection/keys.h"
#include "notifications/projection/reader.h"
#include "notifications/projection/rule_engine.h"
#include "notifications/projection/schedule.h"

namespace chronicle::notifications {
namespace {

using aggregate::FromProtoTime;
using aggregate::ToProtoTime;
using projection::FoldStored;
using projection::ReadMessage;
using projection::StateWriter;
using projection::keys::Entries;
using projection::keys::ReplaceEntries;

// Moves `recipient`'s unread count by `delta` (never below zero).
absl::Status AddUnread(StateWriter& state, const std::string& recipient, int64_t delta) {
  ASSIGN_OR_RETURN(int64_t unread, NotificationsReader(state).UnreadCount(recipient));
  state.Put(keys::Unread(recipient), absl::StrCat(std::max<int64_t>(0, unread + delta)));
  return absl::OkStatus();
}

int DepthOf(const v1::EventEnvelope& event) {
  std::optional<RuleCause> cause = ParseRuleCause(event.command_id());
  return cause ? cause->depth + 1 : 0;
}

Entries RuleEntries(const v1::Rule& rule) {
  Entries entries;
  if (rule.enabled()) entries[keys::RuleByTrigger(rule.trigger().kind(), IdOf(rule.name()))] = "";
  return entries;
}

Entries SubscriptionEntries(const v1::WebhookSubscription& subscription) {
  Entries entries;
  if (!subscription.active()) return entries;
  for (const v1::EventFilter& filter : subscription.events()) {
    entries[keys::SubscriptionByType(filter.event_type(), IdOf(subscription.name()))] = "";
  }
  return entries;
}

// Stores a definition's resource (or removes it) and replaces its index entries.
template <typename Kind, typename EntriesOf>
absl::Status StoreDefinition(const v1::EventEnvelope& event, const std::string& key,
                             StateWriter& state, EntriesOf entries_of) {
  Definition<Kind> folded;
  ASSIGN_OR_RETURN(auto before, ReadMessage<typename Kind::Resource>(state, key));
  if (before) {
    folded.current = *before;
    (void)absl::SimpleAtoi(before->etag(), &folded.version);
  }
  RETURN_IF_ERROR(Evolve(event, &folded));
  ReplaceEntries(before ? entries_of(*before) : Entries(),
                 folded.current ? entries_of(*folded.current) : Entries(), state);
  if (folded.current) {
    state.Put(key, folded.current->SerializeAsString());
  } else {
    state.Delete(key);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status NotificationsProjection::Apply(const v1::EventEnvelope& event, StateWriter& state) {
  const std::string& type = event.stream().type();
  absl::string_view event_type = event.event_type();
  absl::Status applied = absl::OkStatus();
  std::optional<v1::Deal> deal;
  if (absl::StartsWith(event_type, kEventTypePrefix)) {
    applied = ApplyOwn(event, state);
  } else if (absl::StartsWith(event_type, "contacts.")) {
    if (type == "client") applied = ApplyClient(event, state);
    if (type == "custom_fields") applied = ApplyDirectory(event, state);
  } else if (absl::StartsWith(event_type, "deals.")) {
    if (type == "deal") {
      auto folded = ApplyDeal(event, state);
      applied = folded.status();
      if (folded.ok()) deal = std::move(*folded);
    }
    if (type == "pipeline") applied = ApplyDirectory(event, state);
  } else if (absl::StartsWith(event_type, "activities.")) {
    if (type == "task") applied = ApplyTask(event, state);
    if (type == "employee") applied = ApplyDirectory(event, state);
  }
  if (applied.ok() && Is<v1::TimeTriggerReached>(event)) {
    v1::TimeTriggerReached reached;
    RETURN_IF_ERROR(Unpack(event, &reached));
    if (!reached.job().context().deal().empty()) {
      ASSIGN_OR_RETURN(
          deal, ReadMessage<v1::Deal>(state, keys::Deal(IdOf(reached.job().context().deal()))));
    }
  }
  if (applied.ok()) applied = ScheduleRuleActions(event, deal ? &*deal : nullptr, state);
  if (applied.ok()) applied = ScheduleWebhookDeliveries(event, state);
  // An unreadable payload (a raw admin append) must not stop every other notification: it is
  // skipped here, loudly.
  if (absl::IsDataLoss(applied)) {
    Log(LogLevel::kWarning, "notifications.projection", "event skipped",
        {{"event_type", std::string(event_type)},
         {"position", absl::StrCat(event.global_position())},
         {"error", std::string(applied.message())}});
    return absl::OkStatus();
  }
  return applied;
}

absl::Status NotificationsProjection::ApplyOwn(const v1::EventEnvelope& event, StateWriter& state) {
  const std::string& type = event.stream().type();
  if (type == kRuleStream || type == kTemplateStream || type == kSubscriptionStream ||
      type == kSettingsStream) {
    return ApplyDefinition(event, state);
  }
  if (type == kNotificationStream) return ApplyInbox(event, state);
  if (type == kDeliveryStream) return ApplyDelivery(event, state);
  if (Is<v1::TimeTriggerReached>(event)) {
    v1::TimeTriggerReached reached;
    RETURN_IF_ERROR(Unpack(event, &reached));
    RETURN_IF_ERROR(MarkFired(reached.job().id(), state));
    if (reached.job().kind() == v1::JOB_CLIENT_BIRTHDAY) {
      // Next year's.
      const std::string client_id = IdOf(reached.job().context().client());
      ASSIGN_OR_RETURN(auto client, ReadMessage<v1::Client>(state, keys::Client(client_id)));
      ASSIGN_OR_RETURN(v1::NotificationSettings settings, NotificationsReader(state).Settings());
      if (client) {
        RETURN_IF_ERROR(
            ReplaceOwnedJobs(keys::ClientJobs(client_id),
                             BirthdayJobs(*client, FromProtoTime(reached.job().due_time()),
                                          ZoneOrUtc(settings.time_zone())),
                             state));
      }
    }
    return absl::OkStatus();
  }
  if (Is<v1::ActionPerformed>(event)) {
    v1::ActionPerformed performed;
    RETURN_IF_ERROR(Unpack(event, &performed));
    return MarkFired(performed.job().id(), state);
  }
  if (Is<v1::ActionFailed>(event)) {
    v1::ActionFailed failed;
    RETURN_IF_ERROR(Unpack(event, &failed));
    return MarkFired(failed.job().id(), state);
  }
  if (Is<v1::JobExpired>(event)) {
    v1::JobExpired expired;
    RETURN_IF_ERROR(Unpack(event, &expired));
    return MarkFired(expired.job().id(), state);
  }
  if (Is<v1::NpsAnswerReceived>(event)) {
    v1::NpsAnswerReceived answer;
    RETURN_IF_ERROR(Unpack(event, &answer));
    const std::string id = IdOf(answer.survey());
    ASSIGN_OR_RETURN(auto survey, ReadMessage<v1::Survey>(state, keys::Survey(id)));
    if (!survey) return absl::OkStatus();
    survey->set_answered(true);
    survey->set_score(answer.score());
    survey->set_comment(answer.comment());
    *survey->mutable_answer_time() = answer.answer_time();
    state.Put(keys::Survey(id), survey->SerializeAsString());
    v1::Job job;
    job.set_id(JobId("nps", id));
    job.set_kind(v1::JOB_NPS_ACTIVITY);
    *job.mutable_due_time() = event.recorded_at();
    job.set_survey(survey->name());
    job.mutable_context()->set_client(survey->client());
    job.mutable_context()->set_nps_score(answer.score());
    return PutJob(job, state);
  }
  return absl::OkStatus();
}

absl::Status NotificationsProjection::ApplyDefinition(const v1::EventEnvelope& event,
                                                      StateWriter& state) {
  const std::string& type = event.stream().type();
  const std::string& id = event.stream().id();
  if (type == kRuleStream) {
    return StoreDefinition<RuleKind>(event, keys::Rule(id), state, RuleEntries);
  }
  if (type == kTemplateStream) {
    return StoreDefinition<TemplateKind>(event, keys::Template(id), state,
                                         [](const v1::Template&) { return Entries(); });
  }
  if (type == kSubscriptionStream) {
    return StoreDefinition<SubscriptionKind>(event, keys::Subscription(id), state,
                                             SubscriptionEntries);
  }
  SettingsState folded;
  RETURN_IF_ERROR(Evolve(event, &folded));
  state.Put(keys::Settings(), folded.settings.SerializeAsString());
  return absl::OkStatus();
}

absl::Status NotificationsProjection::ApplyInbox(const v1::EventEnvelope& event,
                                                 StateWriter& state) {
  const std::string& id = event.stream().id();
  if (Is<v1::NotificationCreated>(event)) {
    v1::NotificationCreated created;
    RETURN_IF_ERROR(Unpack(event, &created));
    RETURN_IF_ERROR(MarkFired(created.job(), state));
    v1::Notification notification = created.notification();
    *notification.mutable_create_time() = event.recorded_at();
    const std::string key =
        keys::Inbox(notification.recipient(), FromProtoTime(event.recorded_at()), id);
    state.Put(key, notification.SerializeAsString());
    state.Put(keys::NotificationKey(id), key);
    return AddUnread(state, notification.recipient(), +1);
  }
  if (Is<v1::NotificationRead>(event)) {
    ASSIGN_OR_RETURN(auto key, state.Get(keys::NotificationKey(id)));
    if (!key) return absl::OkStatus();
    ASSIGN_OR_RETURN(auto notification, ReadMessage<v1::Notification>(state, *key));
    if (!notification || notification->read()) return absl::OkStatus();
    notification->set_read(true);
    *notification->mutable_read_time() = event.recorded_at();
    state.Put(*key, notification->SerializeAsString());
    return AddUnread(state, notification->recipient(), -1);
  }
  return absl::OkStatus();
}

absl::Status NotificationsProjection::ApplyDelivery(const v1::EventEnvelope& event,
                                                    StateWriter& state) {
  const std::string& id = event.stream().id();
  const absl::Time now = FromProtoTime(event.recorded_at());
  ASSIGN_OR_RETURN(v1::NotificationSettings settings, NotificationsReader(state).Settings());
  auto schedule_attempt = [&](v1::Delivery& delivery, absl::Time at) {
    at = delivery.channel() == v1::DELIVERY_CHANNEL_EMAIL
             ? AfterQuietHours(at, settings, delivery.category())
             : at;
    *delivery.mutable_next_attempt_time() = ToProtoTime(at);
    v1::Job job;
    const int number = delivery.attempts_size() + 1;
    job.set_id(JobId("attempt", absl::StrCat(id, "/", number)));
    job.set_kind(v1::JOB_DELIVERY_ATTEMPT);
    *job.mutable_due_time() = ToProtoTime(at);
    job.set_delivery(delivery.name());
    job.set_attempt(number);
    job.mutable_context()->set_client(delivery.client());
    return PutJob(job, state);
  };

  v1::Delivery delivery;
  if (Is<v1::DeliveryQueued>(event) || Is<v1::DeliverySuppressed>(event)) {
    std::string job;
    if (Is<v1::DeliveryQueued>(event)) {
      v1::DeliveryQueued queued;
      RETURN_IF_ERROR(Unpack(event, &queued));
      delivery = queued.delivery();
      job = queued.job();
    } else {
      v1::DeliverySuppressed suppressed;
      RETURN_IF_ERROR(Unpack(event, &suppressed));
      delivery = suppressed.delivery();
      job = suppressed.job();
    }
    RETURN_IF_ERROR(MarkFired(job, state));
    *delivery.mutable_create_time() = event.recorded_at();
    state.Put(keys::DeliveryByTime(now, id), "");
    if (!delivery.survey().empty()) {
      v1::Survey survey;
      survey.set_name(delivery.survey());
      survey.set_client(delivery.client());
      survey.set_delivery(delivery.name());
      *survey.mutable_send_time() = event.recorded_at();
      state.Put(keys::Survey(IdOf(delivery.survey())), survey.SerializeAsString());
    }
    if (Is<v1::DeliveryQueued>(event)) {
      delivery.set_state(v1::DELIVERY_STATE_PENDING);
      RETURN_IF_ERROR(schedule_attempt(delivery, now));
    } else {
      delivery.set_state(v1::DELIVERY_STATE_SUPPRESSED);
    }
  } else {
    ASSIGN_OR_RETURN(auto stored, ReadMessage<v1::Delivery>(state, keys::Delivery(id)));
    if (!stored) return absl::OkStatus();
    delivery = std::move(*stored);
    if (Is<v1::DeliveryAttempted>(event)) {
      v1::DeliveryAttempted attempted;
      RETURN_IF_ERROR(Unpack(event, &attempted));
      RETURN_IF_ERROR(
          MarkFired(JobId("attempt", absl::StrCat(id, "/", attempted.attempt().number())), state));
      *delivery.add_attempts() = attempted.attempt();
      delivery.set_attempts_in_round(delivery.attempts_in_round() + 1);
      delivery.clear_next_attempt_time();
      if (attempted.attempt().success()) {
        delivery.set_state(v1::DELIVERY_STATE_DELIVERED);
      } else if (attempted.dead_letter()) {
        delivery.set_state(v1::DELIVERY_STATE_DEAD_LETTER);
      } else {
        RETURN_IF_ERROR(schedule_attempt(delivery, FromProtoTime(attempted.next_attempt_time())));
      }
    } else if (Is<v1::DeliveryReplayed>(event)) {
      delivery.set_state(v1::DELIVERY_STATE_PENDING);
      delivery.set_attempts_in_round(0);
      RETURN_IF_ERROR(schedule_attempt(delivery, now));
    }
  }
  *delivery.mutable_update_time() = event.recorded_at();
  delivery.set_etag(absl::StrCat(event.stream_version()));
  state.Put(keys::Delivery(id), delivery.SerializeAsString());
  return absl::OkStatus();
}

absl::Status NotificationsProjection::ApplyClient(const v1::EventEnvelope& event,
                                                  StateWriter& state) {
  const std::string& id = event.stream().id();
  contacts::ClientState folded;
  ASSIGN_OR_RETURN(auto before, FoldStored(state, keys::Client(id), event, &folded,
                                           &contacts::ClientState::card));
  if (!folded.card.name().empty()) {
    state.Put(keys::Client(id), folded.card.SerializeAsString());
  }
  if (before && before->birthday() == folded.card.birthday() &&
      before->deleted() == folded.card.deleted() &&
      before->merged_into() == folded.card.merged_into()) {
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(v1::NotificationSettings settings, NotificationsReader(state).Settings());
  return ReplaceOwnedJobs(keys::ClientJobs(id),
                          BirthdayJobs(folded.card, FromProtoTime(event.recorded_at()),
                                       ZoneOrUtc(settings.time_zone())),
                          state);
}

absl::StatusOr<std::optional<v1::Deal>> NotificationsProjection::ApplyDeal(
    const v1::EventEnvelope& event, StateWriter& state) {
  const std::string& id = event.stream().id();
  deals::DealState folded;
  RETURN_IF_ERROR(
      FoldStored(state, keys::Deal(id), event, &folded, &deals::DealState::deal).status());
  if (!folded.exists()) return std::optional<v1::Deal>();
  state.Put(keys::Deal(id), folded.deal.SerializeAsString());
  ASSIGN_OR_RETURN(auto pipeline,
                   ReadMessage<v1::Pipeline>(state, keys::Pipeline(IdOf(folded.deal.pipeline()))));
  RETURN_IF_ERROR(ReplaceOwnedJobs(
      keys::DealJobs(id),
      DealJobs(folded.deal, pipeline ? &*pipeline : nullptr, FromProtoTime(event.recorded_at())),
      state));
  return std::optional<v1::Deal>(folded.deal);
}

absl::Status NotificationsProjection::ApplyTask(const v1::EventEnvelope& event,
                                                StateWriter& state) {
  const std::string& id = event.stream().id();
  activities::TaskState folded;
  RETURN_IF_ERROR(
      FoldStored(state, keys::Task(id), event, &folded, &activities::TaskState::task).status());
  if (!folded.exists()) return absl::OkStatus();
  state.Put(keys::Task(id), folded.task.SerializeAsString());
  return ReplaceOwnedJobs(keys::TaskJobs(id),
                          TaskJobs(folded.task, FromProtoTime(event.recorded_at()), DepthOf(event)),
                          state);
}

absl::Status NotificationsProjection::ApplyDirectory(const v1::EventEnvelope& event,
                                                     StateWriter& state) {
  const std::string& type = event.stream().type();
  const std::string& id = event.stream().id();
  if (type == "employee") {
    activities::EmployeeState folded;
    RETURN_IF_ERROR(
        FoldStored(state, keys::Employee(id), event, &folded, &activities::EmployeeState::employee)
            .status());
    if (folded.exists()) state.Put(keys::Employee(id), folded.employee.SerializeAsString());
  } else if (type == "pipeline") {
    deals::PipelineState folded;
    RETURN_IF_ERROR(
        FoldStored(state, keys::Pipeline(id), event, &folded, &deals::PipelineState::pipeline)
            .status());
    if (folded.exists()) state.Put(keys::Pipeline(id), folded.pipeline.SerializeAsString());
  } else if (Is<v1::CustomFieldDefined>(event)) {
    v1::CustomFieldDefined defined;
    RETURN_IF_ERROR(Unpack(event, &defined));
    state.Put(keys::CustomField(IdOf(defined.field().name())), "");
  } else if (Is<v1::CustomFieldRetired>(event)) {
    v1::CustomFieldRetired retired;
    RETURN_IF_ERROR(Unpack(event, &retired));
    state.Delete(keys::CustomField(retired.key()));
  }
  return absl::OkStatus();
}

}  // namespace chronicle::notifications
