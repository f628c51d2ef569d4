// Applies the log to one generation of one projection: each delivered batch becomes one atomic
// RocksDB write holding the state changes and the checkpoint after the batch.
#ifndef CHRONICLE_PROJECTION_PROJECTION_RUNNER_H_
#define CHRONICLE_PROJECTION_PROJECTION_RUNNER_H_

#include <atomic>
#include <deque>
#include <functional>
#include <memory>

#include "absl/synchronization/mutex.h"
#include "chronicle/base/clock.h"
#include "chronicle/eventlog/event_log.h"
#include "chronicle/projection/projection.h"
#include "chronicle/storage/disk_space_guard.h"
#include "rocksdb/db.h"

namespace chronicle::projection {

class ProjectionRunner : public eventlog::EventConsumer {
 public:
  // `after_commit` runs on the subscription thread after each committed batch.
  ProjectionRunner(Projection* projection, rocksdb::DB* db,
                   const storage::DiskSpaceGuard* space_guard, uint64_t generation,
                   eventlog::Checkpoint from, const Clock* clock,
                   std::function<void(ProjectionRunner*)> after_commit);
  ~ProjectionRunner() override;

  void Start(eventlog::EventLog* log);
  // Stops the subscription and waits for an OnEvents in progress. Never call it on the runner's
  // own thread.
  void Stop();

  absl::Status OnEvents(absl::Span<const v1::EventEnvelope> events) override;
  void OnStopped(const absl::Status& status) override;

  uint64_t generation() const { return generation_; }
  uint64_t position() const;
  double events_per_second() const;
  // The error that stopped the runner, or OK.
  absl::Status error() const;
  // A storage error the runner is currently retrying (it has not stopped), or OK.
  absl::Status retrying_error() const;
  // Waits until position() >= position or an error, for at most `timeout`. True if reached.
  bool WaitForPosition(uint64_t position, absl::Duration timeout) const;

 private:
  absl::Status CommitBatch(absl::Span<const v1::EventEnvelope> events);

  Projection* const projection_;
  rocksdb::DB* const db_;
  const storage::DiskSpaceGuard* const space_guard_;
  const uint64_t generation_;
  const Clock* const clock_;
  const std::function<void(ProjectionRunner*)> after_commit_;
  std::unique_ptr<eventlog::Subscription> subscription_;
  std::atomic<bool> stopping_{false};

  mutable absl::Mutex mu_;
  eventlog::Checkpoint checkpoint_ ABSL_GUARDED_BY(mu_);
  absl::Status error_ ABSL_GUARDED_BY(mu_);
  absl::Status retrying_error_ ABSL_GUARDED_BY(mu_);
  // (time, position) samples of the last few seconds, for the rate.
  std::deque<std::pair<absl::Time, uint64_t>> samples_ ABSL_GUARDED_BY(mu_);
};

}  // namespace chronicle::projection

#endif  // CHRONICLE_PROJECTION_PROJECTION_RUNNER_H_
