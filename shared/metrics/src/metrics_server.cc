#include "chronicle/metrics/metrics_server.h"

#include <exception>

#include "absl/strings/str_cat.h"

namespace chronicle::metrics {

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(const std::string& address) {
  std::unique_ptr<MetricsServer> server(new MetricsServer());
  server->registry_ = std::make_shared<prometheus::Registry>();
  server->callbacks_ = std::make_shared<CallbackCollector>();
  server->process_ = std::make_shared<ProcessCollector>();
  try {
    // One thread: scrapes come every few seconds from one or two Prometheus servers.
    server->exposer_ = std::make_unique<prometheus::Exposer>(address, /*num_threads=*/1);
  } catch (const std::exception& e) {  // civetweb could not bind
    return absl::UnavailableError(
        absl::StrCat("--metrics-listen: cannot listen on ", address, ": ", e.what()));
  }
  server->exposer_->RegisterCollectable(server->registry_);
  server->exposer_->RegisterCollectable(server->callbacks_);
  server->exposer_->RegisterCollectable(server->process_);
  const std::vector<int> ports = server->exposer_->GetListeningPorts();
  server->port_ = ports.empty() ? 0 : ports.front();
  return server;
}

}  // namespace chronicle::metrics
