#include "notifications/api/notifications_service.h"

namespace chronicle::notifications {

using server::Access;
using server::Into;

// Each RPC: one line naming the access it needs and the app method it runs. Definitions,
// deliveries and the schedule are the workspace's plumbing: admins change and inspect them.
#define CHRONICLE_UNARY(...) CHRONICLE_DEFINE_UNARY(NotificationsService, __VA_ARGS__)

CHRONICLE_UNARY(CreateRule, CreateRuleRequest, Rule, Access::kAdmin,
                return Into(app_->CreateRule(actor, *request), response))
CHRONICLE_UNARY(GetRule, GetRuleRequest, Rule, Access::kAnyUser,
                return Into(app_->GetRule(*request), response))
CHRONICLE_UNARY(UpdateRule, UpdateRuleRequest, Rule, Access::kAdmin,
                return Into(app_->UpdateRule(actor, *request), response))
CHRONICLE_UNARY(DeleteRule, DeleteRuleRequest, Rule, Access::kAdmin,
                return Into(app_->DeleteRule(actor, *request), response))
CHRONICLE_UNARY(ListRules, ListRulesRequest, ListRulesResponse, Access::kAnyUser,
                return app_->ListRules(*request, response))
CHRONICLE_UNARY(CreateTemplate, CreateTemplateRequest, Template, Access::kAdmin,
                return Into(app_->CreateTemplate(actor, *request), response))
CHRONICLE_UNARY(GetTemplate, GetTemplateRequest, Template, Access::kAnyUser,
                return Into(app_->GetTemplate(*request), response))
CHRONICLE_UNARY(UpdateTemplate, UpdateTemplateRequest, Template, Access::kAdmin,
                return Into(app_->UpdateTemplate(actor, *request), response))
CHRONICLE_UNARY(DeleteTemplate, DeleteTemplateRequest, Template, Access::kAdmin,
                return Into(app_->DeleteTemplate(actor, *request), response))
CHRONICLE_UNARY(ListTemplates, ListTemplatesRequest, ListTemplatesResponse, Access::kAnyUser,
                return app_->ListTemplates(*request, response))
CHRONICLE_UNARY(CreateWebhookSubscription, CreateWebhookSubscriptionRequest, WebhookSubscription,
                Access::kAdmin,
                return Into(app_->CreateWebhookSubscription(actor, *request), response))
CHRONICLE_UNARY(GetWebhookSubscription, GetWebhookSubscriptionRequest, WebhookSubscription,
                Access::kAdmin, return Into(app_->GetWebhookSubscription(*request), response))
CHRONICLE_UNARY(UpdateWebhookSubscription, UpdateWebhookSubscriptionRequest, WebhookSubscription,
                Access::kAdmin,
                return Into(app_->UpdateWebhookSubscription(actor, *request), response))
CHRONICLE_UNARY(DeleteWebhookSubscription, DeleteWebhookSubscriptionRequest, WebhookSubscription,
                Access::kAdmin,
                return Into(app_->DeleteWebhookSubscription(actor, *request), response))
CHRONICLE_UNARY(ListWebhookSubscriptions, ListWebhookSubscriptionsRequest,
                ListWebhookSubscriptionsResponse, Access::kAdmin,
                return app_->ListWebhookSubscriptions(*request, response))
CHRONICLE_UNARY(GetNotificationSettings, GetNotificationSettingsRequest, NotificationSettings,
                Access::kAnyUser, return Into(app_->GetSettings(), response))
CHRONICLE_UNARY(UpdateNotificationSettings, UpdateNotificationSettingsRequest, NotificationSettings,
                Access::kAdmin, return Into(app_->UpdateSettings(actor, *request), response))
CHRONICLE_UNARY(ListNotifications, ListNotificationsRequest, ListNotificationsResponse,
                Access::kAnyUser, return app_->ListNotifications(actor, *request, response))
CHRONICLE_UNARY(MarkNotificationsRead, MarkNotificationsReadRequest, MarkNotificationsReadResponse,
                Access::kAnyUser, return app_->MarkNotificationsRead(actor, *request, response))
CHRONICLE_UNARY(SendClientMessage, SendClientMessageRequest, Delivery, Access::kAnyUser,
                return Into(app_->SendClientMessage(actor, *request), response))
CHRONICLE_UNARY(GetDelivery, GetDeliveryRequest, Delivery, Access::kAnyUser,
                return Into(app_->GetDelivery(*request), response))
CHRONICLE_UNARY(ListDeliveries, ListDeliveriesRequest, ListDeliveriesResponse, Access::kAdmin,
                return app_->ListDeliveries(*request, response))
CHRONICLE_UNARY(ReplayDelivery, ReplayDeliveryRequest, Delivery, Access::kAdmin,
                return Into(app_->ReplayDelivery(actor, *request), response))
CHRONICLE_UNARY(ListDeliveryEvents, ListDeliveryEventsRequest, ListDeliveryEventsResponse,
                Access::kAnyUser, return app_->ListDeliveryEvents(*request, response))
CHRONICLE_UNARY(SubmitNpsAnswer, SubmitNpsAnswerRequest, Survey, Access::kAnyUser,
                return Into(app_->SubmitNpsAnswer(actor, *request), response))
CHRONICLE_UNARY(GetSurvey, GetSurveyRequest, Survey, Access::kAnyUser,
                return Into(app_->GetSurvey(*request), response))
CHRONICLE_UNARY(ListScheduledJobs, ListScheduledJobsRequest, ListScheduledJobsResponse,
                Access::kAdmin, return app_->ListScheduledJobs(*request, response))

#undef CHRONICLE_UNARY

grpc::ServerWriteReactor<v1::Notification>* NotificationsService::WatchNotifications(
    grpc::CallbackServerContext* context, const v1::WatchNotificationsRequest* request) {
  absl::StatusOr<server::Principal> principal = auth_->Authenticate(*context);
  const std::string recipient = principal.ok() ? principal->user_id : "";
  WatchReactor::Backlog backlog;
  if (!request->live_only()) backlog = [this, recipient] { return app_->UnreadBacklog(recipient); };
  auto* reactor = new WatchReactor(&app_->hub(), recipient, backlog, principal.status(),
                                   [this](WatchReactor* done) { streams_.Remove(done); });
  streams_.Add(reactor);
  return reactor;
}

void NotificationsService::StopStreams() { streams_.StopAll(); }

}  // namespace chronicle::notifications
