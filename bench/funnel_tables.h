// Exports the deals of a log as three CSV tables for SQL engines (PostgreSQL, DuckDB), so the
// funnel-by-cohort question can be asked of them on the same data as of Chronicle:
//   stages.csv  pipeline,stage,step,kind      open stages in board order, then the won stage
//   deals.csv   deal,pipeline,created_local,state   creation time in the given zone
//   passes.csv  deal,stage,entered_at           every stage a deal entered (Unix seconds)
// Read with plain protobuf parsing and nothing of the analytics fold, so a matching answer is an
// independent check. Pipelines are taken as created (the generated history never edits them).
#ifndef CHRONICLE_BENCH_FUNNEL_TABLES_H_
#define CHRONICLE_BENCH_FUNNEL_TABLES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "chronicle/eventlog/event_log.h"

namespace chronicle::bench {

absl::Status ExportFunnelTables(eventlog::EventLog& log, absl::TimeZone zone,
                                const std::string& dir);

}  // namespace chronicle::bench

#endif  // CHRONICLE_BENCH_FUNNEL_TABLES_H_
