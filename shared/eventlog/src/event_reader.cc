#include "event_reader.h"

#include "chronicle/base/status_macros.h"
#include "chronicle/storage/rocksdb_util.h"
#include "event_codec.h"

namespace chronicle::eventlog {

absl::Status ScanRange(rocksdb::Iterator* chunks, uint64_t from, uint64_t to,
                       const std::function<bool(uint64_t, std::string_view)>& visit) {
  if (from > to) return absl::OkStatus();
  chunks->SeekForPrev(EventKey(from));  // the chunk holding `from` starts at or before it
  if (!chunks->Valid()) chunks->Seek(EventKey(from));
  bool done = false;
  for (; chunks->Valid() && !done; chunks->Next()) {
    const uint64_t first = DecodeEventKey(chunks->key().ToStringView());
    if (first > to) break;
    RETURN_IF_ERROR(ForEachRecord(first, chunks->value().ToStringView(), from,
                                  [&](uint64_t position, std::string_view bytes) {
                                    if (position > to || !visit(position, bytes)) {
                                      done = true;
                                      return false;
                                    }
                                    done = position == to;
                                    return !done;
                                  }));
  }
  return storage::FromRocksDb(chunks->status(), "read");
}

absl::Status ReadRange(rocksdb::Iterator* chunks, uint64_t from, uint64_t to, size_t max_count,
                       std::vector<v1::EventEnvelope>* out, size_t* count) {
  if (*count >= max_count) return absl::OkStatus();
  absl::Status parsed;
  RETURN_IF_ERROR(ScanRange(chunks, from, to, [&](uint64_t position, std::string_view bytes) {
    if (*count == out->size()) out->emplace_back();
    parsed = ParseEvent(position, bytes, &(*out)[(*count)++]);
    return parsed.ok() && *count < max_count;
  }));
  return parsed;
}

}  // namespace chronicle::eventlog
