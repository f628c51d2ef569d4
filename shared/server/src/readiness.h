// gRPC health as readiness: each domain service of the process reports SERVING under its own
// name ("chronicle.v1.Contacts", ...) only while its projections are caught up with the log
// within a threshold, and the server as a whole ("") only while all of them are. "liveness" is
// SERVING as long as the process serves calls at all. A load balancer or a Kubernetes readiness
// probe then keeps traffic away from a replica still replaying its history, while the liveness
// probe leaves it running.
#ifndef CHRONICLE_SERVER_READINESS_H_
#define CHRONICLE_SERVER_READINESS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/health_check_service_interface.h"

namespace chronicle::server {

class Readiness {
 public:
  // Where a service's projections stand, now.
  struct Standing {
    uint64_t lag = 0;     // events behind the log head (the most of any of its projections)
    bool failed = false;  // one of them stopped for good
  };
  struct Watched {
    std::string service;  // full gRPC service name
    std::function<Standing()> standing;
  };

  // Sets every status once before returning, then again every `period` until destroyed.
  Readiness(grpc::HealthCheckServiceInterface* health, std::vector<Watched> watched,
            uint64_t max_lag, absl::Duration period = absl::Milliseconds(500));
  ~Readiness();

 private:
  void Update();

  grpc::HealthCheckServiceInterface* const health_;
  const std::vector<Watched> watched_;
  const uint64_t max_lag_;
  const absl::Duration period_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace chronicle::server

#endif  // CHRONICLE_SERVER_READINESS_H_
