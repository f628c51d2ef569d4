// A domain service as chronicled runs it: its projection engine (DATA_DIR/projections/<service>),
// application layer and gRPC service, started in that order and stopped in reverse. Each service
// says what differs (its projection, cache size, how its app is built) in its api/*_module.cc.
#ifndef CHRONICLE_SERVER_SERVICE_MODULE_H_
#define CHRONICLE_SERVER_SERVICE_MODULE_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/projection/projection_engine.h"
#include "chronicle/server/auth.h"
#include "grpcpp/impl/service_type.h"

namespace chronicle::server {

struct ModuleOptions {
  std::string projections_path;  // RocksDB directory of the service's projection engine
  eventlog::EventLog* log = nullptr;
  const Authenticator* auth = nullptr;
  uint64_t min_free_bytes = 0;
  // Calls served at once; the rest queue. Commands mostly wait on fsync, so more than cores.
  int threads = 16;
};

// `App` is the service's application layer; `Service` its gRPC adapter, constructed as
// Service(App*, const Authenticator*, int threads).
template <typename App, typename Service>
class ServiceModule {
 public:
  using AppFactory =
      std::function<absl::StatusOr<std::unique_ptr<App>>(projection::ProjectionEngine* engine)>;

  // `block_cache_bytes` sizes the engine's cache to what the service's queries walk.
  static absl::StatusOr<std::unique_ptr<ServiceModule>> Start(
      const ModuleOptions& options, size_t block_cache_bytes,
      std::unique_ptr<projection::Projection> projection, const AppFactory& make_app) {
    std::unique_ptr<ServiceModule> module(new ServiceModule());
    projection::ProjectionEngine::Options engine_options;
    engine_options.path = options.projections_path;
    engine_options.log = options.log;
    engine_options.min_free_bytes = options.min_free_bytes;
    engine_options.block_cache_bytes = block_cache_bytes;
    ASSIGN_OR_RETURN(module->engine_, projection::ProjectionEngine::Open(engine_options));
    RETURN_IF_ERROR(module->engine_->Register(std::move(projection)));
    RETURN_IF_ERROR(module->engine_->Start());
    ASSIGN_OR_RETURN(module->app_, make_app(module->engine_.get()));
    module->service_ = std::make_unique<Service>(module->app_.get(), options.auth, options.threads);
    return module;
  }

  // Stop() first: the gRPC server must be shut down before the module goes.
  ~ServiceModule() { Stop(); }

  Service* service() { return service_.get(); }
  App* app() { return app_.get(); }
  projection::ProjectionEngine* engine() { return engine_.get(); }

  // Finishes queued calls and stops the projection. Call after the gRPC server shut down.
  void Stop() {
    service_.reset();  // drains the executor: every queued call finishes
    app_.reset();
    if (engine_) engine_->Stop();
    engine_.reset();
  }

 private:
  ServiceModule() = default;

  std::unique_ptr<projection::ProjectionEngine> engine_;
  std::unique_ptr<App> app_;
  std::unique_ptr<Service> service_;
};

}  // namespace chronicle::server

#endif  // CHRONICLE_SERVER_SERVICE_MODULE_H_
