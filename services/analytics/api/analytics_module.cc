#include "analytics/api/analytics_module.h"

namespace chronicle::analytics {

std::unique_ptr<AnalyticsModule> AnalyticsModule::Start(const server::ModuleOptions& options) {
  std::unique_ptr<AnalyticsModule> module(new AnalyticsModule());
  AnalyticsAppOptions app_options;
  app_options.log = options.log;
  module->app_ = std::make_unique<AnalyticsApp>(app_options);
  module->app_->Start();
  module->service_ =
      std::make_unique<AnalyticsService>(module->app_.get(), options.auth, options.threads);
  return module;
}

}  // namespace chronicle::analytics
