#include "notifications/api/watch_reactor.h"

#include "chronicle/errors/errors.h"

namespace chronicle::notifications {
namespace {

constexpr size_t kMaxQueued = 1000;

}  // namespace

WatchReactor::WatchReactor(NotificationHub* hub, const std::string& recipient,
                           std::function<absl::StatusOr<std::vector<v1::Notification>>()> backlog,
                           const absl::Status& status, std::function<void(WatchReactor*)> on_done)
    : hub_(hub), on_done_(std::move(on_done)) {
  if (!status.ok()) {
    Stop(errors::ToGrpc(status));
    return;
  }
  // Listen first, then read the backlog: nothing created in between is missed, and what both
  // deliver is sent once.
  handle_ = hub_->Add(recipient, [this](const v1::Notification& n) { Push(n); });
  if (backlog) {
    absl::StatusOr<std::vector<v1::Notification>> unread = backlog();
    if (!unread.ok()) {
      Stop(errors::ToGrpc(unread.status()));
      return;
    }
    Action action;
    {
      absl::MutexLock lock(&mu_);
      std::deque<v1::Notification> live = std::move(queue_);
      queue_.clear();
      for (v1::Notification& n : *unread) {
        if (sent_.insert(n.name()).second) queue_.push_back(std::move(n));
      }
      for (v1::Notification& n : live) queue_.push_back(std::move(n));  // already in sent_
      action = NextAction();
    }
    Perform(action);
  }
}

void WatchReactor::Push(const v1::Notification& notification) {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    if (finish_status_ || !sent_.insert(notification.name()).second) return;
    if (queue_.size() >= kMaxQueued) {
      RequestFinish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                 "the stream fell behind; reconnect and list unread"));
    } else {
      queue_.push_back(notification);
    }
    action = NextAction();
  }
  Perform(action);
}

void WatchReactor::Stop(const grpc::Status& status) {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    RequestFinish(status);
    action = NextAction();
  }
  Perform(action);
}

void WatchReactor::OnWriteDone(bool ok) {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (!ok) RequestFinish(grpc::Status(grpc::StatusCode::CANCELLED, "client went away"));
    action = NextAction();
  }
  Perform(action);
}

void WatchReactor::OnCancel() { Stop(grpc::Status::CANCELLED); }

void WatchReactor::OnDone() {
  if (handle_ != 0) hub_->Remove(handle_);  // not under mu_: the hub calls Push under its lock
  if (on_done_) on_done_(this);
  delete this;
}

void WatchReactor::RequestFinish(grpc::Status status) {
  if (!finish_status_) finish_status_ = std::move(status);
}

WatchReactor::Action WatchReactor::NextAction() {
  Action action;
  if (writing_ || finish_sent_) return action;
  if (finish_status_) {
    finish_sent_ = true;
    action.finish = *finish_status_;
    return action;
  }
  if (queue_.empty()) return action;
  in_flight_ = std::move(queue_.front());
  queue_.pop_front();
  writing_ = true;
  action.write = &in_flight_;
  return action;
}

void WatchReactor::Perform(const Action& action) {
  if (action.write) StartWrite(action.write);
  if (action.finish) Finish(*action.finish);
}

}  // namespace chronicle::notifications
