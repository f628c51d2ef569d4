// The deals service as chronicled runs it: its projection engine (DATA_DIR/projections/deals),
// application layer and gRPC service, started and stopped together.
#ifndef CHRONICLE_DEALS_API_DEALS_MODULE_H_
#define CHRONICLE_DEALS_API_DEALS_MODULE_H_

#include <memory>
#include <string>

#include "chronicle/projection/projection_engine.h"
#include "chronicle/server/auth.h"
#include "deals/api/deals_service.h"
#include "deals/app/deals_app.h"

namespace chronicle::deals {

struct DealsModuleOptions {
  std::string projections_path;  // RocksDB directory of the deals projection engine
  eventlog::EventLog* log = nullptr;
  const server::Authenticator* auth = nullptr;
  uint64_t min_free_bytes = 0;
  int threads = 16;  // calls served at once; commands mostly wait on fsync
};

class DealsModule {
 public:
  static absl::StatusOr<std::unique_ptr<DealsModule>> Start(const DealsModuleOptions& options);
  ~DealsModule();

  grpc::Service* service() { return service_.get(); }
  projection::ProjectionEngine* engine() { return engine_.get(); }

  // Finishes queued calls and stops the projection. Call after the gRPC server shut down.
  void Stop();

 private:
  DealsModule() = default;

  std::unique_ptr<projection::ProjectionEngine> engine_;
  std::unique_ptr<DealsApp> app_;
  std::unique_ptr<DealsService> service_;
};

}  // namespace chronicle::deals

#endif  // CHRONICLE_DEALS_API_DEALS_MODULE_H_
