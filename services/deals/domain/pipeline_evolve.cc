#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "deals/domain/events.h"
#include "deals/domain/pipeline.h"

namespace chronicle::deals {
namespace {

v1::Stage* MutableStage(v1::Pipeline* pipeline, absl::string_view id) {
  for (v1::Stage& stage : *pipeline->mutable_stages()) {
    if (stage.id() == id) return &stage;
  }
  return nullptr;
}

absl::Status EvolveDefinition(const v1::EventEnvelope& event, v1::Pipeline* pipeline) {
  if (Is<v1::PipelineCreated>(event)) {
    v1::PipelineCreated created;
    RETURN_IF_ERROR(Unpack(event, &created));
    *pipeline = created.pipeline();
    pipeline->set_name(absl::StrCat(kPipelinePrefix, event.stream().id()));
    *pipeline->mutable_create_time() = event.occurred_at();
  } else if (Is<v1::PipelineRenamed>(event)) {
    v1::PipelineRenamed renamed;
    RETURN_IF_ERROR(Unpack(event, &renamed));
    pipeline->set_display_name(renamed.display_name());
  } else if (Is<v1::StageAdded>(event)) {
    v1::StageAdded added;
    RETURN_IF_ERROR(Unpack(event, &added));
    auto* stages = pipeline->mutable_stages();
    stages->Add()->CopyFrom(added.stage());
    // Bubble the new stage from the end to its index.
    for (int i = stages->size() - 1; i > added.index() && i > 0; --i)
      stages->SwapElements(i, i - 1);
  } else if (Is<v1::StageUpdated>(event)) {
    v1::StageUpdated updated;
    RETURN_IF_ERROR(Unpack(event, &updated));
    if (v1::Stage* stage = MutableStage(pipeline, updated.stage().id())) *stage = updated.stage();
  } else if (Is<v1::StagesReordered>(event)) {
    v1::StagesReordered reordered;
    RETURN_IF_ERROR(Unpack(event, &reordered));
    google::protobuf::RepeatedPtrField<v1::Stage> ordered;
    for (const std::string& id : reordered.stage_ids()) {
      if (const v1::Stage* stage = FindStage(*pipeline, id)) *ordered.Add() = *stage;
    }
    pipeline->mutable_stages()->Swap(&ordered);
  } else if (Is<v1::StageRemoved>(event)) {
    v1::StageRemoved removed;
    RETURN_IF_ERROR(Unpack(event, &removed));
    auto* stages = pipeline->mutable_stages();
    for (int i = 0; i < stages->size(); ++i) {
      if (stages->Get(i).id() != removed.stage().id()) continue;
      stages->DeleteSubrange(i, 1);
      break;
    }
    v1::RemovedStage* gone = pipeline->add_removed_stages();
    *gone->mutable_stage() = removed.stage();
    gone->set_moved_to(removed.moved_to());
    *gone->mutable_remove_time() = event.occurred_at();
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Evolve(const v1::EventEnvelope& event, PipelineState* state) {
  state->version = event.stream_version();
  if (!absl::StartsWith(event.event_type(), kEventTypePrefix)) return absl::OkStatus();
  RETURN_IF_ERROR(EvolveDefinition(event, &state->pipeline));
  *state->pipeline.mutable_update_time() = event.occurred_at();
  state->pipeline.set_etag(absl::StrCat(state->version));
  return absl::OkStatus();
}

const v1::Stage* FindStage(const v1::Pipeline& pipeline, absl::string_view id) {
  for (const v1::Stage& stage : pipeline.stages()) {
    if (stage.id() == id) return &stage;
  }
  return nullptr;
}

const v1::Stage* FirstStageOfKind(const v1::Pipeline& pipeline, v1::StageKind kind) {
  for (const v1::Stage& stage : pipeline.stages()) {
    if (stage.kind() == kind) return &stage;
  }
  return nullptr;
}

int EffectiveProbability(const v1::Stage& stage) {
  switch (stage.kind()) {
    case v1::STAGE_KIND_WON:
      return 100;
    case v1::STAGE_KIND_LOST:
      return 0;
    default:
      return stage.probability();
  }
}

absl::StatusOr<const v1::Stage*> ResolveStage(const v1::Pipeline& pipeline, absl::string_view ref,
                                              absl::string_view field) {
  absl::string_view id = ref;
  if (absl::StartsWith(ref, kPipelinePrefix)) {
    const std::vector<absl::string_view> parts = absl::StrSplit(ref, '/');
    if (parts.size() != 4 || parts[2] != "stages") {
      return errors::InvalidArgument(
          {{std::string(field), "must be a stage id or pipelines/{pipeline}/stages/{stage}"}});
    }
    const std::string pipeline_name = absl::StrCat(kPipelinePrefix, parts[1]);
    if (pipeline_name != pipeline.name()) {
      return errors::InvalidArgument(
          {{std::string(field), absl::StrCat("stage '", parts[3], "' belongs to ", pipeline_name,
                                             ", not to ", pipeline.name())}});
    }
    id = parts[3];
  }
  const v1::Stage* stage = FindStage(pipeline, id);
  if (stage == nullptr) {
    return errors::InvalidArgument(
        {{std::string(field), absl::StrCat("no stage '", id, "' in ", pipeline.name())}});
  }
  return stage;
}

}  // namespace chronicle::deals
