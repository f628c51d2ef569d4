// Server-streaming WatchNotifications: the employee's unread backlog, then each new notification
// the hub hands over, one write in flight at a time. A client that falls too far behind is cut
// off with RESOURCE_EXHAUSTED (it reconnects and reads the backlog) rather than making the server
// buffer without bound.
#ifndef CHRONICLE_NOTIFICATIONS_API_WATCH_REACTOR_H_
#define CHRONICLE_NOTIFICATIONS_API_WATCH_REACTOR_H_

#include <deque>
#include <functional>
#include <optional>
#include <set>
#include <string>

#include "absl/synchronization/mutex.h"
#include "chronicle/v1/notifications_resources.pb.h"
#include "grpcpp/grpcpp.h"
#include "notifications/app/notification_hub.h"

namespace chronicle::notifications {

class WatchReactor : public grpc::ServerWriteReactor<v1::Notification> {
 public:
  // Registers with `hub` for `recipient`, then queues `backlog` (notifications already there, the
  // live ones deduplicated against it). `on_done` runs once, just before the reactor deletes
  // itself. With a non-OK `status`, finishes at once.
  WatchReactor(NotificationHub* hub, const std::string& recipient,
               std::function<absl::StatusOr<std::vector<v1::Notification>>()> backlog,
               const absl::Status& status, std::function<void(WatchReactor*)> on_done);

  // Ends the stream with `status` after the write in flight. Thread-safe; idempotent.
  void Stop(const grpc::Status& status);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  struct Action {
    const v1::Notification* write = nullptr;
    std::optional<grpc::Status> finish;
  };
  void Push(const v1::Notification& notification);
  Action NextAction() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RequestFinish(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Perform(const Action& action);

  NotificationHub* const hub_;
  uint64_t handle_ = 0;
  const std::function<void(WatchReactor*)> on_done_;

  absl::Mutex mu_;
  std::deque<v1::Notification> queue_ ABSL_GUARDED_BY(mu_);
  std::set<std::string> sent_ ABSL_GUARDED_BY(mu_);  // names already queued
  v1::Notification in_flight_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  std::optional<grpc::Status> finish_status_ ABSL_GUARDED_BY(mu_);
  bool finish_sent_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace chronicle::notifications

#endif  // CHRONICLE_NOTIFICATIONS_API_WATCH_REACTOR_H_
