// The event log on Apache Kafka, for the distributed mode (docs/distributed.md).
//
// Kafka holds the history. Each process keeps a local copy of the topics it reads (an embedded
// log under `replica_path`), and serves every read from it: ReadAll, ReadStream, StreamVersion
// and Subscribe behave exactly as on the embedded log, with positions of the copy's own (each
// process numbers the events in the order it copied them; a partition's order is kept).
//
// An append is one Kafka message, to the topic of the service that owns its stream, keyed by the
// stream's partition key (the client id). The writer does not decide whether it applies: every
// replica copying the partition checks its expected version and command id against the
// partition's history up to that message, so every replica reaches the same verdict. The writer
// answers only once its own copy has applied the message, with that verdict. So two replicas can
// never both accept conflicting writes, whichever of them a command reaches, and no partition
// ownership, leader or fencing token is needed: a stale writer's append simply fails its check.
//
// Each append also records where every partition ended when it was sent, and a copy applies it
// only after those messages (causal_order.h): whatever was acknowledged anywhere before an append
// is applied before it, on every replica, whichever topics the two are in.
//
// Copying is at-least-once with idempotent effects: the copy's offsets are saved after what they
// cover is durable, and a message copied twice is recognised by its command id. No Kafka
// transactions are used.
#ifndef CHRONICLE_KAFKA_KAFKA_EVENT_LOG_H_
#define CHRONICLE_KAFKA_KAFKA_EVENT_LOG_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "chronicle/base/clock.h"
#include "chronicle/eventlog/forwarding_event_log.h"

namespace chronicle::kafka {

struct KafkaEventLogOptions {
  std::string bootstrap_servers;
  // Every topic this process reads; its copy holds them all.
  std::vector<std::string> topics;
  // The topic an append to `stream` goes to: the same for a stream wherever it is written.
  std::function<std::string(const v1::StreamId& stream)> topic_for;
  // Directory of the local copy (created if missing).
  std::string replica_path;
  // How this replica introduces itself to the brokers (client.id), so that their logs and
  // metrics tell replicas apart.
  std::string client_id;
  // Opening fails (UNAVAILABLE) when the cluster does not answer this soon.
  absl::Duration connect_timeout = absl::Seconds(15);
  // An append fails with DEADLINE_EXCEEDED when it has not been acknowledged by Kafka and read
  // back within this long (it may still apply later: callers retry with the same command id).
  absl::Duration append_timeout = absl::Seconds(15);
  uint64_t min_free_bytes = 0;  // for the copy, as RocksDbEventLogOptions::min_free_bytes
  const Clock* clock = &Clock::Real();
  // librdkafka properties added to or overriding the defaults.
  std::map<std::string, std::string> producer_config;
  std::map<std::string, std::string> consumer_config;
};

// Reads pass to the local copy (`copy`); appends and AwaitLatest go through Kafka.
class KafkaEventLog : public eventlog::ForwardingEventLog {
 public:
  explicit KafkaEventLog(eventlog::EventLog* copy) : ForwardingEventLog(copy) {}

  struct Stats {
    uint64_t appends_produced = 0;  // acknowledged by Kafka
    uint64_t appends_copied = 0;    // applied to the copy (from any writer)
    uint64_t appends_voided = 0;    // refused by the copy's checks (stale version, reused id)
    uint64_t copy_retries = 0;      // batches the copy had to write again (storage failures)
    uint64_t fetch_errors = 0;
    // Messages in Kafka not yet copied, by "topic/partition".
    std::map<std::string, int64_t> consumer_lag;
  };
  virtual Stats GetStats() = 0;
};

// Opens the local copy and reads the topics' partitions from the cluster (UNAVAILABLE when it
// does not answer, FAILED_PRECONDITION for a missing topic). The copy then catches up in the
// background; appends wait for it.
absl::StatusOr<std::unique_ptr<KafkaEventLog>> OpenKafkaEventLog(KafkaEventLogOptions options);

}  // namespace chronicle::kafka

#endif  // CHRONICLE_KAFKA_KAFKA_EVENT_LOG_H_
