// Catch-up-then-follow subscriptions for a log with one total order: a thread per subscription
// reads batches with ReadAll and, once at the head, sleeps until the head moves.
#ifndef CHRONICLE_EVENTLOG_TAIL_SUBSCRIPTION_H_
#define CHRONICLE_EVENTLOG_TAIL_SUBSCRIPTION_H_

#include <atomic>
#include <cstdint>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "chronicle/eventlog/event_log.h"

namespace chronicle::eventlog {

// The log's head position, with a way to wait for it to move. Thread-safe.
class HeadWatch {
 public:
  explicit HeadWatch(uint64_t head) : head_(head) {}
  // Makes `head` visible to readers and wakes waiters. Call after the events are durable.
  void Publish(uint64_t head);
  uint64_t head() const;
  // Returns once head >= position, *stop is set (then call Wake), or `timeout` passed.
  void WaitFor(uint64_t position, const std::atomic<bool>* stop, absl::Duration timeout) const;
  // Makes waiters re-check their stop flags.
  void Wake() const;

 private:
  mutable absl::Mutex mu_;
  uint64_t head_ ABSL_GUARDED_BY(mu_);
};

class TailSubscription : public Subscription {
 public:
  TailSubscription(EventLog* log, const HeadWatch* watch, const Checkpoint& from,
                   EventConsumer* consumer, size_t batch_size);
  ~TailSubscription() override;

 private:
  void Run(uint64_t next_position);

  EventLog* const log_;
  const HeadWatch* const watch_;
  EventConsumer* const consumer_;
  const size_t batch_size_;
  std::atomic<bool> stop_{false};
  // Reused batch after batch: parsing into existing messages avoids most allocations.
  std::vector<v1::EventEnvelope> buffer_;
  std::thread thread_;
};

}  // namespace chronicle::eventlog

#endif  // CHRONICLE_EVENTLOG_TAIL_SUBSCRIPTION_H_
