#include "chronicle/base/log.h"

#include <atomic>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "chronicle/base/correlation.h"
#include "nlohmann/json.hpp"

namespace chronicle {
namespace {

std::atomic<int> min_level{static_cast<int>(LogLevel::kInfo)};
std::atomic<int> log_format{static_cast<int>(LogFormat::kJson)};

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

// A value as a text line shows it: bare when it is one plain word, else quoted as JSON quotes.
std::string TextValue(absl::string_view value) {
  const bool plain = !value.empty() && value.find_first_of(" \"=\\\n\t") == absl::string_view::npos;
  return plain ? std::string(value)
               : nlohmann::json(std::string(value))
                     .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

void SetLogOptions(LogLevel level, LogFormat format) {
  min_level = static_cast<int>(level);
  log_format = static_cast<int>(format);
}

bool LogEnabled(LogLevel level) { return static_cast<int>(level) >= min_level.load(); }

std::string FormatLogLine(LogFormat format, LogLevel level, absl::string_view time_text,
                          absl::string_view component, absl::string_view message,
                          absl::string_view correlation_id, LogFields fields) {
  if (format == LogFormat::kText) {
    std::string line =
        absl::StrCat(time_text, " ", LevelName(level), " ", component, ": ", message);
    if (!correlation_id.empty())
      absl::StrAppend(&line, " correlation_id=", TextValue(correlation_id));
    for (const auto& [key, value] : fields) absl::StrAppend(&line, " ", key, "=", TextValue(value));
    return line;
  }
  // ordered_json keeps the fixed keys first, as a person reading raw lines expects.
  nlohmann::ordered_json line;
  line["ts"] = std::string(time_text);
  line["level"] = LevelName(level);
  line["component"] = std::string(component);
  line["msg"] = std::string(message);
  if (!correlation_id.empty()) line["correlation_id"] = std::string(correlation_id);
  for (const auto& [key, value] : fields) line[std::string(key)] = value;
  // Invalid UTF-8 in a value (a client's bytes) is replaced rather than losing the line.
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void Log(LogLevel level, absl::string_view component, absl::string_view message, LogFields fields) {
  if (!LogEnabled(level)) return;
  const std::string time_text =
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  std::string line = FormatLogLine(static_cast<LogFormat>(log_format.load()), level, time_text,
                                   component, message, CurrentCorrelationId(), fields);
  line.push_back('\n');
  static absl::Mutex* const mu = new absl::Mutex();
  absl::MutexLock lock(mu);  // whole lines, never interleaved
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

bool ParseLogLevel(absl::string_view text, LogLevel* level) {
  for (LogLevel candidate :
       {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarning, LogLevel::kError}) {
    if (text == LevelName(candidate)) {
      *level = candidate;
      return true;
    }
  }
  return false;
}

}  // namespace chronicle
