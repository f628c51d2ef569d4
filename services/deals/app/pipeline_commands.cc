// Pipeline definitions and the refusal-reason list: commands on their own streams.
#include <iostream>

#include "absl/strings/str_cat.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/base/log.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "deals/app/deals_app.h"
#include "deals/domain/events.h"
#include "deals/projection/deal_index.h"
#include "deals/projection/deals_projection.h"
#include "deals/projection/keys.h"
#include "deals/projection/queries.h"

namespace chronicle::deals {

using aggregate::FromProtoTime;

namespace {}  // namespace

DealsApp::DealsApp(const DealsAppOptions& options)
    : runner_(options.log, options.engine, kDealsProjection, options.clock) {}

absl::StatusOr<std::unique_ptr<DealsApp>> DealsApp::Create(const DealsAppOptions& options) {
  std::unique_ptr<DealsApp> app(new DealsApp(options));
  app->runner_.CatchUp();
  ASSIGN_OR_RETURN(auto view, app->runner_.engine().View(kDealsProjection));
  ASSIGN_OR_RETURN(std::vector<v1::Pipeline> pipelines, ReadPipelines(*view));
  view.reset();
  v1::Actor system;
  system.set_user_id("system");
  for (const v1::Pipeline& pipeline : pipelines) {
    RETURN_IF_ERROR(app->SweepRemovedStages(system, pipeline));
  }
  return app;
}

absl::StatusOr<PipelineState> DealsApp::LoadPipeline(absl::string_view id) {
  return runner_.Load<PipelineState>(MakeStream(kPipelineStream, id));
}

absl::StatusOr<v1::Pipeline> DealsApp::RunPipeline(
    const v1::Actor& actor, const std::string& name,
    const aggregate::Decision<PipelineState>& decide) {
  ASSIGN_OR_RETURN(std::string id, aggregate::ParseResourceId(name, kPipelinePrefix, "pipeline"));
  ASSIGN_OR_RETURN(auto written,
                   runner_.Run<PipelineState>(MakeStream(kPipelineStream, id), actor, "", decide));
  if (!written.state.exists()) return absl::NotFoundError(absl::StrCat(name, " not found"));
  return written.state.pipeline;
}

absl::StatusOr<v1::Pipeline> DealsApp::CreatePipeline(const v1::Actor& actor,
                                                      const v1::CreatePipelineRequest& request) {
  if (!aggregate::IsValidResourceId(request.pipeline_id())) {
    return errors::InvalidArgument({{"pipeline_id", "must match [a-z0-9-]{1,63}"}});
  }
  const std::string name = absl::StrCat(kPipelinePrefix, request.pipeline_id());
  return RunPipeline(actor, name, [&](const PipelineState& state) {
    return DecideCreatePipeline(state, name, request.pipeline());
  });
}

absl::StatusOr<v1::Pipeline> DealsApp::GetPipeline(const v1::GetPipelineRequest& request) {
  ASSIGN_OR_RETURN(std::string id,
                   aggregate::ParseResourceId(request.name(), kPipelinePrefix, "name"));
  if (request.has_read_time()) {
    ASSIGN_OR_RETURN(auto state, runner_.Load<PipelineState>(MakeStream(kPipelineStream, id),
                                                             FromProtoTime(request.read_time())));
    if (!state.exists()) {
      return absl::NotFoundError(absl::StrCat(request.name(), " did not exist at read_time"));
    }
    return state.pipeline;
  }
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kDealsProjection));
  return ReadPipeline(*view, id);
}

absl::Status DealsApp::ListPipelines(const v1::ListPipelinesRequest&,
                                     v1::ListPipelinesResponse* response) {
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kDealsProjection));
  ASSIGN_OR_RETURN(std::vector<v1::Pipeline> pipelines, ReadPipelines(*view));
  for (v1::Pipeline& pipeline : pipelines) *response->add_pipelines() = std::move(pipeline);
  return absl::OkStatus();
}

absl::StatusOr<v1::Pipeline> DealsApp::UpdatePipeline(const v1::Actor& actor,
                                                      const v1::UpdatePipelineRequest& request) {
  for (const std::string& path : request.update_mask().paths()) {
    if (path != "display_name") {
      return errors::InvalidArgument(
          {{"update_mask", absl::StrCat("'", path,
                                        "': only display_name (stages have their own "
                                        "methods)")}});
    }
  }
  return RunPipeline(actor, request.pipeline().name(), [&](const PipelineState& state) {
    return DecideRenamePipeline(state, request.pipeline());
  });
}

absl::StatusOr<v1::Pipeline> DealsApp::AddStage(const v1::Actor& actor,
                                                const v1::AddStageRequest& request) {
  return RunPipeline(actor, request.pipeline(), [&](const PipelineState& state) {
    return DecideAddStage(state, request.stage(), request.index(), request.etag());
  });
}

absl::StatusOr<v1::Pipeline> DealsApp::UpdateStage(const v1::Actor& actor,
                                                   const v1::UpdateStageRequest& request) {
  return RunPipeline(actor, request.pipeline(), [&](const PipelineState& state) {
    return DecideUpdateStage(state, request.stage(), request.update_mask(), request.etag());
  });
}

absl::StatusOr<v1::Pipeline> DealsApp::ReorderStages(const v1::Actor& actor,
                                                     const v1::ReorderStagesRequest& request) {
  const std::vector<std::string> ids(request.stage_ids().begin(), request.stage_ids().end());
  return RunPipeline(actor, request.pipeline(), [&](const PipelineState& state) {
    return DecideReorderStages(state, ids, request.etag());
  });
}

absl::StatusOr<v1::Pipeline> DealsApp::RemoveStage(const v1::Actor& actor,
                                                   const v1::RemoveStageRequest& request) {
  ASSIGN_OR_RETURN(v1::Pipeline pipeline,
                   RunPipeline(actor, request.pipeline(), [&](const PipelineState& state) {
                     return DecideRemoveStage(state, request.stage_id(), request.move_deals_to(),
                                              request.etag());
                   }));
  // The removal is durable first; the deals follow. A crash in between is finished by the sweep
  // at the next start, and each deal's move is idempotent (named by pipeline, stage and deal).
  RETURN_IF_ERROR(SweepRemovedStages(actor, pipeline));
  return pipeline;
}

absl::Status DealsApp::SweepRemovedStages(const v1::Actor& actor, const v1::Pipeline& pipeline) {
  const std::string pipeline_id = IdOf(pipeline.name());
  for (const v1::RemovedStage& removed : pipeline.removed_stages()) {
    std::vector<std::string> ids;
    {
      ASSIGN_OR_RETURN(auto view, runner_.engine().View(kDealsProjection));
      const std::string column =
          keys::BoardColumn(pipeline_id, keys::AllDeals(), removed.stage().id());
      RETURN_IF_ERROR(view->Scan(column, "", [&](absl::string_view key, absl::string_view) {
        ids.emplace_back(key.substr(column.size() + keys::kSortValueBytes));
        return true;
      }));
    }
    for (const std::string& id : ids) {
      const std::string command_id =
          absl::StrCat("stage-removed:", pipeline_id, ":", removed.stage().id(), ":", id);
      auto moved = runner_.Run<DealState>(
          MakeStream(kDealStream, id), actor, command_id,
          [&](const DealState& state) { return DecideStageRemovalMove(state, pipeline, removed); });
      if (!moved.ok()) {
        Log(LogLevel::kError, "deals", "could not move a deal out of a removed stage",
            {{"deal", "deals/" + id},
             {"stage", removed.stage().id()},
             {"error", moved.status().ToString()}});
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<RefusalReasonsState> DealsApp::LoadReasons() {
  return runner_.Load<RefusalReasonsState>(
      MakeStream(kRefusalReasonsStream, kRefusalReasonsStreamId));
}

absl::StatusOr<v1::RefusalReason> DealsApp::RunReasons(
    const v1::Actor& actor, const std::string& id,
    const aggregate::Decision<RefusalReasonsState>& decide) {
  ASSIGN_OR_RETURN(auto written, runner_.Run<RefusalReasonsState>(
                                     MakeStream(kRefusalReasonsStream, kRefusalReasonsStreamId),
                                     actor, "", decide));
  const v1::RefusalReason* reason = written.state.Find(id);
  if (reason == nullptr) return absl::NotFoundError(absl::StrCat(kRefusalReasonPrefix, id));
  return *reason;
}

absl::StatusOr<v1::RefusalReason> DealsApp::CreateRefusalReason(
    const v1::Actor& actor, const v1::CreateRefusalReasonRequest& request) {
  return RunReasons(actor, request.refusal_reason_id(), [&](const RefusalReasonsState& state) {
    return DecideDefineReason(state, request.refusal_reason_id(),
                              request.refusal_reason().display_name());
  });
}

absl::StatusOr<v1::RefusalReason> DealsApp::UpdateRefusalReason(
    const v1::Actor& actor, const v1::UpdateRefusalReasonRequest& request) {
  ASSIGN_OR_RETURN(std::string id,
                   aggregate::ParseResourceId(request.refusal_reason().name(), kRefusalReasonPrefix,
                                              "refusal_reason.name"));
  return RunReasons(actor, id, [&](const RefusalReasonsState& state) {
    return DecideRenameReason(state, id, request.refusal_reason().display_name());
  });
}

absl::StatusOr<v1::RefusalReason> DealsApp::DeleteRefusalReason(
    const v1::Actor& actor, const v1::DeleteRefusalReasonRequest& request) {
  ASSIGN_OR_RETURN(std::string id,
                   aggregate::ParseResourceId(request.name(), kRefusalReasonPrefix, "name"));
  return RunReasons(
      actor, id, [&](const RefusalReasonsState& state) { return DecideRetireReason(state, id); });
}

absl::Status DealsApp::ListRefusalReasons(const v1::ListRefusalReasonsRequest& request,
                                          v1::ListRefusalReasonsResponse* response) {
  ASSIGN_OR_RETURN(RefusalReasonsState state, LoadReasons());
  for (const v1::RefusalReason& reason : state.reasons) {
    if (!reason.retired() || request.show_retired()) *response->add_refusal_reasons() = reason;
  }
  return absl::OkStatus();
}

}  // namespace chronicle::deals
