// A test fixture that opens a RocksDB event log in a temporary directory with a fake clock.
#ifndef CHRONICLE_EVENTLOG_EVENT_LOG_FIXTURE_H_
#define CHRONICLE_EVENTLOG_EVENT_LOG_FIXTURE_H_

#include <string>
#include <vector>

#include "chronicle/eventlog/rocksdb_event_log.h"
#include "chronicle/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace chronicle::eventlog {

class EventLogTest : public ::testing::Test {
 protected:
  std::unique_ptr<EventLog> Open(rocksdb::Env* env = nullptr) {
    RocksDbEventLogOptions options;
    options.path = dir_.Sub("log");
    options.clock = &clock_;
    options.env = env;
    options.report_recovery = [this](const std::string& m) { recovery_reports_.push_back(m); };
    auto log = OpenRocksDbEventLog(options);
    EXPECT_TRUE(log.ok()) << log.status();
    return log.ok() ? std::move(*log) : nullptr;
  }

  chronicle::testing::TempDir dir_;
  FakeClock clock_;
  std::vector<std::string> recovery_reports_;
};

}  // namespace chronicle::eventlog

#endif  // CHRONICLE_EVENTLOG_EVENT_LOG_FIXTURE_H_
