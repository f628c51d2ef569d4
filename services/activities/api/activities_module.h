// The activities service as chronicled runs it (see chronicle/server/service_module.h).
#ifndef CHRONICLE_ACTIVITIES_API_ACTIVITIES_MODULE_H_
#define CHRONICLE_ACTIVITIES_API_ACTIVITIES_MODULE_H_

#include <memory>
#include <string>

#include "activities/api/activities_service.h"
#include "activities/app/activities_app.h"
#include "chronicle/server/service_module.h"

namespace chronicle::activities {

using ActivitiesModule = server::ServiceModule<ActivitiesApp, ActivitiesService>;

absl::StatusOr<std::unique_ptr<ActivitiesModule>> StartActivitiesModule(
    const server::ModuleOptions& options);

}  // namespace chronicle::activities

#endif  // CHRONICLE_ACTIVITIES_API_ACTIVITIES_MODULE_H_
