// Small helpers shared by everything that stores data in RocksDB: status translation and
// order-preserving key encoding.
#ifndef CHRONICLE_STORAGE_ROCKSDB_UTIL_H_
#define CHRONICLE_STORAGE_ROCKSDB_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/status.h"

namespace chronicle::storage {

// Translates a RocksDB status into the code that tells the caller what to do next: disk full is
// RESOURCE_EXHAUSTED (free space, then retry), other I/O errors UNAVAILABLE (retry later),
// corruption DATA_LOSS. `context` prefixes the message ("append: ...").
absl::Status FromRocksDb(const rocksdb::Status& status, absl::string_view context);

// Big-endian fixed-width encoding: byte order equals numeric order, so keys sort by number.
void AppendBigEndian64(std::string* out, uint64_t value);
std::string BigEndian64(uint64_t value);
// Reads 8 big-endian bytes from the front of `bytes`. Requires bytes.size() >= 8.
uint64_t ReadBigEndian64(std::string_view bytes);

}  // namespace chronicle::storage

#endif  // CHRONICLE_STORAGE_ROCKSDB_UTIL_H_
