#include "analytics/domain/calendar.h"

#include <random>

#include "gtest/gtest.h"

namespace chronicle::analytics {
namespace {

// What the zone's own rules say, computed without the table.
int ZoneMonth(const absl::TimeZone& zone, int64_t t) {
  const absl::CivilSecond civil = zone.At(absl::FromUnixSeconds(t)).cs;
  return static_cast<int>(civil.year()) * 12 + civil.month() - 1;
}
int64_t ZoneDay(const absl::TimeZone& zone, int64_t t) {
  return absl::CivilDay(zone.At(absl::FromUnixSeconds(t)).cs) - absl::CivilDay(1970, 1, 1);
}

TEST(CalendarTest, AgreesWithTheZoneRulesEverywhere) {
  // Moscow changed its offset several times until 2014; New York and Lord Howe (a half-hour
  // switch) keep daylight saving; Kathmandu is +05:45.
  for (const char* name :
       {"Europe/Moscow", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC"}) {
    absl::TimeZone zone;
    ASSERT_TRUE(absl::LoadTimeZone(name, &zone)) << name;
    const Calendar calendar(zone);
    std::mt19937_64 random(7);
    std::vector<int64_t> instants;
    for (int i = 0; i < 20000; ++i) {
      instants.push_back(static_cast<int64_t>(random() % 8'000'000'000ull) - 500'000'000);
    }
    // Every month edge from 1969 to 2201, and a second either side of it.
    for (int month = 1969 * 12; month < 2201 * 12; ++month) {
      const int64_t start = absl::ToUnixSeconds(
          zone.At(absl::CivilSecond(month / 12, month % 12 + 1, 1, 0, 0, 0)).pre);
      instants.insert(instants.end(), {start - 1, start, start + 1});
      EXPECT_EQ(calendar.MonthStart(month), start) << name << " " << month;
    }
    for (int64_t t : instants) {
      ASSERT_EQ(calendar.MonthOf(t), ZoneMonth(zone, t)) << name << " at " << t;
      ASSERT_EQ(calendar.DayOf(t), ZoneDay(zone, t)) << name << " at " << t;
    }
  }
}

TEST(CalendarTest, MonthNames) {
  EXPECT_EQ(Calendar::MonthName(2026 * 12 + 10), "2026-11");
  EXPECT_EQ(Calendar::MonthName(1970 * 12), "1970-01");
}

}  // namespace
}  // namespace chronicle::analytics
