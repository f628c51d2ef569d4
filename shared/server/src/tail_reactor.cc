#include "tail_reactor.h"

#include "chronicle/errors/errors.h"

namespace chronicle::server {
namespace {

constexpr size_t kMaxQueued = 4096;

}  // namespace

TailReactor::TailReactor(eventlog::EventLog* log, const eventlog::Checkpoint& from,
                         std::string event_type, const absl::Status& auth,
                         std::function<void(TailReactor*)> on_done)
    : event_type_(std::move(event_type)), on_done_(std::move(on_done)) {
  if (!auth.ok()) {
    Stop(auth);  // through Stop, so a later Stop (server shutdown) cannot finish it twice
    return;
  }
  subscription_ = log->Subscribe(from, this);
}

absl::Status TailReactor::OnEvents(absl::Span<const v1::EventEnvelope> events) {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    for (const v1::EventEnvelope& event : events) {
      if (event_type_.empty() || event.event_type() == event_type_) queue_.push_back(event);
    }
    action = NextAction();
  }
  Perform(action);
  absl::MutexLock lock(&mu_);
  auto room = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return queue_.size() < kMaxQueued || finish_status_.has_value();
  };
  mu_.Await(absl::Condition(&room));
  if (finish_status_) return absl::CancelledError("tail stream finished");
  return absl::OkStatus();
}

void TailReactor::OnStopped(const absl::Status& status) { Stop(status); }

void TailReactor::Stop(const absl::Status& status) {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    RequestFinish(errors::ToGrpc(status));
    action = NextAction();
  }
  Perform(action);
}

void TailReactor::OnWriteDone(bool ok) {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (!ok) RequestFinish(grpc::Status(grpc::StatusCode::CANCELLED, "client went away"));
    action = NextAction();
  }
  Perform(action);
}

void TailReactor::OnCancel() {
  Action action;
  {
    absl::MutexLock lock(&mu_);
    RequestFinish(grpc::Status::CANCELLED);
    action = NextAction();
  }
  Perform(action);
}

void TailReactor::OnDone() {
  subscription_.reset();  // OnEvents returns promptly: finish_status_ is set by now
  if (on_done_) on_done_(this);
  delete this;
}

void TailReactor::RequestFinish(grpc::Status status) {
  if (!finish_status_) finish_status_ = std::move(status);
}

TailReactor::Action TailReactor::NextAction() {
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
  action.write = &in_flight_;  // stable until OnWriteDone, which is what clears writing_
  return action;
}

void TailReactor::Perform(const Action& action) {
  if (action.write != nullptr) StartWrite(action.write);
  if (action.finish) Finish(*action.finish);
}

}  // namespace chronicle::server
