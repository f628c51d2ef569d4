// Reading events back out of the chunked layout (see event_codec.h).
#ifndef CHRONICLE_EVENTLOG_EVENT_READER_H_
#define CHRONICLE_EVENTLOG_EVENT_READER_H_

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "chronicle/v1/event.pb.h"
#include "rocksdb/iterator.h"

namespace chronicle::eventlog {

// Visits the serialized events at positions [from, to], in order, until `visit` returns false.
// `chunks` iterates the events column family. DATA_LOSS if a visited event fails its checksum;
// damage to events outside the range is not this scan's error.
absl::Status ScanRange(rocksdb::Iterator* chunks, uint64_t from, uint64_t to,
                       const std::function<bool(uint64_t, std::string_view)>& visit);

// Reads the events at positions [from, to], in order, into (*out)[*count], (*out)[*count + 1],
// ..., reusing messages already there and growing *out as needed; stops once *count reaches
// `max_count`. `chunks` iterates the events column family. DATA_LOSS if a wanted event fails its
// checksum; damage to events outside the range is not this read's error. The caller trims *out
// to *count.
absl::Status ReadRange(rocksdb::Iterator* chunks, uint64_t from, uint64_t to, size_t max_count,
                       std::vector<v1::EventEnvelope>* out, size_t* count);

}  // namespace chronicle::eventlog

#endif  // CHRONICLE_EVENTLOG_EVENT_READER_H_
