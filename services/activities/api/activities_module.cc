#include "activities/api/activities_module.h"

#include "activities/projection/activities_projection.h"

namespace chronicle::activities {

absl::StatusOr<std::unique_ptr<ActivitiesModule>> StartActivitiesModule(
    const server::ModuleOptions& options) {
  // Timelines read their newest entries first; a first page is a handful of neighbouring keys.
  return ActivitiesModule::Start(options, 256 << 20, std::make_unique<ActivitiesProjection>(),
                                 [&](projection::ProjectionEngine* engine) {
                                   ActivitiesAppOptions app_options;
                                   app_options.log = options.log;
                                   app_options.engine = engine;
                                   return ActivitiesApp::Create(app_options);
                                 });
}

}  // namespace chronicle::activities
