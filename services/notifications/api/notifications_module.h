// The notifications service as chronicled runs it (see chronicle/server/service_module.h).
#ifndef CHRONICLE_NOTIFICATIONS_API_NOTIFICATIONS_MODULE_H_
#define CHRONICLE_NOTIFICATIONS_API_NOTIFICATIONS_MODULE_H_

#include <memory>

#include "chronicle/server/service_module.h"
#include "notifications/api/notifications_service.h"
#include "notifications/app/notifications_app.h"

namespace chronicle::notifications {

using NotificationsModule = server::ServiceModule<NotificationsApp, NotificationsService>;

absl::StatusOr<std::unique_ptr<NotificationsModule>> StartNotificationsModule(
    const server::ModuleOptions& options, bool default_rules);

}  // namespace chronicle::notifications

#endif  // CHRONICLE_NOTIFICATIONS_API_NOTIFICATIONS_MODULE_H_
