#include "chronicle/eventlog/checkpoint.h"

#include "chronicle/storage/rocksdb_util.h"

namespace chronicle::eventlog {

using storage::AppendBigEndian64;
using storage::ReadBigEndian64;

Checkpoint Checkpoint::AfterPosition(uint64_t position) {
  Checkpoint checkpoint;
  if (position > 0) {
    checkpoint.last_offsets_[0] = position;
    checkpoint.last_global_position_ = position;
  }
  return checkpoint;
}

std::optional<uint64_t> Checkpoint::LastOffset(int32_t partition) const {
  auto it = last_offsets_.find(partition);
  if (it == last_offsets_.end()) return std::nullopt;
  return it->second;
}

void Checkpoint::Advance(const v1::EventEnvelope& event) {
  last_offsets_[event.partition()] = event.offset();
  last_global_position_ = event.global_position();
}

// Layout: last global position, then (partition, offset) pairs; all 8-byte big-endian.
std::string Checkpoint::Encode() const {
  std::string out;
  out.reserve(8 + 16 * last_offsets_.size());
  AppendBigEndian64(&out, last_global_position_);
  for (const auto& [partition, offset] : last_offsets_) {
    AppendBigEndian64(&out, static_cast<uint64_t>(static_cast<uint32_t>(partition)));
    AppendBigEndian64(&out, offset);
  }
  return out;
}

absl::StatusOr<Checkpoint> Checkpoint::Decode(std::string_view bytes) {
  if (bytes.size() < 8 || (bytes.size() - 8) % 16 != 0) {
    return absl::DataLossError("checkpoint: malformed encoding");
  }
  Checkpoint checkpoint;
  checkpoint.last_global_position_ = ReadBigEndian64(bytes);
  for (size_t at = 8; at < bytes.size(); at += 16) {
    auto partition = static_cast<int32_t>(ReadBigEndian64(bytes.substr(at)));
    checkpoint.last_offsets_[partition] = ReadBigEndian64(bytes.substr(at + 8));
  }
  return checkpoint;
}

}  // namespace chronicle::eventlog
