// Shared pieces of the benchmark driver: latency percentiles, payloads, result rows.
#ifndef CHRONICLE_BENCH_BENCH_UTIL_H_
#define CHRONICLE_BENCH_BENCH_UTIL_H_

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "chronicle/eventlog/event_log.h"
#include "google/protobuf/wrappers.pb.h"

namespace chronicle::bench {

struct BenchOptions {
  std::string dir = "/tmp/chronicle-bench";
  double seconds = 5;  // per append scenario
  uint64_t replay_events = 2'000'000;
};

// What `callers` threads did in a timed run: every operation's latency, and the run's length.
struct CallerRun {
  std::vector<double> latencies_ms;
  double seconds = 0;
  double per_second() const { return latencies_ms.size() / seconds; }
};

// Runs `work(caller, stop, latencies_ms)` on `callers` threads for `seconds`: each loops until
// `stop` is set, appending one latency per operation.
inline CallerRun RunCallers(
    int callers, double seconds,
    const std::function<void(int, const std::atomic<bool>&, std::vector<double>&)>& work) {
  std::atomic<bool> stop{false};
  std::vector<std::vector<double>> latencies(callers);
  std::vector<std::thread> threads;
  const absl::Time start = absl::Now();
  for (int c = 0; c < callers; ++c) {
    threads.emplace_back([&, c] { work(c, stop, latencies[c]); });
  }
  absl::SleepFor(absl::Seconds(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  CallerRun run;
  run.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  for (auto& l : latencies) run.latencies_ms.insert(run.latencies_ms.end(), l.begin(), l.end());
  return run;
}

inline double Percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  size_t index = std::min(values.size() - 1, static_cast<size_t>(p * values.size()));
  std::nth_element(values.begin(), values.begin() + index, values.end());
  return values[index];
}

// An event shaped like a typical CRM fact: a ~200-byte payload.
inline v1::EventEnvelope SampleEvent(const std::string& type = "contacts.NoteAdded") {
  v1::EventEnvelope event;
  event.set_event_type(type);
  google::protobuf::StringValue text;
  text.set_value(
      "Позвонила, договорились о встрече в четверг в 13:30; просит КП на 12 мест, бюджет до 400 "
      "тыс.");
  event.mutable_payload()->PackFrom(text);
  return event;
}

// Removes and recreates `path`.
void FreshDir(const std::string& path);
// Opens a new, empty event log in `options.dir`/`name`.
std::unique_ptr<eventlog::EventLog> OpenFreshLog(const BenchOptions& options,
                                                 const std::string& name);

void RunAppendBenchmarks(const BenchOptions& options);
void RunReplayBenchmarks(const BenchOptions& options);
void RunStorageBenchmarks(const BenchOptions& options);

}  // namespace chronicle::bench

#endif  // CHRONICLE_BENCH_BENCH_UTIL_H_
