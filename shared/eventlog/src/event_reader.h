// Reading events back out of the chunked layout (see event_codec.h).
#ifndef CHRONICLE_EVENTLOG_EVENT_READER_H_
#define CHRONICLE_EVENTLOG_EVENT_READER_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "chronicle/v1/event.pb.h"
#include "rocksdb/iterator.h"

namespace chronicle::eventlog {

// Appends to *out the events at positions [from, to], in order, stopping once *out holds
// `max_count`. `chunks` iterates the events column family. DATA_LOSS if a wanted event fails
// its checksum; damage to events outside the range is not this read's error.
absl::Status ReadRange(rocksdb::Iterator* chunks, uint64_t from, uint64_t to, size_t max_count,
                       std::vector<v1::EventEnvelope>* out);

}  // namespace chronicle::eventlog

#endif  // CHRONICLE_EVENTLOG_EVENT_READER_H_
