// Shared pieces of the benchmark driver: latency percentiles, payloads, result rows.
#ifndef CHRONICLE_BENCH_BENCH_UTIL_H_
#define CHRONICLE_BENCH_BENCH_UTIL_H_

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "chronicle/eventlog/event_log.h"
#include "google/protobuf/wrappers.pb.h"

namespace chronicle::bench {

struct BenchOptions {
  std::string dir = "/tmp/chronicle-bench";
  double seconds = 5;  // per append scenario
  uint64_t replay_events = 2'000'000;
};

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
