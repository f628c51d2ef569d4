// Structured logs: one JSON object per line on stderr, for collectors (Loki, Elasticsearch,
// Cloud Logging) to index without parsing prose:
//   {"ts":"2026-12-06T02:00:52.123Z","level":"error","component":"analytics",
//    "msg":"loading the history failed","correlation_id":"...","error":"..."}
// or, for a person at a terminal (--log-format text), the same on one readable line. The
// correlation id of the request the thread works for is added when there is one. Thread-safe.
#ifndef CHRONICLE_BASE_LOG_H_
#define CHRONICLE_BASE_LOG_H_

#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"

namespace chronicle {

enum class LogLevel { kDebug, kInfo, kWarning, kError };
enum class LogFormat { kJson, kText };

// Lines below `level` are dropped. Defaults: info, JSON.
void SetLogOptions(LogLevel level, LogFormat format);
bool LogEnabled(LogLevel level);

using LogFields = std::initializer_list<std::pair<absl::string_view, std::string>>;

// Writes one line: `component` says which part of the server speaks ("analytics",
// "notifications.scheduler"), `message` what happened, `fields` the particulars.
void Log(LogLevel level, absl::string_view component, absl::string_view message,
         LogFields fields = {});

// The line as Log would write it (for tests), at `time_text`.
std::string FormatLogLine(LogFormat format, LogLevel level, absl::string_view time_text,
                          absl::string_view component, absl::string_view message,
                          absl::string_view correlation_id, LogFields fields);

// "debug", "info", "warning", "error"; false for anything else.
bool ParseLogLevel(absl::string_view text, LogLevel* level);

}  // namespace chronicle

#endif  // CHRONICLE_BASE_LOG_H_
