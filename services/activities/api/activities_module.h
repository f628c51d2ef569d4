// The activities service as chronicled runs it: its projection engine
// (DATA_DIR/projections/activities), application layer and gRPC service, started and stopped
// together.
#ifndef CHRONICLE_ACTIVITIES_API_ACTIVITIES_MODULE_H_
#define CHRONICLE_ACTIVITIES_API_ACTIVITIES_MODULE_H_

#include <memory>
#include <string>

#include "activities/api/activities_service.h"
#include "activities/app/activities_app.h"
#include "chronicle/projection/projection_engine.h"
#include "chronicle/server/auth.h"

namespace chronicle::activities {

struct ActivitiesModuleOptions {
  std::string projections_path;  // RocksDB directory of the activities projection engine
  eventlog::EventLog* log = nullptr;
  const server::Authenticator* auth = nullptr;
  uint64_t min_free_bytes = 0;
  int threads = 16;  // calls served at once; commands mostly wait on fsync
};

class ActivitiesModule {
 public:
  static absl::StatusOr<std::unique_ptr<ActivitiesModule>> Start(
      const ActivitiesModuleOptions& options);
  ~ActivitiesModule();

  grpc::Service* service() { return service_.get(); }
  projection::ProjectionEngine* engine() { return engine_.get(); }

  // Finishes queued calls and stops the projection. Call after the gRPC server shut down.
  void Stop();

 private:
  ActivitiesModule() = default;

  std::unique_ptr<projection::ProjectionEngine> engine_;
  std::unique_ptr<ActivitiesApp> app_;
  std::unique_ptr<ActivitiesService> service_;
};

}  // namespace chronicle::activities

#endif  // CHRONICLE_ACTIVITIES_API_ACTIVITIES_MODULE_H_
