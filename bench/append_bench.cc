// Durable append throughput and latency with 1, 8 and 64 concurrent writers.
#include <atomic>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench_util.h"
#include "chronicle/eventlog/rocksdb_event_log.h"

namespace chronicle::bench {
namespace {

struct AppendResultRow {
  const char* client;
  int writers;
  int events_per_append;
  double events_per_second;
  double appends_per_second;
  double p50_us, p99_us;
};

AppendResultRow MakeRow(const char* client, int writers, int events_per_append, uint64_t appends,
                        double elapsed_seconds, std::vector<double>& latencies_us) {
  AppendResultRow row{client, writers, events_per_append, 0, 0, 0, 0};
  row.appends_per_second = appends / elapsed_seconds;
  row.events_per_second = row.appends_per_second * events_per_append;
  row.p50_us = Percentile(latencies_us, 0.50);
  row.p99_us = Percentile(latencies_us, 0.99);
  return row;
}

AppendResultRow RunOne(const BenchOptions& options, int writers, int events_per_append) {
  auto log = OpenFreshLog(options, "append");

  std::atomic<bool> stop{false};
  std::vector<std::vector<double>> latencies(writers);
  std::vector<uint64_t> appends(writers, 0);
  std::vector<std::thread> threads;
  const v1::EventEnvelope sample = SampleEvent();
  const absl::Time start = absl::Now();
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      for (uint64_t i = 0; !stop; ++i) {
        eventlog::AppendRequest request;
        request.stream.set_type("contact");
        request.stream.set_id(std::to_string(w * 1'000'000 + i % 1000));
        request.command_id = std::to_string(w) + ":" + std::to_string(i);
        request.events.assign(events_per_append, sample);
        const absl::Time begin = absl::Now();
        auto result = log->Append(std::move(request));
        latencies[w].push_back(absl::ToDoubleMicroseconds(absl::Now() - begin));
        if (!result.ok()) std::abort();
        ++appends[w];
      }
    });
  }
  absl::SleepFor(absl::Seconds(options.seconds));
  stop = true;
  for (auto& t : threads) t.join();
  const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);

  std::vector<double> all;
  uint64_t total_appends = 0;
  for (int w = 0; w < writers; ++w) {
    all.insert(all.end(), latencies[w].begin(), latencies[w].end());
    total_appends += appends[w];
  }
  return MakeRow("threads", writers, events_per_append, total_appends, elapsed, all);
}

// W appends kept outstanding by one client thread through AppendAsync: the log sees W concurrent
// writers, while the load generator costs a fraction of one core instead of W blocked threads (as
// with remote gRPC callers, whose CPU is not on the server).
AppendResultRow RunOneAsync(const BenchOptions& options, int writers, int events_per_append) {
  auto log = OpenFreshLog(options, "append");

  absl::Mutex mu;
  std::vector<int> idle;  // writers with no append outstanding
  std::vector<absl::Time> started(writers);
  std::vector<double> latencies;
  uint64_t appends = 0;
  for (int w = 0; w < writers; ++w) idle.push_back(w);
  const v1::EventEnvelope sample = SampleEvent();
  const absl::Time start = absl::Now();
  const absl::Time deadline = start + absl::Seconds(options.seconds);
  for (uint64_t i = 0;; ++i) {
    int w;
    {
      absl::MutexLock lock(&mu);
      mu.Await(absl::Condition(
          +[](std::vector<int>* v) { return !v->empty(); }, &idle));
      if (absl::Now() >= deadline) break;
      w = idle.back();
      idle.pop_back();
      started[w] = absl::Now();
    }
    eventlog::AppendRequest request;
    request.stream.set_type("contact");
    request.stream.set_id(std::to_string(w * 1'000'000 + i % 1000));
    request.command_id = "a" + std::to_string(i);
    request.events.assign(events_per_append, sample);
    log->AppendAsync(std::move(request), [&, w](absl::StatusOr<eventlog::AppendResult> result) {
      if (!result.ok()) std::abort();
      absl::MutexLock lock(&mu);
      latencies.push_back(absl::ToDoubleMicroseconds(absl::Now() - started[w]));
      ++appends;
      idle.push_back(w);
    });
  }
  {
    absl::MutexLock lock(&mu);
    auto all_idle = [&]() { return idle.size() == static_cast<size_t>(writers); };
    mu.Await(absl::Condition(&all_idle));
  }
  const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);
  return MakeRow("1 thread, async", writers, events_per_append, appends, elapsed, latencies);
}

}  // namespace

void RunAppendBenchmarks(const BenchOptions& options) {
  std::printf("\n### Durable appends (fsync before acknowledging; group commit)\n\n");
  std::printf(
      "| client | writers | events per append | events/s | appends/s | p50 latency | p99 "
      "latency |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|\n");
  for (bool async : {false, true}) {
    for (int events : {1, 10}) {
      for (int writers : {1, 8, 64}) {
        AppendResultRow r =
            async ? RunOneAsync(options, writers, events) : RunOne(options, writers, events);
        std::printf("| %s | %d | %d | %.0f | %.0f | %.0f µs | %.0f µs |\n", r.client, r.writers,
                    r.events_per_append, r.events_per_second, r.appends_per_second, r.p50_us,
                    r.p99_us);
        std::fflush(stdout);
      }
    }
  }
}

}  // namespace chronicle::bench
