// Optimistic concurrency for appends: the version a writer expects its stream to be at.
#ifndef CHRONICLE_EVENTLOG_EXPECTED_VERSION_H_
#define CHRONICLE_EVENTLOG_EXPECTED_VERSION_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace chronicle::eventlog {

class ExpectedVersion {
 public:
  // Append whatever the stream's version.
  static ExpectedVersion Any() { return ExpectedVersion(kAny); }
  // The stream must have no events yet (create).
  static ExpectedVersion NoStream() { return ExpectedVersion(0); }
  // The stream's last event must have exactly this version.
  static ExpectedVersion Exact(uint64_t version) { return ExpectedVersion(version); }
  // The wire form: -1 any, 0 no stream, N > 0 exact. INVALID_ARGUMENT below -1.
  static absl::StatusOr<ExpectedVersion> FromWire(int64_t wire);

  bool Matches(uint64_t current_version) const {
    return value_ == kAny || static_cast<uint64_t>(value_) == current_version;
  }
  int64_t ToWire() const { return value_; }
  std::string ToString() const;

 private:
  static constexpr int64_t kAny = -1;
  explicit ExpectedVersion(int64_t value) : value_(value) {}
  int64_t value_;
};

}  // namespace chronicle::eventlog

#endif  // CHRONICLE_EVENTLOG_EXPECTED_VERSION_H_
