#include "projection_runner.h"

#include "absl/strings/str_cat.h"
#include "chronicle/storage/rocksdb_util.h"
#include "rocksdb/utilities/write_batch_with_index.h"
#include "state_store.h"

namespace chronicle::projection {
namespace {

constexpr absl::Duration kRateWindow = absl::Seconds(5);

}  // namespace

ProjectionRunner::ProjectionRunner(Projection* projection, rocksdb::DB* db,
                                   const storage::DiskSpaceGuard* space_guard, uint64_t generation,
                                   eventlog::Checkpoint from, const Clock* clock,
                                   std::function<void(ProjectionRunner*)> after_commit)
    : projection_(projection),
      db_(db),
      space_guard_(space_guard),
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

void ProjectionRunner::Stop() {
  stopping_ = true;
  subscription_.reset();
}

absl::Status ProjectionRunner::OnEvents(absl::Span<const v1::EventEnvelope> events) {
  // Storage errors that pass (a full disk, a read-only remount) are retried with backoff rather
  // than failing the projection: Apply is deterministic, so re-running the batch is safe.
  absl::Duration backoff = absl::Milliseconds(50);
  while (true) {
    absl::Status status = CommitBatch(events);
    const bool transient = status.code() == absl::StatusCode::kUnavailable ||
                           status.code() == absl::StatusCode::kResourceExhausted;
    {
      absl::MutexLock lock(&mu_);
      retrying_error_ = transient ? status : absl::OkStatus();
    }
    if (!transient) return status;
    if (stopping_) return absl::CancelledError("projection stopping");
    absl::SleepFor(backoff);
    backoff = std::min(backoff * 2, absl::Seconds(2));
    db_->Resume().PermitUncheckedError();  // clears RocksDB's error state once the cause is gone
  }
}

absl::Status ProjectionRunner::CommitBatch(absl::Span<const v1::EventEnvelope> events) {
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
      // Reported as INTERNAL whatever its code: a projection bug is not a passing storage error.
      return absl::InternalError(absl::StrCat("projection ", name, " at position ",
                                              event.global_position(), ": ", status.message()));
    }
    next.Advance(event);
  }
  batch.Put(CheckpointKey(name, generation_), next.Encode()).PermitUncheckedError();
  if (absl::Status room = space_guard_->CheckRoomFor(batch.GetWriteBatch()->GetDataSize());
      !room.ok()) {
    return room;
  }
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
  if (samples_.empty()) return 0;
  // Events applied over the recent window, up to now: an idle projection decays to 0, and a
  // handful of events applied in a millisecond do not read as thousands per second.
  const absl::Time now = clock_->Now();
  auto first = samples_.begin();
  while (first + 1 != samples_.end() && now - first->first > kRateWindow) ++first;
  const double seconds = std::max(absl::ToDoubleSeconds(now - first->first), 1.0);
  return static_cast<double>(samples_.back().second - first->second) / seconds;
}

absl::Status ProjectionRunner::error() const {
  absl::MutexLock lock(&mu_);
  return error_;
}

absl::Status ProjectionRunner::retrying_error() const {
  absl::MutexLock lock(&mu_);
  return retrying_error_;
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
