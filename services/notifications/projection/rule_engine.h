// What an event puts on the schedule through the workspace's definitions: the actions of every
// enabled rule whose trigger it raises and whose conditions hold, and a delivery for every active
// webhook subscription that wants it. Runs inside the projection.
#ifndef CHRONICLE_NOTIFICATIONS_PROJECTION_RULE_ENGINE_H_
#define CHRONICLE_NOTIFICATIONS_PROJECTION_RULE_ENGINE_H_

#include "absl/status/status.h"
#include "chronicle/projection/projection.h"
#include "chronicle/v1/deals_resources.pb.h"
#include "chronicle/v1/event.pb.h"

namespace chronicle::notifications {

// `deal` is the deal a deals.* event (or a stage time limit) is about, after the event. Events
// recorded more than a day after they occurred (imported history) trigger no rules.
absl::Status ScheduleRuleActions(const v1::EventEnvelope& event, const v1::Deal* deal,
                                 projection::StateWriter& state);

absl::Status ScheduleWebhookDeliveries(const v1::EventEnvelope& event,
                                       projection::StateWriter& state);

}  // namespace chronicle::notifications

#endif  // CHRONICLE_NOTIFICATIONS_PROJECTION_RULE_ENGINE_H_
