#include "event_codec.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "chronicle/base/crc32c.h"
#include "chronicle/storage/rocksdb_util.h"

namespace chronicle::eventlog {

using storage::AppendBigEndian64;
using storage::ReadBigEndian64;

std::string EventKey(uint64_t position) { return storage::BigEndian64(position); }

uint64_t DecodeEventKey(std::string_view key) { return ReadBigEndian64(key); }

std::string EncodeEventRecord(std::string_view envelope_bytes) {
  uint32_t crc = Crc32c(envelope_bytes);
  std::string record(4 + envelope_bytes.size(), '\0');
  for (int i = 0; i < 4; ++i) record[i] = static_cast<char>(crc >> (8 * i));
  std::memcpy(record.data() + 4, envelope_bytes.data(), envelope_bytes.size());
  return record;
}

absl::Status DecodeEventRecord(uint64_t position, std::string_view record,
                               v1::EventEnvelope* event) {
  if (record.size() < 4) {
    return absl::DataLossError(absl::StrCat("event at position ", position, ": record truncated"));
  }
  uint32_t stored = 0;
  for (int i = 0; i < 4; ++i)
    stored |= static_cast<uint32_t>(static_cast<uint8_t>(record[i])) << (8 * i);
  std::string_view body = record.substr(4);
  if (Crc32c(body) != stored) {
    return absl::DataLossError(
        absl::StrCat("event at position ", position, ": checksum mismatch (stored data corrupt)"));
  }
  if (!event->ParseFromArray(body.data(), static_cast<int>(body.size()))) {
    return absl::DataLossError(absl::StrCat("event at position ", position, ": unparseable"));
  }
  if (event->global_position() != position) {
    return absl::DataLossError(absl::StrCat("event at position ", position,
                                            ": envelope says position ", event->global_position()));
  }
  return absl::OkStatus();
}

std::string StreamKeyPrefix(std::string_view stream_name) {
  std::string key(stream_name);
  key.push_back('\0');
  return key;
}

std::string StreamKey(std::string_view stream_name, uint64_t version) {
  std::string key = StreamKeyPrefix(stream_name);
  AppendBigEndian64(&key, version);
  return key;
}

// Layout: first, last, stream version (8 bytes BE each), then the stream name.
std::string EncodeCommandRecord(const CommandRecord& record) {
  std::string out;
  AppendBigEndian64(&out, record.result.first_position);
  AppendBigEndian64(&out, record.result.last_position);
  AppendBigEndian64(&out, record.result.stream_version);
  out.append(record.stream_name);
  return out;
}

absl::StatusOr<CommandRecord> DecodeCommandRecord(std::string_view bytes) {
  if (bytes.size() < 24) return absl::DataLossError("command record truncated");
  CommandRecord record;
  record.result.first_position = ReadBigEndian64(bytes);
  record.result.last_position = ReadBigEndian64(bytes.substr(8));
  record.result.stream_version = ReadBigEndian64(bytes.substr(16));
  record.stream_name = std::string(bytes.substr(24));
  return record;
}

}  // namespace chronicle::eventlog
