#include "projections_service.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "reactors.h"

namespace chronicle::server {
namespace {

constexpr char kCollection[] = "projections/";

void ToProto(const projection::ProjectionStatus& status, v1::Projection* out) {
  out->set_name(absl::StrCat(kCollection, status.name));
  out->set_definition_version(status.definition_version);
  switch (status.state) {
    case projection::ProjectionStatus::State::kLive:
      out->set_state(v1::Projection::LIVE);
      break;
    case projection::ProjectionStatus::State::kRebuilding:
      out->set_state(v1::Projection::REBUILDING);
      break;
    case projection::ProjectionStatus::State::kFailed:
      out->set_state(v1::Projection::FAILED);
      break;
  }
  out->set_position(status.position);
  out->set_head_position(status.head_position);
  out->set_lag(status.head_position > status.position ? status.head_position - status.position : 0);
  out->set_events_per_second(status.events_per_second);
  out->set_rebuild_position(status.rebuild_position);
  out->set_rebuild_progress(status.rebuild_progress);
  out->set_generation(status.generation);
  out->set_last_error(status.last_error);
}

}  // namespace

absl::StatusOr<std::pair<projection::ProjectionEngine*, std::string>> ProjectionsService::Resolve(
    const std::string& resource_name) {
  absl::string_view name = resource_name;
  if (!absl::ConsumePrefix(&name, kCollection) || name.empty()) {
    return errors::InvalidArgument({{"name", "must be projections/{name}"}});
  }
  for (projection::ProjectionEngine* engine : engines_) {
    if (engine->GetStatus(name).ok()) return std::make_pair(engine, std::string(name));
  }
  return absl::NotFoundError(absl::StrCat("no projection named ", resource_name));
}

grpc::ServerUnaryReactor* ProjectionsService::ListProjections(
    grpc::CallbackServerContext* context, const v1::ListProjectionsRequest* request,
    v1::ListProjectionsResponse* response) {
  auto principal = auth_->Authenticate(*context);
  if (!principal.ok()) return FinishNow(context, principal.status());
  for (projection::ProjectionEngine* engine : engines_) {
    for (const auto& status : engine->ListStatus()) ToProto(status, response->add_projections());
  }
  return FinishNow(context, absl::OkStatus());
}

grpc::ServerUnaryReactor* ProjectionsService::GetProjection(grpc::CallbackServerContext* context,
                                                            const v1::GetProjectionRequest* request,
                                                            v1::Projection* response) {
  auto principal = auth_->Authenticate(*context);
  if (!principal.ok()) return FinishNow(context, principal.status());
  auto resolved = Resolve(request->name());
  if (!resolved.ok()) return FinishNow(context, resolved.status());
  auto status = resolved->first->GetStatus(resolved->second);
  if (status.ok()) ToProto(*status, response);
  return FinishNow(context, status.status());
}

grpc::ServerUnaryReactor* ProjectionsService::RebuildProjection(
    grpc::CallbackServerContext* context, const v1::RebuildProjectionRequest* request,
    v1::Projection* response) {
  auto principal = auth_->Authenticate(*context);
  if (!principal.ok()) return FinishNow(context, principal.status());
  if (auto allowed = RequireRole(*principal, kAdminRole); !allowed.ok()) {
    return FinishNow(context, allowed);
  }
  auto resolved = Resolve(request->name());
  if (!resolved.ok()) return FinishNow(context, resolved.status());
  auto status = resolved->first->Rebuild(resolved->second);
  if (status.ok()) ToProto(*status, response);
  return FinishNow(context, status.status());
}

}  // namespace chronicle::server
