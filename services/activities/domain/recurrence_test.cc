// RRULE subset and expansion: month ends, leap days, daylight saving, COUNT/UNTIL, and what is
// refused. Expected dates are written out by hand from a calendar, not computed.
#include "activities/domain/recurrence.h"

#include "chronicle/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::activities {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::TimeZone Zone(const char* name) {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone(name, &zone)) << name;
  return zone;
}

// Local wall-clock times of the first `max` occurrences, as "YYYY-MM-DDTHH:MM:SS".
std::vector<std::string> Locals(const std::string& rrule, absl::CivilSecond start,
                                const char* zone = "Europe/Moscow", int max = 10, int skip = 0) {
  auto rule = ParseRecurrenceRule(rrule, "rrule");
  EXPECT_TRUE(rule.ok()) << rule.status();
  auto expansion = ExpandRecurrence(*rule, start, Zone(zone), skip, absl::InfiniteFuture(), max);
  EXPECT_TRUE(expansion.ok()) << expansion.status();
  std::vector<std::string> out;
  for (const Occurrence& o : expansion->occurrences) out.push_back(FormatLocalTime(o.local));
  return out;
}

std::string Utc(absl::Time t) { return absl::FormatTime("%Y-%m-%d %H:%M", t, absl::UTCTimeZone()); }

TEST(RecurrenceTest, MonthlyOnThe31stSkipsShortMonthsAsRfc5545Says) {
  EXPECT_THAT(Locals("FREQ=MONTHLY", absl::CivilSecond(2026, 1, 31, 10, 0, 0), "Europe/Moscow", 4),
              ElementsAre("2026-01-31T10:00:00", "2026-03-31T10:00:00", "2026-05-31T10:00:00",
                          "2026-07-31T10:00:00"));
}

TEST(RecurrenceTest, LastDayOfTheMonthWithNegativeMonthDay) {
  EXPECT_THAT(Locals("FREQ=MONTHLY;BYMONTHDAY=-1", absl::CivilSecond(2027, 12, 1, 9, 0, 0),
                     "Europe/Moscow", 4),
              ElementsAre("2027-12-31T09:00:00", "2028-01-31T09:00:00", "2028-02-29T09:00:00",
                          "2028-03-31T09:00:00"));
}

TEST(RecurrenceTest, YearlyOnALeapDayOccursOnlyInLeapYears) {
  EXPECT_THAT(Locals("FREQ=YEARLY;COUNT=3", absl::CivilSecond(2024, 2, 29, 12, 0, 0)),
              ElementsAre("2024-02-29T12:00:00", "2028-02-29T12:00:00", "2032-02-29T12:00:00"));
  // The last day of February every year is the way to greet a leap-day birthday annually.
  EXPECT_THAT(
      Locals("FREQ=YEARLY;BYMONTH=2", absl::CivilSecond(2025, 2, 28, 12, 0, 0), "Europe/Moscow", 1),
      ElementsAre("2025-02-28T12:00:00"));
}

TEST(RecurrenceTest, WeeklyOnWeekdaysWithIntervalAndCount) {
  // 2026-01-05 is a Monday; every other week on Monday and Wednesday.
  EXPECT_THAT(
      Locals("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=5", absl::CivilSecond(2026, 1, 5, 9, 0, 0)),
      ElementsAre("2026-01-05T09:00:00", "2026-01-07T09:00:00", "2026-01-19T09:00:00",
                  "2026-01-21T09:00:00", "2026-02-02T09:00:00"));
  // A start on a day the rule does not match is not an occurrence.
  EXPECT_THAT(Locals("FREQ=WEEKLY;BYDAY=FR;COUNT=2", absl::CivilSecond(2026, 1, 5, 9, 0, 0)),
              ElementsAre("2026-01-09T09:00:00", "2026-01-16T09:00:00"));
}

TEST(RecurrenceTest, MonthlyOnTheLastFriday) {
  EXPECT_THAT(Locals("FREQ=MONTHLY;BYDAY=-1FR;COUNT=3", absl::CivilSecond(2026, 1, 1, 15, 0, 0)),
              ElementsAre("2026-01-30T15:00:00", "2026-02-27T15:00:00", "2026-03-27T15:00:00"));
}

TEST(RecurrenceTest, UntilADateIncludesThatDayInTheSeriesZone) {
  EXPECT_THAT(Locals("FREQ=DAILY;UNTIL=20260103", absl::CivilSecond(2026, 1, 1, 23, 30, 0),
                     "Asia/Vladivostok"),
              ElementsAre("2026-01-01T23:30:00", "2026-01-02T23:30:00", "2026-01-03T23:30:00"));
}

TEST(RecurrenceTest, UntilAUtcInstant) {
  // 10:00 in Moscow is 07:00 UTC: the third day's occurrence is after 06:59:59Z.
  EXPECT_THAT(Locals("FREQ=DAILY;UNTIL=20260103T065959Z", absl::CivilSecond(2026, 1, 1, 10, 0, 0)),
              ElementsAre("2026-01-01T10:00:00", "2026-01-02T10:00:00"));
}

TEST(RecurrenceTest, WallClockTimeHoldsAcrossDaylightSavingChanges) {
  // Kyiv moves from +02:00 to +03:00 on 2026-03-29 at 03:00.
  auto rule = ParseRecurrenceRule("FREQ=DAILY;COUNT=3", "rrule");
  ASSERT_TRUE(rule.ok());
  auto ex = ExpandRecurrence(*rule, absl::CivilSecond(2026, 3, 28, 10, 0, 0), Zone("Europe/Kyiv"),
                             0, absl::InfiniteFuture(), 10);
  ASSERT_TRUE(ex.ok());
  std::vector<std::string> utc;
  for (const Occurrence& o : ex->occurrences) utc.push_back(Utc(o.time));
  EXPECT_THAT(utc, ElementsAre("2026-03-28 08:00", "2026-03-29 07:00", "2026-03-30 07:00"));
}

TEST(RecurrenceTest, ASkippedLocalTimeLandsAfterTheGapAndARepeatedOneIsTheFirst) {
  auto rule = ParseRecurrenceRule("FREQ=DAILY;COUNT=3", "rrule");
  ASSERT_TRUE(rule.ok());
  // 03:30 does not exist in Kyiv on 2026-03-29: read with the +02:00 offset, it is 01:30 UTC
  // (04:30 on the new clock). The day is not lost.
  auto spring = ExpandRecurrence(*rule, absl::CivilSecond(2026, 3, 28, 3, 30, 0),
                                 Zone("Europe/Kyiv"), 0, absl::InfiniteFuture(), 10);
  ASSERT_TRUE(spring.ok());
  ASSERT_EQ(spring->occurrences.size(), 3u);
  EXPECT_EQ(Utc(spring->occurrences[0].time), "2026-03-28 01:30");
  EXPECT_EQ(Utc(spring->occurrences[1].time), "2026-03-29 01:30");
  EXPECT_EQ(Utc(spring->occurrences[2].time), "2026-03-30 00:30");
  // 03:30 happens twice on 2026-10-25 (04:00 +03:00 -> 03:00 +02:00): the first, 00:30 UTC.
  auto autumn = ExpandRecurrence(*rule, absl::CivilSecond(2026, 10, 24, 3, 30, 0),
                                 Zone("Europe/Kyiv"), 0, absl::InfiniteFuture(), 10);
  ASSERT_TRUE(autumn.ok());
  EXPECT_EQ(Utc(autumn->occurrences[1].time), "2026-10-25 00:30");
  EXPECT_EQ(Utc(autumn->occurrences[2].time), "2026-10-26 01:30");
}

TEST(RecurrenceTest, SkipHorizonAndMaxBoundTheExpansion) {
  auto rule = ParseRecurrenceRule("FREQ=DAILY;COUNT=10", "rrule");
  ASSERT_TRUE(rule.ok());
  const absl::TimeZone utc = absl::UTCTimeZone();
  auto ex = ExpandRecurrence(*rule, absl::CivilSecond(2026, 1, 1, 0, 0, 0), utc, 3,
                             absl::FromCivil(absl::CivilSecond(2026, 1, 6, 0, 0, 0), utc), 100);
  ASSERT_TRUE(ex.ok());
  ASSERT_EQ(ex->occurrences.size(), 3u);  // the 4th, 5th and 6th of January
  EXPECT_EQ(ex->occurrences[0].index, 3);
  EXPECT_FALSE(ex->exhausted);
  auto rest = ExpandRecurrence(*rule, absl::CivilSecond(2026, 1, 1, 0, 0, 0), utc, 6,
                               absl::InfiniteFuture(), 100);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->occurrences.size(), 4u);
  EXPECT_TRUE(rest->exhausted);
}

TEST(RecurrenceTest, RulesOutsideTheSubsetAreRefusedWithTheReason) {
  auto why = [](const char* text) {
    auto rule = ParseRecurrenceRule(text, "series.rrule");
    EXPECT_FALSE(rule.ok()) << text;
    auto violations = errors::FieldViolations(rule.status());
    EXPECT_EQ(violations.size(), 1u) << text;
    if (violations.empty()) return std::string();
    EXPECT_EQ(violations[0].field, "series.rrule");
    return violations[0].description;
  };
  EXPECT_THAT(why("FREQ=HOURLY"), HasSubstr("FREQ must be"));
  EXPECT_THAT(why("FREQ=DAILY;BYDAY=MO"), HasSubstr("BYDAY is supported with FREQ=WEEKLY"));
  EXPECT_THAT(why("FREQ=WEEKLY;BYDAY=1MO"), HasSubstr("one of MO..SU"));
  EXPECT_THAT(why("FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO"), HasSubstr("BYSETPOS is outside"));
  EXPECT_THAT(why("FREQ=DAILY;COUNT=2;UNTIL=20260101"), HasSubstr("exclude each other"));
  EXPECT_THAT(why("FREQ=DAILY;INTERVAL=0"), HasSubstr("INTERVAL"));
  EXPECT_THAT(why("FREQ=DAILY;UNTIL=2026-01-01"), HasSubstr("UNTIL must be"));
  EXPECT_THAT(why(""), HasSubstr("required"));
  EXPECT_THAT(why("FREQ=DAILY;FREQ=WEEKLY"), HasSubstr("twice"));
  // Accepted: RRULE: prefix, lower case, WKST.
  EXPECT_TRUE(ParseRecurrenceRule("RRULE:freq=weekly;byday=mo;wkst=mo", "rrule").ok());
}

TEST(RecurrenceTest, ARuleThatNeverOccursIsRefused) {
  auto rule = ParseRecurrenceRule("FREQ=MONTHLY;BYMONTHDAY=30;INTERVAL=12", "rrule");
  ASSERT_TRUE(rule.ok());
  // Every 12 months from February: always February, which has no 30th.
  auto ex = ExpandRecurrence(*rule, absl::CivilSecond(2026, 2, 1, 9, 0, 0), absl::UTCTimeZone(), 0,
                             absl::InfiniteFuture(), 1);
  EXPECT_TRUE(!ex.ok() || ex->occurrences.empty());
}

}  // namespace
}  // namespace chronicle::activities
