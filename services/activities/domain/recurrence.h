// Recurring tasks' rules: the iCalendar RRULE subset Chronicle accepts, and their expansion into
// instants. libical does the RFC 5545 calendar arithmetic (BYDAY, BYMONTHDAY, invalid dates such
// as 31 April or 29 February in a common year are skipped and not counted); this file decides the
// subset and reads each wall-clock occurrence in the series' time zone. Pure.
//
// Daylight saving: occurrences keep their wall-clock time. A time the clocks skip (02:30 on a
// spring-forward night) is read with the offset before the gap, as RFC 5545 section 3.3.5 says
// for DATE-TIME values, so it lands the length of the gap later (03:30) instead of vanishing; a
// time that happens twice (autumn) is its first occurrence.
#ifndef CHRONICLE_ACTIVITIES_DOMAIN_RECURRENCE_H_
#define CHRONICLE_ACTIVITIES_DOMAIN_RECURRENCE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace chronicle::activities {

struct RecurrenceRule {
  // The rule as libical reads it: the caller's parts without UNTIL, which is applied here.
  std::string ical;
  // UNTIL as a UTC instant ("20261231T235959Z") or as the last local day ("20261231").
  std::optional<absl::Time> until;
  std::optional<absl::CivilDay> until_day;
};

// Parses and checks `text` against the supported subset: FREQ=DAILY|WEEKLY|MONTHLY|YEARLY,
// INTERVAL (1..1000), COUNT (1..10000) or UNTIL, BYDAY (WEEKLY: plain weekdays; MONTHLY: with an
// optional ordinal), BYMONTHDAY (MONTHLY), BYMONTH (YEARLY), WKST. INVALID_ARGUMENT naming `field`
// and saying what is outside the subset.
absl::StatusOr<RecurrenceRule> ParseRecurrenceRule(absl::string_view text, absl::string_view field);

struct Occurrence {
  int index = 0;            // 0-based among all of the series' occurrences
  absl::CivilSecond local;  // wall-clock time in the series' zone
  absl::Time time;          // that wall-clock time as an instant
};

struct Expansion {
  std::vector<Occurrence> occurrences;
  // True when the rule has no occurrence after the last one returned (COUNT or UNTIL reached).
  bool exhausted = false;
};

// The occurrences of `rule` from `start` (wall-clock time in `zone`; the first occurrence is the
// first instant at or after it that the rule matches), skipping the first `skip`, up to and
// including `horizon`, at most `max`. INVALID_ARGUMENT naming `field` when libical finds the
// rule can never occur (FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30).
absl::StatusOr<Expansion> ExpandRecurrence(const RecurrenceRule& rule, absl::CivilSecond start,
                                           absl::TimeZone zone, int skip, absl::Time horizon,
                                           int max, absl::string_view field = "rrule");

// The instant of wall-clock time `local` in `zone`, by the rule above for skipped and repeated
// times.
absl::Time LocalToInstant(absl::CivilSecond local, absl::TimeZone zone);

// Parses "2026-11-24T13:30:00" (seconds optional). False when malformed.
bool ParseLocalTime(absl::string_view text, absl::CivilSecond* out);
std::string FormatLocalTime(absl::CivilSecond local);

}  // namespace chronicle::activities

#endif  // CHRONICLE_ACTIVITIES_DOMAIN_RECURRENCE_H_
