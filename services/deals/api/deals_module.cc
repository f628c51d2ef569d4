#include "deals/api/deals_module.h"

#include "chronicle/base/status_macros.h"
#include "deals/projection/deals_projection.h"

namespace chronicle::deals {

absl::StatusOr<std::unique_ptr<DealsModule>> DealsModule::Start(const DealsModuleOptions& options) {
  std::unique_ptr<DealsModule> module(new DealsModule());
  projection::ProjectionEngine::Options engine_options;
  engine_options.path = options.projections_path;
  engine_options.log = options.log;
  engine_options.min_free_bytes = options.min_free_bytes;
  // The board reads cells and the first entries of each column; deal cards are read per page.
  engine_options.block_cache_bytes = 256 << 20;
  ASSIGN_OR_RETURN(module->engine_, projection::ProjectionEngine::Open(engine_options));
  RETURN_IF_ERROR(module->engine_->Register(std::make_unique<DealsProjection>()));
  RETURN_IF_ERROR(module->engine_->Start());
  DealsAppOptions app_options;
  app_options.log = options.log;
  app_options.engine = module->engine_.get();
  ASSIGN_OR_RETURN(module->app_, DealsApp::Create(app_options));
  module->service_ =
      std::make_unique<DealsService>(module->app_.get(), options.auth, options.threads);
  return module;
}

DealsModule::~DealsModule() { Stop(); }

void DealsModule::Stop() {
  service_.reset();  // drains the executor: every queued call finishes
  app_.reset();
  if (engine_) engine_->Stop();
  engine_.reset();
}

}  // namespace chronicle::deals
