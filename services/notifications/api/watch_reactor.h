// Server-streaming WatchNotifications: the employee's unread backlog, then each new notification
// the hub hands over, one write in flight at a time. A client that falls too far behind is cut
// off with RESOURCE_EXHAUSTED (it reconnects and reads the backlog) rather than making the server
// buffer without bound.
#ifndef CHRONICLE_NOTIFICATIONS_API_WATCH_REACTOR_H_
#define CHRONICLE_NOTIFICATIONS_API_WATCH_REACTOR_H_

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "chronicle/server/queued_write_reactor.h"
#include "chronicle/v1/notifications_resources.pb.h"
#include "notifications/app/notification_hub.h"

namespace chronicle::notifications {

class WatchReactor : public server::QueuedWriteReactor<v1::Notification> {
 public:
  using Backlog = std::function<absl::StatusOr<std::vector<v1::Notification>>()>;

  // Registers with `hub` for `recipient`, then queues what `backlog` returns (notifications
  // already there; the live ones deduplicated against it). `on_done` runs once, just before the
  // reactor deletes itself. With a non-OK `status`, finishes at once.
  WatchReactor(NotificationHub* hub, const std::string& recipient, const Backlog& backlog,
               const absl::Status& status, std::function<void(WatchReactor*)> on_done);

  void OnDone() override;

 private:
  void Push(const v1::Notification& notification);

  NotificationHub* const hub_;
  uint64_t handle_ = 0;
  const std::function<void(WatchReactor*)> on_done_;
  // Until the backlog is queued, live notifications wait in early_; after, those the backlog
  // already held (by name) are dropped. Both stay as small as the backlog.
  bool backlog_queued_ ABSL_GUARDED_BY(mu_) = false;
  std::set<std::string> backlog_names_ ABSL_GUARDED_BY(mu_);
  std::vector<v1::Notification> early_ ABSL_GUARDED_BY(mu_);
};

}  // namespace chronicle::notifications

#endif  // CHRONICLE_NOTIFICATIONS_API_WATCH_REACTOR_H_
