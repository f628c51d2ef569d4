// Thin owners of librdkafka producers and consumers, configured the way Chronicle's event log
// needs them: an idempotent producer that waits for every in-sync replica (acks=all,
// enable.idempotence), so an acknowledged event is on every replica and a retry after a lost
// acknowledgement is not written twice; and a consumer in a group with cooperative-sticky
// assignment that never commits or stores offsets by itself (enable.auto.commit=false,
// enable.auto.offset.store=false): its owner keeps the offsets it has applied, in the same atomic
// write as what it applied. Neither is thread-safe.
#ifndef CHRONICLE_KAFKA_KAFKA_CLIENT_H_
#define CHRONICLE_KAFKA_KAFKA_CLIENT_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

typedef struct rd_kafka_s rd_kafka_t;

namespace chronicle::kafka {

using Headers = std::vector<std::pair<std::string, std::string>>;
// An offset per partition, (topic, partition) -> offset.
using PartitionOffsets = std::map<std::pair<std::string, int32_t>, int64_t>;

struct Message {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;  // not contiguous: transaction markers and compaction leave gaps
  std::string key;
  std::string value;
  Headers headers;
};

struct Delivered {
  int32_t partition = 0;
  int64_t offset = 0;
};

class Producer {
 public:
  // `config` adds to or overrides the defaults (librdkafka property names).
  static absl::StatusOr<std::unique_ptr<Producer>> Create(
      const std::string& bootstrap_servers, const std::map<std::string, std::string>& config = {});
  ~Producer();  // waits up to 5 s for queued messages; their callbacks run

  // Produces one message to the partition its key hashes to and waits for the acknowledgement
  // of every in-sync replica (librdkafka retries retriable errors meanwhile). DEADLINE_EXCEEDED
  // when `timeout` passes first (the message may still be delivered: callers retry with the
  // same idempotent effect), UNAVAILABLE or INTERNAL for a definite failure.
  absl::StatusOr<Delivered> Produce(const std::string& topic, const std::string& key,
                                    const std::string& value, const Headers& headers,
                                    absl::Duration timeout);

  // Queues one message without waiting. `done` runs exactly once, on a thread serving Poll (or
  // Produce), with the acknowledgement or the error that ended the message's retries (after
  // message.timeout.ms at the latest). UNAVAILABLE at once when it cannot be queued.
  // Thread-safe, unlike the rest of the class.
  using DeliveryCallback = std::function<void(absl::StatusOr<Delivered>)>;
  absl::Status ProduceAsync(const std::string& topic, const std::string& key,
                            const std::string& value, const Headers& headers,
                            DeliveryCallback done);
  // Serves delivery reports for up to `timeout`. Thread-safe.
  void Poll(absl::Duration timeout);

  // For each of `partitions`, the offset its next message will get, asked of the leaders now
  // (one request per leader). UNAVAILABLE when they do not answer within `timeout`. Thread-safe.
  absl::StatusOr<PartitionOffsets> EndOffsets(
      const std::vector<std::pair<std::string, int32_t>>& partitions, absl::Duration timeout);

 private:
  explicit Producer(rd_kafka_t* handle) : handle_(handle) {}
  rd_kafka_t* handle_;
};

class Consumer {
 public:
  // Joins consumer group `group_id` for `topics`. A non-empty `instance_id` makes the member
  // static (group.instance.id): a restart within the session timeout keeps its partitions
  // without a rebalance.
  static absl::StatusOr<std::unique_ptr<Consumer>> Create(
      const std::string& bootstrap_servers, const std::string& group_id,
      const std::string& instance_id, const std::vector<std::string>& topics,
      const std::map<std::string, std::string>& config = {});
  // Reads every partition of `topics`, each from `start`, in no group: for a reader that needs
  // all of them (each process's copy of the log), sharing nothing and committing nothing.
  // UNAVAILABLE when the cluster does not answer within `timeout`, FAILED_PRECONDITION naming a
  // missing topic.
  using StartOffsets = std::function<int64_t(const std::string& topic, int32_t partition)>;
  static absl::StatusOr<std::unique_ptr<Consumer>> CreateReadingAll(
      const std::string& bootstrap_servers, const std::vector<std::string>& topics,
      const StartOffsets& start, absl::Duration timeout,
      const std::map<std::string, std::string>& config = {});
  ~Consumer();  // a group member leaves its group

  // Up to `max` messages, waiting at most `timeout` for the first one. Rebalances are served
  // here too: partitions given and taken are logged and counted.
  absl::StatusOr<std::vector<Message>> Poll(size_t max, absl::Duration timeout);

  // RD_KAFKA_OFFSET_BEGINNING, for StartOffsets: the partition's earliest message.
  static constexpr int64_t kFromBeginning = -2;

  // The partitions a consumer reading every partition reads (empty for a group member).
  const std::vector<std::pair<std::string, int32_t>>& partitions() const { return partitions_; }

  // Messages in each assigned partition ("topic/partition") after the ones this consumer has
  // read, from the high watermarks the fetches last saw (no request to the brokers).
  std::map<std::string, int64_t> Lag();
  // Rebalances this member took part in: partitions assigned and revoked, since creation.
  int64_t partitions_assigned() const { return assigned_; }
  int64_t partitions_revoked() const { return revoked_; }

 private:
  Consumer() = default;
  friend struct ConsumerCallbacks;  // librdkafka's rebalance callback, in kafka_client.cc

  rd_kafka_t* handle_ = nullptr;
  bool grouped_ = true;  // a member of its group, not reading every partition
  std::vector<std::pair<std::string, int32_t>> partitions_;  // when reading every partition
  int64_t assigned_ = 0, revoked_ = 0;
};

}  // namespace chronicle::kafka

#endif  // CHRONICLE_KAFKA_KAFKA_CLIENT_H_
