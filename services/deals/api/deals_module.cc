#include "deals/api/deals_module.h"

#include "deals/projection/deals_projection.h"

namespace chronicle::deals {

absl::StatusOr<std::unique_ptr<DealsModule>> StartDealsModule(
    const server::ModuleOptions& options) {
  // The board reads cells and the first entries of each column; deal cards are read per page.
  return DealsModule::Start(options, 256 << 20, std::make_unique<DealsProjection>(),
                            [&](projection::ProjectionEngine* engine) {
                              DealsAppOptions app_options;
                              app_options.log = options.log;
                              app_options.engine = engine;
                              return DealsApp::Create(app_options);
                            });
}

}  // namespace chronicle::deals
