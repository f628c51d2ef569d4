#include "analytics/app/fact_store.h"

#include <pthread.h>

#include <iostream>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/aggregate/typed_events.h"
#include "chronicle/base/log.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/eventlog/checkpoint.h"
#include "chronicle/eventlog/view_batch_reader.h"
#include "chronicle/v1/analytics_events.pb.h"

namespace chronicle::analytics {
namespace {

constexpr size_t kReadBatch = 4096;
// A rebuild swaps in once it is this close to the serving generation; the rest is folded while
// the fold of the serving one waits.
constexpr uint64_t kSwapDistance = 20'000;

}  // namespace

FactStore::FactStore(Options options) : options_(std::move(options)) {
  absl::MutexLock lock(&mu_);
  serving_ = std::make_shared<Generation>();
}

FactStore::~FactStore() { Stop(); }

void FactStore::Start() {
  {
    absl::MutexLock lock(&mu_);
    loaded_at_ = options_.log->HeadPosition();
    loaded_ = loaded_at_ == 0;
  }
  load_thread_ = std::thread([this] { Load(); });
  pthread_setname_np(load_thread_.native_handle(), "analytics-load");
}

void FactStore::Load() {
  // The history up to the head as it was at start, read ahead in batches (much faster than
  // through the subscription, which parses whole envelopes), then the subscription from there.
  auto loaded = std::make_shared<Generation>();
  uint64_t target = 0;
  {
    absl::MutexLock lock(&mu_);
    target = loaded_at_;
  }
  const absl::Status status = Fold(*loaded, target, std::nullopt, &load_position_);
  if (stopping_) return;
  if (!status.ok()) {
    Log(LogLevel::kError, "analytics", "loading the history failed",
        {{"error", status.ToString()}});
    absl::MutexLock lock(&mu_);
    last_error_ = status.ToString();
    return;
  }
  const uint64_t position = loaded->facts.position;
  {
    absl::MutexLock lock(&mu_);
    serving_ = std::move(loaded);
    serving_position_ = position;
    loaded_ = true;
  }
  subscription_ = options_.log->Subscribe(eventlog::Checkpoint::AfterPosition(position), this);
}

void FactStore::Stop() {
  stopping_ = true;
  if (load_thread_.joinable()) load_thread_.join();
  subscription_.reset();
  if (rebuild_thread_.joinable()) rebuild_thread_.join();
}

std::shared_ptr<FactStore::Generation> FactStore::Serving() const {
  absl::MutexLock lock(&mu_);
  return serving_;
}

absl::Status FactStore::OnEvents(absl::Span<const v1::EventEnvelope> events) {
  static const std::string* const kSettingsChanged =
      new std::string(aggregate::EventType<v1::AnalyticsSettingsChanged>());
  bool settings_changed = false;
  uint64_t position = 0;
  for (;;) {
    std::shared_ptr<Generation> generation = Serving();
    absl::MutexLock fold_lock(&generation->mu);
    if (generation != Serving()) continue;  // swapped while we waited: fold into the new one
    for (const v1::EventEnvelope& event : events) {
      if (event.global_position() <= generation->facts.position) continue;
      if (event.event_type() == *kSettingsChanged) settings_changed = true;
      if (absl::Status s = generation->folder.Apply(event); !s.ok()) return s;
    }
    position = generation->facts.position;
    break;
  }
  {
    absl::MutexLock lock(&mu_);
    serving_position_ = position;
  }
  if (settings_changed && options_.on_settings_changed) options_.on_settings_changed();
  return absl::OkStatus();
}

void FactStore::OnStopped(const absl::Status& status) {
  Log(LogLevel::kError, "analytics", "the projection stopped", {{"error", status.ToString()}});
  absl::MutexLock lock(&mu_);
  last_error_ = status.ToString();
}

absl::Status FactStore::Fold(Generation& generation, uint64_t until_position,
                             std::optional<absl::Time> until_time,
                             std::atomic<uint64_t>* progress) {
  const int64_t until_seconds =
      until_time ? absl::ToUnixSeconds(*until_time) : std::numeric_limits<int64_t>::max();
  eventlog::ViewBatchReader::Options read;
  read.from_position = generation.facts.position + 1;
  read.until_position = until_position;
  read.batch_size = kReadBatch;
  if (until_position != 0 && read.from_position > until_position) return absl::OkStatus();
  eventlog::ViewBatchReader reader(options_.log, read);
  // A fresh generation is folded with the client indexes built once at the end.
  if (generation.facts.position == 0) generation.folder.DeferClientIndexes();
  absl::Cleanup build_indexes = [&] { generation.folder.BuildDeferredIndexes(); };
  absl::Span<const eventlog::EnvelopeView> batch;
  while (!stopping_) {
    RETURN_IF_ERROR(reader.Next(&batch));
    if (batch.empty()) break;
    for (const eventlog::EnvelopeView& event : batch) {
      // Seconds are the grain of as-of: an event recorded within the named second counts.
      if (event.recorded_at_seconds > until_seconds) return absl::OkStatus();
      RETURN_IF_ERROR(generation.folder.Apply(event));
    }
    if (progress != nullptr) progress->store(generation.facts.position);
  }
  return absl::OkStatus();
}

absl::Status FactStore::Read(const std::function<void(const AnalyticsFacts&)>& read,
                             std::optional<absl::Time> as_of, absl::Duration wait) {
  {
    absl::MutexLock lock(&mu_);
    if (!mu_.AwaitWithTimeout(absl::Condition(&loaded_), wait)) {
      return absl::UnavailableError(absl::StrCat("analytics is still loading the history (",
                                                 load_position_.load(), " of ", loaded_at_,
                                                 " events); try again shortly"));
    }
  }
  std::shared_ptr<Generation> generation;
  if (as_of && *as_of < options_.clock->Now()) {
    absl::MutexLock build_lock(&as_of_build_mu_);
    {
      absl::MutexLock lock(&mu_);
      if (as_of_ != nullptr && as_of_time_ == *as_of) generation = as_of_;
    }
    if (generation == nullptr) {
      generation = std::make_shared<Generation>();
      RETURN_IF_ERROR(Fold(*generation, 0, as_of, nullptr));
      absl::MutexLock lock(&mu_);
      as_of_ = generation;
      as_of_time_ = *as_of;
    }
  } else {
    generation = Serving();
  }
  absl::ReaderMutexLock read_lock(&generation->mu);
  read(generation->facts);
  return absl::OkStatus();
}

absl::Status FactStore::WaitForPosition(uint64_t position, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto reached = [this, position]()
                     ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return serving_position_ >= position; };
  if (!mu_.AwaitWithTimeout(absl::Condition(&reached), timeout)) {
    return absl::DeadlineExceededError(
        absl::StrCat("analytics has not yet applied position ", position));
  }
  return absl::OkStatus();
}

absl::Status FactStore::StartRebuild(const std::string& reason) {
  {
    absl::MutexLock lock(&mu_);
    if (!loaded_) {
      return absl::FailedPreconditionError(
          "analytics is still loading the history; a rebuild can start once it is loaded");
    }
  }
  bool expected = false;
  if (!rebuilding_.compare_exchange_strong(expected, true)) {
    rebuild_pending_ = true;
    return absl::FailedPreconditionError(
        "a rebuild of analytics is already running; another follows when it is done");
  }
  if (rebuild_thread_.joinable()) rebuild_thread_.join();
  {
    absl::MutexLock lock(&mu_);
    rebuild_reason_ = reason;
  }
  rebuild_position_ = 0;
  rebuild_target_ = options_.log->HeadPosition();
  rebuild_thread_ = std::thread([this, reason] { RebuildLoop(reason); });
  pthread_setname_np(rebuild_thread_.native_handle(), "analytics-build");
  return absl::OkStatus();
}

void FactStore::RebuildLoop(std::string reason) {
  for (;;) {
    RebuildWhilePending(reason);
    rebuilding_ = false;
    // A request that came after the last look at rebuild_pending_ and before the line above
    // found a rebuild running and left it pending: take it, unless a new StartRebuild already
    // claimed the rebuild (it then runs one itself).
    if (stopping_ || !rebuild_pending_.exchange(false)) return;
    bool expected = false;
    if (!rebuilding_.compare_exchange_strong(expected, true)) return;
  }
}

void FactStore::RebuildWhilePending(const std::string& reason) {
  do {
    const absl::Time start = absl::Now();
    auto fresh = std::make_shared<Generation>();
    // Most of the history without holding anything up, until close to the serving generation.
    absl::Status status;
    std::shared_ptr<Generation> old = Serving();
    {
      absl::ReaderMutexLock read_lock(&old->mu);
      fresh->facts.ReserveLike(old->facts);
    }
    while (status.ok() && !stopping_) {
      status = Fold(*fresh, 0, std::nullopt, &rebuild_position_);
      absl::ReaderMutexLock read_lock(&old->mu);
      if (old->facts.position <= fresh->facts.position + kSwapDistance) break;
    }
    if (status.ok() && !stopping_) {
      // The last stretch with the serving generation's fold paused, then the swap.
      absl::MutexLock fold_lock(&old->mu);
      status = Fold(*fresh, old->facts.position, std::nullopt, &rebuild_position_);
      if (status.ok()) {
        absl::MutexLock lock(&mu_);
        serving_ = fresh;
        serving_position_ = std::max(serving_position_, fresh->facts.position);
        ++generation_number_;
        last_rebuild_duration_ = absl::Now() - start;
        last_rebuild_rate_ =
            fresh->facts.position / std::max(1e-9, absl::ToDoubleSeconds(last_rebuild_duration_));
      }
    }
    if (!status.ok()) {
      Log(LogLevel::kError, "analytics", "rebuild failed",
          {{"reason", reason}, {"error", status.ToString()}});
      absl::MutexLock lock(&mu_);
      last_error_ = status.ToString();
    }
    // Asked again while this one ran (the settings changed twice): the history once more.
  } while (rebuild_pending_.exchange(false) && !stopping_);
}

v1::AnalyticsStatus FactStore::Status() const {
  v1::AnalyticsStatus status;
  std::shared_ptr<Generation> generation = Serving();
  {
    absl::ReaderMutexLock read_lock(&generation->mu);
    status.set_position(generation->facts.position);
    status.set_clients(generation->facts.clients.size());
    status.set_deals(generation->facts.deals.size());
    *status.mutable_settings_time() =
        aggregate::ToProtoTime(absl::FromUnixSeconds(generation->facts.settings_time));
  }
  status.set_head_position(options_.log->HeadPosition());
  absl::MutexLock lock(&mu_);
  status.set_generation(generation_number_);
  status.set_last_error(last_error_);
  if (!last_error_.empty()) {
    status.set_state(v1::AnalyticsStatus::STATE_FAILED);
  } else if (!loaded_) {
    status.set_state(v1::AnalyticsStatus::STATE_CATCHING_UP);
  } else if (rebuilding_) {
    status.set_state(v1::AnalyticsStatus::STATE_REBUILDING);
  } else {
    status.set_state(v1::AnalyticsStatus::STATE_LIVE);
  }
  if (!loaded_) {  // the load at start is a rebuild too, with the serving generation empty
    const uint64_t target = std::max<uint64_t>(1, loaded_at_);
    status.set_rebuild_position(load_position_);
    status.set_rebuild_progress(std::min(1.0, static_cast<double>(load_position_) / target));
    status.set_rebuild_reason("loading the history at start");
  } else if (rebuilding_) {
    const uint64_t target = std::max<uint64_t>(1, rebuild_target_.load());
    status.set_rebuild_position(rebuild_position_);
    status.set_rebuild_progress(std::min(1.0, static_cast<double>(rebuild_position_) / target));
    status.set_rebuild_reason(rebuild_reason_);
  }
  status.set_last_rebuild_events_per_second(last_rebuild_rate_);
  *status.mutable_last_rebuild_duration() = aggregate::ToProtoDuration(last_rebuild_duration_);
  return status;
}

}  // namespace chronicle::analytics
