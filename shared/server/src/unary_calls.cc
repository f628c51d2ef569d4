#include "chronicle/server/unary_calls.h"

#include <algorithm>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "chronicle/base/correlation.h"
#include "chronicle/base/log.h"
#include "chronicle/base/uuid.h"
#include "chronicle/errors/errors.h"

namespace chronicle::server {
namespace {

constexpr char kCorrelationHeader[] = "x-correlation-id";

// The caller's correlation id when it is a sane one (1 to 128 printable ASCII characters), else
// a new one: a caller cannot smuggle line breaks into the logs or unbounded ids into events.
std::string CorrelationIdOf(const grpc::CallbackServerContext& context) {
  auto given = context.client_metadata().find(kCorrelationHeader);
  if (given != context.client_metadata().end()) {
    const absl::string_view id(given->second.data(), given->second.size());
    const bool sane = !id.empty() && id.size() <= 128 &&
                      std::all_of(id.begin(), id.end(), [](char c) { return c > ' ' && c < 127; });
    if (sane) return std::string(id);
  }
  return RandomUuid();
}

// Codes that say the server failed, not the caller.
bool ServerSide(absl::StatusCode code) {
  return code == absl::StatusCode::kInternal || code == absl::StatusCode::kUnknown ||
         code == absl::StatusCode::kDataLoss || code == absl::StatusCode::kUnavailable;
}

}  // namespace

grpc::ServerUnaryReactor* UnaryCalls::Run(grpc::CallbackServerContext* context, const char* method,
                                          Access access,
                                          std::function<absl::Status(const v1::Actor&)> work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  std::string correlation_id = CorrelationIdOf(*context);
  context->AddInitialMetadata(kCorrelationHeader, correlation_id);
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
  executor_.Schedule([reactor, method, actor = std::move(actor), work = std::move(work),
                      correlation_id = std::move(correlation_id)] {
    CorrelationScope correlation(correlation_id);
    const auto start = std::chrono::steady_clock::now();
    const absl::Status status = work(actor);
    const LogLevel level = ServerSide(status.code()) ? LogLevel::kError : LogLevel::kDebug;
    if (LogEnabled(level)) {
      const std::chrono::duration<double, std::milli> took =
          std::chrono::steady_clock::now() - start;
      Log(level, "rpc", method,
          {{"code", absl::StatusCodeToString(status.code())},
           {"ms", absl::StrCat(took.count())},
           {"user", actor.user_id()},
           {"error", std::string(status.message())}});
    }
    reactor->Finish(errors::ToGrpc(status));
  });
  return reactor;
}

}  // namespace chronicle::server
