#include "peer_channel.h"

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace chronicle::server {
namespace {

// gRPC's retry policy for every method ("name": [{}]): up to four attempts over about a second.
constexpr char kRetryServiceConfig[] = R"({
  "methodConfig": [{
    "name": [{}],
    "retryPolicy": {
      "maxAttempts": 4,
      "initialBackoff": "0.1s",
      "maxBackoff": "1s",
      "backoffMultiplier": 2,
      "retryableStatusCodes": ["UNAVAILABLE"]
    }
  }]
})";

}  // namespace

std::shared_ptr<grpc::Channel> NewPeerChannel(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(kRetryServiceConfig);
  args.SetInt(GRPC_ARG_ENABLE_RETRIES, 1);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

}  // namespace chronicle::server
