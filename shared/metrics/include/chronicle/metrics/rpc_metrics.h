// gRPC calls served, counted and timed by method and status code: a server interceptor, so every
// service of the process is measured the same way without a line in its handlers.
//   chronicle_rpc_requests_total{method="/chronicle.v1.Contacts/CreateClient",code="OK"}
//   chronicle_rpc_duration_seconds{method=...,code=...}  (histogram: first byte in to status out)
#ifndef CHRONICLE_METRICS_RPC_METRICS_H_
#define CHRONICLE_METRICS_RPC_METRICS_H_

#include <memory>
#include <string>

#include "grpcpp/support/server_interceptor.h"
#include "grpcpp/support/status.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace chronicle::metrics {

class RpcMetrics {
 public:
  explicit RpcMetrics(prometheus::Registry& registry);

  void Observe(const std::string& method, grpc::StatusCode code, double seconds);

  // For ServerBuilder::experimental().SetInterceptorCreators. `this` must outlive the server.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> InterceptorFactory();

 private:
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& durations_;
};

// "INVALID_ARGUMENT" for grpc::StatusCode::INVALID_ARGUMENT, as grpcurl and the gRPC docs write
// the codes.
std::string StatusCodeName(grpc::StatusCode code);

}  // namespace chronicle::metrics

#endif  // CHRONICLE_METRICS_RPC_METRICS_H_
