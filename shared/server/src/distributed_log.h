// The distributed mode's event log (event-log: kafka): one topic per service, every stream's
// appends on the topic of the service that owns its type, the topics created or verified at
// start, and the Kafka copy's progress as metrics.
#ifndef CHRONICLE_SERVER_DISTRIBUTED_LOG_H_
#define CHRONICLE_SERVER_DISTRIBUTED_LOG_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "chronicle/kafka/kafka_event_log.h"
#include "chronicle/metrics/callback_collector.h"
#include "chronicle/server/config.h"

namespace chronicle::server {

// The service whose topic a stream type's appends go to: "contacts", ..., or "platform" for
// types no service owns (raw appends through the EventLog API).
std::string OwnerOfStreamType(absl::string_view type);

// "<prefix>.contacts", ... "<prefix>.platform": every topic a process copies.
std::vector<std::string> EventTopics(const KafkaConfig& kafka);

// Creates the missing topics (or verifies them), then opens the log with its copy in
// `replica_path`. UNAVAILABLE naming the brokers when the cluster does not answer;
// FAILED_PRECONDITION for a topic that would lose history or has another partition count.
absl::StatusOr<std::unique_ptr<kafka::KafkaEventLog>> OpenDistributedLog(
    const ServerConfig& config, const std::string& replica_path);

// Scraped: messages not yet copied per partition, appends produced, copied and voided, fetch
// errors and copy retries.
void AddKafkaMetrics(metrics::CallbackCollector& callbacks, kafka::KafkaEventLog* log);

}  // namespace chronicle::server

#endif  // CHRONICLE_SERVER_DISTRIBUTED_LOG_H_
