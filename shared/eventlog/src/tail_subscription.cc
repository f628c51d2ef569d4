#include "tail_subscription.h"

namespace chronicle::eventlog {

void HeadWatch::Publish(uint64_t head) {
  absl::MutexLock lock(&mu_);
  head_ = head;
}

uint64_t HeadWatch::head() const {
  absl::MutexLock lock(&mu_);
  return head_;
}

void HeadWatch::WaitFor(uint64_t position, const std::atomic<bool>* stop,
                        absl::Duration timeout) const {
  auto ready = [&]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return head_ >= position || stop->load(); };
  mu_.LockWhenWithTimeout(absl::Condition(&ready), timeout);
  mu_.Unlock();
}

void HeadWatch::Wake() const { absl::MutexLock lock(&mu_); }

TailSubscription::TailSubscription(EventLog* log, const HeadWatch* watch, const Checkpoint& from,
                                   EventConsumer* consumer, size_t batch_size)
    : log_(log), watch_(watch), consumer_(consumer), batch_size_(batch_size) {
  thread_ = std::thread([this, next = from.last_global_position() + 1] { Run(next); });
}

TailSubscription::~TailSubscription() {
  stop_ = true;
  watch_->Wake();
  thread_.join();
}

void TailSubscription::Run(uint64_t next_position) {
  while (!stop_) {
    if (watch_->head() < next_position) {
      watch_->WaitFor(next_position, &stop_, absl::Seconds(1));
      continue;
    }
    if (absl::Status read = log_->ReadAllInto(next_position, batch_size_, &buffer_); !read.ok()) {
      consumer_->OnStopped(read);
      return;
    }
    if (buffer_.empty()) continue;
    if (absl::Status status = consumer_->OnEvents(buffer_); !status.ok()) {
      consumer_->OnStopped(status);
      return;
    }
    next_position = buffer_.back().global_position() + 1;
  }
}

}  // namespace chronicle::eventlog
