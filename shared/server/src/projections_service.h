// chronicle.v1.Projections over gRPC: status and rebuild of the engines' projections.
#ifndef CHRONICLE_SERVER_PROJECTIONS_SERVICE_H_
#define CHRONICLE_SERVER_PROJECTIONS_SERVICE_H_

#include <vector>

#include "chronicle/projection/projection_engine.h"
#include "chronicle/server/auth.h"
#include "chronicle/v1/projections.grpc.pb.h"

namespace chronicle::server {

class ProjectionsService final : public v1::Projections::CallbackService {
 public:
  // `engines`: every projection engine of this process (one per service); names are unique.
  ProjectionsService(std::vector<projection::ProjectionEngine*> engines, const Authenticator* auth)
      : engines_(std::move(engines)), auth_(auth) {}

  grpc::ServerUnaryReactor* ListProjections(grpc::CallbackServerContext* context,
                                            const v1::ListProjectionsRequest* request,
                                            v1::ListProjectionsResponse* response) override;
  grpc::ServerUnaryReactor* GetProjection(grpc::CallbackServerContext* context,
                                          const v1::GetProjectionRequest* request,
                                          v1::Projection* response) override;
  grpc::ServerUnaryReactor* RebuildProjection(grpc::CallbackServerContext* context,
                                              const v1::RebuildProjectionRequest* request,
                                              v1::Projection* response) override;

 private:
  // The engine holding "projections/{name}", and the bare name.
  absl::StatusOr<std::pair<projection::ProjectionEngine*, std::string>> Resolve(
      const std::string& resource_name);

  std::vector<projection::ProjectionEngine*> engines_;
  const Authenticator* const auth_;
};

}  // namespace chronicle::server

#endif  // CHRONICLE_SERVER_PROJECTIONS_SERVICE_H_
