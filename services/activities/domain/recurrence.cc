#include "activities/domain/recurrence.h"

#include <libical/ical.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "chronicle/errors/errors.h"

namespace chronicle::activities {
namespace {

absl::Status Bad(absl::string_view field, absl::string_view why) {
  return errors::InvalidArgument({{std::string(field), std::string(why)}});
}

bool IsWeekday(absl::string_view day) {
  static constexpr const char* kDays[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
  for (const char* d : kDays) {
    if (day == d) return true;
  }
  return false;
}

// "MO" or, with an ordinal, "1MO", "-1FR", "+2TU" (ordinal 1..5 either way).
bool IsByDay(absl::string_view value, bool ordinal_allowed) {
  if (value.size() < 2 || !IsWeekday(value.substr(value.size() - 2))) return false;
  absl::string_view ordinal = value.substr(0, value.size() - 2);
  if (ordinal.empty()) return true;
  if (!ordinal_allowed) return false;
  int n = 0;
  if (ordinal[0] == '+') ordinal.remove_prefix(1);
  return absl::SimpleAtoi(ordinal, &n) && n != 0 && n >= -5 && n <= 5;
}

bool AllIntsIn(absl::string_view list, int low, int high, bool zero_allowed) {
  for (absl::string_view part : absl::StrSplit(list, ',')) {
    int n = 0;
    if (!absl::SimpleAtoi(part, &n) || n < low || n > high || (n == 0 && !zero_allowed)) {
      return false;
    }
  }
  return true;
}

absl::Status ParseUntil(absl::string_view value, absl::string_view field, RecurrenceRule* rule) {
  int y, mo, d, h, mi, s;
  if (value.size() == 8 && absl::SimpleAtoi(value.substr(0, 4), &y) &&
      absl::SimpleAtoi(value.substr(4, 2), &mo) && absl::SimpleAtoi(value.substr(6, 2), &d)) {
    const absl::CivilDay day(y, mo, d);
    if (day.year() == y && day.month() == mo && day.day() == d) {
      rule->until_day = day;
      return absl::OkStatus();
    }
  } else if (value.size() == 16 && value[8] == 'T' && value[15] == 'Z' &&
             absl::SimpleAtoi(value.substr(0, 4), &y) &&
             absl::SimpleAtoi(value.substr(4, 2), &mo) &&
             absl::SimpleAtoi(value.substr(6, 2), &d) && absl::SimpleAtoi(value.substr(9, 2), &h) &&
             absl::SimpleAtoi(value.substr(11, 2), &mi) &&
             absl::SimpleAtoi(value.substr(13, 2), &s)) {
    const absl::CivilSecond at(y, mo, d, h, mi, s);
    if (at.month() == mo && at.day() == d && at.hour() == h && at.minute() == mi) {
      rule->until = absl::FromCivil(at, absl::UTCTimeZone());
      return absl::OkStatus();
    }
  }
  return Bad(field, "UNTIL must be a date (20261231) or a UTC time (20261231T235959Z)");
}

icaltimetype ToIcal(absl::CivilSecond t) {
  icaltimetype out = icaltime_null_time();
  out.year = static_cast<int>(t.year());
  out.month = t.month();
  out.day = t.day();
  out.hour = t.hour();
  out.minute = t.minute();
  out.second = t.second();
  out.is_date = 0;
  return out;
}

struct IteratorDeleter {
  void operator()(icalrecur_iterator* it) const { icalrecur_iterator_free(it); }
};

}  // namespace

absl::StatusOr<RecurrenceRule> ParseRecurrenceRule(absl::string_view text,
                                                   absl::string_view field) {
  RecurrenceRule rule;
  std::string upper = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(text));
  if (absl::StartsWith(upper, "RRULE:")) upper.erase(0, 6);
  if (upper.empty()) return Bad(field, "required, for example FREQ=WEEKLY;BYDAY=MO");
  std::string freq;
  bool has_count = false;
  std::vector<std::pair<std::string, std::string>> parts;
  for (absl::string_view part : absl::StrSplit(upper, ';', absl::SkipEmpty())) {
    std::pair<std::string, std::string> kv = absl::StrSplit(part, absl::MaxSplits('=', 1));
    if (kv.second.empty()) return Bad(field, absl::StrCat("'", part, "' is not NAME=VALUE"));
    for (const auto& seen : parts) {
      if (seen.first == kv.first) return Bad(field, absl::StrCat(kv.first, " given twice"));
    }
    parts.push_back(std::move(kv));
  }
  for (const auto& [name, value] : parts) {
    if (name == "FREQ") freq = value;
  }
  if (freq != "DAILY" && freq != "WEEKLY" && freq != "MONTHLY" && freq != "YEARLY") {
    return Bad(field, "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY");
  }
  std::vector<std::string> kept;
  for (const auto& [name, value] : parts) {
    if (name == "FREQ" || name == "WKST") {
      if (name == "WKST" && !IsWeekday(value)) return Bad(field, "WKST must be a weekday (MO)");
    } else if (name == "INTERVAL") {
      if (!AllIntsIn(value, 1, 1000, false) || value.find(',') != std::string::npos) {
        return Bad(field, "INTERVAL must be 1..1000");
      }
    } else if (name == "COUNT") {
      if (!AllIntsIn(value, 1, 10000, false) || value.find(',') != std::string::npos) {
        return Bad(field, "COUNT must be 1..10000");
      }
      has_count = true;
    } else if (name == "UNTIL") {
      if (auto s = ParseUntil(value, field, &rule); !s.ok()) return s;
      continue;  // applied here, in the series' zone, not by libical
    } else if (name == "BYDAY") {
      if (freq != "WEEKLY" && freq != "MONTHLY") {
        return Bad(field, "BYDAY is supported with FREQ=WEEKLY or FREQ=MONTHLY");
      }
      for (absl::string_view day : absl::StrSplit(value, ',')) {
        if (!IsByDay(day, freq == "MONTHLY")) {
          return Bad(field, absl::StrCat("BYDAY value '", day, "' is not ",
                                         freq == "MONTHLY" ? "MO..SU with an optional ordinal"
                                                           : "one of MO..SU"));
        }
      }
    } else if (name == "BYMONTHDAY") {
      if (freq != "MONTHLY") return Bad(field, "BYMONTHDAY is supported with FREQ=MONTHLY");
      if (!AllIntsIn(value, -31, 31, false))
        return Bad(field, "BYMONTHDAY values are 1..31 or -31..-1");
    } else if (name == "BYMONTH") {
      if (freq != "YEARLY") return Bad(field, "BYMONTH is supported with FREQ=YEARLY");
      if (!AllIntsIn(value, 1, 12, false)) return Bad(field, "BYMONTH values are 1..12");
    } else {
      return Bad(field, absl::StrCat(name,
                                     " is outside the supported subset (FREQ, INTERVAL, COUNT, "
                                     "UNTIL, BYDAY, BYMONTHDAY, BYMONTH, WKST)"));
    }
    kept.push_back(absl::StrCat(name, "=", value));
  }
  if (has_count && (rule.until || rule.until_day)) {
    return Bad(field, "COUNT and UNTIL exclude each other");
  }
  rule.ical = absl::StrJoin(kept, ";");
  return rule;
}

absl::Time LocalToInstant(absl::CivilSecond local, absl::TimeZone zone) {
  // `pre` uses the offset in effect before a transition: for a skipped time that is the instant
  // the gap's length later on the new clock; for a repeated time, the first of the two.
  return zone.At(local).pre;
}

absl::StatusOr<Expansion> ExpandRecurrence(const RecurrenceRule& rule, absl::CivilSecond start,
                                           absl::TimeZone zone, int skip, absl::Time horizon,
                                           int max, absl::string_view field) {
  Expansion out;
  icalrecurrencetype recurrence = icalrecurrencetype_from_string(rule.ical.c_str());
  if (recurrence.freq == ICAL_NO_RECURRENCE) {
    icalerror_clear_errno();
    return Bad(field, "not a valid RRULE");
  }
  std::unique_ptr<icalrecur_iterator, IteratorDeleter> it(
      icalrecur_iterator_new(recurrence, ToIcal(start)));
  if (it == nullptr) {
    icalerror_clear_errno();
    return Bad(field, "the rule has no occurrences (no date matches it)");
  }
  for (int index = 0;; ++index) {
    const icaltimetype next = icalrecur_iterator_next(it.get());
    if (icaltime_is_null_time(next)) {
      out.exhausted = true;
      break;
    }
    const absl::CivilSecond local(next.year, next.month, next.day, next.hour, next.minute,
                                  next.second);
    const absl::Time time = LocalToInstant(local, zone);
    if ((rule.until_day && absl::CivilDay(local) > *rule.until_day) ||
        (rule.until && time > *rule.until)) {
      out.exhausted = true;
      break;
    }
    if (index < skip) continue;
    if (time > horizon || static_cast<int>(out.occurrences.size()) >= max) break;
    out.occurrences.push_back({index, local, time});
  }
  return out;
}

bool ParseLocalTime(absl::string_view text, absl::CivilSecond* out) {
  if (absl::ParseCivilTime(text, out)) return true;
  absl::CivilMinute minute;
  if (!absl::ParseCivilTime(text, &minute)) return false;
  *out = absl::CivilSecond(minute);
  return true;
}

std::string FormatLocalTime(absl::CivilSecond local) { return absl::FormatCivilTime(local); }

}  // namespace chronicle::activities
