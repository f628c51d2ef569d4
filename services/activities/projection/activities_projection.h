// The activities service's read model: activities, tasks, series and employees as they are now;
// the timelines of every client, company and deal across all services' events; tasks by assignee
// and due time; calendars; and what the service needs to know of clients (owner, temperature,
// segments, merges) and deals (open ones per client), folded from those services' events.
#ifndef CHRONICLE_ACTIVITIES_PROJECTION_ACTIVITIES_PROJECTION_H_
#define CHRONICLE_ACTIVITIES_PROJECTION_ACTIVITIES_PROJECTION_H_

#include "chronicle/projection/projection.h"

namespace chronicle::activities {

inline constexpr char kActivitiesProjection[] = "activities";

class ActivitiesProjection final : public projection::Projection {
 public:
  std::string Name() const override { return kActivitiesProjection; }
  uint32_t DefinitionVersion() const override { return 1; }
  absl::Status Apply(const v1::EventEnvelope& event, projection::StateWriter& state) override;

 private:
  absl::Status ApplyActivity(const v1::EventEnvelope& event, projection::StateWriter& state);
  absl::Status ApplyTask(const v1::EventEnvelope& event, projection::StateWriter& state);
  absl::Status ApplyOwnRecord(const v1::EventEnvelope& event, projection::StateWriter& state);
  absl::Status ApplyClient(const v1::EventEnvelope& event, projection::StateWriter& state);
  absl::Status ApplyCompany(const v1::EventEnvelope& event, projection::StateWriter& state);
  absl::Status ApplyDeal(const v1::EventEnvelope& event, projection::StateWriter& state);
  // Another service's event about a client (its partition key), such as a notification sent.
  absl::Status ApplyOther(const v1::EventEnvelope& event, projection::StateWriter& state);
};

}  // namespace chronicle::activities

#endif  // CHRONICLE_ACTIVITIES_PROJECTION_ACTIVITIES_PROJECTION_H_
