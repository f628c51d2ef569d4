// Delivery attempts: one HTTP POST or SMTP transfer each, on the sender threads, its outcome
// recorded as the delivery's next event (see notifications_app.h).
#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/base/log.h"
#include "notifications/app/notifications_app.h"
#include "notifications/domain/delivery_policy.h"
#include "notifications/domain/events.h"
#include "notifications/domain/signature.h"
#include "notifications/projection/notifications_projection.h"

namespace chronicle::notifications {
namespace {

using aggregate::FromProtoTime;
using aggregate::ToProtoTime;

// The receiver a URL names: "host:port" of "scheme://user@host:port/path".
std::string EndpointOf(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  const size_t at = url.find('@', start);
  const size_t end = url.find_first_of("/?#", start);
  if (at != std::string::npos && (end == std::string::npos || at < end)) start = at + 1;
  return url.substr(start, url.find_first_of("/?#", start) - start);
}

}  // namespace

void NotificationsApp::StartAttempt(const v1::Job& job) {
  std::string endpoint;
  {
    auto view = runner_.engine().View(kNotificationsProjection);
    if (view.ok()) {
      NotificationsReader reader(**view);
      auto delivery = reader.Delivery(IdOf(job.delivery()));
      if (delivery.ok() && *delivery) endpoint = EndpointOf((*delivery)->target());
      auto settings = reader.Settings();
      if (delivery.ok() && *delivery && (*delivery)->channel() == v1::DELIVERY_CHANNEL_EMAIL &&
          settings.ok()) {
        endpoint = EndpointOf(settings->smtp_url());
      }
    }
  }
  {
    absl::MutexLock lock(&jobs_mu_);
    if (endpoint_load_[endpoint] >= options_.per_host_concurrency) {
      in_flight_.erase(job.id());  // the receiver is busy: next round
      return;
    }
    ++endpoint_load_[endpoint];
    ++attempts_running_;
  }
  senders_->Schedule([this, job, endpoint] {
    absl::StatusOr<uint64_t> recorded = Attempt(job);
    absl::MutexLock lock(&jobs_mu_);
    if (--endpoint_load_[endpoint] == 0) endpoint_load_.erase(endpoint);
    --attempts_running_;
    if (recorded.ok()) {
      in_flight_[job.id()] = *recorded == 0 ? runner_.log().HeadPosition() : *recorded;
    } else {
      Log(LogLevel::kWarning, "notifications.delivery", "delivery attempt not recorded",
          {{"job", job.id()}, {"error", recorded.status().ToString()}});
      in_flight_.erase(job.id());
      retry_at_[job.id()] = runner_.Now() + kRetryFailedJob;
    }
  });
}

absl::StatusOr<uint64_t> NotificationsApp::Attempt(const v1::Job& job) {
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kNotificationsProjection));
  NotificationsReader reader(*view);
  const std::string id = IdOf(job.delivery());
  ASSIGN_OR_RETURN(auto stored, reader.Delivery(id));
  // Replayed, recorded or not projected yet: this attempt is not the one due.
  if (!stored || stored->state() != v1::DELIVERY_STATE_PENDING ||
      stored->attempts_size() + 1 != job.attempt()) {
    return 0;
  }
  const v1::Delivery& delivery = *stored;
  ASSIGN_OR_RETURN(v1::NotificationSettings settings, reader.Settings());
  const absl::Time start = runner_.Now();
  SendResult sent;
  AttemptOutcome outcome;
  if (delivery.channel() == v1::DELIVERY_CHANNEL_WEBHOOK) {
    ASSIGN_OR_RETURN(auto subscription, reader.Subscription(IdOf(delivery.subscription())));
    std::vector<std::pair<std::string, std::string>> headers = {
        {kIdempotencyHeader, delivery.idempotency_key()},
        {"X-Chronicle-Delivery", delivery.name()},
        {"X-Chronicle-Attempt", absl::StrCat(job.attempt())},
        {"X-Chronicle-Event-Type", delivery.event_type()}};
    if (subscription && !subscription->secret().empty()) {
      headers.emplace_back(
          kSignatureHeader,
          SignatureValue(subscription->secret(), absl::ToUnixSeconds(start), delivery.body()));
    }
    sent = transport_.PostJson(delivery.target(), delivery.body(), headers);
    outcome = ClassifyHttpStatus(sent.error.empty() || sent.code != 0 ? sent.code : 0);
  } else if (settings.smtp_url().empty()) {
    sent.error = "SMTP-сервер не настроен (notificationSettings.smtp_url)";
    outcome = AttemptOutcome::kRetry;
  } else {
    Email email{settings.email_from(), delivery.target(), delivery.subject(), delivery.body(),
                absl::StrCat("<", delivery.idempotency_key(), "@chronicle>")};
    sent = transport_.SendEmail(settings.smtp_url(), email);
    outcome = sent.error.empty() ? AttemptOutcome::kDelivered
              : sent.code == 0   ? AttemptOutcome::kRetry
                                 : ClassifySmtpReply(sent.code);
  }
  v1::DeliveryAttempted attempted;
  v1::DeliveryAttempt* attempt = attempted.mutable_attempt();
  attempt->set_number(job.attempt());
  *attempt->mutable_time() = ToProtoTime(start);
  attempt->set_success(outcome == AttemptOutcome::kDelivered);
  attempt->set_status_code(sent.code);
  attempt->set_error(sent.error);
  *attempt->mutable_duration() = aggregate::ToProtoDuration(sent.duration);
  if (outcome == AttemptOutcome::kRetry &&
      delivery.attempts_in_round() + 1 < settings.max_attempts()) {
    *attempted.mutable_next_attempt_time() = ToProtoTime(
        runner_.Now() + RetryDelay(delivery.attempts_in_round() + 1,
                                   aggregate::FromProtoDuration(settings.retry_base()), id));
  } else if (outcome != AttemptOutcome::kDelivered) {
    attempted.set_dead_letter(true);
  }
  uint64_t version = 0;
  (void)absl::SimpleAtoi(delivery.etag(), &version);
  std::vector<v1::EventEnvelope> events{NewClientEvent(attempted, delivery.client())};
  auto result =
      runner_.Append(MakeStream(kDeliveryStream, id), eventlog::ExpectedVersion::Exact(version),
                     AutomationActor(), "", &events);
  if (absl::IsAborted(result.status())) return 0;  // replayed meanwhile
  RETURN_IF_ERROR(result.status());
  if (!attempt->success()) {
    const std::string channel =
        delivery.channel() == v1::DELIVERY_CHANNEL_WEBHOOK ? "webhook" : "email";
    absl::MutexLock lock(&jobs_mu_);
    ++failed_attempts_[channel];
    if (attempted.dead_letter()) ++dead_letters_[channel];
  }
  return result->last_position;
}

NotificationsApp::SchedulerStats NotificationsApp::Stats() {
  absl::MutexLock lock(&jobs_mu_);
  SchedulerStats stats;
  stats.in_flight = static_cast<int64_t>(in_flight_.size());
  stats.retrying = static_cast<int64_t>(retry_at_.size());
  stats.attempts_running = attempts_running_;
  stats.failed_attempts = failed_attempts_;
  stats.dead_letters = dead_letters_;
  return stats;
}

}  // namespace chronicle::notifications
