#include "event_reader.h"

#include "chronicle/base/status_macros.h"
#include "chronicle/storage/rocksdb_util.h"
#include "event_codec.h"

namespace chronicle::eventlog {

absl::Status ReadRange(rocksdb::Iterator* chunks, uint64_t from, uint64_t to, size_t max_count,
                       std::vector<v1::EventEnvelope>* out, size_t* count) {
  if (*count >= max_count || from > to) return absl::OkStatus();
  chunks->SeekForPrev(EventKey(from));  // the chunk holding `from` starts at or before it
  if (!chunks->Valid()) chunks->Seek(EventKey(from));
  absl::Status parsed;
  bool done = false;
  for (; chunks->Valid() && !done; chunks->Next()) {
    const uint64_t first = DecodeEventKey(chunks->key().ToStringView());
    if (first > to) break;
    RETURN_IF_ERROR(ForEachRecord(first, chunks->value().ToStringView(), from,
                                  [&](uint64_t position, std::string_view bytes) {
                                    if (position > to) {
                                      done = true;
                                      return false;
                                    }
                                    if (*count == out->size()) out->emplace_back();
                                    parsed = ParseEvent(position, bytes, &(*out)[(*count)++]);
                                    done = *count >= max_count || position == to;
                                    return parsed.ok() && !done;
                                  }));
    RETURN_IF_ERROR(parsed);
  }
  return storage::FromRocksDb(chunks->status(), "read");
}

}  // namespace chronicle::eventlog
