#include "chronicle/storage/disk_space_guard.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace chronicle::storage {
namespace {

std::string Mebibytes(uint64_t bytes) { return absl::StrCat(bytes >> 20, " MiB"); }

}  // namespace

absl::Status DiskSpaceGuard::CheckRoomFor(uint64_t bytes) const {
  if (reserve_bytes_ == 0) return absl::OkStatus();
  struct statvfs fs;
  if (::statvfs(path_.c_str(), &fs) != 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot check free space of ", path_, ": ", std::strerror(errno)));
  }
  const uint64_t available = static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize;
  if (available >= reserve_bytes_ + bytes) return absl::OkStatus();
  return absl::ResourceExhaustedError(absl::StrCat(
      "no space left for writes in ", path_, ": ", Mebibytes(available), " free, ",
      Mebibytes(reserve_bytes_), " kept in reserve (min-free-space); free some space and retry"));
}

}  // namespace chronicle::storage
