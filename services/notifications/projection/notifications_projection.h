// The notifications service's read model: its definitions (rules by trigger, templates, webhook
// subscriptions by event type, settings), the schedule of jobs, employees' inboxes, deliveries
// and surveys; and what rules need to know of the other services (clients, deals and pipelines,
// tasks, employees, custom fields), folded from their events.
//
// Rules are evaluated here, as each event is applied: a matching rule puts its actions on the
// schedule (due at once or after their delay). The scheduler (app layer) fires what is due by
// appending events, which take the jobs off the schedule again. Because the projection is a
// pure function of the log, a rebuild ends with the same schedule.
#ifndef CHRONICLE_NOTIFICATIONS_PROJECTION_NOTIFICATIONS_PROJECTION_H_
#define CHRONICLE_NOTIFICATIONS_PROJECTION_NOTIFICATIONS_PROJECTION_H_

#include "chronicle/projection/projection.h"
#include "chronicle/v1/deals_resources.pb.h"

namespace chronicle::notifications {

inline constexpr char kNotificationsProjection[] = "notifications";

class NotificationsProjection final : public projection::Projection {
 public:
  std::string Name() const override { return kNotificationsProjection; }
  uint32_t DefinitionVersion() const override { return 1; }
  absl::Status Apply(const v1::EventEnvelope& event, projection::StateWriter& state) override;

 private:
  absl::Status ApplyOwn(const v1::EventEnvelope& event, projection::StateWriter& state);
  absl::Status ApplyDefinition(const v1::EventEnvelope& event, projection::StateWriter& state);
  absl::Status ApplyInbox(const v1::EventEnvelope& event, projection::StateWriter& state);
  absl::Status ApplyDelivery(const v1::EventEnvelope& event, projection::StateWriter& state);
  absl::Status ApplyClient(const v1::EventEnvelope& event, projection::StateWriter& state);
  // Returns the deal after the event, for the rules.
  absl::StatusOr<std::optional<v1::Deal>> ApplyDeal(const v1::EventEnvelope& event,
                                                    projection::StateWriter& state);
  absl::Status ApplyTask(const v1::EventEnvelope& event, projection::StateWriter& state);
  absl::Status ApplyDirectory(const v1::EventEnvelope& event, projection::StateWriter& state);
};

}  // namespace chronicle::notifications

#endif  // CHRONICLE_NOTIFICATIONS_PROJECTION_NOTIFICATIONS_PROJECTION_H_
