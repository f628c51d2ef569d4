#include "activities/api/activities_module.h"

#include "activities/projection/activities_projection.h"
#include "chronicle/base/status_macros.h"

namespace chronicle::activities {

absl::StatusOr<std::unique_ptr<ActivitiesModule>> ActivitiesModule::Start(
    const ActivitiesModuleOptions& options) {
  std::unique_ptr<ActivitiesModule> module(new ActivitiesModule());
  projection::ProjectionEngine::Options engine_options;
  engine_options.path = options.projections_path;
  engine_options.log = options.log;
  engine_options.min_free_bytes = options.min_free_bytes;
  // Timelines read their newest entries first; a first page is a handful of neighbouring keys.
  engine_options.block_cache_bytes = 256 << 20;
  ASSIGN_OR_RETURN(module->engine_, projection::ProjectionEngine::Open(engine_options));
  RETURN_IF_ERROR(module->engine_->Register(std::make_unique<ActivitiesProjection>()));
  RETURN_IF_ERROR(module->engine_->Start());
  ActivitiesAppOptions app_options;
  app_options.log = options.log;
  app_options.engine = module->engine_.get();
  ASSIGN_OR_RETURN(module->app_, ActivitiesApp::Create(app_options));
  module->service_ =
      std::make_unique<ActivitiesService>(module->app_.get(), options.auth, options.threads);
  return module;
}

ActivitiesModule::~ActivitiesModule() { Stop(); }

void ActivitiesModule::Stop() {
  service_.reset();  // drains the executor: every queued call finishes
  app_.reset();
  if (engine_) engine_->Stop();
  engine_.reset();
}

}  // namespace chronicle::activities
