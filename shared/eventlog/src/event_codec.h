// How the embedded log lays events out in RocksDB. Three column families:
//   events:   position (8 bytes big-endian)            -> crc32c (4 bytes LE) + EventEnvelope
//   streams:  stream name '\0' version (8 bytes BE)    -> position (8 bytes BE)
//   commands: command id                               -> CommandRecord
// Stream names cannot contain '\0' (validation rejects control characters), so a stream's keys
// form one contiguous, version-ordered range.
#ifndef CHRONICLE_EVENTLOG_EVENT_CODEC_H_
#define CHRONICLE_EVENTLOG_EVENT_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "chronicle/eventlog/event_log.h"
#include "chronicle/v1/event.pb.h"

namespace chronicle::eventlog {

inline constexpr char kEventsFamily[] = "events";
inline constexpr char kStreamsFamily[] = "streams";
inline constexpr char kCommandsFamily[] = "commands";

std::string EventKey(uint64_t position);
uint64_t DecodeEventKey(std::string_view key);

// Frames serialized envelope bytes with their checksum.
std::string EncodeEventRecord(std::string_view envelope_bytes);
// Verifies the checksum, parses, and checks the envelope is the one stored at `position`.
// DATA_LOSS naming the position on any mismatch.
absl::Status DecodeEventRecord(uint64_t position, std::string_view record,
                               v1::EventEnvelope* event);

// The prefix shared by all of one stream's keys.
std::string StreamKeyPrefix(std::string_view stream_name);
std::string StreamKey(std::string_view stream_name, uint64_t version);

// What the log remembers about an applied command, to answer its retries.
struct CommandRecord {
  std::string stream_name;
  AppendResult result;
};
std::string EncodeCommandRecord(const CommandRecord& record);
absl::StatusOr<CommandRecord> DecodeCommandRecord(std::string_view bytes);

}  // namespace chronicle::eventlog

#endif  // CHRONICLE_EVENTLOG_EVENT_CODEC_H_
