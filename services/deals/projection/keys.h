// The key layout of the deals projection's state (see chronicle/projection/key_layout.h). Board
// and forecast counts are pre-aggregated cells, so a board over a million deals reads a few
// hundred keys instead of a million.
//
// clang-format off
//   pl\0{pipeline}                       pipeline (v1::Pipeline, as now)
//   dl\0{deal}                           deal (v1::Deal, etag = stream version)
//   cf\0{client}                         DealClientFacts, from the contacts events
//   cy\0{company}                        a company exists
//   bd\0{p}\0{dim}\0{stage}\0{be64 ~create micros}{deal}   board entry (DealBoardEntry)
//   bc\0{p}\0{dim}\0{stage}\0d{YYYYMMDD} / m{YYYYMM}        board cell (DealCell), by create day/month
//        dim: "*" (all), "o{owner}", "t{team}", "s{source}"
//   sd\0{p}\0{stage}\0{be64 enter micros}{deal} -> owner    open deals by time in stage (stalled)
//   fc\0{p}\0{YYYY-MM}\0{stage}\0{owner}\0{currency}  forecast cell (DealCell) of open deals
//   od\0{client}\0{p}\0{deal} -> owner    open deals of a client (the duplicate guard)
//   cw\0{client}\0{deal}                  won deals of a client (repeat sales)
//   lc\0{be64 ~create micros}{deal}       all deals, newest first
//   lk\0{client}\0{be64 ~micros}{deal}, lm\0{company}\0..., lo\0{owner}\0..., lp\0{p}\0...
// clang-format on
#ifndef CHRONICLE_DEALS_PROJECTION_KEYS_H_
#define CHRONICLE_DEALS_PROJECTION_KEYS_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "chronicle/projection/key_layout.h"
#include "chronicle/storage/rocksdb_util.h"

namespace chronicle::deals::keys {

using projection::keys::kSeparator;
using projection::keys::kSortValueBytes;
using projection::keys::Prefix;
using projection::keys::Tagged;
using projection::keys::TrailingId;

inline std::string Pipeline(absl::string_view id) { return Tagged("pl", id); }
inline std::string Deal(absl::string_view id) { return Tagged("dl", id); }
inline std::string ClientFacts(absl::string_view id) { return Tagged("cf", id); }
inline std::string Company(absl::string_view id) { return Tagged("cy", id); }

// Board dimensions.
inline std::string AllDeals() { return "*"; }
inline std::string OwnerDim(absl::string_view owner) { return absl::StrCat("o", owner); }
inline std::string TeamDim(absl::string_view team) { return absl::StrCat("t", team); }
inline std::string SourceDim(absl::string_view source) { return absl::StrCat("s", source); }

using projection::keys::NewestFirst;
using projection::keys::OldestFirst;

// Every board entry of one stage under one dimension.
inline std::string BoardColumn(absl::string_view pipeline, absl::string_view dim,
                               absl::string_view stage) {
  return absl::StrCat("bd", kSeparator, pipeline, kSeparator, dim, kSeparator, stage, kSeparator);
}
// Every cell of one stage under one dimension.
inline std::string CellColumn(absl::string_view pipeline, absl::string_view dim,
                              absl::string_view stage) {
  return absl::StrCat("bc", kSeparator, pipeline, kSeparator, dim, kSeparator, stage, kSeparator);
}
inline std::string DayCell(absl::string_view column, absl::CivilDay day) {
  return absl::StrCat(column, "d", absl::FormatCivilTime(day).substr(0, 4),
                      absl::FormatCivilTime(day).substr(5, 2),
                      absl::FormatCivilTime(day).substr(8, 2));
}
inline std::string MonthCell(absl::string_view column, absl::CivilMonth month) {
  return absl::StrCat(column, "m", absl::FormatCivilTime(month).substr(0, 4),
                      absl::FormatCivilTime(month).substr(5, 2));
}

inline std::string StalledStage(absl::string_view pipeline, absl::string_view stage) {
  return absl::StrCat("sd", kSeparator, pipeline, kSeparator, stage, kSeparator);
}
inline std::string ForecastPipeline(absl::string_view pipeline) { return Prefix("fc", pipeline); }
inline std::string OpenDealsOf(absl::string_view client, absl::string_view pipeline) {
  return absl::StrCat("od", kSeparator, client, kSeparator, pipeline, kSeparator);
}
inline std::string WonDealsOf(absl::string_view client) { return Prefix("cw", client); }

}  // namespace chronicle::deals::keys

#endif  // CHRONICLE_DEALS_PROJECTION_KEYS_H_
