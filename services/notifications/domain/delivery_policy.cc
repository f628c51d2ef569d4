#include "notifications/domain/delivery_policy.h"

#include <algorithm>
#include <cstdint>

#include "absl/hash/hash.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace chronicle::notifications {
namespace {

constexpr absl::Duration kMaxRetryDelay = absl::Hours(6);

// Minutes after midnight of "HH:MM" (checked when the settings were saved).
int MinuteOfDay(const std::string& clock) {
  int h = 0, m = 0;
  (void)absl::SimpleAtoi(clock.substr(0, 2), &h);
  (void)absl::SimpleAtoi(clock.substr(3, 2), &m);
  return h * 60 + m;
}

}  // namespace

absl::TimeZone ZoneOrUtc(const std::string& name) {
  absl::TimeZone zone;
  if (name.empty() || !absl::LoadTimeZone(name, &zone)) return absl::UTCTimeZone();
  return zone;
}

absl::Duration RetryDelay(int attempt, absl::Duration base, absl::string_view delivery_id) {
  const int doublings = std::clamp(attempt - 1, 0, 30);
  absl::Duration delay = std::min(base * (int64_t{1} << doublings), kMaxRetryDelay);
  // A stable hash (not absl::Hash, which is seeded per process): replays give the same times.
  uint64_t h = 1469598103934665603ull;
  for (char c : absl::StrCat(delivery_id, "#", attempt)) h = (h ^ uint8_t(c)) * 1099511628211ull;
  delay += delay * (double(h % 1000) / 5000.0);  // 0..20%
  return std::min(delay, kMaxRetryDelay);
}

AttemptOutcome ClassifyHttpStatus(int status) {
  if (status >= 200 && status < 300) return AttemptOutcome::kDelivered;
  if (status == 0 || status == 408 || status == 429 || status >= 500) return AttemptOutcome::kRetry;
  return AttemptOutcome::kGiveUp;
}

AttemptOutcome ClassifySmtpReply(int code) {
  if (code >= 200 && code < 300) return AttemptOutcome::kDelivered;
  if (code >= 500) return AttemptOutcome::kGiveUp;
  return AttemptOutcome::kRetry;
}

absl::Time AfterQuietHours(absl::Time t, const v1::NotificationSettings& settings,
                           v1::MessageCategory category) {
  const v1::QuietHours& quiet = settings.quiet_hours();
  if (quiet.start().empty()) return t;
  if (category != v1::MESSAGE_CATEGORY_MARKETING &&
      !(category == v1::MESSAGE_CATEGORY_TRANSACTIONAL && quiet.include_transactional())) {
    return t;
  }
  const absl::TimeZone zone = ZoneOrUtc(settings.time_zone());
  const absl::CivilSecond local = absl::ToCivilSecond(t, zone);
  const int now = local.hour() * 60 + local.minute();
  const int start = MinuteOfDay(quiet.start());
  const int end = MinuteOfDay(quiet.end());
  const bool overnight = start > end;
  const bool quiet_now = overnight ? (now >= start || now < end) : (now >= start && now < end);
  if (!quiet_now) return t;
  absl::CivilDay day = absl::CivilDay(local);
  if (overnight && now >= start) day += 1;  // the evening part: quiet ends tomorrow morning
  const absl::CivilMinute end_local(day.year(), day.month(), day.day(), end / 60, end % 60);
  return absl::FromCivil(end_local, zone);
}

std::string ClientEmail(const v1::Client& client) {
  return client.emails().empty() ? "" : client.emails(0).address();
}

std::string SuppressionReason(v1::MessageCategory category, const v1::Client& client) {
  if (client.deleted()) return "карточка клиента удалена";
  if (category == v1::MESSAGE_CATEGORY_MARKETING && !client.marketing_consent().granted()) {
    return "нет согласия клиента на маркетинговые сообщения";
  }
  if (ClientEmail(client).empty()) return "у клиента нет e-mail";
  return "";
}

}  // namespace chronicle::notifications
