// How the services' gRPC adapters run a unary call: authenticate on gRPC's thread, then do the
// work (which blocks on the log) on the service's own executor and finish the call with its
// status, translated with google.rpc details. Thread-safe.
#ifndef CHRONICLE_SERVER_UNARY_CALLS_H_
#define CHRONICLE_SERVER_UNARY_CALLS_H_

#include <functional>

#include "absl/status/statusor.h"
#include "chronicle/base/thread_pool.h"
#include "chronicle/server/auth.h"
#include "chronicle/v1/event.pb.h"
#include "grpcpp/support/server_callback.h"

namespace chronicle::server {

enum class Access { kAnyUser, kAdmin };

class UnaryCalls {
 public:
  // `auth` must outlive this. `threads` bounds how many calls run at once; the rest queue.
  UnaryCalls(const Authenticator* auth, int threads) : auth_(auth), executor_(threads) {}

  // Authenticates (UNAUTHENTICATED, or PERMISSION_DENIED below `access`), then runs `work` with
  // the caller as actor on the executor and finishes the call with its status. The work runs in
  // the call's correlation id (the caller's x-correlation-id metadata, else a new one, sent back
  // in the response's initial metadata); `method` ("Contacts/CreateClient") names the call in
  // the log: every call at debug level, and calls that fail on the server's side at error.
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* context, const char* method,
                                Access access, std::function<absl::Status(const v1::Actor&)> work);

 private:
  const Authenticator* auth_;
  ThreadPool executor_;  // last: drains queued calls before the rest goes
};

// Adapts an app method returning StatusOr<T> into one writing *response.
template <typename T>
absl::Status Into(absl::StatusOr<T> result, T* response) {
  if (!result.ok()) return result.status();
  *response = std::move(*result);
  return absl::OkStatus();
}

}  // namespace chronicle::server

// Declares one unary RPC of a callback service in its class: the method gRPC calls.
#define CHRONICLE_DECLARE_UNARY(Method, Request, Response)               \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* context, \
                                   const v1::Request* request, v1::Response* response) override;

// Defines it: `body` runs on the service's executor (its `calls_`, a UnaryCalls) with the
// authenticated `actor`, and `request` and `response` in scope, once `access` allows the caller.
#define CHRONICLE_DEFINE_UNARY(Service, Method, Request, Response, access, body)                  \
  grpc::ServerUnaryReactor* Service::Method(grpc::CallbackServerContext* context,                 \
                                            const v1::Request* request, v1::Response* response) { \
    return calls_.Run(context, #Service "/" #Method, access,                                      \
                      [this, request, response](const v1::Actor& actor) { body; });               \
  }

#endif  // CHRONICLE_SERVER_UNARY_CALLS_H_
