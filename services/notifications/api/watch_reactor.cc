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
  if (!backlog) {
    Act([&] { backlog_queued_ = true; });
    handle_ = hub_->Add(recipient, [this](const v1::Notification& n) { Push(n); });
    return;
  }
  // Listen first, then read the backlog: nothing created in between is missed, and what both
  // deliver is sent once, the backlog first (it is older).
  handle_ = hub_->Add(recipient, [this](const v1::Notification& n) { Push(n); });
  absl::StatusOr<std::vector<v1::Notification>> unread = backlog();
  if (!unread.ok()) {
    Stop(unread.status());
    return;
  }
  Act([&] {
    for (v1::Notification& n : *unread) {
      backlog_names_.insert(n.name());
      Enqueue(std::move(n));
    }
    for (v1::Notification& n : early_) {
      if (!backlog_names_.count(n.name())) Enqueue(std::move(n));
    }
    early_.clear();
    backlog_queued_ = true;
  });
}

void WatchReactor::Push(const v1::Notification& notification) {
  Act([&] {
    if (finishing()) return;
    if (!backlog_queued_) {
      early_.push_back(notification);
      return;
    }
    if (backlog_names_.count(notification.name())) return;
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
