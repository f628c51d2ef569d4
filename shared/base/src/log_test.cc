#include "chronicle/base/log.h"

#include <thread>

#include "chronicle/base/correlation.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace chronicle {
namespace {

TEST(LogTest, JsonLinesCarryTheFieldsAndTheCorrelationId) {
  const std::string line = FormatLogLine(
      LogFormat::kJson, LogLevel::kError, "2026-12-06T02:00:52.123Z", "analytics", "rebuild failed",
      "req-42", {{"error", "DATA_LOSS: bad checksum \"x\""}, {"client", "Пётр \xff"}});
  const nlohmann::json parsed = nlohmann::json::parse(line);
  EXPECT_EQ(parsed["ts"], "2026-12-06T02:00:52.123Z");
  EXPECT_EQ(parsed["level"], "error");
  EXPECT_EQ(parsed["component"], "analytics");
  EXPECT_EQ(parsed["msg"], "rebuild failed");
  EXPECT_EQ(parsed["correlation_id"], "req-42");
  EXPECT_EQ(parsed["error"], "DATA_LOSS: bad checksum \"x\"");
  // Cyrillic stays as it is; a byte that is not UTF-8 is replaced, the line kept.
  EXPECT_EQ(parsed["client"], "Пётр \xef\xbf\xbd");
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.rfind("{\"ts\":", 0), 0u);  // the fixed keys first
}

TEST(LogTest, TextLinesQuoteOnlyWhatNeedsIt) {
  EXPECT_EQ(FormatLogLine(LogFormat::kText, LogLevel::kWarning, "T", "notifications", "job failed",
                          "", {{"job", "j1"}, {"error", "peer down"}}),
            "T warning notifications: job failed job=j1 error=\"peer down\"");
}

TEST(LogTest, CorrelationScopesNestPerThread) {
  EXPECT_EQ(CurrentCorrelationId(), "");
  {
    CorrelationScope outer("a");
    {
      CorrelationScope inner("b");
      EXPECT_EQ(CurrentCorrelationId(), "b");
      std::thread([] { EXPECT_EQ(CurrentCorrelationId(), ""); }).join();
    }
    EXPECT_EQ(CurrentCorrelationId(), "a");
  }
  EXPECT_EQ(CurrentCorrelationId(), "");
}

TEST(LogTest, LevelsFilterAndParse) {
  LogLevel level = LogLevel::kInfo;
  EXPECT_TRUE(ParseLogLevel("debug", &level));
  EXPECT_EQ(level, LogLevel::kDebug);
  EXPECT_FALSE(ParseLogLevel("verbose", &level));
  SetLogOptions(LogLevel::kWarning, LogFormat::kJson);
  EXPECT_FALSE(LogEnabled(LogLevel::kInfo));
  EXPECT_TRUE(LogEnabled(LogLevel::kError));
  SetLogOptions(LogLevel::kInfo, LogFormat::kJson);
}

}  // namespace
}  // namespace chronicle
