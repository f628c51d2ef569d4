#include "chronicle/eventlog/expected_version.h"

#include "absl/strings/str_cat.h"

namespace chronicle::eventlog {

absl::StatusOr<ExpectedVersion> ExpectedVersion::FromWire(int64_t wire) {
  if (wire < kAny) {
    return absl::InvalidArgumentError(absl::StrCat(
        "expected_version: ", wire, " is not -1 (any), 0 (no stream) or a version > 0"));
  }
  return ExpectedVersion(wire);
}

std::string ExpectedVersion::ToString() const {
  if (value_ == kAny) return "any";
  if (value_ == 0) return "no stream";
  return absl::StrCat("version ", value_);
}

}  // namespace chronicle::eventlog
