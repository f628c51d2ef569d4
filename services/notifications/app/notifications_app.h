// The notifications service's application layer: one method per RPC, plus the scheduler.
//
// The scheduler fires what the projection's schedule holds once it is due. Firing a job is one
// append to a stream named by the job, expecting the stream not to exist: a job fires once,
// whether the scheduler runs again after a crash or on another replica. What a job does outside
// the log (an HTTP call, an e-mail, a command to another service) carries an idempotency key
// derived from the job, so a repeat after a crash is recognized by the receiver. Deliveries run on
// their own threads: a receiver that hangs delays only its own messages. Thread-safe.
#ifndef CHRONICLE_NOTIFICATIONS_APP_NOTIFICATIONS_APP_H_
#define CHRONICLE_NOTIFICATIONS_APP_NOTIFICATIONS_APP_H_

#include <map>
#include <memory>
#include <set>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "chronicle/aggregate/command_runner.h"
#include "chronicle/base/thread_pool.h"
#include "chronicle/v1/notifications.pb.h"
#include "notifications/app/curl_transport.h"
#include "notifications/app/notification_hub.h"
#include "notifications/app/peers.h"
#include "notifications/domain/definitions.h"
#include "notifications/projection/reader.h"

namespace chronicle::notifications {

struct NotificationsAppOptions {
  eventlog::EventLog* log = nullptr;
  projection::ProjectionEngine* engine = nullptr;  // runs the NotificationsProjection
  const Clock* clock = &Clock::Real();
  // Runs the scheduler on a thread of its own; off, tests call RunDueJobs themselves.
  bool run_scheduler = true;
  // A job this late (the service was down) is recorded as expired instead of fired: a reminder a
  // day late helps no one. Deliveries are never expired.
  absl::Duration max_lateness = absl::Hours(24);
  // Defines the default templates and rules (once: an admin's deletion sticks).
  bool default_rules = true;
  // Jobs fired at once (their appends share group commits), and delivery attempts under way.
  int fire_threads = 8;
  int delivery_threads = 8;
  // At most this many attempts to one receiver (host and port) at a time: a slow receiver cannot
  // take every sender.
  int per_host_concurrency = 2;
  CurlTransport::Options transport;
};

class NotificationsApp {
 public:
  static absl::StatusOr<std::unique_ptr<NotificationsApp>> Create(
      const NotificationsAppOptions& options);
  ~NotificationsApp();

  // What the scheduler is doing, for the process's metrics.
  struct SchedulerStats {
    int64_t in_flight = 0;         // jobs being fired or attempted
    int64_t retrying = 0;          // jobs that failed for a while, waiting to be tried again
    int64_t attempts_running = 0;  // delivery attempts under way
    // Since start, by channel ("webhook", "email"): attempts that did not deliver, and
    // deliveries given up on (dead letters).
    std::map<std::string, int64_t> failed_attempts, dead_letters;
  };
  SchedulerStats Stats();

  // Where rule actions send commands for the other services. While unset (before start, during
  // shutdown), such actions wait and are tried again.
  void SetPeers(std::unique_ptr<Peers> peers);

  absl::StatusOr<v1::Rule> CreateRule(const v1::Actor& actor, const v1::CreateRuleRequest& request);
  absl::StatusOr<v1::Rule> GetRule(const v1::GetRuleRequest& request);
  absl::StatusOr<v1::Rule> UpdateRule(const v1::Actor& actor, const v1::UpdateRuleRequest& request);
  absl::StatusOr<v1::Rule> DeleteRule(const v1::Actor& actor, const v1::DeleteRuleRequest& request);
  absl::Status ListRules(const v1::ListRulesRequest& request, v1::ListRulesResponse* response);

  absl::StatusOr<v1::Template> CreateTemplate(const v1::Actor& actor,
                                              const v1::CreateTemplateRequest& request);
  absl::StatusOr<v1::Template> GetTemplate(const v1::GetTemplateRequest& request);
  absl::StatusOr<v1::Template> UpdateTemplate(const v1::Actor& actor,
                                              const v1::UpdateTemplateRequest& request);
  absl::StatusOr<v1::Template> DeleteTemplate(const v1::Actor& actor,
                                              const v1::DeleteTemplateRequest& request);
  absl::Status ListTemplates(const v1::ListTemplatesRequest& request,
                             v1::ListTemplatesResponse* response);

  absl::StatusOr<v1::WebhookSubscription> CreateWebhookSubscription(
      const v1::Actor& actor, const v1::CreateWebhookSubscriptionRequest& request);
  absl::StatusOr<v1::WebhookSubscription> GetWebhookSubscription(
      const v1::GetWebhookSubscriptionRequest& request);
  absl::StatusOr<v1::WebhookSubscription> UpdateWebhookSubscription(
      const v1::Actor& actor, const v1::UpdateWebhookSubscriptionRequest& request);
  absl::StatusOr<v1::WebhookSubscription> DeleteWebhookSubscription(
      const v1::Actor& actor, const v1::DeleteWebhookSubscriptionRequest& request);
  absl::Status ListWebhookSubscriptions(const v1::ListWebhookSubscriptionsRequest& request,
                                        v1::ListWebhookSubscriptionsResponse* response);

  absl::StatusOr<v1::NotificationSettings> GetSettings();
  absl::StatusOr<v1::NotificationSettings> UpdateSettings(
      const v1::Actor& actor, const v1::UpdateNotificationSettingsRequest& request);

  absl::Status ListNotifications(const v1::Actor& actor,
                                 const v1::ListNotificationsRequest& request,
                                 v1::ListNotificationsResponse* response);
  absl::Status MarkNotificationsRead(const v1::Actor& actor,
                                     const v1::MarkNotificationsReadRequest& request,
                                     v1::MarkNotificationsReadResponse* response);
  // The caller's unread notifications, oldest first (what a new watch stream sends first).
  absl::StatusOr<std::vector<v1::Notification>> UnreadBacklog(const std::string& recipient);
  NotificationHub& hub() { return *hub_; }

  absl::StatusOr<v1::Delivery> SendClientMessage(const v1::Actor& actor,
                                                 const v1::SendClientMessageRequest& request);
  absl::StatusOr<v1::Delivery> GetDelivery(const v1::GetDeliveryRequest& request);
  absl::Status ListDeliveries(const v1::ListDeliveriesRequest& request,
                              v1::ListDeliveriesResponse* response);
  absl::StatusOr<v1::Delivery> ReplayDelivery(const v1::Actor& actor,
                                              const v1::ReplayDeliveryRequest& request);
  absl::Status ListDeliveryEvents(const v1::ListDeliveryEventsRequest& request,
                                  v1::ListDeliveryEventsResponse* response);

  absl::StatusOr<v1::Survey> SubmitNpsAnswer(const v1::Actor& actor,
                                             const v1::SubmitNpsAnswerRequest& request);
  absl::StatusOr<v1::Survey> GetSurvey(const v1::GetSurveyRequest& request);

  absl::Status ListScheduledJobs(const v1::ListScheduledJobsRequest& request,
                                 v1::ListScheduledJobsResponse* response);

  // Fires every job due by now that is not already being fired. With `wait`, first lets the
  // projection catch up with the log, and after, waits for the deliveries it started and for the
  // projection to apply what it wrote. Returns how many jobs it took up.
  absl::StatusOr<int> RunDueJobs(bool wait = true);

 private:
  explicit NotificationsApp(const NotificationsAppOptions& options);

  // Definitions.
  template <typename Kind>
  absl::StatusOr<typename Kind::Resource> Define(const v1::Actor& actor, const std::string& id,
                                                 typename Kind::Resource resource, bool create,
                                                 const std::string& etag);
  template <typename Kind>
  absl::StatusOr<typename Kind::Resource> Update(const v1::Actor& actor,
                                                 const typename Kind::Resource& input,
                                                 const google::protobuf::FieldMask& mask,
                                                 const std::vector<std::string>& paths);
  template <typename Kind>
  absl::StatusOr<typename Kind::Resource> Delete(const v1::Actor& actor, const std::string& name,
                                                 const std::string& etag);
  template <typename Kind>
  absl::StatusOr<typename Kind::Resource> GetDefinition(const std::string& name);
  absl::Status CheckDefinition(const v1::Rule& rule);
  absl::Status CheckDefinition(const v1::Template& tmpl);
  absl::Status CheckDefinition(const v1::WebhookSubscription& subscription);
  void DefineDefaults();

  // The scheduler.
  absl::StatusOr<uint64_t> Fire(const v1::Job& job, NotificationsReader& reader);
  absl::StatusOr<uint64_t> FireRuleAction(const v1::Job& job, NotificationsReader& reader);
  absl::StatusOr<uint64_t> RunPeerAction(const v1::Job& job, NotificationsReader& reader);
  absl::StatusOr<uint64_t> QueueDelivery(const v1::Job& job, v1::Delivery delivery, int depth,
                                         const v1::Actor* actor = nullptr);
  // Appends `event` as the first event of `stream` (the job's), as `actor` (the automation when
  // null): 0 when the job fired before.
  absl::StatusOr<uint64_t> AppendOnce(const v1::StreamId& stream, v1::EventEnvelope event,
                                      const v1::Actor* actor = nullptr);
  // A delivery of the job's triggering event to a subscription's URL; suppressed when the
  // subscription (`active`) is gone or switched off.
  absl::StatusOr<v1::Delivery> WebhookDelivery(const v1::Job& job,
                                               const std::string& subscription_name,
                                               const v1::WebhookSubscription* active);
  // A client message's delivery (e-mail through `template_name`), with the suppression reason
  // set when it must not go out.
  absl::StatusOr<v1::Delivery> ClientMessage(const v1::Job& job, const std::string& template_name,
                                             bool survey, NotificationsReader& reader);
  // Who the service's own events name as their actor.
  static v1::Actor AutomationActor();
  // A job that failed for a reason that may pass (a peer down) is tried again this much later.
  static constexpr absl::Duration kRetryFailedJob = absl::Seconds(5);
  void StartAttempt(const v1::Job& job);
  absl::StatusOr<uint64_t> Attempt(const v1::Job& job);
  void RunSchedulerLoop();
  // Where scans of the schedule start (see NotificationsReader::DueJobs).
  absl::Time ScanFloor(absl::Time now);

  NotificationsAppOptions options_;
  aggregate::CommandRunner runner_;
  CurlTransport transport_;
  std::unique_ptr<NotificationHub> hub_;

  absl::Mutex peers_mu_;
  std::shared_ptr<Peers> peers_ ABSL_GUARDED_BY(peers_mu_);

  // Jobs being fired, with the log position that takes them off the schedule once the projection
  // applies it (UINT64_MAX while a delivery attempt runs); jobs that failed for a while, with when
  // to try again.
  absl::Mutex jobs_mu_;
  std::map<std::string, uint64_t> in_flight_ ABSL_GUARDED_BY(jobs_mu_);
  std::map<std::string, absl::Time> retry_at_ ABSL_GUARDED_BY(jobs_mu_);
  std::map<std::string, int> endpoint_load_ ABSL_GUARDED_BY(jobs_mu_);
  int attempts_running_ ABSL_GUARDED_BY(jobs_mu_) = 0;
  std::map<std::string, int64_t> failed_attempts_ ABSL_GUARDED_BY(jobs_mu_);
  std::map<std::string, int64_t> dead_letters_ ABSL_GUARDED_BY(jobs_mu_);
  absl::Time scan_floor_ ABSL_GUARDED_BY(jobs_mu_) = absl::InfinitePast();
  absl::Time last_full_scan_ ABSL_GUARDED_BY(jobs_mu_) = absl::InfinitePast();

  absl::Mutex stop_mu_;
  bool stopping_ ABSL_GUARDED_BY(stop_mu_) = false;
  std::thread scheduler_thread_;
  std::unique_ptr<ThreadPool> firers_;
  std::unique_ptr<ThreadPool> senders_;  // after the maps: drained first on destruction
};

}  // namespace chronicle::notifications

#endif  // CHRONICLE_NOTIFICATIONS_APP_NOTIFICATIONS_APP_H_
