#include "chronicle/aggregate/resource_ids.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "chronicle/base/clock.h"
#include "chronicle/base/uuid.h"
#include "chronicle/errors/errors.h"
#include "openssl/sha.h"

namespace chronicle::aggregate {

std::string DerivedId(absl::string_view salt, absl::string_view request_id) {
  const std::string input = absl::StrCat(salt, "\n", request_id);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  const std::string hex =
      absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), 16));
  return absl::StrCat(hex.substr(0, 8), "-", hex.substr(8, 4), "-", hex.substr(12, 4), "-",
                      hex.substr(16, 4), "-", hex.substr(20, 12));
}

std::string NewAggregateId() {
  thread_local UuidV7Generator ids(Clock::Real());
  return ids.Next();
}

bool IsValidResourceId(absl::string_view id) {
  if (id.empty() || id.size() > 63) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

absl::StatusOr<std::string> ParseResourceId(absl::string_view name, absl::string_view prefix,
                                            absl::string_view field) {
  if (!absl::ConsumePrefix(&name, prefix) || !IsValidResourceId(name)) {
    return errors::InvalidArgument(
        {{std::string(field), absl::StrCat("must be ", prefix, "{id}, id [a-z0-9-]{1,63}")}});
  }
  return std::string(name);
}

}  // namespace chronicle::aggregate
