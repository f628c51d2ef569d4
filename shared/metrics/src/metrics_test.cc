#include <ctime>

#include "absl/strings/str_cat.h"
#include "chronicle/eventlog/rocksdb_event_log.h"
#include "chronicle/metrics/callback_collector.h"
#include "chronicle/metrics/metered_event_log.h"
#include "chronicle/metrics/metrics_server.h"
#include "chronicle/metrics/process_collector.h"
#include "chronicle/metrics/rpc_metrics.h"
#include "chronicle/testing/events.h"
#include "chronicle/testing/scrape.h"
#include "chronicle/testing/temp_dir.h"
#include "gtest/gtest.h"
#include "prometheus/text_serializer.h"

namespace chronicle::metrics {
namespace {

using testing::SeriesValue;

std::string Text(const prometheus::Collectable& collectable) {
  return prometheus::TextSerializer().Serialize(collectable.Collect());
}

TEST(ProcessCollectorTest, ReadsThisProcessFromProc) {
  std::vector<char> touched(32 << 20, 1);  // resident for sure
  const std::string text = Text(ProcessCollector());
  EXPECT_GT(SeriesValue(text, "process_resident_memory_bytes").value_or(0), 32 << 20);
  EXPECT_GE(SeriesValue(text, "process_virtual_memory_bytes").value_or(0),
            SeriesValue(text, "process_resident_memory_bytes").value_or(1));
  EXPECT_GE(SeriesValue(text, "process_open_fds").value_or(0), 3);  // stdin, stdout, stderr
  EXPECT_GT(SeriesValue(text, "process_max_fds").value_or(0), 0);
  const double started = SeriesValue(text, "process_start_time_seconds").value_or(0);
  EXPECT_LE(started, std::time(nullptr) + 1);
  EXPECT_GT(started, std::time(nullptr) - 3600);  // this test started within the hour
  // CPU time moves as the process works.
  const double before = SeriesValue(text, "process_cpu_seconds_total").value_or(-1);
  volatile double sink = 0;
  for (int i = 0; i < 50'000'000; ++i) sink = sink + i * 0.5;
  EXPECT_GT(SeriesValue(Text(ProcessCollector()), "process_cpu_seconds_total").value_or(0), before);
  EXPECT_EQ(touched[12345], 1);
}

TEST(CallbackCollectorTest, ReadsTheValuesAtEveryScrape) {
  CallbackCollector collector;
  double depth = 3;
  collector.AddGauge("queue_depth", "Jobs waiting.", [&](std::vector<Sample>& samples) {
    samples.push_back({{{"queue", "fire"}}, depth});
    samples.push_back({{{"queue", "deliver"}}, 1});
  });
  collector.AddCounter("failures_total", "Failures.", [](std::vector<Sample>& samples) {
    samples.push_back({{}, 7});
  });
  std::string text = Text(collector);
  EXPECT_EQ(SeriesValue(text, "queue_depth{queue=\"fire\"}"), 3);
  EXPECT_EQ(SeriesValue(text, "queue_depth{queue=\"deliver\"}"), 1);
  EXPECT_EQ(SeriesValue(text, "failures_total"), 7);
  EXPECT_NE(text.find("# TYPE failures_total counter"), std::string::npos);
  depth = 10;
  EXPECT_EQ(SeriesValue(Text(collector), "queue_depth{queue=\"fire\"}"), 10);
}

TEST(RpcMetricsTest, CountsAndTimesByMethodAndCode) {
  prometheus::Registry registry;
  RpcMetrics rpc(registry);
  rpc.Observe("/chronicle.v1.Contacts/CreateClient", grpc::StatusCode::OK, 0.003);
  rpc.Observe("/chronicle.v1.Contacts/CreateClient", grpc::StatusCode::OK, 0.2);
  rpc.Observe("/chronicle.v1.Contacts/CreateClient", grpc::StatusCode::INVALID_ARGUMENT, 0.0002);
  const std::string text = Text(registry);
  const std::string ok = "{code=\"OK\",method=\"/chronicle.v1.Contacts/CreateClient\"";
  EXPECT_EQ(SeriesValue(text, "chronicle_rpc_requests_total" + ok + "}"), 2);
  EXPECT_EQ(SeriesValue(text,
                        "chronicle_rpc_requests_total{code=\"INVALID_ARGUMENT\",method=\"/"
                        "chronicle.v1.Contacts/CreateClient\"}"),
            1);
  EXPECT_EQ(SeriesValue(text, "chronicle_rpc_duration_seconds_count" + ok + "}"), 2);
  EXPECT_NEAR(SeriesValue(text, "chronicle_rpc_duration_seconds_sum" + ok + "}").value_or(0), 0.203,
              1e-9);
  EXPECT_EQ(SeriesValue(text, "chronicle_rpc_duration_seconds_bucket" + ok + ",le=\"0.005\"}"), 1);
  EXPECT_EQ(SeriesValue(text, "chronicle_rpc_duration_seconds_bucket" + ok + ",le=\"0.25\"}"), 2);
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::UNAUTHENTICATED), "UNAUTHENTICATED");
}

TEST(MeteredEventLogTest, TimesAppendsByResultAndPassesThem) {
  testing::TempDir dir;
  eventlog::RocksDbEventLogOptions options;
  options.path = dir.Sub("log");
  auto log = eventlog::OpenRocksDbEventLog(options);
  ASSERT_TRUE(log.ok()) << log.status();
  prometheus::Registry registry;
  MeteredEventLog metered(log->get(), registry);
  ASSERT_TRUE(metered.Append(testing::Append(testing::Stream("order", "o1"), "c1", 2)).ok());
  ASSERT_TRUE(metered.Append(testing::Append(testing::Stream("order", "o2"), "c2", 1)).ok());
  eventlog::AppendRequest bad = testing::Append(testing::Stream("order", "o3"), "c3", 1);
  bad.events[0].set_event_type("");
  EXPECT_FALSE(metered.Append(std::move(bad)).ok());
  EXPECT_EQ(metered.HeadPosition(), 3u);
  const std::string text = Text(registry);
  EXPECT_EQ(SeriesValue(text, "chronicle_log_append_duration_seconds_count{result=\"ok\"}"), 2);
  EXPECT_EQ(SeriesValue(text, "chronicle_log_append_duration_seconds_count{result=\"error\"}"), 1);
}

TEST(MetricsServerTest, ServesEverythingOnMetricsOverHttp) {
  auto server = MetricsServer::Start("127.0.0.1:0");
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_GT((*server)->port(), 0);
  RpcMetrics rpc((*server)->registry());
  rpc.Observe("/grpc.health.v1.Health/Check", grpc::StatusCode::OK, 0.001);
  (*server)->callbacks().AddGauge("chronicle_test_gauge", "A test.", [](auto& samples) {
    samples.push_back({{}, 42});
  });
  const std::string text = testing::HttpGet((*server)->port(), "/metrics");
  EXPECT_EQ(SeriesValue(text,
                        "chronicle_rpc_requests_total{code=\"OK\",method=\"/"
                        "grpc.health.v1.Health/Check\"}"),
            1);
  EXPECT_EQ(SeriesValue(text, "chronicle_test_gauge"), 42);
  EXPECT_GT(SeriesValue(text, "process_resident_memory_bytes").value_or(0), 0);

  // A second server on the same port is refused with the setting named.
  auto clash = MetricsServer::Start(absl::StrCat("127.0.0.1:", (*server)->port()));
  ASSERT_FALSE(clash.ok());
  EXPECT_NE(clash.status().message().find("--metrics-listen"), std::string::npos);
}

}  // namespace
}  // namespace chronicle::metrics
