// Computed lifecycle statuses to the contacts service, over gRPC (in-process in chronicled).
#include <chrono>

#include "absl/strings/str_cat.h"
#include "analytics/app/analytics_app.h"
#include "chronicle/errors/errors.h"
#include "chronicle/v1/contacts.grpc.pb.h"
#include "grpcpp/channel.h"

namespace chronicle::analytics {
namespace {

constexpr auto kDeadline = std::chrono::seconds(10);

class GrpcLifecycleSink final : public LifecycleSink {
 public:
  GrpcLifecycleSink(std::shared_ptr<grpc::Channel> channel, std::string token)
      : token_(std::move(token)), contacts_(v1::Contacts::NewStub(channel)) {}

  absl::Status SetComputedStatus(const std::string& client, v1::LifecycleStatus status,
                                 const std::string& request_id) override {
    v1::SetLifecycleStatusRequest request;
    request.set_name(absl::StrCat("clients/", client));
    request.set_status(status);
    request.set_computed(true);
    request.set_reason("analytics lifecycle rules");
    request.set_request_id(request_id);
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", token_));
    context.set_deadline(std::chrono::system_clock::now() + kDeadline);
    v1::Client card;
    return errors::FromGrpc(contacts_->SetLifecycleStatus(&context, request, &card));
  }

 private:
  const std::string token_;
  std::unique_ptr<v1::Contacts::Stub> contacts_;
};

}  // namespace

std::unique_ptr<LifecycleSink> NewGrpcLifecycleSink(std::shared_ptr<grpc::Channel> channel,
                                                    std::string token) {
  return std::make_unique<GrpcLifecycleSink>(std::move(channel), std::move(token));
}

}  // namespace chronicle::analytics
