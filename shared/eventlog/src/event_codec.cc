#include "event_codec.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "chronicle/base/crc32c.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/storage/rocksdb_util.h"

namespace chronicle::eventlog {

using storage::AppendBigEndian64;
using storage::ReadBigEndian64;

std::string EventKey(uint64_t position) { return storage::BigEndian64(position); }

uint64_t DecodeEventKey(std::string_view key) { return ReadBigEndian64(key); }

namespace {

void PutFixed32(std::string* out, uint32_t value) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>(value >> (8 * i)));
}

uint32_t GetFixed32(const char* p) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value |= static_cast<uint32_t>(static_cast<uint8_t>(p[i])) << (8 * i);
  return value;
}

}  // namespace

void ChunkBuilder::Add(const v1::EventEnvelope& event) {
  if (bytes_.empty()) first_position_ = event.global_position();
  const size_t size = event.ByteSizeLong();
  const size_t header = bytes_.size();
  PutFixed32(&bytes_, static_cast<uint32_t>(size));
  PutFixed32(&bytes_, 0);  // checksum, filled in below
  bytes_.resize(header + 8 + size);
  auto* body = reinterpret_cast<uint8_t*>(bytes_.data() + header + 8);
  event.SerializeWithCachedSizesToArray(body);
  uint32_t crc = Crc32c(std::string_view(bytes_).substr(header + 8, size));
  for (int i = 0; i < 4; ++i) bytes_[header + 4 + i] = static_cast<char>(crc >> (8 * i));
}

std::string ChunkBuilder::Take() {
  std::string chunk;
  chunk.swap(bytes_);
  return chunk;
}

absl::Status ForEachFramedRecord(
    uint64_t first_position, std::string_view chunk,
    const std::function<bool(uint64_t, std::string_view, uint32_t)>& visit) {
  uint64_t position = first_position;
  for (size_t at = 0; at < chunk.size(); ++position) {
    const size_t left = chunk.size() - at;
    const uint32_t size = left >= 8 ? GetFixed32(chunk.data() + at) : 0;
    if (left < 8 || size > left - 8) {
      return absl::DataLossError(
          absl::StrCat("event at position ", position, ": record framing corrupt"));
    }
    if (!visit(position, chunk.substr(at + 8, size), GetFixed32(chunk.data() + at + 4))) {
      return absl::OkStatus();
    }
    at += 8 + size;
  }
  return absl::OkStatus();
}

absl::Status ForEachRecord(uint64_t first_position, std::string_view chunk, uint64_t from,
                           const std::function<bool(uint64_t, std::string_view)>& visit) {
  absl::Status checked;
  RETURN_IF_ERROR(ForEachFramedRecord(
      first_position, chunk, [&](uint64_t position, std::string_view body, uint32_t crc) {
        // Records before `from` are not wanted: framing only, so their damage is not this
        // read's error.
        if (position < from) return true;
        if (Crc32c(body) != crc) {
          checked = absl::DataLossError(absl::StrCat("event at position ", position,
                                                     ": checksum mismatch (stored data corrupt)"));
          return false;
        }
        return visit(position, body);
      }));
  return checked;
}

absl::StatusOr<uint64_t> CountRecords(uint64_t first_position, std::string_view chunk) {
  // Framing only: a damaged event must not stop the log from opening; reading it reports it.
  uint64_t count = 0;
  RETURN_IF_ERROR(
      ForEachFramedRecord(first_position, chunk, [&](uint64_t, std::string_view, uint32_t) {
        ++count;
        return true;
      }));
  return count;
}

absl::Status ParseEvent(uint64_t position, std::string_view envelope_bytes,
                        v1::EventEnvelope* event) {
  if (!event->ParseFromArray(envelope_bytes.data(), static_cast<int>(envelope_bytes.size()))) {
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

std::string StreamKey(std::string_view stream_name, uint64_t first_version) {
  std::string key = StreamKeyPrefix(stream_name);
  AppendBigEndian64(&key, first_version);
  return key;
}

std::string EncodeStreamEntry(uint64_t first_position, uint64_t count) {
  std::string value;
  AppendBigEndian64(&value, first_position);
  AppendBigEndian64(&value, count);
  return value;
}

absl::Status DecodeStreamEntry(std::string_view value, uint64_t* first_position, uint64_t* count) {
  if (value.size() != 16) return absl::DataLossError("stream index entry malformed");
  *first_position = ReadBigEndian64(value);
  *count = ReadBigEndian64(value.substr(8));
  return absl::OkStatus();
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
