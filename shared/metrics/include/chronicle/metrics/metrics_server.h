// A process's Prometheus endpoint: the registry its metrics live in, the collectors read at each
// scrape (process metrics, and whatever the server adds), and the HTTP exposer that serves them
// as text on /metrics.
#ifndef CHRONICLE_METRICS_METRICS_SERVER_H_
#define CHRONICLE_METRICS_METRICS_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "chronicle/metrics/callback_collector.h"
#include "chronicle/metrics/process_collector.h"
#include "prometheus/exposer.h"
#include "prometheus/registry.h"

namespace chronicle::metrics {

class MetricsServer {
 public:
  // Listens on `address` ("127.0.0.1:9464"; port 0 picks a free one). UNAVAILABLE when it cannot.
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(const std::string& address);

  prometheus::Registry& registry() { return *registry_; }
  CallbackCollector& callbacks() { return *callbacks_; }
  int port() const { return port_; }
  // Stops the HTTP endpoint (the metrics stay): before the things its callbacks read go away.
  void StopServing() { exposer_.reset(); }

 private:
  MetricsServer() = default;

  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<CallbackCollector> callbacks_;
  std::shared_ptr<ProcessCollector> process_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_ = 0;
};

}  // namespace chronicle::metrics

#endif  // CHRONICLE_METRICS_METRICS_SERVER_H_
