#include "topic_copier.h"

#include <pthread.h>

#include "absl/synchronization/blocking_counter.h"
#include "chronicle/base/log.h"
#include "chronicle/kafka/replica_offsets.h"

namespace chronicle::kafka {
namespace {

using eventlog::AppendResult;

constexpr size_t kCopyBatch = 512;
constexpr absl::Duration kPollWait = absl::Milliseconds(100);
constexpr absl::Duration kStorageRetryWait = absl::Milliseconds(500);
constexpr absl::Duration kLagEvery = absl::Seconds(1);
constexpr absl::Duration kSaveEvery = absl::Milliseconds(200);

// A verdict every replica reaches the same way, as opposed to a failure of this replica's
// storage, after which the message must be copied again.
bool IsVerdict(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
      return true;
    default:
      return false;
  }
}

}  // namespace

TopicCopier::TopicCopier(eventlog::EventLog* copy, std::unique_ptr<Consumer> consumer,
                         std::string offsets_path, PartitionOffsets offsets, OnVerdict on_verdict)
    : copy_(copy),
      consumer_(std::move(consumer)),
      offsets_path_(std::move(offsets_path)),
      on_verdict_(std::move(on_verdict)),
      order_(consumer_->partitions(), offsets),
      copied_(std::move(offsets)) {
  thread_ = std::thread([this] { Run(); });
  pthread_setname_np(thread_.native_handle(), "kafka-copy");
}

TopicCopier::~TopicCopier() {
  stopping_ = true;
  thread_.join();
}

bool TopicCopier::AwaitCopied(const PartitionOffsets& ends, absl::Time deadline) {
  auto copied_to_ends = [this, &ends]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    for (const auto& [where, end] : ends) {
      auto found = copied_.find(where);
      if (end > 0 && (found == copied_.end() || found->second < end)) return false;
    }
    return true;
  };
  absl::MutexLock lock(&mu_);
  return mu_.AwaitWithDeadline(absl::Condition(&copied_to_ends), deadline);
}

TopicCopier::Counts TopicCopier::counts() {
  Counts counts;
  counts.copied = copied_count_;
  counts.voided = voided_;
  counts.copy_retries = copy_retries_;
  counts.fetch_errors = fetch_errors_;
  absl::MutexLock lock(&mu_);
  counts.lag = lag_;
  return counts;
}

void TopicCopier::Run() {
  absl::Time next_lag = absl::Now();
  absl::Time next_save = absl::Now();
  while (!stopping_) {
    absl::StatusOr<std::vector<Message>> polled = consumer_->Poll(kCopyBatch, kPollWait);
    if (!polled.ok()) {
      // Unreachable brokers and missing topics surface here; librdkafka reconnects by itself.
      if (fetch_errors_++ % 50 == 0) {
        Log(LogLevel::kWarning, "kafka.copy", "fetch failed",
            {{"error", std::string(polled.status().message())}});
      }
      absl::SleepFor(kPollWait);
      continue;
    }
    if (!polled->empty()) CopyInCausalOrder(*polled);
    if (offsets_unsaved_ && absl::Now() >= next_save) {
      next_save = absl::Now() + kSaveEvery;
      SaveOffsets();
    }
    if (absl::Now() >= next_lag) {
      next_lag = absl::Now() + kLagEvery;
      std::map<std::string, int64_t> lag = consumer_->Lag();
      absl::MutexLock lock(&mu_);
      lag_ = std::move(lag);
    }
  }
  if (offsets_unsaved_) SaveOffsets();
}

// Holds the messages until what each depends on elsewhere is applied, then copies the ones that
// are ready.
void TopicCopier::CopyInCausalOrder(const std::vector<Message>& messages) {
  for (const Message& message : messages) {
    absl::StatusOr<DecodedAppend> decoded = DecodeAppend(message);
    Order::Held held{message.topic, message.partition, message.offset, {}, std::nullopt};
    if (decoded.ok()) {
      held.after = decoded->after;
      held.payload = std::move(*decoded);
    } else {
      // Not Chronicle's (someone else wrote to the topic): no replica can apply it either.
      Log(LogLevel::kError, "kafka.copy", "message skipped",
          {{"error", std::string(decoded.status().message())}});
    }
    order_.Add(std::move(held));
  }
  std::vector<Order::Held> ready = order_.TakeReady();
  if (ready.empty()) return;
  std::vector<DecodedAppend> appends;
  appends.reserve(ready.size());
  for (Order::Held& held : ready) {
    if (held.payload) appends.push_back(std::move(*held.payload));
  }
  std::vector<absl::StatusOr<AppendResult>> verdicts;
  if (!CopyBatch(appends, &verdicts)) return;
  {
    absl::MutexLock lock(&mu_);
    copied_ = order_.released();
  }
  offsets_unsaved_ = true;
  for (size_t i = 0; i < appends.size(); ++i) {
    on_verdict_(appends[i].append_id, std::move(verdicts[i]));
  }
}

// The saved offsets may trail the copy (the next start then reads some messages again and
// recognises them), so they are saved now and then rather than with every batch: two fsyncs
// fewer on every command's way to its answer.
void TopicCopier::SaveOffsets() {
  offsets_unsaved_ = false;
  if (absl::Status saved = SaveReplicaOffsets(offsets_path_, order_.released()); !saved.ok()) {
    Log(LogLevel::kError, "kafka.copy", "offsets not saved",
        {{"error", std::string(saved.message())}});
  }
}

// Applies `appends` to the copy in order, into *verdicts. False when stopping before all were
// applied (nothing is answered then: the next start copies them again).
bool TopicCopier::CopyBatch(const std::vector<DecodedAppend>& appends,
                            std::vector<absl::StatusOr<AppendResult>>* verdicts) {
  std::vector<std::optional<absl::StatusOr<AppendResult>>> found(appends.size());
  // Copy from the first append without a verdict until every one has one. A storage failure
  // fails the whole group write, so everything after it is copied again too (an append that
  // did apply is then recognised by its command id).
  size_t from = 0;
  while (from < appends.size()) {
    absl::BlockingCounter pending(static_cast<int>(appends.size() - from));
    std::vector<absl::StatusOr<AppendResult>> results(appends.size() - from,
                                                      absl::UnknownError(""));
    for (size_t i = from; i < appends.size(); ++i) {
      copy_->AppendAsync(appends[i].request, [&results, &pending, i, from](auto result) {
        results[i - from] = std::move(result);
        pending.DecrementCount();
      });
    }
    pending.Wait();
    size_t failed = appends.size();
    for (size_t i = from; i < appends.size(); ++i) {
      if (!IsVerdict(results[i - from].status())) {
        failed = i;
        break;
      }
      if (!found[i]) found[i] = std::move(results[i - from]);
    }
    if (failed == appends.size()) break;
    ++copy_retries_;
    Log(LogLevel::kError, "kafka.copy", "copy failed; retrying",
        {{"error", std::string(results[failed - from].status().message())}});
    if (stopping_) return false;
    absl::SleepFor(kStorageRetryWait);
    from = failed;
  }
  verdicts->clear();
  for (auto& verdict : found) {
    if (verdict->ok()) {
      ++copied_count_;
    } else {
      ++voided_;
    }
    verdicts->push_back(std::move(*verdict));
  }
  return true;
}

}  // namespace chronicle::kafka
