// The gRPC adapter of the notifications service: authenticates each call, runs the application
// layer on the service's executor, and translates absl::Status into grpc::Status with google.rpc
// details. No domain logic lives here.
#ifndef CHRONICLE_NOTIFICATIONS_API_NOTIFICATIONS_SERVICE_H_
#define CHRONICLE_NOTIFICATIONS_API_NOTIFICATIONS_SERVICE_H_

#include "chronicle/server/queued_write_reactor.h"
#include "chronicle/server/unary_calls.h"
#include "chronicle/v1/notifications.grpc.pb.h"
#include "notifications/api/watch_reactor.h"
#include "notifications/app/notifications_app.h"

namespace chronicle::notifications {

class NotificationsService final : public v1::Notifications::CallbackService {
 public:
  // `app` and `auth` must outlive the service.
  NotificationsService(NotificationsApp* app, const server::Authenticator* auth, int threads)
      : app_(app), auth_(auth), calls_(auth, threads) {}

  CHRONICLE_DECLARE_UNARY(CreateRule, CreateRuleRequest, Rule)
  CHRONICLE_DECLARE_UNARY(GetRule, GetRuleRequest, Rule)
  CHRONICLE_DECLARE_UNARY(UpdateRule, UpdateRuleRequest, Rule)
  CHRONICLE_DECLARE_UNARY(DeleteRule, DeleteRuleRequest, Rule)
  CHRONICLE_DECLARE_UNARY(ListRules, ListRulesRequest, ListRulesResponse)
  CHRONICLE_DECLARE_UNARY(CreateTemplate, CreateTemplateRequest, Template)
  CHRONICLE_DECLARE_UNARY(GetTemplate, GetTemplateRequest, Template)
  CHRONICLE_DECLARE_UNARY(UpdateTemplate, UpdateTemplateRequest, Template)
  CHRONICLE_DECLARE_UNARY(DeleteTemplate, DeleteTemplateRequest, Template)
  CHRONICLE_DECLARE_UNARY(ListTemplates, ListTemplatesRequest, ListTemplatesResponse)
  CHRONICLE_DECLARE_UNARY(CreateWebhookSubscription, CreateWebhookSubscriptionRequest,
                          WebhookSubscription)
  CHRONICLE_DECLARE_UNARY(GetWebhookSubscription, GetWebhookSubscriptionRequest,
                          WebhookSubscription)
  CHRONICLE_DECLARE_UNARY(UpdateWebhookSubscription, UpdateWebhookSubscriptionRequest,
                          WebhookSubscription)
  CHRONICLE_DECLARE_UNARY(DeleteWebhookSubscription, DeleteWebhookSubscriptionRequest,
                          WebhookSubscription)
  CHRONICLE_DECLARE_UNARY(ListWebhookSubscriptions, ListWebhookSubscriptionsRequest,
                          ListWebhookSubscriptionsResponse)
  CHRONICLE_DECLARE_UNARY(GetNotificationSettings, GetNotificationSettingsRequest,
                          NotificationSettings)
  CHRONICLE_DECLARE_UNARY(UpdateNotificationSettings, UpdateNotificationSettingsRequest,
                          NotificationSettings)
  CHRONICLE_DECLARE_UNARY(ListNotifications, ListNotificationsRequest, ListNotificationsResponse)
  CHRONICLE_DECLARE_UNARY(MarkNotificationsRead, MarkNotificationsReadRequest,
                          MarkNotificationsReadResponse)
  CHRONICLE_DECLARE_UNARY(SendClientMessage, SendClientMessageRequest, Delivery)
  CHRONICLE_DECLARE_UNARY(GetDelivery, GetDeliveryRequest, Delivery)
  CHRONICLE_DECLARE_UNARY(ListDeliveries, ListDeliveriesRequest, ListDeliveriesResponse)
  CHRONICLE_DECLARE_UNARY(ReplayDelivery, ReplayDeliveryRequest, Delivery)
  CHRONICLE_DECLARE_UNARY(ListDeliveryEvents, ListDeliveryEventsRequest, ListDeliveryEventsResponse)
  CHRONICLE_DECLARE_UNARY(SubmitNpsAnswer, SubmitNpsAnswerRequest, Survey)
  CHRONICLE_DECLARE_UNARY(GetSurvey, GetSurveyRequest, Survey)
  CHRONICLE_DECLARE_UNARY(ListScheduledJobs, ListScheduledJobsRequest, ListScheduledJobsResponse)

  grpc::ServerWriteReactor<v1::Notification>* WatchNotifications(
      grpc::CallbackServerContext* context, const v1::WatchNotificationsRequest* request) override;

  // Ends every open watch stream, and any opened later, with UNAVAILABLE: a graceful shutdown
  // need not wait out its grace period for streams that never end by themselves.
  void StopStreams();

 private:
  NotificationsApp* app_;
  const server::Authenticator* auth_;
  server::OpenStreams<WatchReactor> streams_{
      absl::UnavailableError("chronicled is shutting down; reconnect to keep watching")};
  server::UnaryCalls calls_;  // last: drains queued calls before the rest goes
};

}  // namespace chronicle::notifications

#endif  // CHRONICLE_NOTIFICATIONS_API_NOTIFICATIONS_SERVICE_H_
