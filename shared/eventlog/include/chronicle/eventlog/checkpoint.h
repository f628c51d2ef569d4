// Where a consumer stands in the log. A partitioned log (Kafka) orders events per partition, so a
// checkpoint holds, for each partition, the offset of the last event consumed. The embedded log
// has a single partition 0 whose offsets are global positions.
//
// Projections store the encoded checkpoint in the same write batch as their state, which is what
// makes "applied exactly once" hold across crashes. Not thread-safe.
#ifndef CHRONICLE_EVENTLOG_CHECKPOINT_H_
#define CHRONICLE_EVENTLOG_CHECKPOINT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "chronicle/v1/event.pb.h"

namespace chronicle::eventlog {

class Checkpoint {
 public:
  // The start of the log: nothing consumed.
  Checkpoint() = default;
  // Everything up to and including `position` of the embedded log's single partition consumed.
  static Checkpoint AfterPosition(uint64_t position);

  // Offset of the last consumed event of `partition`, if any.
  std::optional<uint64_t> LastOffset(int32_t partition) const;
  // Records `event` as consumed.
  void Advance(const v1::EventEnvelope& event);
  // Global position of the last consumed event (0 if none). For the embedded log, this is where
  // the consumer stands.
  uint64_t last_global_position() const { return last_global_position_; }

  std::string Encode() const;
  // DATA_LOSS when `bytes` is not an encoded checkpoint.
  static absl::StatusOr<Checkpoint> Decode(std::string_view bytes);

  bool operator==(const Checkpoint& other) const {
    return last_offsets_ == other.last_offsets_ &&
           last_global_position_ == other.last_global_position_;
  }

 private:
  std::map<int32_t, uint64_t> last_offsets_;
  uint64_t last_global_position_ = 0;
};

}  // namespace chronicle::eventlog

#endif  // CHRONICLE_EVENTLOG_CHECKPOINT_H_
