// The embedded event log: events stored in RocksDB under a data directory, made durable with one
// fsync per group of concurrent appends (group commit on a single writer thread).
#ifndef CHRONICLE_EVENTLOG_ROCKSDB_EVENT_LOG_H_
#define CHRONICLE_EVENTLOG_ROCKSDB_EVENT_LOG_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "chronicle/base/clock.h"
#include "chronicle/eventlog/event_log.h"

namespace rocksdb {
class Env;
}

namespace chronicle::eventlog {

struct RocksDbEventLogOptions {
  // Directory of the RocksDB database; created if missing.
  std::string path;
  // Time source for recorded_at and event ids. Must outlive the log.
  const Clock* clock = &Clock::Real();
  // Called once at open with a description of anything found and repaired (a torn write-ahead-log
  // tail left by a crash). Default: print to stderr.
  std::function<void(const std::string&)> report_recovery;
  // Storage environment; tests inject faults through it. nullptr: the default environment.
  rocksdb::Env* env = nullptr;
  // Appends are refused with RESOURCE_EXHAUSTED when they would leave less than this much free
  // space on the log's filesystem (0: no check). See storage::DiskSpaceGuard for why.
  uint64_t min_free_bytes = 0;
  // Upper bound on events committed by one fsync.
  size_t max_group_events = 8192;
};

// Opens (creating if needed) the log at `options.path`. A torn tail of the write-ahead log is
// detected, reported through `report_recovery`, and dropped: it can only hold appends that were
// never acknowledged, since acknowledgement waits for the sync. Other corruption: DATA_LOSS.
absl::StatusOr<std::unique_ptr<EventLog>> OpenRocksDbEventLog(RocksDbEventLogOptions options);

}  // namespace chronicle::eventlog

#endif  // CHRONICLE_EVENTLOG_ROCKSDB_EVENT_LOG_H_
