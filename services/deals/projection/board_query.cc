// GetBoard: counts and sums from pre-aggregated cells (whole months, whole days) plus a scan of
// the board index for the partial days at a period's edges, so a column over a million deals
// costs a few hundred key reads. Two or more filters at once have no cell: the column's index
// entries under the most selective filter are scanned instead.
#include <optional>

#include "absl/strings/escaping.h"
#include "absl/time/civil_time.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "chronicle/projection/state_messages.h"
#include "chronicle/v1/deals_projection.pb.h"
#include "deals/projection/cells.h"
#include "deals/projection/deal_index.h"
#include "deals/projection/keys.h"
#include "deals/projection/queries.h"

namespace chronicle::deals {

using aggregate::FromProtoTime;

namespace {
using projection::StateReader;

// The board's filters: the dimension whose index is walked, and what is checked per entry.
struct BoardFilter {
  std::string dim = keys::AllDeals();
  std::string owner, team, source;  // checked on entries (empty: any)
  int equalities = 0;
  absl::Time start = absl::InfinitePast();
  absl::Time end = absl::InfiniteFuture();

  bool Accepts(const v1::DealBoardEntry& entry) const {
    return (owner.empty() || entry.owner() == owner) && (team.empty() || entry.team() == team) &&
           (source.empty() || entry.source() == source);
  }
  bool HasPeriod() const { return start != absl::InfinitePast() || end != absl::InfiniteFuture(); }
};

BoardFilter FilterOf(const v1::GetBoardRequest& request) {
  BoardFilter filter;
  filter.owner = request.owner();
  filter.team = request.team();
  filter.source = request.source();
  // Owners are the most selective, then sources, then teams.
  if (!request.team().empty()) filter.dim = keys::TeamDim(request.team());
  if (!request.source().empty()) filter.dim = keys::SourceDim(request.source());
  if (!request.owner().empty()) filter.dim = keys::OwnerDim(request.owner());
  filter.equalities = !filter.owner.empty() + !filter.team.empty() + !filter.source.empty();
  if (request.has_create_time_start()) filter.start = FromProtoTime(request.create_time_start());
  if (request.has_create_time_end()) filter.end = FromProtoTime(request.create_time_end());
  return filter;
}

// The index key range of deals created in [start, end) within `column` (newest first).
struct KeyRange {
  std::string first;  // inclusive
  std::string last;   // inclusive upper bound on the 8-byte sort value
};

KeyRange RangeOf(const std::string& column, absl::Time start, absl::Time end) {
  KeyRange range;
  range.first = end == absl::InfiniteFuture()
                    ? column
                    : column + keys::NewestFirst(end - absl::Microseconds(1));
  range.last = start == absl::InfinitePast() ? column + std::string(8, '\xff')
                                             : column + keys::NewestFirst(start);
  return range;
}

// Walks the entries of `column` created in [start, end), from after `resume` when given, calling
// `visit(key, entry)` until it returns false.
absl::Status WalkEntries(
    StateReader& state, const std::string& column, absl::Time start, absl::Time end,
    const std::string& resume,
    const std::function<bool(absl::string_view, const v1::DealBoardEntry&)>& visit) {
  const KeyRange range = RangeOf(column, start, end);
  std::string start_after = resume;
  if (start_after.empty() && range.first.size() > column.size()) {
    start_after = range.first.substr(0, range.first.size() - 1);
  }
  absl::Status parsed;
  RETURN_IF_ERROR(
      state.Scan(column, start_after, [&](absl::string_view key, absl::string_view value) {
        if (key < range.first) return true;
        if (key.substr(0, range.last.size()) > range.last) return false;
        v1::DealBoardEntry entry;
        if (!entry.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          parsed = absl::DataLossError("deals projection: unreadable board entry");
          return false;
        }
        return visit(key, entry);
      }));
  return parsed;
}

absl::Status SumEntries(StateReader& state, const std::string& column, const BoardFilter& filter,
                        absl::Time start, absl::Time end, CellSum* sum) {
  if (start >= end) return absl::OkStatus();
  return WalkEntries(state, column, start, end, "",
                     [&](absl::string_view, const v1::DealBoardEntry& entry) {
                       if (filter.Accepts(entry))
                         sum->AddDeal(entry.has_amount() ? &entry.amount() : nullptr);
                       return true;
                     });
}

absl::Time StartOf(absl::CivilDay day) { return absl::FromCivil(day, absl::UTCTimeZone()); }

// Count and sums of one column under `filter`.
absl::Status CountColumn(StateReader& state, const std::string& pipeline, const std::string& stage,
                         const BoardFilter& filter, CellSum* sum) {
  const std::string entries = keys::BoardColumn(pipeline, filter.dim, stage);
  if (filter.equalities > 1) {
    return SumEntries(state, entries, filter, filter.start, filter.end, sum);
  }
  const std::string cells = keys::CellColumn(pipeline, filter.dim, stage);
  if (!filter.HasPeriod()) return SumCells(state, cells + "m", "", "", sum);
  const absl::TimeZone utc = absl::UTCTimeZone();
  // Whole days inside [start, end); the partial days at either edge come from the entries.
  const absl::Time lo = std::max(filter.start, absl::UnixEpoch());
  const absl::Time hi = std::min(filter.end, absl::FromCivil(absl::CivilDay(2200, 1, 1), utc));
  absl::CivilDay first_day = absl::ToCivilDay(lo, utc);
  if (StartOf(first_day) < lo) ++first_day;
  const absl::CivilDay end_day = absl::ToCivilDay(hi, utc);
  if (first_day >= end_day)
    return SumEntries(state, entries, filter, filter.start, filter.end, sum);
  RETURN_IF_ERROR(SumEntries(state, entries, filter, filter.start, StartOf(first_day), sum));
  RETURN_IF_ERROR(SumEntries(state, entries, filter, StartOf(end_day), filter.end, sum));
  absl::CivilMonth first_month(first_day);
  if (absl::CivilDay(first_month) < first_day) ++first_month;
  const absl::CivilMonth end_month(end_day);
  if (first_month >= end_month) {
    return SumCells(state, cells, keys::DayCell(cells, first_day), keys::DayCell(cells, end_day),
                    sum);
  }
  RETURN_IF_ERROR(SumCells(state, cells, keys::DayCell(cells, first_day),
                           keys::DayCell(cells, absl::CivilDay(first_month)), sum));
  RETURN_IF_ERROR(SumCells(state, cells, keys::MonthCell(cells, first_month),
                           keys::MonthCell(cells, end_month), sum));
  return SumCells(state, cells, keys::DayCell(cells, absl::CivilDay(end_month)),
                  keys::DayCell(cells, end_day), sum);
}

// One page of a column's deals, newest first.
absl::Status PageColumn(StateReader& state, const std::string& pipeline, const std::string& stage,
                        const BoardFilter& filter, const std::string& token, int page_size,
                        v1::Board::Column* column) {
  const std::string entries = keys::BoardColumn(pipeline, filter.dim, stage);
  std::string resume;
  if (!token.empty()) {
    std::string suffix;
    if (!absl::WebSafeBase64Unescape(token, &suffix) || suffix.size() <= keys::kSortValueBytes) {
      return errors::InvalidArgument({{"page_token", "not a token this board returned"}});
    }
    resume = entries + suffix;
  }
  std::vector<std::string> ids;
  std::string last_key;
  bool more = false;
  RETURN_IF_ERROR(WalkEntries(state, entries, filter.start, filter.end, resume,
                              [&](absl::string_view key, const v1::DealBoardEntry& entry) {
                                if (!filter.Accepts(entry)) return true;
                                if (static_cast<int>(ids.size()) == page_size) {
                                  more = true;
                                  return false;
                                }
                                ids.emplace_back(
                                    key.substr(entries.size() + keys::kSortValueBytes));
                                last_key = std::string(key);
                                return true;
                              }));
  for (const std::string& id : ids) {
    ASSIGN_OR_RETURN(std::optional<v1::Deal> deal,
                     projection::ReadMessage<v1::Deal>(state, keys::Deal(id)));
    if (deal) *column->add_deals() = std::move(*deal);
  }
  if (more) {
    column->set_next_page_token(absl::WebSafeBase64Escape(last_key.substr(entries.size())));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status QueryBoard(StateReader& state, const v1::Pipeline& pipeline,
                        const v1::GetBoardRequest& request, v1::Board* board) {
  if (request.page_size() < 0 || request.page_size() > kMaxBoardPageSize) {
    return errors::InvalidArgument({{"page_size", "must be within 0..200"}});
  }
  if (!request.page_token().empty() && request.stage().empty()) {
    return errors::InvalidArgument({{"stage", "required with page_token: tokens are per column"}});
  }
  const BoardFilter filter = FilterOf(request);
  if (filter.start >= filter.end) {
    return errors::InvalidArgument({{"create_time_end", "must be after create_time_start"}});
  }
  const int page_size = request.only_counts() ? 0
                        : request.page_size() ? request.page_size()
                                              : kDefaultBoardPageSize;
  const std::string pipeline_id = IdOf(pipeline.name());
  *board->mutable_pipeline() = pipeline;
  bool found_stage = request.stage().empty();
  for (const v1::Stage& stage : pipeline.stages()) {
    if (!request.stage().empty() && stage.id() != request.stage()) continue;
    found_stage = true;
    v1::Board::Column* column = board->add_columns();
    *column->mutable_stage() = stage;
    CellSum sum;
    RETURN_IF_ERROR(CountColumn(state, pipeline_id, stage.id(), filter, &sum));
    column->set_deal_count(sum.count);
    *column->mutable_totals() = sum.Totals();
    if (page_size > 0) {
      RETURN_IF_ERROR(PageColumn(state, pipeline_id, stage.id(), filter, request.page_token(),
                                 page_size, column));
    }
  }
  if (!found_stage) {
    return errors::InvalidArgument(
        {{"stage", absl::StrCat("no stage '", request.stage(), "' in ", pipeline.name())}});
  }
  return absl::OkStatus();
}

}  // namespace chronicle::deals
