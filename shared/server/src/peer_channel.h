// Channels to the services another process runs, for the calls services make to each other
// (automation's commands, lifecycle statuses). Calls that fail UNAVAILABLE (the peer restarting,
// a connection reset) are retried by gRPC with backoff; every such command carries a request id,
// so a retry takes effect once. Each call keeps its own deadline.
#ifndef CHRONICLE_SERVER_PEER_CHANNEL_H_
#define CHRONICLE_SERVER_PEER_CHANNEL_H_

#include <memory>
#include <string>

#include "grpcpp/channel.h"

namespace chronicle::server {

std::shared_ptr<grpc::Channel> NewPeerChannel(const std::string& address);

}  // namespace chronicle::server

#endif  // CHRONICLE_SERVER_PEER_CHANNEL_H_
