#include "chronicle/kafka/kafka_event_log.h"

#include <pthread.h>

#include <atomic>
#include <filesystem>
#include <optional>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/mutex.h"
#include "chronicle/base/log.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/base/uuid.h"
#include "chronicle/eventlog/rocksdb_event_log.h"
#include "chronicle/kafka/append_record.h"
#include "chronicle/kafka/kafka_client.h"
#include "chronicle/kafka/replica_offsets.h"
#include "google/protobuf/util/time_util.h"

namespace chronicle::kafka {
namespace {

using eventlog::AppendCallback;
using eventlog::AppendRequest;
using eventlog::AppendResult;

constexpr size_t kCopyBatch = 512;
constexpr absl::Duration kPollWait = absl::Milliseconds(100);
constexpr absl::Duration kStorageRetryWait = absl::Milliseconds(500);
constexpr absl::Duration kCommitHintEvery = absl::Seconds(1);

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

class KafkaEventLogImpl final : public KafkaEventLog {
 public:
  KafkaEventLogImpl(KafkaEventLogOptions options, std::unique_ptr<eventlog::EventLog> copy,
                    std::string offsets_path, PartitionOffsets offsets,
                    std::unique_ptr<Producer> producer, std::unique_ptr<Consumer> consumer)
      : options_(std::move(options)),
        copy_(std::move(copy)),
        offsets_path_(std::move(offsets_path)),
        next_offsets_(std::move(offsets)),
        producer_(std::move(producer)),
        consumer_(std::move(consumer)),
        ids_(*options_.clock) {
    {
      absl::MutexLock lock(&copied_mu_);
      copied_offsets_ = next_offsets_;
    }
    copier_ = std::thread([this] { CopyLoop(); });
    pthread_setname_np(copier_.native_handle(), "kafka-copy");
    deliveries_ = std::thread([this] { DeliveryLoop(); });
    pthread_setname_np(deliveries_.native_handle(), "kafka-deliver");
  }

  ~KafkaEventLogImpl() override {
    {
      absl::MutexLock lock(&waiters_mu_);
      closing_ = true;
    }
    stopping_ = true;
    copier_.join();
    deliveries_.join();
    consumer_.reset();  // leaves the group
    producer_.reset();  // serves the last delivery reports
    std::vector<AppendCallback> left;
    {
      absl::MutexLock lock(&waiters_mu_);
      for (auto& [id, waiter] : waiters_) left.push_back(std::move(waiter.done));
      waiters_.clear();
    }
    for (auto& done : left) {
      done(absl::UnavailableError(
          "append: the event log closed before the append was read back from Kafka; it may "
          "still apply: retry with the same command id"));
    }
    copy_.reset();
  }

  void AppendAsync(AppendRequest request, AppendCallback done) override {
    if (absl::Status valid = eventlog::ValidateAppendRequest(request); !valid.ok()) {
      done(valid);
      return;
    }
    const std::string topic = options_.topic_for(request.stream);
    const std::string key = PartitionKeyOf(request);
    std::string append_id;
    {
      absl::MutexLock lock(&waiters_mu_);
      if (closing_) {
        done(absl::UnavailableError("append: the event log is shutting down"));
        return;
      }
      const google::protobuf::Timestamp now =
          google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
              absl::ToUnixNanos(options_.clock->Now()));
      for (v1::EventEnvelope& event : request.events) {
        event.set_event_id(ids_.Next());
        *event.mutable_recorded_at() = now;
      }
      append_id = RandomUuid();
      waiters_[append_id] = Waiter{std::move(done), absl::Now() + options_.append_timeout};
    }
    const EncodedAppend encoded = EncodeAppend(request, append_id, key);
    absl::Status queued = producer_->ProduceAsync(
        topic, encoded.key, encoded.value, encoded.headers,
        [this, append_id](absl::StatusOr<Delivered> delivered) {
          if (delivered.ok()) {
            ++produced_;
            return;  // the copy answers, once it has read the message back
          }
          Finish(append_id, absl::UnavailableError(absl::StrCat(
                                delivered.status().message(),
                                " (the append may still apply: retry with the same command id)")));
        });
    if (!queued.ok()) Finish(append_id, queued);
  }

  absl::StatusOr<std::vector<v1::EventEnvelope>> ReadAll(uint64_t from_position,
                                                         size_t max_count) override {
    return copy_->ReadAll(from_position, max_count);
  }
  absl::Status ReadAllInto(uint64_t from_position, size_t max_count,
                           std::vector<v1::EventEnvelope>* events) override {
    return copy_->ReadAllInto(from_position, max_count, events);
  }
  absl::Status ScanAll(uint64_t from_position, size_t max_count,
                       const std::function<void(uint64_t, absl::string_view)>& visit) override {
    return copy_->ScanAll(from_position, max_count, visit);
  }
  absl::StatusOr<std::vector<v1::EventEnvelope>> ReadStream(const v1::StreamId& stream,
                                                            uint64_t from_version,
                                                            size_t max_count) override {
    return copy_->ReadStream(stream, from_version, max_count);
  }
  absl::StatusOr<uint64_t> StreamVersion(const v1::StreamId& stream) override {
    return copy_->StreamVersion(stream);
  }
  uint64_t HeadPosition() const override { return copy_->HeadPosition(); }
  std::unique_ptr<eventlog::Subscription> Subscribe(const eventlog::Checkpoint& from,
                                                    eventlog::EventConsumer* consumer) override {
    return copy_->Subscribe(from, consumer);
  }
  uint64_t StorageBytes() override { return copy_->StorageBytes(); }

  // Asks each partition's leader where it ends now, then waits for the copy to get there.
  absl::Status AwaitLatest(absl::Duration timeout) override {
    const absl::Time deadline = absl::Now() + timeout;
    PartitionOffsets ends;
    for (const auto& [topic, partition] : consumer_->partitions()) {
      ASSIGN_OR_RETURN(int64_t end,
                       producer_->HighWatermark(topic, partition, deadline - absl::Now()));
      ends[{topic, partition}] = end;
    }
    auto copied_to_ends = [this, &ends]() ABSL_SHARED_LOCKS_REQUIRED(copied_mu_) {
      for (const auto& [where, end] : ends) {
        auto found = copied_offsets_.find(where);
        if (end > 0 && (found == copied_offsets_.end() || found->second < end)) return false;
      }
      return true;
    };
    absl::MutexLock lock(&copied_mu_);
    if (!copied_mu_.AwaitWithDeadline(absl::Condition(&copied_to_ends), deadline)) {
      return absl::DeadlineExceededError(
          absl::StrCat("the copy did not reach the end of the Kafka topics within ",
                       absl::FormatDuration(timeout)));
    }
    return absl::OkStatus();
  }

  Stats GetStats() override {
    Stats stats;
    stats.appends_produced = produced_;
    stats.appends_copied = copied_;
    stats.appends_voided = voided_;
    stats.copy_retries = copy_retries_;
    stats.fetch_errors = fetch_errors_;
    absl::MutexLock lock(&stats_mu_);
    stats.consumer_lag = lag_;
    return stats;
  }

 private:
  struct Waiter {
    AppendCallback done;
    absl::Time deadline;
  };

  // A stream stays in the partition of its first event's key, even if a later event names
  // another client: the checks that make every replica agree need all of a stream's appends in
  // one partition's order.
  std::string PartitionKeyOf(const AppendRequest& request) {
    auto first = copy_->ReadStream(request.stream, 1, 1);
    if (first.ok() && !first->empty()) return (*first)[0].partition_key();
    const std::string& key = request.events.front().partition_key();
    return key.empty() ? request.stream.id() : key;
  }

  void Finish(const std::string& append_id, absl::StatusOr<AppendResult> result) {
    AppendCallback done;
    {
      absl::MutexLock lock(&waiters_mu_);
      auto found = waiters_.find(append_id);
      if (found == waiters_.end()) return;  // answered already (timed out, say)
      done = std::move(found->second.done);
      waiters_.erase(found);
    }
    done(std::move(result));
  }

  // Serves the producer's delivery reports, and times out appends never read back.
  void DeliveryLoop() {
    while (!stopping_) {
      producer_->Poll(kPollWait);
      std::vector<std::string> expired;
      {
        absl::MutexLock lock(&waiters_mu_);
        const absl::Time now = absl::Now();
        for (const auto& [id, waiter] : waiters_) {
          if (waiter.deadline <= now) expired.push_back(id);
        }
      }
      for (const std::string& id : expired) {
        Finish(id, absl::DeadlineExceededError(
                       absl::StrCat("append: not acknowledged by Kafka and read back within ",
                                    absl::FormatDuration(options_.append_timeout),
                                    "; it may still apply: retry with the same command id")));
      }
    }
  }

  void CopyLoop() {
    absl::Time next_hint = absl::Now();
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
      if (!polled->empty()) CopyBatch(*polled);
      if (absl::Now() >= next_hint) {
        next_hint = absl::Now() + kCommitHintEvery;
        consumer_->CommitHint(next_offsets_);
        absl::MutexLock lock(&stats_mu_);
        lag_ = consumer_->Lag();
      }
    }
  }

  void CopyBatch(const std::vector<Message>& messages) {
    std::vector<DecodedAppend> appends;
    appends.reserve(messages.size());
    for (const Message& message : messages) {
      absl::StatusOr<DecodedAppend> decoded = DecodeAppend(message);
      if (!decoded.ok()) {
        // Not Chronicle's (someone else wrote to the topic): no replica can apply it either.
        Log(LogLevel::kError, "kafka.copy", "message skipped",
            {{"error", std::string(decoded.status().message())}});
        continue;
      }
      appends.push_back(std::move(*decoded));
    }
    std::vector<std::optional<absl::StatusOr<AppendResult>>> verdicts(appends.size());
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
        if (!verdicts[i]) verdicts[i] = std::move(results[i - from]);
      }
      if (failed == appends.size()) break;
      ++copy_retries_;
      Log(LogLevel::kError, "kafka.copy", "copy failed; retrying",
          {{"error", std::string(results[failed - from].status().message())}});
      if (stopping_) return;  // offsets not saved: the next start copies these again
      absl::SleepFor(kStorageRetryWait);
      from = failed;
    }
    for (const Message& message : messages) {
      next_offsets_[{message.topic, message.partition}] = message.offset + 1;
    }
    {
      absl::MutexLock lock(&copied_mu_);
      copied_offsets_ = next_offsets_;
    }
    if (absl::Status saved = SaveReplicaOffsets(offsets_path_, next_offsets_); !saved.ok()) {
      // The copy is ahead of the saved offsets: harmless, the next start re-reads and skips.
      Log(LogLevel::kError, "kafka.copy", "offsets not saved",
          {{"error", std::string(saved.message())}});
    }
    for (size_t i = 0; i < appends.size(); ++i) {
      if (verdicts[i]->ok()) {
        ++copied_;
      } else {
        ++voided_;
      }
      Finish(appends[i].append_id, std::move(*verdicts[i]));
    }
  }

  const KafkaEventLogOptions options_;
  std::unique_ptr<eventlog::EventLog> copy_;
  const std::string offsets_path_;
  PartitionOffsets next_offsets_;  // owned by the copy thread
  // next_offsets_ as of the last durable batch, for AwaitLatest.
  absl::Mutex copied_mu_;
  PartitionOffsets copied_offsets_ ABSL_GUARDED_BY(copied_mu_);
  std::unique_ptr<Producer> producer_;
  std::unique_ptr<Consumer> consumer_;  // used by the copy thread only

  absl::Mutex waiters_mu_;
  absl::flat_hash_map<std::string, Waiter> waiters_ ABSL_GUARDED_BY(waiters_mu_);
  UuidV7Generator ids_ ABSL_GUARDED_BY(waiters_mu_);
  bool closing_ ABSL_GUARDED_BY(waiters_mu_) = false;

  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> produced_{0}, copied_{0}, voided_{0}, copy_retries_{0}, fetch_errors_{0};
  absl::Mutex stats_mu_;
  std::map<std::string, int64_t> lag_ ABSL_GUARDED_BY(stats_mu_);

  std::thread copier_;
  std::thread deliveries_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<KafkaEventLog>> OpenKafkaEventLog(KafkaEventLogOptions options) {
  if (options.bootstrap_servers.empty()) {
    return absl::InvalidArgumentError("kafka event log: bootstrap servers required");
  }
  if (options.topics.empty() || !options.topic_for) {
    return absl::InvalidArgumentError("kafka event log: topics and topic_for required");
  }
  eventlog::RocksDbEventLogOptions copy_options;
  copy_options.path = (std::filesystem::path(options.replica_path) / "log").string();
  copy_options.clock = options.clock;
  copy_options.min_free_bytes = options.min_free_bytes;
  ASSIGN_OR_RETURN(std::unique_ptr<eventlog::EventLog> copy,
                   eventlog::OpenRocksDbEventLog(copy_options));
  const std::string offsets_path =
      (std::filesystem::path(options.replica_path) / "kafka-offsets").string();
  ASSIGN_OR_RETURN(PartitionOffsets offsets, LoadReplicaOffsets(offsets_path));
  std::map<std::string, std::string> producer_config = {
      // A message not acknowledged by then fails with a definite report, well inside the
      // append's own timeout.
      {"message.timeout.ms", absl::StrCat(std::max<int64_t>(
                                 1000, absl::ToInt64Milliseconds(options.append_timeout) - 1000))}};
  for (const auto& [name, value] : options.producer_config) producer_config[name] = value;
  ASSIGN_OR_RETURN(std::unique_ptr<Producer> producer,
                   Producer::Create(options.bootstrap_servers, producer_config));
  // Every replica reads every partition: the copy is of the whole history, so there is nothing
  // for a group to share out (and no rebalance to survive).
  ASSIGN_OR_RETURN(std::unique_ptr<Consumer> consumer,
                   Consumer::CreateReadingAll(
                       options.bootstrap_servers, options.group_id, options.topics,
                       [&offsets](const std::string& topic, int32_t partition) {
                         auto found = offsets.find({topic, partition});
                         return found != offsets.end() ? found->second : Consumer::kFromBeginning;
                       },
                       options.connect_timeout, options.consumer_config));
  return std::unique_ptr<KafkaEventLog>(
      new KafkaEventLogImpl(std::move(options), std::move(copy), offsets_path, std::move(offsets),
                            std::move(producer), std::move(consumer)));
}

}  // namespace chronicle::kafka
