#include "chronicle/kafka/replica_offsets.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace chronicle::kafka {
namespace {

constexpr char kHeader[] = "chronicle-replica-offsets v1";

absl::Status Unavailable(const std::string& what, const std::string& path) {
  return absl::UnavailableError(
      absl::StrCat("replica offsets: ", what, " ", path, ": ", std::strerror(errno)));
}

}  // namespace

absl::StatusOr<PartitionOffsets> LoadReplicaOffsets(const std::string& path) {
  std::ifstream in(path);
  PartitionOffsets offsets;
  if (!in) return offsets;
  std::string line;
  if (!std::getline(in, line) || line != kHeader) {
    return absl::DataLossError(absl::StrCat("replica offsets ", path, ": not an offsets file"));
  }
  // One "topic<TAB>partition<TAB>next offset" per line; topic names have no tabs.
  while (std::getline(in, line)) {
    std::vector<std::string> fields = absl::StrSplit(line, '\t');
    int32_t partition = 0;
    int64_t next = 0;
    if (fields.size() != 3 || !absl::SimpleAtoi(fields[1], &partition) ||
        !absl::SimpleAtoi(fields[2], &next)) {
      return absl::DataLossError(absl::StrCat("replica offsets ", path, ": bad line '", line, "'"));
    }
    offsets[{fields[0], partition}] = next;
  }
  return offsets;
}

absl::Status SaveReplicaOffsets(const std::string& path, const PartitionOffsets& offsets) {
  std::ostringstream text;
  text << kHeader << "\n";
  for (const auto& [where, next] : offsets) {
    text << where.first << "\t" << where.second << "\t" << next << "\n";
  }
  const std::string bytes = text.str();
  const std::string temp = path + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Unavailable("cannot create", temp);
  const bool written =
      ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
  const bool synced = written && ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return Unavailable("cannot write", temp);
  if (std::rename(temp.c_str(), path.c_str()) != 0) return Unavailable("cannot replace", path);
  // The rename itself is durable only once the directory is synced.
  const std::string dir = path.substr(0, path.find_last_of('/') + 1);
  const int dir_fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return absl::OkStatus();
}

}  // namespace chronicle::kafka
