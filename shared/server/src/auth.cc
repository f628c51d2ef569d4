#include "chronicle/server/auth.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "chronicle/base/status_macros.h"

namespace chronicle::server {
namespace {

std::string Digest(absl::string_view token) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
  return std::string(reinterpret_cast<char*>(digest), sizeof(digest));
}

constexpr char kTokenFile[] = "admin.token";

}  // namespace

Authenticator::Authenticator(const std::map<std::string, Principal>& tokens) {
  // Lookups compare digests, so the time a lookup takes says nothing about the secret's bytes.
  for (const auto& [token, principal] : tokens) by_digest_[Digest(token)] = principal;
}

absl::StatusOr<Principal> Authenticator::Authenticate(
    const grpc::ServerContextBase& context) const {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return absl::UnauthenticatedError(
        "missing 'authorization: Bearer <token>' metadata (the admin token of a fresh data "
        "directory is in DATA_DIR/admin.token)");
  }
  absl::string_view header(it->second.data(), it->second.size());
  if (!absl::ConsumePrefix(&header, "Bearer ") && !absl::ConsumePrefix(&header, "bearer ")) {
    return absl::UnauthenticatedError("authorization metadata must be 'Bearer <token>'");
  }
  return AuthenticateToken(absl::StripAsciiWhitespace(header));
}

absl::StatusOr<Principal> Authenticator::AuthenticateToken(absl::string_view token) const {
  auto it = by_digest_.find(Digest(token));
  if (it == by_digest_.end()) return absl::UnauthenticatedError("unknown or revoked token");
  return it->second;
}

absl::Status RequireRole(const Principal& principal, absl::string_view role) {
  if (principal.role == role) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("this call needs role '", role, "'; ",
                                                  principal.user_id, " has role '", principal.role,
                                                  "'"));
}

absl::StatusOr<std::string> NewRandomToken() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    return absl::InternalError("no randomness for a token");
  }
  return absl::StrCat("chr_", absl::BytesToHexString(absl::string_view(
                                  reinterpret_cast<char*>(bytes), sizeof(bytes))));
}

absl::StatusOr<BootstrapToken> EnsureAdminToken(const std::string& data_dir) {
  BootstrapToken result;
  result.path = (std::filesystem::path(data_dir) / kTokenFile).string();
  std::ifstream existing(result.path);
  if (existing && std::getline(existing, result.token) && !result.token.empty()) return result;

  ASSIGN_OR_RETURN(result.token, NewRandomToken());
  int fd = ::open(result.path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return absl::UnavailableError(absl::StrCat("cannot write ", result.path));
  std::string line = result.token + "\n";
  bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                 ::fsync(fd) == 0;
  ::close(fd);
  if (!written) return absl::UnavailableError(absl::StrCat("cannot write ", result.path));
  result.created = true;
  return result;
}

}  // namespace chronicle::server
