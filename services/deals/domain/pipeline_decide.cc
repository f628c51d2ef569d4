#include <set>

#include "absl/strings/str_cat.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "deals/domain/events.h"
#include "deals/domain/pipeline.h"

namespace chronicle::deals {
namespace {

using Events = std::vector<v1::EventEnvelope>;
using errors::FieldViolation;

constexpr size_t kMaxNameBytes = 200;
constexpr int kMaxStages = 50;
constexpr int kMaxDaysLimit = 3650;

void CheckDisplayName(const std::string& name, const std::string& field,
                      std::vector<FieldViolation>* problems) {
  if (name.empty()) problems->push_back({field, "required"});
  if (name.size() > kMaxNameBytes) problems->push_back({field, "at most 200 bytes"});
}

// The stage's own fields; `prefix` names it in the request ("pipeline.stages[2]").
void CheckStage(const v1::Stage& stage, const std::string& prefix,
                std::vector<FieldViolation>* problems) {
  if (!aggregate::IsValidResourceId(stage.id())) {
    problems->push_back({prefix + ".id", "must match [a-z0-9-]{1,63}"});
  }
  CheckDisplayName(stage.display_name(), prefix + ".display_name", problems);
  if (stage.kind() == v1::STAGE_KIND_UNSPECIFIED) {
    problems->push_back({prefix + ".kind", "required: OPEN, WON or LOST"});
  }
  if (stage.probability() < 0 || stage.probability() > 100) {
    problems->push_back({prefix + ".probability", "must be within 0..100 (percent)"});
  }
  if (stage.max_days() < 0 || stage.max_days() > kMaxDaysLimit) {
    problems->push_back({prefix + ".max_days", "must be within 0..3650 (0: no limit)"});
  }
}

// Stage ids unique (and never a removed stage's), at least one stage of each kind.
void CheckStageSet(const v1::Pipeline& pipeline, const std::string& field,
                   std::vector<FieldViolation>* problems) {
  std::set<std::string> ids;
  for (const v1::RemovedStage& removed : pipeline.removed_stages())
    ids.insert(removed.stage().id());
  for (const v1::Stage& stage : pipeline.stages()) {
    if (!ids.insert(stage.id()).second) {
      problems->push_back({field, absl::StrCat("stage id '", stage.id(),
                                               "' is used twice (ids of "
                                               "removed stages included)")});
    }
  }
  if (pipeline.stages_size() > kMaxStages) problems->push_back({field, "at most 50 stages"});
  for (auto [kind, label] :
       {std::pair{v1::STAGE_KIND_OPEN, "an open"}, std::pair{v1::STAGE_KIND_WON, "a won"},
        std::pair{v1::STAGE_KIND_LOST, "a lost"}}) {
    if (FirstStageOfKind(pipeline, kind) == nullptr) {
      problems->push_back({field, absl::StrCat("needs at least ", label, " stage")});
    }
  }
}

absl::Status Problems(const std::vector<FieldViolation>& problems) {
  return problems.empty() ? absl::OkStatus() : errors::InvalidArgument(problems);
}

absl::Status MustExist(const PipelineState& state, absl::string_view etag) {
  if (!state.exists()) return absl::NotFoundError("pipeline not found");
  return CheckEtag(etag, state.version);
}

template <typename Message>
Events One(const Message& payload) {
  Events events;
  events.push_back(NewEvent(payload));
  return events;
}

}  // namespace

absl::StatusOr<Events> DecideCreatePipeline(const PipelineState& state, const std::string& name,
                                            const v1::Pipeline& input) {
  if (state.exists()) return absl::AlreadyExistsError(absl::StrCat(name, " already exists"));
  std::vector<FieldViolation> problems;
  CheckDisplayName(input.display_name(), "pipeline.display_name", &problems);
  for (int i = 0; i < input.stages_size(); ++i) {
    CheckStage(input.stages(i), absl::StrCat("pipeline.stages[", i, "]"), &problems);
  }
  CheckStageSet(input, "pipeline.stages", &problems);
  RETURN_IF_ERROR(Problems(problems));
  v1::PipelineCreated created;
  created.mutable_pipeline()->set_display_name(input.display_name());
  *created.mutable_pipeline()->mutable_stages() = input.stages();
  return One(created);
}

absl::StatusOr<Events> DecideRenamePipeline(const PipelineState& state, const v1::Pipeline& input) {
  RETURN_IF_ERROR(MustExist(state, input.etag()));
  std::vector<FieldViolation> problems;
  CheckDisplayName(input.display_name(), "pipeline.display_name", &problems);
  RETURN_IF_ERROR(Problems(problems));
  if (input.display_name() == state.pipeline.display_name()) return Events();
  v1::PipelineRenamed renamed;
  renamed.set_display_name(input.display_name());
  renamed.set_previous(state.pipeline.display_name());
  return One(renamed);
}

absl::StatusOr<Events> DecideAddStage(const PipelineState& state, const v1::Stage& stage, int index,
                                      absl::string_view etag) {
  RETURN_IF_ERROR(MustExist(state, etag));
  std::vector<FieldViolation> problems;
  CheckStage(stage, "stage", &problems);
  v1::Pipeline after = state.pipeline;
  *after.add_stages() = stage;
  CheckStageSet(after, "stage.id", &problems);
  RETURN_IF_ERROR(Problems(problems));
  v1::StageAdded added;
  *added.mutable_stage() = stage;
  const int end = state.pipeline.stages_size();
  added.set_index(index < 0 || index > end ? end : index);
  return One(added);
}

absl::StatusOr<Events> DecideUpdateStage(const PipelineState& state, const v1::Stage& input,
                                         const google::protobuf::FieldMask& mask,
                                         absl::string_view etag) {
  RETURN_IF_ERROR(MustExist(state, etag));
  ASSIGN_OR_RETURN(const v1::Stage* current, ResolveStage(state.pipeline, input.id(), "stage.id"));
  if (mask.paths_size() == 0) {
    return errors::InvalidArgument({{"update_mask", "name display_name, probability or max_days"}});
  }
  v1::Stage updated = *current;
  for (const std::string& path : mask.paths()) {
    if (path == "display_name") {
      updated.set_display_name(input.display_name());
    } else if (path == "probability") {
      updated.set_probability(input.probability());
    } else if (path == "max_days") {
      updated.set_max_days(input.max_days());
    } else {
      return errors::InvalidArgument(
          {{"update_mask", absl::StrCat("'", path,
                                        "' cannot be updated (display_name, probability, "
                                        "max_days; a stage's kind is fixed)")}});
    }
  }
  std::vector<FieldViolation> problems;
  CheckStage(updated, "stage", &problems);
  RETURN_IF_ERROR(Problems(problems));
  if (updated.SerializeAsString() == current->SerializeAsString()) return Events();
  v1::StageUpdated event;
  *event.mutable_stage() = updated;
  *event.mutable_previous() = *current;
  return One(event);
}

absl::StatusOr<Events> DecideReorderStages(const PipelineState& state,
                                           const std::vector<std::string>& stage_ids,
                                           absl::string_view etag) {
  RETURN_IF_ERROR(MustExist(state, etag));
  std::set<std::string> given(stage_ids.begin(), stage_ids.end());
  std::set<std::string> current;
  for (const v1::Stage& stage : state.pipeline.stages()) current.insert(stage.id());
  if (given != current || stage_ids.size() != current.size()) {
    return errors::InvalidArgument(
        {{"stage_ids", "must list every stage of the pipeline exactly once"}});
  }
  v1::StagesReordered reordered;
  for (const std::string& id : stage_ids) reordered.add_stage_ids(id);
  return One(reordered);
}

absl::StatusOr<Events> DecideRemoveStage(const PipelineState& state, absl::string_view stage_id,
                                         absl::string_view move_deals_to, absl::string_view etag) {
  RETURN_IF_ERROR(MustExist(state, etag));
  ASSIGN_OR_RETURN(const v1::Stage* removed, ResolveStage(state.pipeline, stage_id, "stage_id"));
  ASSIGN_OR_RETURN(const v1::Stage* target,
                   ResolveStage(state.pipeline, move_deals_to, "move_deals_to"));
  if (target == removed) {
    return errors::InvalidArgument({{"move_deals_to", "must be another stage"}});
  }
  if (target->kind() != removed->kind()) {
    return errors::InvalidArgument(
        {{"move_deals_to",
          "must be a stage of the same kind as the removed one, so no deal "
          "changes from open to closed by a pipeline edit"}});
  }
  v1::Pipeline after = state.pipeline;
  for (int i = 0; i < after.stages_size(); ++i) {
    if (after.stages(i).id() == removed->id()) after.mutable_stages()->DeleteSubrange(i, 1);
  }
  std::vector<FieldViolation> problems;
  CheckStageSet(after, "stage_id", &problems);
  RETURN_IF_ERROR(Problems(problems));
  v1::StageRemoved event;
  *event.mutable_stage() = *removed;
  event.set_moved_to(target->id());
  return One(event);
}

}  // namespace chronicle::deals
