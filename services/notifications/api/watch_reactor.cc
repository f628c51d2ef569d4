#include "notifications/api/watch_reactor.h"

namespace chronicle::notifications {
namespace {

constexpr size_t kMaxQueued = 1000;

}  // namespace

WatchReactor::WatchReactor(NotificationHub* hub, const std::string& recipient,
                           const Backlog& backlog, const absl::Status& status,
                           std::function<void(WatchReactor*)> on_done)
    : hub_(hub), on_done_(std::move(on_done)) {
  if (!status.ok()) {
    Stop(status);
    return;
  }
  // Listen first, then read the backlog: nothing created in between is missed, and what both
  // deliver is sent once (the backlog first: it is older).
  handle_ = hub_->Add(recipient, [this](const v1::Notification& n) { Push(n); });
  if (!backlog) return;
  absl::StatusOr<std::vector<v1::Notification>> unread = backlog();
  if (!unread.ok()) {
    Stop(unread.status());
    return;
  }
  Act([&] {
    for (v1::Notification& n : *unread) {
      if (sent_.insert(n.name()).second) Enqueue(std::move(n));
    }
  });
}

void WatchReactor::Push(const v1::Notification& notification) {
  Act([&] {
    if (finishing() || !sent_.insert(notification.name()).second) return;
    if (queued() >= kMaxQueued) {
      RequestFinish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                 "the stream fell behind; reconnect and list unread"));
      return;
    }
    Enqueue(notification);
  });
}

void WatchReactor::OnDone() {
  if (handle_ != 0) hub_->Remove(handle_);  // not under mu_: the hub calls Push under its lock
  if (on_done_) on_done_(this);
  delete this;
}

}  // namespace chronicle::notifications
