// The conjunctive subset of AIP-160 filters that the services' List methods accept:
//
//   owner = "anna" AND stage != won AND create_time >= "2026-01-01T00:00:00Z"
//
// Comparisons joined by AND; operators = != < <= > >= and : (has, for lists); values are
// "quoted strings" or bare words. Each service says which fields exist and matches them against
// its own resource; parsing and the comparison semantics are shared here.
#ifndef CHRONICLE_QUERY_CONJUNCTIVE_FILTER_H_
#define CHRONICLE_QUERY_CONJUNCTIVE_FILTER_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/timestamp.pb.h"

namespace chronicle::query {

struct Comparison {
  std::string field;
  std::string op;
  std::string value;
};

struct FilterFields {
  // True for a field the resource can be filtered on.
  std::function<bool(const std::string& field)> known;
  // Shown in the error for an unknown field: "owner, team, stage".
  std::string known_list;
  // Fields whose values must parse as RFC 3339 times.
  std::vector<std::string> time_fields;
};

// INVALID_ARGUMENT (field "filter") naming the first problem and where it is.
absl::StatusOr<std::vector<Comparison>> ParseConjunction(absl::string_view text,
                                                         const FilterFields& fields);

// Orders two values of one kind: -1, 0, 1.
template <typename T>
int Order(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// Whether `order` (of the resource's value against the comparison's) satisfies `op`.
bool Holds(int order, const std::string& op);

// A string field against a comparison.
bool StringMatches(const std::string& value, const Comparison& c);

// An enum field: the value by its full name (TEMPERATURE_HOT) or its short suffix (HOT), any case.
bool EnumMatches(const google::protobuf::EnumDescriptor* type, int number, const Comparison& c);

// A time field (`present` false when unset: only != matches).
bool TimeMatches(const google::protobuf::Timestamp& t, bool present, const Comparison& c);

// The value of the first `=` (or `:`) comparison on `field`, "" when there is none: lets a list
// pick an index.
std::string EqualityOn(const std::vector<Comparison>& comparisons, absl::string_view field);

}  // namespace chronicle::query

#endif  // CHRONICLE_QUERY_CONJUNCTIVE_FILTER_H_
