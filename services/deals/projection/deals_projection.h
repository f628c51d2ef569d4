// The deals service's read model: pipelines and deals as they are now, the indexes lists and the
// board walk, pre-aggregated board and forecast cells, and what the service needs to know of the
// contacts service's clients and companies (from their events on the log).
#ifndef CHRONICLE_DEALS_PROJECTION_DEALS_PROJECTION_H_
#define CHRONICLE_DEALS_PROJECTION_DEALS_PROJECTION_H_

#include "chronicle/projection/projection.h"

namespace chronicle::deals {

inline constexpr char kDealsProjection[] = "deals";

class DealsProjection final : public projection::Projection {
 public:
  std::string Name() const override { return kDealsProjection; }
  uint32_t DefinitionVersion() const override { return 1; }
  absl::Status Apply(const v1::EventEnvelope& event, projection::StateWriter& state) override;

 private:
  absl::Status ApplyDeal(const v1::EventEnvelope& event, projection::StateWriter& state);
  absl::Status ApplyPipeline(const v1::EventEnvelope& event, projection::StateWriter& state);
  absl::Status ApplyClient(const v1::EventEnvelope& event, projection::StateWriter& state);
};

}  // namespace chronicle::deals

#endif  // CHRONICLE_DEALS_PROJECTION_DEALS_PROJECTION_H_
