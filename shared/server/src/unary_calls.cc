#include "chronicle/server/unary_calls.h"

#include "chronicle/errors/errors.h"

namespace chronicle::server {

grpc::ServerUnaryReactor* UnaryCalls::Run(grpc::CallbackServerContext* context, Access access,
                                          std::function<absl::Status(const v1::Actor&)> work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto principal = auth_->Authenticate(*context);
  absl::Status denied = principal.status();
  if (denied.ok() && access == Access::kAdmin) denied = RequireRole(*principal, kAdminRole);
  if (!denied.ok()) {
    reactor->Finish(errors::ToGrpc(denied));
    return reactor;
  }
  v1::Actor actor;
  actor.set_user_id(principal->user_id);
  actor.set_role(principal->role);
  executor_.Schedule([reactor, actor = std::move(actor), work = std::move(work)] {
    reactor->Finish(errors::ToGrpc(work(actor)));
  });
  return reactor;
}

}  // namespace chronicle::server
