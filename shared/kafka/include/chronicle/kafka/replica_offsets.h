// Where a process's local copy of the Kafka topics stands: the next offset to copy from each
// partition, kept in a small file beside the copy and replaced atomically (write, fsync, rename).
// Saved only after what it covers is durable (now and then, not per batch), so a crash can only
// make the copy read some messages again; copying is idempotent (every append carries a command
// id the copy has recorded), which is what makes "at-least-once delivery, effects once" hold
// without Kafka transactions.
#ifndef CHRONICLE_KAFKA_REPLICA_OFFSETS_H_
#define CHRONICLE_KAFKA_REPLICA_OFFSETS_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "chronicle/kafka/kafka_client.h"

namespace chronicle::kafka {

// An empty map when the file does not exist yet; DATA_LOSS when it is unreadable.
absl::StatusOr<PartitionOffsets> LoadReplicaOffsets(const std::string& path);
// UNAVAILABLE when the file cannot be written or synced.
absl::Status SaveReplicaOffsets(const std::string& path, const PartitionOffsets& offsets);

}  // namespace chronicle::kafka

#endif  // CHRONICLE_KAFKA_REPLICA_OFFSETS_H_
