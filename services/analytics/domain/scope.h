// A report's scope resolved against the facts: the period as Unix seconds, filters as interned
// symbols, and the calendar (months and days in the settings' time zone) reports are cut by.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_SCOPE_H_
#define CHRONICLE_ANALYTICS_DOMAIN_SCOPE_H_

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "analytics/domain/calendar.h"
#include "analytics/domain/facts.h"
#include "chronicle/errors/errors.h"
#include "chronicle/v1/analytics_resources.pb.h"

namespace chronicle::analytics {

class Scope {
 public:
  int64_t start = std::numeric_limits<int64_t>::min();
  int64_t end = std::numeric_limits<int64_t>::max();
  bool has_period = false;
  // Filters: kNoSuchSym with *_set means "names something that never occurred": nothing matches.
  Sym pipeline = 0;
  bool pipeline_set = false;
  Sym owner = 0;
  bool owner_set = false;
  Sym team = 0;
  bool team_set = false;
  Sym source = 0;
  bool source_set = false;

  bool InPeriod(int64_t t) const { return t >= start && t < end; }
  bool OwnerMatches(Sym owner_sym, Sym team_sym) const {
    return (!owner_set || owner_sym == owner) && (!team_set || team_sym == team);
  }
  // No filter on the owner, team, source or segment: every client and deal matches but for the
  // period and the pipeline.
  bool ClientFiltersUnset() const {
    return !owner_set && !team_set && !source_set && segment_kind == SegmentKind::kNone;
  }
  // The client's own attributes: owner, team, source and segment (not the period).
  bool ClientMatches(const ClientFacts& client) const;
  // Deal's pipeline, owner, team and source, and its client's segment (not the period).
  bool DealMatches(const AnalyticsFacts& facts, const DealFacts& deal) const;

  // Segment: one attribute of the client card.
  enum class SegmentKind { kNone, kTag, kType, kTemperature, kLifecycle, kChannel, kCustom };
  SegmentKind segment_kind = SegmentKind::kNone;
  Sym segment_key = 0;    // custom field key
  Sym segment_value = 0;  // tag or custom value
  int segment_enum = 0;   // type, temperature, lifecycle or channel value
};

// What is wrong with a whole report request, collected so that the answer names every bad field
// at once (INVALID_ARGUMENT with a BadRequest), in the order the checks ran.
class RequestCheck {
 public:
  void Add(std::string field, std::string description) {
    violations_.push_back({std::move(field), std::move(description)});
  }
  bool ok() const { return violations_.empty(); }
  absl::Status status() const {
    return ok() ? absl::OkStatus() : errors::InvalidArgument(violations_);
  }

  // `scope` resolved against the facts. Unknown pipelines, inverted periods and malformed
  // segments are violations of "scope.<field>"; the scope returned then matches nothing useful.
  Scope ResolveScope(const AnalyticsFacts& facts, const v1::ReportScope& scope,
                     bool pipeline_required = false);
  // Paging over a computed list: the offset a page token encodes ("" is 0), and the page size,
  // defaulted and capped.
  size_t PageOffset(const std::string& page_token);
  size_t PageSize(int32_t page_size);

 private:
  std::vector<errors::FieldViolation> violations_;
};

Calendar CalendarOf(const AnalyticsFacts& facts);

// A cube's months are in the zone the settings named when it started; a settings change
// rebuilds it. `cube` (any with `time_zone` and `calendar`) started now if it had not.
template <typename Cube>
Cube& Started(Cube& cube, const AnalyticsFacts& facts) {
  if (!cube.calendar) {
    cube.time_zone = facts.settings.time_zone();
    cube.calendar = CalendarOf(facts);
  }
  return cube;
}
// Whether `cube` has started and its months are in the settings' zone: a report may read it.
template <typename Cube>
bool InSettingsZone(const Cube& cube, const AnalyticsFacts& facts) {
  return cube.calendar && cube.time_zone == facts.settings.time_zone();
}

// Where a month of `calendar` stands against the period of `scope`: outside it, wholly inside
// (a cube's tally answers for it), or cut by it (its deals or clients are read one by one).
enum class Overlap { kOutside, kWhole, kCut };
Overlap MonthOverlap(const Calendar& calendar, const Scope& scope, int month);

// Visits the months of a cube (a map from month to cell) that the period of `scope` touches:
// `whole(month, cell)` for those wholly inside it, `cut(month, cell)` for those it cuts. A month
// ending after `settled_until` counts as cut wherever the period lies: its tallies depend on
// the instant asked about.
template <typename Months, typename Whole, typename Cut>
void ForEachMonthIn(const Months& months, const Calendar& calendar, const Scope& scope, Whole whole,
                    Cut cut, int64_t settled_until = std::numeric_limits<int64_t>::max()) {
  for (const auto& [month, cell] : months) {
    Overlap overlap = MonthOverlap(calendar, scope, month);
    if (overlap == Overlap::kWhole && calendar.MonthStart(month + 1) > settled_until) {
      overlap = Overlap::kCut;
    }
    if (overlap == Overlap::kWhole) whole(month, cell);
    if (overlap == Overlap::kCut) cut(month, cell);
  }
}

// Minor units as Money in the settings' currency.
v1::Money ToMoney(const AnalyticsFacts& facts, int64_t minor);

// a / b, 0 when b is 0.
inline double Ratio(double a, double b) { return b == 0 ? 0 : a / b; }

// The tallies of `groups`, keyed by a number (a symbol, a month, an enum value), with their
// names, in name order: reports group by numbers and name only the groups they answer with.
template <typename Map, typename NameOf>
std::vector<std::pair<std::string, const typename Map::mapped_type*>> InNameOrder(const Map& groups,
                                                                                  NameOf name_of) {
  std::vector<std::pair<std::string, const typename Map::mapped_type*>> named;
  named.reserve(groups.size());
  for (const auto& [key, tally] : groups) named.emplace_back(name_of(key), &tally);
  std::sort(named.begin(), named.end());
  return named;
}

// The token of the page after [offset, offset + page) of `total` items; "" after the last.
std::string NextPageToken(size_t offset, size_t page, size_t total);

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_SCOPE_H_
