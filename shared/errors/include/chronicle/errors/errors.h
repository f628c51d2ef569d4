// Errors that carry structured details (AIP-193): an absl::Status holds google.rpc detail
// messages as payloads, and the API edge turns them into grpc::Status details that any gRPC
// client can decode. Thread-safe (stateless).
#ifndef CHRONICLE_ERRORS_ERRORS_H_
#define CHRONICLE_ERRORS_ERRORS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace chronicle::errors {

struct FieldViolation {
  std::string field;        // path of the offending field, e.g. "events[3].event_type"
  std::string description;  // what is wrong with it, e.g. "required"
  bool operator==(const FieldViolation& o) const {
    return field == o.field && description == o.description;
  }
};

// INVALID_ARGUMENT whose message lists "field: description" for each violation and whose payload
// is a google.rpc.BadRequest with the same field violations.
absl::Status InvalidArgument(const std::vector<FieldViolation>& violations);

// The field violations attached to `status` (empty if none).
std::vector<FieldViolation> FieldViolations(const absl::Status& status);

// What a FAILED_PRECONDITION is about (google.rpc.PreconditionFailure.Violation): `type` is a
// short kind ("DUPLICATE_OPEN_DEAL"), `subject` the resource in the way ("deals/d1").
struct PreconditionViolation {
  std::string type;
  std::string subject;
  std::string description;
};

// FAILED_PRECONDITION with `message` and a google.rpc.PreconditionFailure payload.
absl::Status FailedPrecondition(absl::string_view message,
                                const std::vector<PreconditionViolation>& violations);

// absl::Status -> grpc::Status; payloads that are google.rpc messages become details.
grpc::Status ToGrpc(const absl::Status& status);
// grpc::Status -> absl::Status, keeping details as payloads.
absl::Status FromGrpc(const grpc::Status& status);

}  // namespace chronicle::errors

#endif  // CHRONICLE_ERRORS_ERRORS_H_
