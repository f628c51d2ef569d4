// kafka_bench: one event acknowledged durably, the embedded RocksDB log against Kafka (librdkafka's
// mock cluster of 3 brokers on loopback, a 12-partition topic replicated 3 times, the idempotent
// acks=all producer Chronicle uses, with its linger.ms=0 and with 2 ms), one and 8 writers each
// waiting for its acknowledgement; and from the call to a consumer (a projection's place) holding
// the event.
//   build/bench/kafka_bench --seconds 5
// The mock keeps its partitions in memory and replicates within one process: it measures the
// protocol and client path, not a broker's disk.
#include <atomic>
#include <iostream>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench_util.h"
#include "chronicle/base/log.h"
#include "chronicle/eventlog/rocksdb_event_log.h"
#include "chronicle/kafka/kafka_client.h"
#include "chronicle/kafka/mock_cluster.h"
#include "chronicle/testing/temp_dir.h"

namespace chronicle::bench {
namespace {

struct Row {
  double per_second = 0, p50_ms = 0, p99_ms = 0;
};

// `writers` threads each running `write()` (one acknowledged event) for `seconds`.
template <typename Write>
Row Measure(int writers, double seconds, const std::function<Write()>& make_writer) {
  std::vector<std::vector<double>> latencies(writers);
  std::vector<std::thread> threads;
  std::atomic<bool> stop{false};
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      Write write = make_writer();
      while (!stop) {
        const absl::Time start = absl::Now();
        if (!write()) return;
        latencies[w].push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(seconds * 1000)));
  stop = true;
  for (auto& t : threads) t.join();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  Row row;
  row.per_second = all.size() / seconds;
  row.p50_ms = Percentile(all, 0.5);
  row.p99_ms = Percentile(all, 0.99);
  return row;
}

void Print(const std::string& what, int writers, const Row& row) {
  std::cout << absl::StrFormat("| %s | %d | %.0f | %.2f ms | %.2f ms |\n", what, writers,
                               row.per_second, row.p50_ms, row.p99_ms);
}

int Run(double seconds) {
  const v1::EventEnvelope sample = SampleEvent();
  const std::string payload = sample.SerializeAsString();
  std::cout << "| log | writers | events/s | p50 | p99 |\n|---|---:|---:|---:|---:|\n";

  testing::TempDir dir;
  eventlog::RocksDbEventLogOptions options;
  options.path = dir.Sub("log");
  auto log = eventlog::OpenRocksDbEventLog(options);
  if (!log.ok()) return 1;
  std::atomic<uint64_t> command{0};
  for (int writers : {1, 8}) {
    Print("embedded (RocksDB, fsync per group commit)", writers,
          Measure<std::function<bool()>>(writers, seconds, [&]() -> std::function<bool()> {
            return [&] {
              eventlog::AppendRequest request;
              const uint64_t n = ++command;
              request.stream.set_type("client");
              request.stream.set_id(absl::StrCat("c", n % 1000));
              request.command_id = absl::StrCat("cmd-", n);
              request.actor.set_user_id("bench");
              request.events.push_back(sample);
              return (*log)->Append(std::move(request)).ok();
            };
          }));
  }

  auto cluster = kafka::MockCluster::Start(3);
  if (!cluster.ok() || !(*cluster)->CreateTopic("chronicle.contacts", 12, 3).ok()) return 1;
  const std::string bootstrap = (*cluster)->bootstrap_servers();
  const kafka::Headers headers = {{"event_type", "contacts.NoteAdded"}, {"stream", "client/c1"}};
  for (const auto& [linger, writers] :
       std::vector<std::pair<std::string, int>>{{"2", 1}, {"2", 8}, {"0", 1}, {"0", 8}}) {
    Print(absl::StrCat("Kafka mock (3 brokers, acks=all, idempotent, linger.ms=", linger, ")"),
          writers, Measure<std::function<bool()>>(writers, seconds, [&]() -> std::function<bool()> {
            auto producer = kafka::Producer::Create(bootstrap, {{"linger.ms", linger}});
            if (!producer.ok()) return [] { return false; };
            auto shared = std::shared_ptr<kafka::Producer>(std::move(*producer));
            return [&, shared] {
              const uint64_t n = ++command;
              return shared
                  ->Produce("chronicle.contacts", absl::StrCat("c", n % 1000), payload, headers,
                            absl::Seconds(10))
                  .ok();
            };
          }));
  }

  // Acknowledged to held by a consumer: one event at a time, so each is timed alone.
  auto consumer = kafka::Consumer::Create(bootstrap, "bench", "bench-0", {"chronicle.e2e"});
  if (!(*cluster)->CreateTopic("chronicle.e2e", 1, 3).ok() || !consumer.ok()) return 1;
  auto producer = kafka::Producer::Create(bootstrap);
  if (!producer.ok()) return 1;
  (void)(*consumer)->Poll(1, absl::Seconds(3));  // joined and assigned
  std::vector<double> e2e;
  const absl::Time until = absl::Now() + absl::Seconds(seconds);
  while (absl::Now() < until) {
    const absl::Time start = absl::Now();
    if (!(*producer)->Produce("chronicle.e2e", "c1", payload, headers, absl::Seconds(10)).ok()) {
      return 1;
    }
    for (bool held = false; !held;) {
      auto got = (*consumer)->Poll(1, absl::Seconds(5));
      if (!got.ok()) return 1;
      held = !got->empty();
    }
    e2e.push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
  }
  std::cout << absl::StrFormat(
      "\nKafka mock, produce to consumed, one at a time: %d events, p50 %.2f ms, p99 %.2f ms\n",
      e2e.size(), Percentile(e2e, 0.5), Percentile(e2e, 0.99));
  return 0;
}

}  // namespace
}  // namespace chronicle::bench

int main(int argc, char** argv) {
  CLI::App app{"durable append: the embedded log against Kafka's mock cluster"};
  double seconds = 5;
  app.add_option("--seconds", seconds, "per measurement (5)");
  CLI11_PARSE(app, argc, argv);
  chronicle::SetLogOptions(chronicle::LogLevel::kError, chronicle::LogFormat::kText);
  return chronicle::bench::Run(seconds);
}
