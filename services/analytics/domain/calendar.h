// Months and days in one time zone, the grain reports are cut by.
//
// Reports ask for the month of every deal and purchase they read, a million times per report, and
// a time zone lookup per question costs more than the rest of the row. So the zone's rules are
// read once per zone into a table of month starts with the UTC offset each month keeps, shared
// by every calendar of that zone; a question is then arithmetic on the table. Months in which the
// offset changes (a daylight saving switch) and instants outside 1970-2199 ask the zone itself.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_CALENDAR_H_
#define CHRONICLE_ANALYTICS_DOMAIN_CALENDAR_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace chronicle::analytics {

// Months are year * 12 + (month - 1); days are days since 1970-01-01, both in the zone.
class Calendar {
 public:
  explicit Calendar(absl::TimeZone zone);

  int MonthOf(int64_t unix_seconds) const;
  int64_t DayOf(int64_t unix_seconds) const;
  // The first second of `month`.
  int64_t MonthStart(int month) const;
  static std::string MonthName(int month);  // "2026-11"

  struct Month {
    int64_t start = 0;    // Unix seconds of its first instant
    int32_t offset = 0;   // seconds east of UTC at its start
    bool steady = false;  // the same offset until the next month starts
  };
  struct Table {
    int first_month = 0;
    std::vector<Month> months;
  };

 private:
  // The table index of the month holding `unix_seconds`; -1 outside the table.
  int IndexOf(int64_t unix_seconds) const;

  absl::TimeZone zone_;
  std::shared_ptr<const Table> table_;
};

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_CALENDAR_H_
