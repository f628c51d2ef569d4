// How a message goes out: when the next attempt follows a failure (exponential backoff with a
// deterministic jitter), which failures are worth retrying, when quiet hours hold a message back,
// and when a message to a client must not be sent at all (no consent, no address). Pure.
#ifndef CHRONICLE_NOTIFICATIONS_DOMAIN_DELIVERY_POLICY_H_
#define CHRONICLE_NOTIFICATIONS_DOMAIN_DELIVERY_POLICY_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "chronicle/v1/contacts_resources.pb.h"
#include "chronicle/v1/notifications_resources.pb.h"

namespace chronicle::notifications {

// The IANA zone `name` ("Europe/Moscow"), or UTC when it is empty or unknown (settings and
// employees' zones are checked when saved; this only guards reads of old data).
absl::TimeZone ZoneOrUtc(const std::string& name);

// Wait after failed attempt `attempt` (1-based): base * 2^(attempt-1), plus up to 20% jitter
// derived from `delivery_id` (so receivers are not hit in lockstep, yet replays are exact),
// at most 6 hours.
absl::Duration RetryDelay(int attempt, absl::Duration base, absl::string_view delivery_id);

enum class AttemptOutcome { kDelivered, kRetry, kGiveUp };

// HTTP: 2xx delivered; 408, 429 and 5xx (and no answer: status 0) worth retrying; any other 4xx
// is the receiver refusing for good.
AttemptOutcome ClassifyHttpStatus(int status);
// SMTP: 2xx delivered; 4xx transient (and no answer); 5xx permanent.
AttemptOutcome ClassifySmtpReply(int code);

// `t`, or the end of the workspace's quiet hours when `t` falls in them and they apply to
// `category` (marketing always; transactional when include_transactional).
absl::Time AfterQuietHours(absl::Time t, const v1::NotificationSettings& settings,
                           v1::MessageCategory category);

// Why a message of `category` must not go to `client` by e-mail, or "" when it may.
std::string SuppressionReason(v1::MessageCategory category, const v1::Client& client);

// The address to write to: the first e-mail on the card; "" when none.
std::string ClientEmail(const v1::Client& client);

}  // namespace chronicle::notifications

#endif  // CHRONICLE_NOTIFICATIONS_DOMAIN_DELIVERY_POLICY_H_
