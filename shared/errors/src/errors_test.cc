#include "chronicle/errors/errors.h"

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace chronicle::errors {
namespace {

using ::testing::ElementsAre;

TEST(ErrorsTest, InvalidArgumentNamesFieldsInMessageAndDetails) {
  absl::Status status =
      InvalidArgument({{"phones[0]", "not a phone number"}, {"email", "required"}});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "phones[0]: not a phone number; email: required");
  EXPECT_THAT(FieldViolations(status),
              ElementsAre(FieldViolation{"phones[0]", "not a phone number"},
                          FieldViolation{"email", "required"}));
}

TEST(ErrorsTest, GrpcStatusCarriesABadRequestAnyClientCanDecode) {
  grpc::Status grpc_status = ToGrpc(InvalidArgument({{"stream.id", "required"}}));
  EXPECT_EQ(grpc_status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status proto;
  ASSERT_TRUE(proto.ParseFromString(grpc_status.error_details()));
  ASSERT_EQ(proto.details_size(), 1);
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(proto.details(0).UnpackTo(&bad_request));
  EXPECT_EQ(bad_request.field_violations(0).field(), "stream.id");

  absl::Status back = FromGrpc(grpc_status);
  EXPECT_EQ(back.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldViolations(back), ElementsAre(FieldViolation{"stream.id", "required"}));
}

TEST(ErrorsTest, FailedPreconditionCarriesAPreconditionFailure) {
  grpc::Status grpc_status = ToGrpc(FailedPrecondition(
      "client has an open deal", {{"DUPLICATE_OPEN_DEAL", "deals/d1", "owned by anna"}}));
  EXPECT_EQ(grpc_status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(grpc_status.error_message(), "client has an open deal");
  google::rpc::Status proto;
  ASSERT_TRUE(proto.ParseFromString(grpc_status.error_details()));
  google::rpc::PreconditionFailure failure;
  ASSERT_TRUE(proto.details(0).UnpackTo(&failure));
  EXPECT_EQ(failure.violations(0).type(), "DUPLICATE_OPEN_DEAL");
  EXPECT_EQ(failure.violations(0).subject(), "deals/d1");
}

TEST(ErrorsTest, PlainErrorsHaveNoDetails) {
  grpc::Status grpc_status = ToGrpc(absl::AbortedError("stale"));
  EXPECT_EQ(grpc_status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_TRUE(grpc_status.error_details().empty());
  EXPECT_TRUE(ToGrpc(absl::OkStatus()).ok());
}

}  // namespace
}  // namespace chronicle::errors
