// Small helpers for callback-API handlers.
#ifndef CHRONICLE_SERVER_REACTORS_H_
#define CHRONICLE_SERVER_REACTORS_H_

#include "absl/status/status.h"
#include "chronicle/errors/errors.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"

namespace chronicle::server {

// A unary reactor already finished with `status`.
inline grpc::ServerUnaryReactor* FinishNow(grpc::CallbackServerContext* context,
                                           const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(errors::ToGrpc(status));
  return reactor;
}

}  // namespace chronicle::server

#endif  // CHRONICLE_SERVER_REACTORS_H_
