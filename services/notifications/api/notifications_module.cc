#include "notifications/api/notifications_module.h"

#include "notifications/projection/notifications_projection.h"

namespace chronicle::notifications {

absl::StatusOr<std::unique_ptr<NotificationsModule>> StartNotificationsModule(
    const server::ModuleOptions& options, bool default_rules) {
  // The schedule's head and the inboxes' first pages are read all the time; the rest rarely.
  return NotificationsModule::Start(options, 64 << 20, std::make_unique<NotificationsProjection>(),
                                    [&](projection::ProjectionEngine* engine) {
                                      NotificationsAppOptions app_options;
                                      app_options.log = options.log;
                                      app_options.engine = engine;
                                      app_options.default_rules = default_rules;
                                      return NotificationsApp::Create(app_options);
                                    });
}

}  // namespace chronicle::notifications
