// The scheduler: fires what the projection's schedule holds once it is due (see
// notifications_app.h for why each job fires once).
#include <algorithm>
#include <iostream>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/base/log.h"
#include "chronicle/errors/errors.h"
#include "google/protobuf/util/json_util.h"
#include "notifications/app/message_content.h"
#include "notifications/app/notifications_app.h"
#include "notifications/domain/delivery_policy.h"
#include "notifications/domain/events.h"
#include "notifications/domain/rule_matching.h"
#include "notifications/projection/notifications_projection.h"

namespace chronicle::notifications {
namespace {

using aggregate::FromProtoTime;
using aggregate::ToProtoTime;

constexpr size_t kJobsPerRound = 500;
constexpr uint64_t kRunning = std::numeric_limits<uint64_t>::max();
// The scheduler sleeps at most this long: stop requests and clock changes are seen that soon.
constexpr absl::Duration kMaxSleep = absl::Milliseconds(500);
constexpr absl::Duration kMinSleep = absl::Milliseconds(20);
// No job is due before the event that scheduled it was recorded (see projection/schedule.h); events
// recorded by different writers at nearly the same time may be that far out of order. And how
// often the schedule is scanned from its very start regardless.
constexpr absl::Duration kNewJobSlack = absl::Seconds(1);
constexpr absl::Duration kFullScanInterval = absl::Seconds(30);

bool Expires(v1::JobKind kind) {
  return kind != v1::JOB_DELIVERY_ATTEMPT && kind != v1::JOB_WEBHOOK_EVENT &&
         kind != v1::JOB_NPS_ACTIVITY;
}

// Worth trying again later: the peer or the log was away for a moment.
bool Transient(const absl::Status& status) {
  return absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status) ||
         absl::IsResourceExhausted(status) || absl::IsAborted(status);
}

// A webhook's body: the event at `position` as JSON (the envelope, its payload typed).
absl::StatusOr<std::string> EventJson(eventlog::EventLog& log, uint64_t position) {
  ASSIGN_OR_RETURN(auto events, log.ReadAll(position, 1));
  if (events.empty() || events[0].global_position() != position) {
    return absl::DataLossError(absl::StrCat("event ", position, " to send is not in the log"));
  }
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(events[0], &json);
  if (!status.ok()) return absl::InternalError(std::string(status.message()));
  return json;
}

}  // namespace

v1::Actor NotificationsApp::AutomationActor() {
  v1::Actor actor;
  actor.set_user_id("automation");
  actor.set_role("system");
  return actor;
}

absl::StatusOr<int> NotificationsApp::RunDueJobs(bool wait) {
  if (wait) runner_.CatchUp();
  const absl::Time now = runner_.Now();
  uint64_t applied;
  std::vector<v1::Job> due;
  absl::Time floor = ScanFloor(now);
  {
    ASSIGN_OR_RETURN(auto view, runner_.engine().View(kNotificationsProjection));
    applied = view->position();
    NotificationsReader reader(*view);
    ASSIGN_OR_RETURN(due, reader.DueJobs(now, kJobsPerRound, floor));
    // A job still to be derived from an event the projection has not applied yet is due no
    // earlier than that event's recording, and events are recorded in order: the first one not
    // applied bounds them all.
    absl::Time pending_from = now;
    if (applied < runner_.log().HeadPosition()) {
      auto next = runner_.log().ReadAll(applied + 1, 1);
      if (next.ok() && !next->empty()) pending_from = FromProtoTime((*next)[0].recorded_at());
    }
    const absl::Time earliest = due.empty() ? now : FromProtoTime(due.front().due_time());
    absl::MutexLock lock(&jobs_mu_);
    scan_floor_ = std::max(scan_floor_, std::min({earliest, pending_from, now}) - kNewJobSlack);
  }
  std::vector<v1::Job> taken;
  {
    absl::MutexLock lock(&jobs_mu_);
    for (auto it = in_flight_.begin(); it != in_flight_.end();) {
      it = it->second <= applied ? in_flight_.erase(it) : std::next(it);
    }
    for (v1::Job& job : due) {
      if (in_flight_.count(job.id())) continue;
      auto retry = retry_at_.find(job.id());
      if (retry != retry_at_.end() && retry->second > now) continue;
      in_flight_[job.id()] = kRunning;
      taken.push_back(std::move(job));
    }
  }
  // Jobs fire side by side: their appends share the log's group commits, so a burst of reminders
  // due at 09:00 costs a few fsyncs, not one each.
  std::vector<const v1::Job*> to_fire;
  for (const v1::Job& job : taken) {
    if (job.kind() == v1::JOB_DELIVERY_ATTEMPT) {
      StartAttempt(job);
    } else {
      to_fire.push_back(&job);
    }
  }
  absl::BlockingCounter fired_all(static_cast<int>(to_fire.size()));
  for (const v1::Job* job : to_fire) {
    firers_->Schedule([this, job, now, &fired_all] {
      absl::StatusOr<uint64_t> fired = [&]() -> absl::StatusOr<uint64_t> {
        ASSIGN_OR_RETURN(auto own_view, runner_.engine().View(kNotificationsProjection));
        NotificationsReader own_reader(*own_view);
        return Fire(*job, own_reader);
      }();
      {
        absl::MutexLock lock(&jobs_mu_);
        if (fired.ok()) {
          retry_at_.erase(job->id());
          // Fired before (0): the projection takes it off once it has caught up with the log.
          in_flight_[job->id()] = *fired == 0 ? runner_.log().HeadPosition() : *fired;
        } else {
          Log(LogLevel::kWarning, "notifications.scheduler", "job failed, will retry",
              {{"job", job->id()},
               {"retry_in", absl::FormatDuration(kRetryFailedJob)},
               {"error", fired.status().ToString()}});
          retry_at_[job->id()] = now + kRetryFailedJob;
          in_flight_.erase(job->id());
        }
      }
      fired_all.DecrementCount();
    });
  }
  fired_all.Wait();
  if (wait) {
    {
      absl::MutexLock lock(&jobs_mu_);
      auto idle = [this]()
                      ABSL_EXCLUSIVE_LOCKS_REQUIRED(jobs_mu_) { return attempts_running_ == 0; };
      jobs_mu_.Await(absl::Condition(&idle));
    }
    runner_.CatchUp();
  }
  return static_cast<int>(taken.size());
}

absl::StatusOr<uint64_t> NotificationsApp::AppendOnce(const v1::StreamId& stream,
                                                      v1::EventEnvelope event,
                                                      const v1::Actor* actor) {
  std::vector<v1::EventEnvelope> events{std::move(event)};
  auto result = runner_.Append(stream, eventlog::ExpectedVersion::NoStream(),
                               actor ? *actor : AutomationActor(), "", &events);
  if (absl::IsAborted(result.status())) return 0;  // the job fired before
  RETURN_IF_ERROR(result.status());
  return result->last_position;
}

absl::StatusOr<uint64_t> NotificationsApp::Fire(const v1::Job& job, NotificationsReader& reader) {
  const absl::Time now = runner_.Now();
  const std::string& client = job.context().client();
  if (Expires(job.kind()) && now - FromProtoTime(job.due_time()) > options_.max_lateness) {
    v1::JobExpired expired;
    *expired.mutable_job() = job;
    *expired.mutable_fired_time() = ToProtoTime(now);
    return AppendOnce(MakeStream(kActionStream, job.id()), NewClientEvent(expired, client));
  }
  switch (job.kind()) {
    case v1::JOB_TASK_REMINDER: {
      ASSIGN_OR_RETURN(auto task, reader.Task(IdOf(job.context().task())));
      if (!task) return absl::FailedPreconditionError("task not projected yet");
      ASSIGN_OR_RETURN(auto employee, reader.Employee(task->assignee()));
      v1::NotificationCreated created;
      created.set_job(job.id());
      v1::Notification* n = created.mutable_notification();
      n->set_name(absl::StrCat(kNotificationPrefix, job.id()));
      n->set_recipient(task->assignee());
      n->set_title(absl::StrCat("Напоминание: ", task->title()));
      if (task->has_due_time()) {
        n->set_body(absl::StrCat(
            "Срок: ", FormatLocalTime(FromProtoTime(task->due_time()),
                                      employee ? employee->time_zone() : task->time_zone())));
      }
      n->set_reason(v1::NOTIFICATION_REASON_TASK_REMINDER);
      n->set_client(task->client());
      n->set_deal(task->deal());
      n->set_task(task->name());
      return AppendOnce(MakeStream(kNotificationStream, job.id()),
                        NewClientEvent(created, task->client()));
    }
    case v1::JOB_TASK_DUE:
    case v1::JOB_STAGE_TIME_LIMIT:
    case v1::JOB_CLIENT_BIRTHDAY: {
      v1::TimeTriggerReached reached;
      *reached.mutable_job() = job;
      return AppendOnce(MakeStream(kTriggerStream, job.id()), NewClientEvent(reached, client));
    }
    case v1::JOB_RULE_ACTION:
      return FireRuleAction(job, reader);
    case v1::JOB_NPS_ACTIVITY:
      return RunPeerAction(job, reader);
    case v1::JOB_WEBHOOK_EVENT: {
      ASSIGN_OR_RETURN(auto subscription, reader.Subscription(IdOf(job.subscription())));
      ASSIGN_OR_RETURN(
          v1::Delivery delivery,
          WebhookDelivery(job, job.subscription(),
                          subscription && subscription->active() ? &*subscription : nullptr));
      return QueueDelivery(job, delivery, job.context().depth());
    }
    default:
      return absl::InvalidArgumentError(absl::StrCat("unknown job kind ", job.kind()));
  }
}

absl::StatusOr<uint64_t> NotificationsApp::FireRuleAction(const v1::Job& job,
                                                          NotificationsReader& reader) {
  const v1::TriggerContext& context = job.context();
  auto fail = [&](const std::string& error) {
    v1::ActionFailed failed;
    *failed.mutable_job() = job;
    failed.set_error(error);
    return AppendOnce(MakeStream(kActionStream, job.id()),
                      NewClientEvent(failed, context.client()));
  };
  ASSIGN_OR_RETURN(auto rule, reader.Rule(IdOf(job.rule())));
  if (!rule || !rule->enabled()) return fail("правило удалено или выключено");
  const v1::Action& action = job.action();
  ASSIGN_OR_RETURN(v1::NotificationSettings settings, reader.Settings());
  switch (action.kind_case()) {
    case v1::Action::kNotifyEmployee: {
      ASSIGN_OR_RETURN(std::string recipient,
                       ResolveRecipient(action.notify_employee().employee(), context, reader));
      if (recipient.empty()) return fail("некому сообщить: у клиента нет ответственного");
      ASSIGN_OR_RETURN(auto tmpl, reader.Template(IdOf(action.notify_employee().template_())));
      if (!tmpl) return fail("шаблон удалён");
      ASSIGN_OR_RETURN(TemplateValues values, ValuesFor(context, reader, settings, ""));
      v1::NotificationCreated created;
      created.set_job(job.id());
      v1::Notification* n = created.mutable_notification();
      n->set_name(absl::StrCat(kNotificationPrefix, job.id()));
      n->set_recipient(recipient);
      n->set_title(RenderTemplate(tmpl->in_app().title(), values));
      n->set_body(RenderTemplate(tmpl->in_app().body(), values));
      n->set_reason(v1::NOTIFICATION_REASON_RULE);
      n->set_rule(job.rule());
      n->set_client(context.client());
      n->set_deal(context.deal());
      n->set_task(context.task());
      return AppendOnce(MakeStream(kNotificationStream, job.id()),
                        NewClientEvent(created, context.client()));
    }
    case v1::Action::kSendClientMessage:
    case v1::Action::kSendNpsSurvey: {
      const bool survey = action.has_send_nps_survey();
      absl::StatusOr<v1::Delivery> delivery = ClientMessage(
          job,
          survey ? action.send_nps_survey().template_() : action.send_client_message().template_(),
          survey, reader);
      if (absl::IsFailedPrecondition(delivery.status())) {
        return fail(std::string(delivery.status().message()));
      }
      RETURN_IF_ERROR(delivery.status());
      delivery->set_rule(job.rule());
      return QueueDelivery(job, *delivery, context.depth());
    }
    case v1::Action::kCallWebhook: {
      ASSIGN_OR_RETURN(auto subscription,
                       reader.Subscription(IdOf(action.call_webhook().subscription())));
      if (!subscription || !subscription->active()) return fail("подписка удалена или выключена");
      ASSIGN_OR_RETURN(v1::Delivery delivery,
                       WebhookDelivery(job, subscription->name(), &*subscription));
      return QueueDelivery(job, delivery, context.depth());
    }
    default:
      return RunPeerAction(job, reader);
  }
}

absl::StatusOr<v1::Delivery> NotificationsApp::WebhookDelivery(
    const v1::Job& job, const std::string& subscription_name,
    const v1::WebhookSubscription* active) {
  v1::Delivery delivery;
  delivery.set_channel(v1::DELIVERY_CHANNEL_WEBHOOK);
  delivery.set_subscription(subscription_name);
  delivery.set_rule(job.rule());
  delivery.set_client(job.context().client());
  delivery.set_event_type(job.context().event_type());
  if (active == nullptr) {
    delivery.set_suppressed_reason("подписка удалена или выключена");
    return delivery;
  }
  delivery.set_target(active->url());
  ASSIGN_OR_RETURN(*delivery.mutable_body(), EventJson(runner_.log(), job.context().position()));
  return delivery;
}

absl::StatusOr<v1::Delivery> NotificationsApp::ClientMessage(const v1::Job& job,
                                                             const std::string& template_name,
                                                             bool survey,
                                                             NotificationsReader& reader) {
  ASSIGN_OR_RETURN(auto tmpl, reader.Template(IdOf(template_name)));
  if (!tmpl) return absl::FailedPreconditionError("шаблон удалён");
  ASSIGN_OR_RETURN(auto client, reader.Client(IdOf(job.context().client())));
  if (!client) return absl::FailedPreconditionError("клиент не найден");
  ASSIGN_OR_RETURN(v1::NotificationSettings settings, reader.Settings());
  v1::Delivery delivery;
  delivery.set_channel(v1::DELIVERY_CHANNEL_EMAIL);
  delivery.set_category(tmpl->category());
  delivery.set_client(client->name());
  delivery.set_template_(template_name);
  std::string link;
  if (survey) {
    delivery.set_survey(absl::StrCat(kSurveyPrefix, aggregate::DerivedId("survey", job.id())));
    link = settings.survey_url() + IdOf(delivery.survey());
  }
  v1::TriggerContext context = job.context();
  context.set_client(client->name());
  ASSIGN_OR_RETURN(TemplateValues values, ValuesFor(context, reader, settings, link));
  delivery.set_target(ClientEmail(*client));
  delivery.set_subject(RenderTemplate(tmpl->email().subject(), values));
  delivery.set_body(RenderTemplate(tmpl->email().body(), values));
  delivery.set_suppressed_reason(SuppressionReason(tmpl->category(), *client));
  return delivery;
}

absl::StatusOr<uint64_t> NotificationsApp::RunPeerAction(const v1::Job& job,
                                                         NotificationsReader& reader) {
  const v1::TriggerContext& context = job.context();
  const v1::Action& action = job.action();
  const std::string request_id =
      job.kind() == v1::JOB_NPS_ACTIVITY
          ? absl::StrCat("nps~", IdOf(job.survey()))
          : RuleRequestId(IdOf(job.rule()), context.depth(), aggregate::DerivedId("job", job.id()));
  absl::StatusOr<std::string> result = absl::InvalidArgumentError("not a peer action");
  std::shared_ptr<Peers> peer_services;
  {
    absl::MutexLock lock(&peers_mu_);
    peer_services = peers_;
  }
  if (peer_services == nullptr) {
    return absl::UnavailableError("the other services are not connected yet");
  }
  auto peers = [&]() -> Peers& { return *peer_services; };
  if (job.kind() == v1::JOB_NPS_ACTIVITY) {
    ASSIGN_OR_RETURN(auto survey, reader.Survey(IdOf(job.survey())));
    if (!survey) return absl::FailedPreconditionError("survey not projected yet");
    v1::LogActivityRequest request;
    request.set_request_id(request_id);
    v1::Activity* activity = request.mutable_activity();
    activity->set_client(survey->client());
    activity->mutable_nps()->set_score(survey->score());
    activity->set_comment(survey->comment());
    *activity->mutable_occur_time() = survey->answer_time();
    ASSIGN_OR_RETURN(std::string owner, ResolveRecipient("owner", context, reader));
    ASSIGN_OR_RETURN(auto employee, reader.Employee(owner));
    if (employee && employee->active()) activity->set_employee(owner);
    result = peers().LogActivity(request);
  } else if (action.has_create_task()) {
    ASSIGN_OR_RETURN(std::string assignee,
                     ResolveRecipient(action.create_task().assignee(), context, reader));
    ASSIGN_OR_RETURN(v1::NotificationSettings settings, reader.Settings());
    ASSIGN_OR_RETURN(TemplateValues values, ValuesFor(context, reader, settings, ""));
    v1::CreateTaskRequest request;
    request.set_request_id(request_id);
    v1::Task* task = request.mutable_task();
    task->set_title(RenderTemplate(action.create_task().title(), values));
    task->set_description(RenderTemplate(action.create_task().description(), values));
    task->set_assignee(assignee);
    task->set_client(context.client());
    task->set_deal(context.deal());
    absl::Duration due_in = aggregate::FromProtoDuration(action.create_task().due_in());
    if (due_in <= absl::ZeroDuration()) due_in = absl::Hours(24);
    *task->mutable_due_time() = ToProtoTime(runner_.Now() + due_in);
    result = assignee.empty() ? absl::FailedPreconditionError("у клиента нет ответственного")
                              : peers().CreateTask(request);
  } else if (action.has_set_tag()) {
    result = peers().AddClientTag(context.client(), action.set_tag().tag(), request_id);
  } else if (action.has_set_temperature()) {
    result = peers().SetClientTemperature(context.client(), action.set_temperature().temperature(),
                                          request_id);
  } else if (action.has_move_stage()) {
    result = peers().MoveDeal(context.deal(), action.move_stage().stage(), request_id);
  }
  if (!result.ok() && Transient(result.status())) return result.status();
  if (result.ok()) {
    v1::ActionPerformed performed;
    *performed.mutable_job() = job;
    performed.set_result(*result);
    return AppendOnce(MakeStream(kActionStream, job.id()),
                      NewClientEvent(performed, context.client()));
  }
  v1::ActionFailed failed;
  *failed.mutable_job() = job;
  failed.set_error(std::string(result.status().message()));
  return AppendOnce(MakeStream(kActionStream, job.id()), NewClientEvent(failed, context.client()));
}

absl::StatusOr<uint64_t> NotificationsApp::QueueDelivery(const v1::Job& job, v1::Delivery delivery,
                                                         int depth, const v1::Actor* actor) {
  delivery.set_name(absl::StrCat(kDeliveryPrefix, job.id()));
  delivery.set_idempotency_key(job.id());
  const v1::StreamId stream = MakeStream(kDeliveryStream, job.id());
  if (!delivery.suppressed_reason().empty()) {
    v1::DeliverySuppressed suppressed;
    delivery.set_state(v1::DELIVERY_STATE_SUPPRESSED);
    *suppressed.mutable_delivery() = std::move(delivery);
    suppressed.set_job(job.id());
    return AppendOnce(stream, NewClientEvent(suppressed, suppressed.delivery().client()), actor);
  }
  v1::DeliveryQueued queued;
  delivery.set_state(v1::DELIVERY_STATE_PENDING);
  *queued.mutable_delivery() = std::move(delivery);
  queued.set_job(job.id());
  queued.set_depth(depth);
  return AppendOnce(stream, NewClientEvent(queued, queued.delivery().client()), actor);
}

absl::Time NotificationsApp::ScanFloor(absl::Time now) {
  absl::MutexLock lock(&jobs_mu_);
  // Now and then from the very start, in case something slipped under the floor.
  if (now - last_full_scan_ >= kFullScanInterval || now < last_full_scan_) {
    last_full_scan_ = now;
    return absl::InfinitePast();
  }
  return scan_floor_;
}

void NotificationsApp::RunSchedulerLoop() {
  for (;;) {
    {
      absl::MutexLock lock(&stop_mu_);
      if (stopping_) return;
    }
    absl::StatusOr<int> ran = RunDueJobs(/*wait=*/false);
    if (!ran.ok()) {
      Log(LogLevel::kError, "notifications.scheduler", "scheduler round failed",
          {{"error", ran.status().ToString()}});
    }
    absl::Duration sleep = kMaxSleep;
    uint64_t position = 0;
    auto view = runner_.engine().View(kNotificationsProjection);
    if (view.ok()) {
      position = (*view)->position();
      NotificationsReader reader(**view);
      auto next = reader.NextDueTime(ScanFloor(runner_.Now()));
      if (next.ok() && *next) {
        sleep = std::clamp(**next - runner_.Now(), kMinSleep, kMaxSleep);
      }
    }
    // Wakes early when the projection applies anything new: a rule may have scheduled a job due
    // now (the path of "new lead -> notify the owner at once").
    (void)runner_.engine().WaitForPosition(kNotificationsProjection, position + 1, sleep);
  }
}

}  // namespace chronicle::notifications
