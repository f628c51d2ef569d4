// Full replay throughput: how fast the log can be read back, and how fast a projection is rebuilt
// from position 0 (engine overhead alone with a trivial projection, then a real one).
#include <atomic>

#include "../shared/server/src/log_stats_projection.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench_util.h"
#include "chronicle/eventlog/rocksdb_event_log.h"
#include "chronicle/projection/projection_engine.h"
#include "rocksdb/db.h"

namespace chronicle::bench {
namespace {

// Touches every event and keeps nothing: what remains is the engine's own cost.
class TrivialProjection : public projection::Projection {
 public:
  std::string Name() const override { return "trivial"; }
  uint32_t DefinitionVersion() const override { return 1; }
  absl::Status Apply(const v1::EventEnvelope& event, projection::StateWriter&) override {
    applied_ += event.global_position() != 0;
    return absl::OkStatus();
  }

 private:
  uint64_t applied_ = 0;
};

class CountingConsumer : public eventlog::EventConsumer {
 public:
  absl::Status OnEvents(absl::Span<const v1::EventEnvelope> events) override {
    absl::MutexLock lock(&mu_);
    last_ = events.back().global_position();
    return absl::OkStatus();
  }
  void WaitFor(uint64_t position) {
    absl::MutexLock lock(&mu_);
    auto done = [&]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return last_ >= position; };
    mu_.Await(absl::Condition(&done));
  }

 private:
  absl::Mutex mu_;
  uint64_t last_ ABSL_GUARDED_BY(mu_) = 0;
};

// Compacts every column family of the database at `path` fully, so replays measure a settled
// history rather than compete with RocksDB's background compaction of what was just written.
void CompactFully(const std::string& path) {
  std::vector<std::string> names;
  if (!rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok()) std::abort();
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  if (!rocksdb::DB::Open(rocksdb::DBOptions(), path, families, &handles, &db).ok()) std::abort();
  for (auto* handle : handles) {
    if (!db->CompactRange(rocksdb::CompactRangeOptions(), handle, nullptr, nullptr).ok()) {
      std::abort();
    }
    db->DestroyColumnFamilyHandle(handle);
  }
  delete db;
}

std::unique_ptr<eventlog::EventLog> Populate(const BenchOptions& options) {
  auto log = OpenFreshLog(options, "replay-log");
  const v1::EventEnvelope sample = SampleEvent();
  for (uint64_t i = 0; i * 1000 < options.replay_events; ++i) {
    eventlog::AppendRequest request;
    request.stream.set_type("contact");
    request.stream.set_id(std::to_string(i % 100'000));
    request.command_id = "populate-" + std::to_string(i);
    request.events.assign(1000, sample);
    request.events[i % 1000].set_event_type("deals.StageChanged");
    if (!log->Append(std::move(request)).ok()) std::abort();
  }
  log.reset();
  eventlog::RocksDbEventLogOptions log_options;
  log_options.path = options.dir + "/replay-log";
  CompactFully(log_options.path);
  return std::move(*eventlog::OpenRocksDbEventLog(log_options));
}

void Row(const char* what, uint64_t events, absl::Duration took) {
  std::printf("| %s | %llu | %.2f s | %.0f |\n", what, static_cast<unsigned long long>(events),
              absl::ToDoubleSeconds(took), events / absl::ToDoubleSeconds(took));
  std::fflush(stdout);
}

// Time for a fresh engine to apply the whole log to `projection`.
absl::Duration Rebuild(eventlog::EventLog* log, const BenchOptions& options,
                       std::unique_ptr<projection::Projection> projection) {
  const std::string name = projection->Name();
  const std::string path = options.dir + "/replay-projections-" + name;
  FreshDir(path);
  auto engine = std::move(*projection::ProjectionEngine::Open({path, log}));
  if (!engine->Register(std::move(projection)).ok()) std::abort();
  const absl::Time start = absl::Now();
  if (!engine->Start().ok()) std::abort();
  if (!engine->WaitForPosition(name, log->HeadPosition(), absl::Hours(1)).ok()) std::abort();
  return absl::Now() - start;
}

}  // namespace

void RunReplayBenchmarks(const BenchOptions& options) {
  const absl::Time start = absl::Now();
  auto log = Populate(options);
  const uint64_t head = log->HeadPosition();
  std::printf(
      "\n### Full replay of %llu events (written as 1000-event appends, then compacted: %.1f "
      "s)\n\n",
      static_cast<unsigned long long>(head), absl::ToDoubleSeconds(absl::Now() - start));
  std::printf("| what | events | time | events/s |\n|---|---:|---:|---:|\n");

  // The fast rows run three times and report the best (the least disturbed by the machine).
  absl::Duration best = absl::InfiniteDuration();
  std::vector<v1::EventEnvelope> buffer;  // reused: what an export or a subscription does
  for (int run = 0; run < 3; ++run) {
    absl::Time start = absl::Now();
    for (uint64_t next = 1;;) {
      if (!log->ReadAllInto(next, 4096, &buffer).ok()) std::abort();
      if (buffer.empty()) break;
      next = buffer.back().global_position() + 1;
    }
    best = std::min(best, absl::Now() - start);
  }
  Row("ReadAllInto scan (checksum + parse), best of 3", head, best);

  best = absl::InfiniteDuration();
  for (int run = 0; run < 3; ++run) {
    CountingConsumer consumer;
    absl::Time start = absl::Now();
    auto subscription = log->Subscribe(eventlog::Checkpoint(), &consumer);
    consumer.WaitFor(head);
    best = std::min(best, absl::Now() - start);
  }
  Row("subscription catch-up, no projection, best of 3", head, best);

  best = absl::InfiniteDuration();
  for (int run = 0; run < 3; ++run) {
    best = std::min(best, Rebuild(log.get(), options, std::make_unique<TrivialProjection>()));
  }
  Row("projection rebuild: trivial projection, best of 3", head, best);
  Row("projection rebuild: log_stats (3 counter updates per event)", head,
      Rebuild(log.get(), options, std::make_unique<server::LogStatsProjection>()));
}

}  // namespace chronicle::bench
