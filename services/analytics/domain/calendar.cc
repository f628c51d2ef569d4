#include "analytics/domain/calendar.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"

namespace chronicle::analytics {
namespace {

constexpr int kFirstYear = 1970;
constexpr int kLastYear = 2199;
constexpr int64_t kAverageMonthSeconds = 2'629'746;  // 365.2425 days / 12

int64_t ZoneMonthStart(const absl::TimeZone& zone, int month) {
  return absl::ToUnixSeconds(
      zone.At(absl::CivilSecond(month / 12, month % 12 + 1, 1, 0, 0, 0)).pre);
}

int32_t OffsetAt(const absl::TimeZone& zone, int64_t unix_seconds) {
  return zone.At(absl::FromUnixSeconds(unix_seconds)).offset;
}

std::shared_ptr<const Calendar::Table> BuildTable(const absl::TimeZone& zone) {
  auto table = std::make_shared<Calendar::Table>();
  table->first_month = kFirstYear * 12;
  const int end_month = (kLastYear + 1) * 12;
  table->months.reserve(end_month - table->first_month);
  int64_t next_start = ZoneMonthStart(zone, table->first_month);
  for (int month = table->first_month; month < end_month; ++month) {
    Calendar::Month entry;
    entry.start = next_start;
    next_start = ZoneMonthStart(zone, month + 1);
    entry.offset = OffsetAt(zone, entry.start);
    entry.steady = OffsetAt(zone, next_start - 1) == entry.offset;
    table->months.push_back(entry);
  }
  return table;
}

// One table per zone for the life of the process: a few hundred zones at most.
std::shared_ptr<const Calendar::Table> TableOf(const absl::TimeZone& zone) {
  static absl::Mutex* const mu = new absl::Mutex;
  static auto* const tables =
      new absl::flat_hash_map<std::string, std::shared_ptr<const Calendar::Table>>;
  absl::MutexLock lock(mu);
  auto& table = (*tables)[zone.name()];
  if (table == nullptr) table = BuildTable(zone);
  return table;
}

}  // namespace

Calendar::Calendar(absl::TimeZone zone) : zone_(zone), table_(TableOf(zone)) {}

int Calendar::IndexOf(int64_t unix_seconds) const {
  const std::vector<Month>& months = table_->months;
  if (unix_seconds < months.front().start) return -1;
  const int last = static_cast<int>(months.size()) - 1;
  int i = static_cast<int>(
      std::min<int64_t>(last, (unix_seconds - months.front().start) / kAverageMonthSeconds));
  while (i > 0 && months[i].start > unix_seconds) --i;
  while (i < last && months[i + 1].start <= unix_seconds) ++i;
  // Past the last month's end: its end is not in the table, so ask the zone.
  if (i == last) return -1;
  return i;
}

int Calendar::MonthOf(int64_t unix_seconds) const {
  const int i = IndexOf(unix_seconds);
  if (i >= 0) return table_->first_month + i;
  const absl::CivilSecond civil = zone_.At(absl::FromUnixSeconds(unix_seconds)).cs;
  return static_cast<int>(civil.year()) * 12 + civil.month() - 1;
}

int64_t Calendar::DayOf(int64_t unix_seconds) const {
  const int i = IndexOf(unix_seconds);
  if (i >= 0 && table_->months[i].steady) {
    // Local seconds since the local epoch are never negative inside the table.
    return (unix_seconds + table_->months[i].offset) / 86400;
  }
  const absl::CivilDay day(zone_.At(absl::FromUnixSeconds(unix_seconds)).cs);
  return day - absl::CivilDay(1970, 1, 1);
}

int64_t Calendar::MonthStart(int month) const {
  const int i = month - table_->first_month;
  if (i >= 0 && i < static_cast<int>(table_->months.size())) return table_->months[i].start;
  return ZoneMonthStart(zone_, month);
}

std::string Calendar::MonthName(int month) {
  return absl::StrFormat("%04d-%02d", month / 12, month % 12 + 1);
}

}  // namespace chronicle::analytics
