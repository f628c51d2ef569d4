// The deals service as chronicled runs it (see chronicle/server/service_module.h).
#ifndef CHRONICLE_DEALS_API_DEALS_MODULE_H_
#define CHRONICLE_DEALS_API_DEALS_MODULE_H_

#include <memory>
#include <string>

#include "chronicle/server/service_module.h"
#include "deals/api/deals_service.h"
#include "deals/app/deals_app.h"

namespace chronicle::deals {

using DealsModule = server::ServiceModule<DealsApp, DealsService>;

absl::StatusOr<std::unique_ptr<DealsModule>> StartDealsModule(const server::ModuleOptions& options);

}  // namespace chronicle::deals

#endif  // CHRONICLE_DEALS_API_DEALS_MODULE_H_
