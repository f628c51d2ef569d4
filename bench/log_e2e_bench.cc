// log_e2e_bench: from a command's append to a projection holding it, on the embedded log and on
// the Kafka log (librdkafka's mock cluster of 3 brokers on loopback, topics of 12 partitions
// replicated 3 times). Writers append one event each, waiting for the acknowledgement, as command
// handlers do; a subscriber (where a projection sits) on another replica's copy of the log records
// when each event reaches it. On the embedded log writer and subscriber share the one log.
//   build/bench/log_e2e_bench --seconds 5
// The mock keeps partitions in memory: it measures the protocol, the client and the copy, not a
// broker's disk. Both copies fsync as the embedded log does.
#include <atomic>
#include <iostream>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench_util.h"
#include "chronicle/base/log.h"
#include "chronicle/eventlog/rocksdb_event_log.h"
#include "chronicle/kafka/kafka_event_log.h"
#include "chronicle/kafka/mock_cluster.h"
#include "chronicle/testing/temp_dir.h"

namespace chronicle::bench {
namespace {

// Where a projection would be: records when each command's event arrives.
class ArrivalClock : public eventlog::EventConsumer {
 public:
  void Started(const std::string& command) {
    absl::MutexLock lock(&mu_);
    started_[command] = absl::Now();
  }
  absl::Status OnEvents(absl::Span<const v1::EventEnvelope> events) override {
    const absl::Time now = absl::Now();
    absl::MutexLock lock(&mu_);
    for (const v1::EventEnvelope& event : events) {
      auto found = started_.find(event.command_id());
      if (found == started_.end()) continue;
      latencies_.push_back(absl::ToDoubleMilliseconds(now - found->second));
      started_.erase(found);
    }
    return absl::OkStatus();
  }
  std::vector<double> Take() {
    absl::MutexLock lock(&mu_);
    return std::move(latencies_);
  }

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, absl::Time> started_ ABSL_GUARDED_BY(mu_);
  std::vector<double> latencies_ ABSL_GUARDED_BY(mu_);
};

void Measure(const std::string& what, eventlog::EventLog& writer, eventlog::EventLog& reader,
             int writers, double seconds) {
  const v1::EventEnvelope sample = SampleEvent();
  ArrivalClock arrivals;
  auto subscription =
      reader.Subscribe(eventlog::Checkpoint::AfterPosition(reader.HeadPosition()), &arrivals);
  static std::atomic<uint64_t> command{0};
  std::vector<std::vector<double>> accepted(writers);
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      while (!stop) {
        const uint64_t n = ++command;
        eventlog::AppendRequest request;
        request.stream.set_type("client");
        request.stream.set_id(absl::StrCat("c", n % 1000));
        request.command_id = absl::StrCat("cmd-", n);
        request.actor.set_user_id("bench");
        request.events.push_back(sample);
        arrivals.Started(request.command_id);
        const absl::Time start = absl::Now();
        if (!writer.Append(std::move(request)).ok()) return;
        accepted[w].push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(seconds * 1000)));
  stop = true;
  for (auto& t : threads) t.join();
  absl::SleepFor(absl::Milliseconds(500));  // the last arrivals
  subscription.reset();
  std::vector<double> all;
  for (auto& l : accepted) all.insert(all.end(), l.begin(), l.end());
  std::vector<double> e2e = arrivals.Take();
  std::cout << absl::StrFormat("| %s | %d | %.0f | %.2f / %.2f ms | %.2f / %.2f ms |\n", what,
                               writers, all.size() / seconds, Percentile(all, 0.5),
                               Percentile(all, 0.99), Percentile(e2e, 0.5), Percentile(e2e, 0.99));
}

int Run(double seconds) {
  std::cout << "| log | writers | commands/s | accepted p50 / p99 | in the projection p50 / p99 "
               "|\n|---|---:|---:|---:|---:|\n";
  testing::TempDir dir;
  eventlog::RocksDbEventLogOptions options;
  options.path = dir.Sub("embedded");
  auto embedded = eventlog::OpenRocksDbEventLog(options);
  if (!embedded.ok()) return 1;
  for (int writers : {1, 8}) {
    Measure("embedded", **embedded, **embedded, writers, seconds);
  }

  auto cluster = kafka::MockCluster::Start(3);
  if (!cluster.ok() || !(*cluster)->CreateTopic("chronicle.contacts", 12, 3).ok()) return 1;
  auto open = [&](const std::string& name, const std::string& fetch_wait_ms) {
    kafka::KafkaEventLogOptions kafka_options;
    kafka_options.bootstrap_servers = (*cluster)->bootstrap_servers();
    kafka_options.topics = {"chronicle.contacts"};
    kafka_options.topic_for = [](const v1::StreamId&) { return "chronicle.contacts"; };
    kafka_options.replica_path = dir.Sub(name);
    kafka_options.client_id = "bench-" + name;
    kafka_options.consumer_config = {{"fetch.wait.max.ms", fetch_wait_ms}};
    return kafka::OpenKafkaEventLog(kafka_options);
  };
  // The mock answers a fetch only when fetch.wait.max.ms is up, even if data arrived meanwhile
  // (a broker answers at once): Chronicle's 10 ms, then 1 ms to show what that costs here.
  for (const char* wait : {"10", "1"}) {
    auto writer = open(absl::StrCat("writer-", wait), wait);
    auto reader = open(absl::StrCat("reader-", wait), wait);
    if (!writer.ok() || !reader.ok()) return 1;
    for (int writers : {1, 8, 32}) {
      Measure(absl::StrCat("Kafka mock, fetch.wait.max.ms=", wait), **writer, **reader, writers,
              seconds);
    }
  }
  return 0;
}

}  // namespace
}  // namespace chronicle::bench

int main(int argc, char** argv) {
  CLI::App app{"command to projection: the embedded log against the Kafka log on the mock"};
  double seconds = 5;
  app.add_option("--seconds", seconds, "per measurement (5)");
  CLI11_PARSE(app, argc, argv);
  chronicle::SetLogOptions(chronicle::LogLevel::kError, chronicle::LogFormat::kText);
  return chronicle::bench::Run(seconds);
}
