#include "chronicle/kafka/kafka_event_log.h"

#include <pthread.h>

#include <atomic>
#include <filesystem>
#include <optional>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "chronicle/base/log.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/base/uuid.h"
#include "chronicle/eventlog/rocksdb_event_log.h"
#include "chronicle/kafka/append_record.h"
#include "chronicle/kafka/kafka_client.h"
#include "chronicle/kafka/replica_offsets.h"
#include "google/protobuf/util/time_util.h"
#include "topic_copier.h"

namespace chronicle::kafka {
namespace {

using eventlog::AppendCallback;
using eventlog::AppendRequest;
using eventlog::AppendResult;

constexpr absl::Duration kPollWait = absl::Milliseconds(100);

class KafkaEventLogImpl final : public KafkaEventLog {
 public:
  KafkaEventLogImpl(KafkaEventLogOptions options, std::unique_ptr<eventlog::EventLog> copy,
                    std::unique_ptr<Producer> producer, std::unique_ptr<Producer> end_offsets)
      : KafkaEventLog(copy.get()),
        options_(std::move(options)),
        copy_(std::move(copy)),
        producer_(std::move(producer)),
        end_offsets_(std::move(end_offsets)),
        ids_(*options_.clock) {}

  // Starts copying, and sending what AppendAsync queues.
  void Start(std::unique_ptr<Consumer> consumer, const std::string& offsets_path,
             PartitionOffsets offsets) {
    copier_ = std::make_unique<TopicCopier>(
        copy_.get(), std::move(consumer), offsets_path, std::move(offsets),
        [this](const std::string& append_id, absl::StatusOr<AppendResult> verdict) {
          Finish(append_id, std::move(verdict));
        });
    deliveries_ = std::thread([this] { DeliveryLoop(); });
    pthread_setname_np(deliveries_.native_handle(), "kafka-deliver");
    sender_ = std::thread([this] { SendLoop(); });
    pthread_setname_np(sender_.native_handle(), "kafka-send");
  }

  ~KafkaEventLogImpl() override {
    {
      absl::MutexLock lock(&waiters_mu_);
      closing_ = true;
    }
    {
      absl::MutexLock lock(&outbox_mu_);  // so that the sender's wait sees it
      stopping_ = true;
    }
    if (sender_.joinable()) sender_.join();  // sends what was queued before closing
    copier_.reset();                         // its last verdicts answered
    if (deliveries_.joinable()) deliveries_.join();
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
    absl::MutexLock lock(&outbox_mu_);
    outbox_.push_back(Outgoing{std::move(request), std::move(append_id), topic, key});
  }

  // Asks the partitions' leaders where they end now, then waits for the copy to get there.
  absl::Status AwaitLatest(absl::Duration timeout) override {
    const absl::Time deadline = absl::Now() + timeout;
    ASSIGN_OR_RETURN(PartitionOffsets ends,
                     end_offsets_->EndOffsets(copier_->partitions(), timeout));
    if (!copier_->AwaitCopied(ends, deadline)) {
      return absl::DeadlineExceededError(
          absl::StrCat("the copy did not reach the end of the Kafka topics within ",
                       absl::FormatDuration(timeout)));
    }
    return absl::OkStatus();
  }

  Stats GetStats() override {
    TopicCopier::Counts copied = copier_->counts();
    Stats stats;
    stats.appends_produced = produced_;
    stats.appends_copied = copied.copied;
    stats.appends_voided = copied.voided;
    stats.copy_retries = copied.copy_retries;
    stats.fetch_errors = copied.fetch_errors;
    stats.consumer_lag = std::move(copied.lag);
    return stats;
  }

 private:
  struct Waiter {
    AppendCallback done;
    absl::Time deadline;
  };
  // An append waiting to be sent: stamped with where every partition ends when it goes.
  struct Outgoing {
    AppendRequest request;
    std::string append_id;
    std::string topic;
    std::string key;
  };

  // Sends what AppendAsync queued, a batch at a time: one request for the partitions' ends (each
  // append's `after`), then a message per append.
  void SendLoop() {
    while (true) {
      std::vector<Outgoing> batch;
      {
        absl::MutexLock lock(&outbox_mu_);
        auto ready = [this]() ABSL_SHARED_LOCKS_REQUIRED(outbox_mu_) {
          return !outbox_.empty() || stopping_;
        };
        outbox_mu_.Await(absl::Condition(&ready));
        if (outbox_.empty()) return;  // stopping, and everything queued was sent
        batch.swap(outbox_);
      }
      absl::StatusOr<PartitionOffsets> ends =
          end_offsets_->EndOffsets(copier_->partitions(), options_.append_timeout);
      for (Outgoing& out : batch) {
        if (!ends.ok()) {
          Finish(out.append_id, absl::UnavailableError(
                                    absl::StrCat("append not written: ", ends.status().message())));
          continue;
        }
        const EncodedAppend encoded = EncodeAppend(out.request, out.append_id, out.key, *ends);
        absl::Status queued = producer_->ProduceAsync(
            out.topic, encoded.key, encoded.value, encoded.headers,
            [this, append_id = out.append_id](absl::StatusOr<Delivered> delivered) {
              if (delivered.ok()) {
                ++produced_;
                return;  // the copy answers, once it has read the message back
              }
              Finish(append_id,
                     absl::UnavailableError(absl::StrCat(
                         delivered.status().message(),
                         " (the append may still apply: retry with the same command id)")));
            });
        if (!queued.ok()) Finish(out.append_id, queued);
      }
    }
  }

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

  const KafkaEventLogOptions options_;
  std::unique_ptr<eventlog::EventLog> copy_;
  std::unique_ptr<Producer> producer_;
  // Asks for the partitions' ends on connections of its own: a broker answers a connection's
  // requests in order, and behind in-flight produce requests the question waited up to 90 ms
  // (log_e2e_bench, 8 writers).
  std::unique_ptr<Producer> end_offsets_;
  std::unique_ptr<TopicCopier> copier_;

  absl::Mutex outbox_mu_;
  std::vector<Outgoing> outbox_ ABSL_GUARDED_BY(outbox_mu_);

  absl::Mutex waiters_mu_;
  absl::flat_hash_map<std::string, Waiter> waiters_ ABSL_GUARDED_BY(waiters_mu_);
  UuidV7Generator ids_ ABSL_GUARDED_BY(waiters_mu_);
  bool closing_ ABSL_GUARDED_BY(waiters_mu_) = false;

  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> produced_{0};

  std::thread deliveries_;
  std::thread sender_;
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
  std::map<std::string, std::string> client = {};
  if (!options.client_id.empty()) client["client.id"] = options.client_id;
  for (const auto& [name, value] : options.producer_config) producer_config[name] = value;
  producer_config.insert(client.begin(), client.end());
  ASSIGN_OR_RETURN(std::unique_ptr<Producer> producer,
                   Producer::Create(options.bootstrap_servers, producer_config));
  ASSIGN_OR_RETURN(std::unique_ptr<Producer> end_offsets,
                   Producer::Create(options.bootstrap_servers, client));
  std::map<std::string, std::string> consumer_config = options.consumer_config;
  consumer_config.insert(client.begin(), client.end());
  // Every replica reads every partition: the copy is of the whole history, so there is nothing
  // for a group to share out (no rebalance to survive, no commits: the copy keeps its offsets).
  ASSIGN_OR_RETURN(std::unique_ptr<Consumer> consumer,
                   Consumer::CreateReadingAll(
                       options.bootstrap_servers, options.topics,
                       [&offsets](const std::string& topic, int32_t partition) {
                         auto found = offsets.find({topic, partition});
                         return found != offsets.end() ? found->second : Consumer::kFromBeginning;
                       },
                       options.connect_timeout, consumer_config));
  auto log = std::make_unique<KafkaEventLogImpl>(std::move(options), std::move(copy),
                                                 std::move(producer), std::move(end_offsets));
  log->Start(std::move(consumer), offsets_path, std::move(offsets));
  return std::unique_ptr<KafkaEventLog>(std::move(log));
}

}  // namespace chronicle::kafka
