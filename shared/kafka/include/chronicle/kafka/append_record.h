// One append as a Kafka message: the value is an AppendRecord (log_record.proto), the source of
// truth; the headers repeat the envelope's fields as text, so that standard tools show them
// without Chronicle's protos (kcat -f '%h'): stream, event_type, command_id, correlation_id,
// causation_id, actor, expected_version, partition_key, event_id, occurred_at, recorded_at and
// append_id. Several events in one append give comma-separated event_type and event_id lists.
#ifndef CHRONICLE_KAFKA_APPEND_RECORD_H_
#define CHRONICLE_KAFKA_APPEND_RECORD_H_

#include <string>

#include "absl/status/statusor.h"
#include "chronicle/eventlog/event_log.h"
#include "chronicle/kafka/kafka_client.h"

namespace chronicle::kafka {

struct EncodedAppend {
  std::string key;  // the Kafka message key: the partition key
  std::string value;
  Headers headers;
};

// `request`'s events must already carry their event_id and recorded_at. `after`: where each
// partition ended when the append was written (see causal_order.h).
EncodedAppend EncodeAppend(const eventlog::AppendRequest& request, const std::string& append_id,
                           const std::string& partition_key, const PartitionOffsets& after = {});

struct DecodedAppend {
  eventlog::AppendRequest request;  // marked `replicated`
  std::string append_id;
  PartitionOffsets after;
};

// DATA_LOSS naming the message when its value is not an AppendRecord.
absl::StatusOr<DecodedAppend> DecodeAppend(const Message& message);

}  // namespace chronicle::kafka

#endif  // CHRONICLE_KAFKA_APPEND_RECORD_H_
