// What watches the running services from outside their own code: the gauges Prometheus reads at
// each scrape (the log, projection positions and lags, the notification scheduler) and gRPC
// health as readiness (see readiness.h).
#ifndef CHRONICLE_SERVER_PROCESS_WATCH_H_
#define CHRONICLE_SERVER_PROCESS_WATCH_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "analytics/app/analytics_app.h"
#include "chronicle/eventlog/event_log.h"
#include "chronicle/metrics/callback_collector.h"
#include "chronicle/projection/projection_engine.h"
#include "grpcpp/health_check_service_interface.h"
#include "notifications/app/notifications_app.h"
#include "readiness.h"

namespace chronicle::server {

// The domain services this process runs; null for those it does not.
struct RunningModules {
  projection::ProjectionEngine* contacts = nullptr;
  projection::ProjectionEngine* deals = nullptr;
  projection::ProjectionEngine* activities = nullptr;
  projection::ProjectionEngine* notifications = nullptr;
  notifications::NotificationsApp* notifications_app = nullptr;
  analytics::AnalyticsApp* analytics = nullptr;
};

// Registers the scraped gauges: the log's head and size, every projection of `engines` and
// analytics (position, lag, rebuilding), and the notification scheduler. Everything named must
// outlive the scrapes (MetricsServer::StopServing first).
void AddScrapedMetrics(metrics::CallbackCollector& callbacks, eventlog::EventLog* log,
                       const std::vector<projection::ProjectionEngine*>& engines,
                       const RunningModules& modules);

// Health per service from its projections' lag, plus `log_lag` when set: how far the log itself
// is behind its source (the Kafka copy's unread messages). The platform's own services (the log,
// projections) are ready as soon as they serve.
std::unique_ptr<Readiness> StartReadiness(grpc::HealthCheckServiceInterface* health,
                                          const RunningModules& modules, uint64_t max_lag,
                                          std::function<uint64_t()> log_lag = nullptr);

}  // namespace chronicle::server

#endif  // CHRONICLE_SERVER_PROCESS_WATCH_H_
