// Resource ids as the services' APIs use them (AIP-122): "clients/{id}", "deals/{id}". Ids a
// caller may choose are [a-z0-9-]{1,63}; ids the server chooses are UUIDs (v7 for fresh
// aggregates, derived from a request id for retried creates).
#ifndef CHRONICLE_AGGREGATE_RESOURCE_IDS_H_
#define CHRONICLE_AGGREGATE_RESOURCE_IDS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chronicle::aggregate {

// An id derived from a request id, so a retried create lands on the same stream: 32 hex digits
// of SHA-256("salt\nrequest id") in UUID layout.
std::string DerivedId(absl::string_view salt, absl::string_view request_id);

// A fresh time-ordered id (UUIDv7) for a new aggregate.
std::string NewAggregateId();

// "clients/{id}" -> id. INVALID_ARGUMENT naming `field` when malformed.
absl::StatusOr<std::string> ParseResourceId(absl::string_view name, absl::string_view prefix,
                                            absl::string_view field);

// The id part of a resource name ("clients/c1" -> "c1"); the whole string when it has no slash.
inline std::string IdOf(absl::string_view name) {
  const size_t slash = name.rfind('/');
  return std::string(slash == absl::string_view::npos ? name : name.substr(slash + 1));
}

// Ids a caller may choose: [a-z0-9-]{1,63}.
bool IsValidResourceId(absl::string_view id);

}  // namespace chronicle::aggregate

#endif  // CHRONICLE_AGGREGATE_RESOURCE_IDS_H_
