#include "tail_reactor.h"

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
  Act([&] {
    for (const v1::EventEnvelope& event : events) {
      if (event_type_.empty() || event.event_type() == event_type_) Enqueue(event);
    }
  });
  absl::MutexLock lock(&mu_);
  auto room = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return queued() < kMaxQueued || finishing();
  };
  mu_.Await(absl::Condition(&room));
  if (finishing()) return absl::CancelledError("tail stream finished");
  return absl::OkStatus();
}

void TailReactor::OnStopped(const absl::Status& status) { Stop(status); }

void TailReactor::OnDone() {
  subscription_.reset();  // OnEvents returns promptly: the stream is finishing by now
  if (on_done_) on_done_(this);
  delete this;
}

}  // namespace chronicle::server
