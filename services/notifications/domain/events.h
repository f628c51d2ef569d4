// Building and reading the notifications service's events: envelopes whose payload is one of the
// messages in notifications_events.proto and whose type is "notifications.<MessageName>".
#ifndef CHRONICLE_NOTIFICATIONS_DOMAIN_EVENTS_H_
#define CHRONICLE_NOTIFICATIONS_DOMAIN_EVENTS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "chronicle/aggregate/etag.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/aggregate/typed_events.h"
#include "chronicle/v1/event.pb.h"
#include "chronicle/v1/notifications_events.pb.h"

namespace chronicle::notifications {

inline constexpr char kEventTypePrefix[] = "notifications.";

// Definition streams.
inline constexpr char kRuleStream[] = "rule";
inline constexpr char kTemplateStream[] = "template";
inline constexpr char kSubscriptionStream[] = "webhook_subscription";
inline constexpr char kSettingsStream[] = "notification_settings";
inline constexpr char kWorkspaceStreamId[] = "workspace";
// What the schedule fired: each stream is named by the job, so a job fires once (the first append
// expects no stream).
inline constexpr char kNotificationStream[] = "notification";
inline constexpr char kDeliveryStream[] = "delivery";
inline constexpr char kTriggerStream[] = "trigger";
inline constexpr char kActionStream[] = "action";
inline constexpr char kSurveyStream[] = "survey";

// Resource name prefixes.
inline constexpr char kRulePrefix[] = "rules/";
inline constexpr char kTemplatePrefix[] = "templates/";
inline constexpr char kSubscriptionPrefix[] = "webhookSubscriptions/";
inline constexpr char kSettingsName[] = "notificationSettings";
inline constexpr char kNotificationPrefix[] = "notifications/";
inline constexpr char kDeliveryPrefix[] = "deliveries/";
inline constexpr char kSurveyPrefix[] = "surveys/";
inline constexpr char kClientPrefix[] = "clients/";
inline constexpr char kEmployeePrefix[] = "employees/";

using aggregate::CheckEtag;
using aggregate::EventType;
using aggregate::IdOf;
using aggregate::Is;
using aggregate::MakeStream;
using aggregate::NewClientEvent;
using aggregate::NewEvent;
using aggregate::Unpack;

}  // namespace chronicle::notifications

#endif  // CHRONICLE_NOTIFICATIONS_DOMAIN_EVENTS_H_
