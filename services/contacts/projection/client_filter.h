// ListClients' filter: the conjunctive subset of AIP-160 a client list needs.
//
//   owner = "anna" AND temperature = HOT AND tags:"vip" AND create_time >= "2026-01-01T00:00:00Z"
//
// Fields: owner (effective owner), team, tags, temperature, lifecycle_status, type, create_time,
// last_contact_time, custom_fields.<key>. Operators: = != < <= > >= and : (has, for lists).
// Values: "quoted strings" or bare words. Enum values by short or full name (HOT, TEMPERATURE_HOT).
#ifndef CHRONICLE_CONTACTS_PROJECTION_CLIENT_FILTER_H_
#define CHRONICLE_CONTACTS_PROJECTION_CLIENT_FILTER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "chronicle/query/conjunctive_filter.h"
#include "chronicle/v1/contacts_resources.pb.h"

namespace chronicle::contacts {

class ClientFilter {
 public:
  // INVALID_ARGUMENT (field "filter") naming the first problem and where it is.
  static absl::StatusOr<ClientFilter> Parse(absl::string_view text);

  // True when `card` (as presented to readers) satisfies every comparison.
  bool Matches(const v1::Client& card) const;

  // The value of an `=` comparison on `field` ("" when there is none): lets the list pick an index.
  std::string EqualityOn(absl::string_view field) const;

 private:
  std::vector<query::Comparison> comparisons_;
};

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_PROJECTION_CLIENT_FILTER_H_
