#include "chronicle/errors/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace chronicle::errors {
namespace {

constexpr char kTypeUrlPrefix[] = "type.googleapis.com/";

std::string TypeUrl(const google::protobuf::Message& message) {
  return absl::StrCat(kTypeUrlPrefix, message.GetDescriptor()->full_name());
}

}  // namespace

absl::Status InvalidArgument(const std::vector<FieldViolation>& violations) {
  google::rpc::BadRequest details;
  std::vector<std::string> parts;
  for (const FieldViolation& v : violations) {
    auto* proto = details.add_field_violations();
    proto->set_field(v.field);
    proto->set_description(v.description);
    parts.push_back(absl::StrCat(v.field, ": ", v.description));
  }
  absl::Status status = absl::InvalidArgumentError(absl::StrJoin(parts, "; "));
  status.SetPayload(TypeUrl(details), absl::Cord(details.SerializeAsString()));
  return status;
}

absl::Status FailedPrecondition(absl::string_view message,
                                const std::vector<PreconditionViolation>& violations) {
  google::rpc::PreconditionFailure details;
  for (const PreconditionViolation& v : violations) {
    auto* proto = details.add_violations();
    proto->set_type(v.type);
    proto->set_subject(v.subject);
    proto->set_description(v.description);
  }
  absl::Status status = absl::FailedPreconditionError(message);
  status.SetPayload(TypeUrl(details), absl::Cord(details.SerializeAsString()));
  return status;
}

std::vector<FieldViolation> FieldViolations(const absl::Status& status) {
  std::vector<FieldViolation> out;
  auto payload = status.GetPayload(TypeUrl(google::rpc::BadRequest()));
  google::rpc::BadRequest details;
  if (!payload || !details.ParseFromString(std::string(*payload))) return out;
  for (const auto& v : details.field_violations()) out.push_back({v.field(), v.description()});
  return out;
}

grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  google::rpc::Status proto;
  proto.set_code(static_cast<int>(status.code()));
  proto.set_message(std::string(status.message()));
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    auto* any = proto.add_details();
    any->set_type_url(std::string(type_url));
    any->set_value(std::string(payload));
  });
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()),
                      proto.details_size() > 0 ? proto.SerializeAsString() : std::string());
}

absl::Status FromGrpc(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  google::rpc::Status proto;
  if (!status.error_details().empty() && proto.ParseFromString(status.error_details())) {
    for (const auto& any : proto.details()) out.SetPayload(any.type_url(), absl::Cord(any.value()));
  }
  return out;
}

}  // namespace chronicle::errors
