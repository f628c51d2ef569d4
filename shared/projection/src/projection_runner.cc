#include "projection_runner.h"

#include "absl/strings/str_cat.h"
#include "chronicle/storage/rocksdb_util.h"
#include "rocksdb/utilities/write_batch_with_index.h"
#include "state_store.h"

namespace chronicle::projection {
namespace {

constexpr absl::Duration kRateWindow = absl::Seconds(5);

}  // namespace

ProjectionRunner::ProjectionRunner(Projection* projection, rocksdb::DB* db, uint64_t generation,
                                   eventlog::Checkpoint from, const Clock* clock,
                                   std::function<void(ProjectionRunner*)> after_commit)
    : projection_(projection),
      db_(db),
      generation_(generation),
      clock_(clock),
      after_commit_(std::move(after_commit)),
      checkpoint_(std::move(from)) {}

ProjectionRunner::~ProjectionRunner() { Stop(); }

void ProjectionRunner::Start(eventlog::EventLog* log) {
  eventlog::Checkpoint from;
  {
    absl::MutexLock lock(&mu_);
    from = checkpoint_;
    samples_.emplace_back(clock_->Now(), from.last_global_position());
  }
  subscription_ = log->Subscribe(from, this);
}

void ProjectionRunner::Stop() { subscription_.reset(); }

absl::Status ProjectionRunner::OnEvents(absl::Span<const v1::EventEnvelope> events) {
  const std::string name = projection_->Name();
  // overwrite_key: the index keeps only the latest write per key, which Get needs.
  rocksdb::WriteBatchWithIndex batch(rocksdb::BytewiseComparator(), 0, /*overwrite_key=*/true);
  BatchStateWriter state(db_, StatePrefix(name, generation_), &batch);
  eventlog::Checkpoint next;
  {
    absl::MutexLock lock(&mu_);
    next = checkpoint_;
  }
  for (const v1::EventEnvelope& event : events) {
    if (absl::Status status = projection_->Apply(event, state); !status.ok()) {
      return absl::Status(status.code(), absl::StrCat("projection ", name, " at position ",
                                                      event.global_position(), ": ",
                                                      status.message()));
    }
    next.Advance(event);
  }
  batch.Put(CheckpointKey(name, generation_), next.Encode()).PermitUncheckedError();
  // Not synced: the log, not the projection, is what must survive a power cut. A lost tail of
  // projection writes takes its checkpoint with it (same batch), so it is simply re-applied.
  absl::Status written = storage::FromRocksDb(
      db_->Write(rocksdb::WriteOptions(), batch.GetWriteBatch()), "projection " + name);
  if (!written.ok()) return written;
  {
    absl::MutexLock lock(&mu_);
    checkpoint_ = next;
    absl::Time now = clock_->Now();
    samples_.emplace_back(now, next.last_global_position());
    while (samples_.size() > 2 && now - samples_[1].first > kRateWindow) samples_.pop_front();
  }
  if (after_commit_) after_commit_(this);
  return absl::OkStatus();
}

void ProjectionRunner::OnStopped(const absl::Status& status) {
  absl::MutexLock lock(&mu_);
  error_ = status;
}

uint64_t ProjectionRunner::position() const {
  absl::MutexLock lock(&mu_);
  return checkpoint_.last_global_position();
}

double ProjectionRunner::events_per_second() const {
  absl::MutexLock lock(&mu_);
  if (samples_.size() < 2) return 0;
  const auto& [t0, p0] = samples_.front();
  const auto& [t1, p1] = samples_.back();
  // An idle projection reports 0 once its last batch is older than the window.
  if (clock_->Now() - t1 > kRateWindow) return 0;
  double seconds = absl::ToDoubleSeconds(t1 - t0);
  return seconds > 0 ? static_cast<double>(p1 - p0) / seconds : 0;
}

absl::Status ProjectionRunner::error() const {
  absl::MutexLock lock(&mu_);
  return error_;
}

bool ProjectionRunner::WaitForPosition(uint64_t position, absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  auto done = [&]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return checkpoint_.last_global_position() >= position || !error_.ok();
  };
  mu_.AwaitWithTimeout(absl::Condition(&done), timeout);
  return checkpoint_.last_global_position() >= position;
}

}  // namespace chronicle::projection
