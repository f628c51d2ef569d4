// Bearer-token authentication for every RPC. Tokens map to principals in the configuration; the
// server keeps only their SHA-256 digests. Thread-safe after construction.
#ifndef CHRONICLE_SERVER_AUTH_H_
#define CHRONICLE_SERVER_AUTH_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "chronicle/server/config.h"
#include "grpcpp/server_context.h"

namespace chronicle::server {

inline constexpr char kAdminRole[] = "admin";

class Authenticator {
 public:
  explicit Authenticator(const std::map<std::string, Principal>& tokens);

  // Reads "authorization: Bearer <token>" from the call's metadata. UNAUTHENTICATED when the
  // header is missing, malformed, or names no known token.
  absl::StatusOr<Principal> Authenticate(const grpc::ServerContextBase& context) const;
  absl::StatusOr<Principal> AuthenticateToken(absl::string_view token) const;

 private:
  std::map<std::string, Principal> by_digest_;
};

// PERMISSION_DENIED unless `principal` has `role`.
absl::Status RequireRole(const Principal& principal, absl::string_view role);

// A fresh token: "chr_" and 64 hex digits of randomness.
absl::StatusOr<std::string> NewRandomToken();

// The admin token of a data directory with no configured tokens: read from DATA_DIR/admin.token,
// or generated and written there (mode 0600) on first start.
struct BootstrapToken {
  std::string token;
  std::string path;
  bool created = false;
};
absl::StatusOr<BootstrapToken> EnsureAdminToken(const std::string& data_dir);

}  // namespace chronicle::server

#endif  // CHRONICLE_SERVER_AUTH_H_
