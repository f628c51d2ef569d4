// Refuses writes before a filesystem runs out of space. Running RocksDB into ENOSPC is not safe
// with Debian's RocksDB 7.8: after a failed WAL write it writes to the same WAL again and aborts on
// an internal assertion (fixed upstream in RocksDB 9, facebook/rocksdb#12448). Keeping a reserve
// also leaves room for flushes and compactions, so the database can still shrink. Thread-safe.
#ifndef CHRONICLE_STORAGE_DISK_SPACE_GUARD_H_
#define CHRONICLE_STORAGE_DISK_SPACE_GUARD_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"

namespace chronicle::storage {

class DiskSpaceGuard {
 public:
  // `reserve_bytes` == 0 disables the guard.
  DiskSpaceGuard(std::string path, uint64_t reserve_bytes)
      : path_(std::move(path)), reserve_bytes_(reserve_bytes) {}

  // OK if writing `bytes` more leaves at least the reserve free on `path`'s filesystem;
  // RESOURCE_EXHAUSTED (saying how much is free) otherwise.
  absl::Status CheckRoomFor(uint64_t bytes) const;

 private:
  std::string path_;
  uint64_t reserve_bytes_;
};

}  // namespace chronicle::storage

#endif  // CHRONICLE_STORAGE_DISK_SPACE_GUARD_H_
