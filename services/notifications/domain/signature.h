// Webhook signatures: the receiver recomputes HMAC-SHA256 over "<timestamp>.<body>" with the
// subscription's secret and compares; the timestamp lets it refuse replays of old requests.
#ifndef CHRONICLE_NOTIFICATIONS_DOMAIN_SIGNATURE_H_
#define CHRONICLE_NOTIFICATIONS_DOMAIN_SIGNATURE_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace chronicle::notifications {

inline constexpr char kSignatureHeader[] = "X-Chronicle-Signature";
inline constexpr char kIdempotencyHeader[] = "Idempotency-Key";

// Lower-case hex HMAC-SHA256 of `message` under `key`.
std::string HmacSha256Hex(absl::string_view key, absl::string_view message);

// The signature header's value: "t=<unix seconds>,v1=<HmacSha256Hex(secret, "<t>.<body>")>".
std::string SignatureValue(absl::string_view secret, int64_t unix_seconds, absl::string_view body);

}  // namespace chronicle::notifications

#endif  // CHRONICLE_NOTIFICATIONS_DOMAIN_SIGNATURE_H_
