// chronicle_bench: measures the platform on this machine and prints Markdown tables for
// docs/benchmarks.md.
//
//   chronicle_bench [append|replay|storage|all] [--dir DIR] [--seconds S] [--replay-events N]
#include <filesystem>
#include <iostream>

#include "CLI/CLI.hpp"
#include "bench_util.h"
#include "chronicle/eventlog/rocksdb_event_log.h"

namespace chronicle::bench {

void FreshDir(const std::string& path) {
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path);
}

std::unique_ptr<eventlog::EventLog> OpenFreshLog(const BenchOptions& options,
                                                 const std::string& name) {
  eventlog::RocksDbEventLogOptions log_options;
  log_options.path = options.dir + "/" + name;
  FreshDir(log_options.path);
  auto log = eventlog::OpenRocksDbEventLog(log_options);
  if (!log.ok()) {
    std::cerr << "chronicle_bench: " << log.status() << std::endl;
    std::exit(1);
  }
  return std::move(*log);
}

}  // namespace chronicle::bench

int main(int argc, char** argv) {
  chronicle::bench::BenchOptions options;
  std::string which = "all";
  CLI::App app{"chronicle_bench: event log and projection benchmarks"};
  app.add_option("which", which, "append, replay, storage or all")
      ->check(CLI::IsMember({"append", "replay", "storage", "all"}));
  app.add_option("--dir", options.dir, "scratch directory (wiped)");
  app.add_option("--seconds", options.seconds, "duration of each append scenario");
  app.add_option("--replay-events", options.replay_events, "events in the replay log");
  CLI11_PARSE(app, argc, argv);
  if (which == "storage" || which == "all") chronicle::bench::RunStorageBenchmarks(options);
  if (which == "append" || which == "all") chronicle::bench::RunAppendBenchmarks(options);
  if (which == "replay" || which == "all") chronicle::bench::RunReplayBenchmarks(options);
  return 0;
}
