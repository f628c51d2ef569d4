// The pipeline aggregate as a decider: an ordered list of stages whose every edit is an event on
// "pipeline/{id}". Deals name stages by id; ids are never reused, so history keeps meaning what it
// meant. Pure: no I/O.
//
// Errors: INVALID_ARGUMENT with field violations; NOT_FOUND for a pipeline that does not exist;
// ALREADY_EXISTS when creating one that does; ABORTED for a stale etag.
#ifndef CHRONICLE_DEALS_DOMAIN_PIPELINE_H_
#define CHRONICLE_DEALS_DOMAIN_PIPELINE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "chronicle/v1/deals_resources.pb.h"
#include "chronicle/v1/event.pb.h"
#include "google/protobuf/field_mask.pb.h"

namespace chronicle::deals {

struct PipelineState {
  v1::Pipeline pipeline;  // name is empty until PipelineCreated
  uint64_t version = 0;

  bool exists() const { return !pipeline.name().empty(); }
};

absl::Status Evolve(const v1::EventEnvelope& event, PipelineState* state);

// The stage with `id`, or nullptr.
const v1::Stage* FindStage(const v1::Pipeline& pipeline, absl::string_view id);
// The first stage of `kind` in board order, or nullptr.
const v1::Stage* FirstStageOfKind(const v1::Pipeline& pipeline, v1::StageKind kind);
// The stage's weight in the forecast: won 100, lost 0, open its probability.
int EffectiveProbability(const v1::Stage& stage);

// Resolves a stage reference in a request: a bare id, or "pipelines/{p}/stages/{s}" which must
// name `pipeline`. INVALID_ARGUMENT naming `field` for another pipeline's stage or an unknown one.
absl::StatusOr<const v1::Stage*> ResolveStage(const v1::Pipeline& pipeline, absl::string_view ref,
                                              absl::string_view field);

absl::StatusOr<std::vector<v1::EventEnvelope>> DecideCreatePipeline(const PipelineState& state,
                                                                    const std::string& name,
                                                                    const v1::Pipeline& input);
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideRenamePipeline(const PipelineState& state,
                                                                    const v1::Pipeline& input);
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideAddStage(const PipelineState& state,
                                                              const v1::Stage& stage, int index,
                                                              absl::string_view etag);
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideUpdateStage(
    const PipelineState& state, const v1::Stage& input, const google::protobuf::FieldMask& mask,
    absl::string_view etag);
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideReorderStages(
    const PipelineState& state, const std::vector<std::string>& stage_ids, absl::string_view etag);
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideRemoveStage(const PipelineState& state,
                                                                 absl::string_view stage_id,
                                                                 absl::string_view move_deals_to,
                                                                 absl::string_view etag);

}  // namespace chronicle::deals

#endif  // CHRONICLE_DEALS_DOMAIN_PIPELINE_H_
