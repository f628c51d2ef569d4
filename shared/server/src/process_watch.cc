#include "process_watch.h"

#include <algorithm>
#include <string>
#include <utility>

#include "chronicle/v1/activities.grpc.pb.h"
#include "chronicle/v1/analytics.grpc.pb.h"
#include "chronicle/v1/contacts.grpc.pb.h"
#include "chronicle/v1/deals.grpc.pb.h"
#include "chronicle/v1/event_log.grpc.pb.h"
#include "chronicle/v1/notifications.grpc.pb.h"
#include "chronicle/v1/projections.grpc.pb.h"

namespace chronicle::server {
namespace {

// The analytics projection's status in the shape of the engines' projections.
projection::ProjectionStatus StatusOf(analytics::AnalyticsApp& app) {
  const v1::AnalyticsStatus status = app.GetAnalyticsStatus();
  projection::ProjectionStatus as_projection;
  as_projection.name = "analytics";
  as_projection.position = status.position();
  as_projection.head_position = status.head_position();
  as_projection.state = status.state() == v1::AnalyticsStatus::STATE_LIVE
                            ? projection::ProjectionStatus::State::kLive
                            : projection::ProjectionStatus::State::kRebuilding;
  return as_projection;
}

// How far `engine`'s projections are behind the log head (the most of any), and whether one
// failed.
Readiness::Standing StandingOf(projection::ProjectionEngine* engine) {
  Readiness::Standing standing;
  for (const projection::ProjectionStatus& status : engine->ListStatus()) {
    if (status.head_position > status.position) {
      standing.lag = std::max(standing.lag, status.head_position - status.position);
    }
    standing.failed |= status.state == projection::ProjectionStatus::State::kFailed;
  }
  return standing;
}

}  // namespace

void AddScrapedMetrics(metrics::CallbackCollector& callbacks, eventlog::EventLog* log,
                       const std::vector<projection::ProjectionEngine*>& engines,
                       const RunningModules& modules) {
  callbacks.AddGauge("chronicle_log_head_position", "Position of the last durable event.",
                     [log](auto& samples) {
                       samples.push_back({{}, static_cast<double>(log->HeadPosition())});
                     });
  callbacks.AddGauge("chronicle_log_storage_bytes", "Bytes the event log occupies on disk.",
                     [log](auto& samples) {
                       samples.push_back({{}, static_cast<double>(log->StorageBytes())});
                     });
  analytics::AnalyticsApp* analytics = modules.analytics;
  // One family over every projection's status; `value` picks the number.
  auto projection_gauge = [&](std::string name, std::string help, auto value) {
    callbacks.AddGauge(
        std::move(name), std::move(help), [engines, analytics, value](auto& samples) {
          for (projection::ProjectionEngine* engine : engines) {
            for (const projection::ProjectionStatus& status : engine->ListStatus()) {
              samples.push_back({{{"projection", status.name}}, value(status)});
            }
          }
          if (analytics != nullptr) {
            samples.push_back({{{"projection", "analytics"}}, value(StatusOf(*analytics))});
          }
        });
  };
  projection_gauge(
      "chronicle_projection_position", "Log position the projection's serving state reflects.",
      [](const projection::ProjectionStatus& s) { return static_cast<double>(s.position); });
  projection_gauge(
      "chronicle_projection_lag_events", "Events in the log the projection has not applied yet.",
      [](const projection::ProjectionStatus& s) {
        return s.head_position > s.position ? static_cast<double>(s.head_position - s.position)
                                            : 0.0;
      });
  projection_gauge("chronicle_projection_rebuilding",
                   "1 while the projection is rebuilt in the background, else 0.",
                   [](const projection::ProjectionStatus& s) {
                     return s.state == projection::ProjectionStatus::State::kRebuilding ? 1.0 : 0.0;
                   });
  notifications::NotificationsApp* app = modules.notifications_app;
  if (app == nullptr) return;
  callbacks.AddGauge(
      "chronicle_scheduler_jobs",
      "Scheduled jobs being fired or attempted (in_flight) and waiting to be tried "
      "again after a failure (retrying).",
      [app](auto& samples) {
        const auto stats = app->Stats();
        samples.push_back({{{"state", "in_flight"}}, static_cast<double>(stats.in_flight)});
        samples.push_back({{{"state", "retrying"}}, static_cast<double>(stats.retrying)});
      });
  callbacks.AddGauge("chronicle_delivery_attempts_running",
                     "Webhook and e-mail delivery attempts under way.", [app](auto& samples) {
                       samples.push_back({{}, static_cast<double>(app->Stats().attempts_running)});
                     });
  callbacks.AddCounter("chronicle_delivery_failures_total",
                       "Delivery attempts that did not deliver, by channel.", [app](auto& samples) {
                         for (const auto& [channel, n] : app->Stats().failed_attempts) {
                           samples.push_back({{{"channel", channel}}, static_cast<double>(n)});
                         }
                       });
  callbacks.AddCounter("chronicle_delivery_dead_letters_total",
                       "Deliveries given up on after their last attempt, by channel.",
                       [app](auto& samples) {
                         for (const auto& [channel, n] : app->Stats().dead_letters) {
                           samples.push_back({{{"channel", channel}}, static_cast<double>(n)});
                         }
                       });
}

std::unique_ptr<Readiness> StartReadiness(grpc::HealthCheckServiceInterface* health,
                                          const RunningModules& modules, uint64_t max_lag,
                                          std::function<uint64_t()> log_lag) {
  health->SetServingStatus(v1::EventLog::service_full_name(), true);
  health->SetServingStatus(v1::Projections::service_full_name(), true);
  std::vector<Readiness::Watched> watched;
  auto watch_engine = [&](const char* service, projection::ProjectionEngine* engine) {
    if (engine == nullptr) return;
    watched.push_back({service, [engine] { return StandingOf(engine); }});
  };
  watch_engine(v1::Contacts::service_full_name(), modules.contacts);
  watch_engine(v1::Deals::service_full_name(), modules.deals);
  watch_engine(v1::Activities::service_full_name(), modules.activities);
  watch_engine(v1::Notifications::service_full_name(), modules.notifications);
  if (analytics::AnalyticsApp* app = modules.analytics) {
    watched.push_back({v1::Analytics::service_full_name(), [app] {
                         const v1::AnalyticsStatus status = app->GetAnalyticsStatus();
                         Readiness::Standing standing;
                         standing.failed = status.state() == v1::AnalyticsStatus::STATE_FAILED;
                         if (status.state() == v1::AnalyticsStatus::STATE_CATCHING_UP) {
                           standing.lag = UINT64_MAX;
                         } else if (status.head_position() > status.position()) {
                           standing.lag = status.head_position() - status.position();
                         }
                         return standing;
                       }});
  }
  if (log_lag) {
    for (Readiness::Watched& service : watched) {
      service.standing = [own = std::move(service.standing), log_lag] {
        Readiness::Standing standing = own();
        const uint64_t behind = log_lag();
        standing.lag = standing.lag > UINT64_MAX - behind ? UINT64_MAX : standing.lag + behind;
        return standing;
      };
    }
  }
  return std::make_unique<Readiness>(health, std::move(watched), max_lag);
}

}  // namespace chronicle::server
