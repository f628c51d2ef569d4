#include "notifications/app/notifications_app.h"

#include <iostream>

#include "notifications/domain/events.h"
#include "notifications/projection/notifications_projection.h"

namespace chronicle::notifications {

NotificationsApp::NotificationsApp(const NotificationsAppOptions& options)
    : options_(options),
      runner_(options.log, options.engine, kNotificationsProjection, options.clock),
      transport_(options.transport) {}

absl::StatusOr<std::unique_ptr<NotificationsApp>> NotificationsApp::Create(
    const NotificationsAppOptions& options) {
  std::unique_ptr<NotificationsApp> app(new NotificationsApp(options));
  app->hub_ = std::make_unique<NotificationHub>(options.log);
  app->firers_ = std::make_unique<ThreadPool>(options.fire_threads);
  app->senders_ = std::make_unique<ThreadPool>(options.delivery_threads);
  if (options.default_rules) app->DefineDefaults();
  if (options.run_scheduler) {
    app->scheduler_thread_ = std::thread([app = app.get()] { app->RunSchedulerLoop(); });
  }
  return app;
}

NotificationsApp::~NotificationsApp() {
  {
    absl::MutexLock lock(&stop_mu_);
    stopping_ = true;
  }
  if (scheduler_thread_.joinable()) scheduler_thread_.join();
  senders_.reset();  // finishes the attempts under way; their outcomes are recorded
  firers_.reset();
  hub_.reset();
}

void NotificationsApp::SetPeers(std::unique_ptr<Peers> peers) {
  absl::MutexLock lock(&peers_mu_);
  peers_ = std::move(peers);
}

}  // namespace chronicle::notifications
