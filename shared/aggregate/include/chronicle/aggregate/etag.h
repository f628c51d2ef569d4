// Optimistic concurrency for callers (AIP-154): a resource's etag is its aggregate's stream
// version, and a write that names an etag applies only to that version.
#ifndef CHRONICLE_AGGREGATE_ETAG_H_
#define CHRONICLE_AGGREGATE_ETAG_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace chronicle::aggregate {

// ABORTED when the caller's `etag` (empty: unconditional) is not the aggregate's `version`: the
// caller decided on a state that has changed since, and should read it again.
inline absl::Status CheckEtag(absl::string_view etag, uint64_t version) {
  if (etag.empty() || etag == absl::StrCat(version)) return absl::OkStatus();
  return absl::AbortedError(absl::StrCat("etag ", etag, " is stale: the current version is ",
                                         version, "; read it again and retry"));
}

}  // namespace chronicle::aggregate

#endif  // CHRONICLE_AGGREGATE_ETAG_H_
