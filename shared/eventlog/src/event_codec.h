// How the embedded log lays events out in RocksDB. Three column families:
//   events:   first position (8 bytes BE)                -> chunk of consecutive event records
//   streams:  stream name '\0' first version (8 bytes BE) -> first position, count (8 + 8 BE)
//   commands: command id                                 -> CommandRecord
// Storing events in chunks (one key per ~16 KB) and indexing streams per append (whose events
// are always consecutive positions) keeps RocksDB's per-key costs (memtable inserts on append,
// iterator steps on replay) off the per-event path. Stream names cannot contain '\0' (validation
// rejects control characters), so a stream's index keys form one version-ordered range.
//
// A record in a chunk: length (fixed32 LE) | crc32c of the envelope (fixed32 LE) | envelope.
#ifndef CHRONICLE_EVENTLOG_EVENT_CODEC_H_
#define CHRONICLE_EVENTLOG_EVENT_CODEC_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "chronicle/eventlog/event_log.h"
#include "chronicle/v1/event.pb.h"

namespace chronicle::eventlog {

inline constexpr char kEventsFamily[] = "events";
inline constexpr char kStreamsFamily[] = "streams";
inline constexpr char kCommandsFamily[] = "commands";

// A chunk is closed once it holds this many bytes (a single larger event gets a chunk alone).
inline constexpr size_t kTargetChunkBytes = 16 << 10;

std::string EventKey(uint64_t position);
uint64_t DecodeEventKey(std::string_view key);

// Accumulates consecutive events into one chunk value.
class ChunkBuilder {
 public:
  bool empty() const { return bytes_.empty(); }
  size_t size() const { return bytes_.size(); }
  uint64_t first_position() const { return first_position_; }
  // Appends the record of `event`, which must hold the position after the previous one.
  void Add(const v1::EventEnvelope& event);
  // Returns the chunk and starts a new, empty one.
  std::string Take();

 private:
  std::string bytes_;
  uint64_t first_position_ = 0;
};

// Calls `visit(position, envelope_bytes)` for each record of the chunk stored at
// `first_position` whose position is >= `from`, in order, until it returns false. Checks the
// framing, and the checksum of every record it visits: DATA_LOSS naming the position.
absl::Status ForEachRecord(uint64_t first_position, std::string_view chunk, uint64_t from,
                           const std::function<bool(uint64_t, std::string_view)>& visit);
// Walks the records of a chunk checking only their framing: `visit(position, envelope_bytes,
// stored_crc)` until it returns false. DATA_LOSS naming the position on bad framing.
absl::Status ForEachFramedRecord(
    uint64_t first_position, std::string_view chunk,
    const std::function<bool(uint64_t, std::string_view, uint32_t)>& visit);
// Number of records in a chunk, from the framing alone (checksums are left to readers).
absl::StatusOr<uint64_t> CountRecords(uint64_t first_position, std::string_view chunk);
// Parses a record's envelope and checks it is the event stored at `position`.
absl::Status ParseEvent(uint64_t position, std::string_view envelope_bytes,
                        v1::EventEnvelope* event);

// The prefix shared by all of one stream's index keys.
std::string StreamKeyPrefix(std::string_view stream_name);
std::string StreamKey(std::string_view stream_name, uint64_t first_version);
// An append's entry in the stream index: its events' first position and count.
std::string EncodeStreamEntry(uint64_t first_position, uint64_t count);
absl::Status DecodeStreamEntry(std::string_view value, uint64_t* first_position, uint64_t* count);

// What the log remembers about an applied command, to answer its retries.
struct CommandRecord {
  std::string stream_name;
  AppendResult result;
};
std::string EncodeCommandRecord(const CommandRecord& record);
absl::StatusOr<CommandRecord> DecodeCommandRecord(std::string_view bytes);

}  // namespace chronicle::eventlog

#endif  // CHRONICLE_EVENTLOG_EVENT_CODEC_H_
