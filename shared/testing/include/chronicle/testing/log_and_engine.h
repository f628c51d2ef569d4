// What the services' application tests run on: a RocksDB event log and a projection engine
// running one projection, in a temp directory, on the test's clock. Header-only: the tests that
// include it link the log and the engine through the service libraries they test.
#ifndef CHRONICLE_TESTING_LOG_AND_ENGINE_H_
#define CHRONICLE_TESTING_LOG_AND_ENGINE_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "chronicle/base/clock.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/eventlog/rocksdb_event_log.h"
#include "chronicle/projection/projection_engine.h"

namespace chronicle::testing {

struct LogAndEngine {
  // Opens the log at `dir`/log and the engine at `dir`/projections, registers `projection` and
  // starts it.
  absl::Status Open(const std::string& dir, const Clock* clock,
                    std::unique_ptr<projection::Projection> projection) {
    eventlog::RocksDbEventLogOptions log_options;
    log_options.path = dir + "/log";
    log_options.clock = clock;
    ASSIGN_OR_RETURN(log, eventlog::OpenRocksDbEventLog(log_options));
    projection::ProjectionEngine::Options engine_options;
    engine_options.path = dir + "/projections";
    engine_options.log = log.get();
    engine_options.clock = clock;
    ASSIGN_OR_RETURN(engine, projection::ProjectionEngine::Open(engine_options));
    RETURN_IF_ERROR(engine->Register(std::move(projection)));
    return engine->Start();
  }

  // Stop the app that uses them first.
  ~LogAndEngine() {
    if (engine) engine->Stop();
  }

  std::unique_ptr<eventlog::EventLog> log;
  std::unique_ptr<projection::ProjectionEngine> engine;
};

}  // namespace chronicle::testing

#endif  // CHRONICLE_TESTING_LOG_AND_ENGINE_H_
