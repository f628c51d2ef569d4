#include "chronicle/metrics/rpc_metrics.h"

#include <chrono>

#include "absl/status/status.h"

namespace chronicle::metrics {
namespace {

using grpc::experimental::InterceptionHookPoints;

// From about a cache hit (100 µs) to a long rebuild request (10 s).
const prometheus::Histogram::BucketBoundaries& Buckets() {
  static const auto* const kBuckets = new prometheus::Histogram::BucketBoundaries{
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};
  return *kBuckets;
}

// One per call: created when the call arrives, it observes when the status goes out (for a
// stream, when it ends).
class Interceptor : public grpc::experimental::Interceptor {
 public:
  Interceptor(RpcMetrics* metrics, const char* method)
      : metrics_(metrics),
        method_(method != nullptr ? method : ""),
        start_(std::chrono::steady_clock::now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
      metrics_->Observe(method_, methods->GetSendStatus().error_code(), elapsed.count());
    }
    methods->Proceed();
  }

 private:
  RpcMetrics* const metrics_;
  const std::string method_;
  const std::chrono::steady_clock::time_point start_;
};

class Factory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit Factory(RpcMetrics* metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new Interceptor(metrics_, info->method());
  }

 private:
  RpcMetrics* const metrics_;
};

}  // namespace

RpcMetrics::RpcMetrics(prometheus::Registry& registry)
    : requests_(prometheus::BuildCounter()
                    .Name("chronicle_rpc_requests_total")
                    .Help("gRPC calls served, by method and status code.")
                    .Register(registry)),
      durations_(prometheus::BuildHistogram()
                     .Name("chronicle_rpc_duration_seconds")
                     .Help("Time from a call's arrival to its status, by method and status code.")
                     .Register(registry)) {}

void RpcMetrics::Observe(const std::string& method, grpc::StatusCode code, double seconds) {
  const prometheus::Labels labels{{"method", method}, {"code", StatusCodeName(code)}};
  requests_.Add(labels).Increment();
  durations_.Add(labels, Buckets()).Observe(seconds);
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
RpcMetrics::InterceptorFactory() {
  return std::make_unique<Factory>(this);
}

std::string StatusCodeName(grpc::StatusCode code) {
  // gRPC's codes are absl's, number for number.
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

}  // namespace chronicle::metrics
