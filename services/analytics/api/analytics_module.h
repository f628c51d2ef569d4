// The analytics service as chronicled runs it: the application layer (whose projection lives in
// memory, loaded from the log at start; see app/fact_store.h) and its gRPC service, started in
// that order and stopped in reverse.
#ifndef CHRONICLE_ANALYTICS_API_ANALYTICS_MODULE_H_
#define CHRONICLE_ANALYTICS_API_ANALYTICS_MODULE_H_

#include <memory>

#include "analytics/api/analytics_service.h"
#include "analytics/app/analytics_app.h"
#include "chronicle/server/service_module.h"

namespace chronicle::analytics {

class AnalyticsModule {
 public:
  static std::unique_ptr<AnalyticsModule> Start(const server::ModuleOptions& options);
  // Stop() first: the gRPC server must be shut down before the module goes.
  ~AnalyticsModule() { Stop(); }

  AnalyticsService* service() { return service_.get(); }
  AnalyticsApp* app() { return app_.get(); }
  // Finishes queued calls, then stops the lifecycle writer and the projection.
  void Stop() {
    service_.reset();
    app_.reset();
  }

 private:
  AnalyticsModule() = default;
  std::unique_ptr<AnalyticsApp> app_;
  std::unique_ptr<AnalyticsService> service_;
};

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_API_ANALYTICS_MODULE_H_
