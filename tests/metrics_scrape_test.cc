// chronicled's Prometheus endpoint, scraped over HTTP the way Prometheus does, against an
// in-process server running every service: the families are there, and they move with calls,
// appends and projections. And gRPC health as a probe sees it: liveness, and readiness per
// service.
#include <sstream>
#include <thread>

#include "chronicle/server/server.h"
#include "chronicle/testing/scrape.h"
#include "chronicle/testing/temp_dir.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "log_client.h"

namespace chronicle {
namespace {

using ::chronicle::testing::HttpGet;
using ::chronicle::testing::SeriesValue;

constexpr char kAdminToken[] = "admin-token-0123456789";

class MetricsScrapeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server::ServerConfig config;
    config.listen = "127.0.0.1:0";
    config.metrics_listen = "127.0.0.1:0";
    config.data_dir = dir_.path();
    config.tokens = {{kAdminToken, {"root", "admin"}}};
    config.services = {"contacts", "deals", "activities", "notifications", "analytics"};
    std::ostringstream out;
    auto server = server::Server::Start(config, out);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    ASSERT_GT(server_->metrics_port(), 0);
    EXPECT_NE(out.str().find("/metrics"), std::string::npos) << out.str();
    admin_ = std::make_unique<testing::LogClient>("127.0.0.1:" + std::to_string(server_->port()),
                                                  kAdminToken);
  }

  std::string Scrape() { return HttpGet(server_->metrics_port(), "/metrics"); }

  // The value of `series`, scraped until `done` holds for it (projections catch up on their own
  // threads), or the last value seen after five seconds.
  double WaitFor(const std::string& series, const std::function<bool(double)>& done) {
    double value = -1;
    for (int i = 0; i < 100; ++i) {
      value = SeriesValue(Scrape(), series).value_or(-1);
      if (done(value)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return value;
  }

  chronicle::testing::TempDir dir_;
  std::unique_ptr<server::Server> server_;
  std::unique_ptr<testing::LogClient> admin_;
};

TEST_F(MetricsScrapeTest, FamiliesArePresentAndMoveWithTheWork) {
  const std::string append_ok =
      "chronicle_rpc_requests_total{code=\"OK\",method=\"/chronicle.v1.EventLog/AppendEvents\"}";
  const std::string before = Scrape();
  // (The call families appear with their first call, labelled by method and code.)
  for (const char* family :
       {"# TYPE chronicle_log_append_duration_seconds histogram",
        "# TYPE chronicle_log_head_position gauge", "# TYPE chronicle_projection_position gauge",
        "# TYPE chronicle_projection_lag_events gauge", "# TYPE chronicle_scheduler_jobs gauge",
        "# TYPE chronicle_delivery_attempts_running gauge",
        "# TYPE process_cpu_seconds_total counter", "# TYPE process_resident_memory_bytes gauge"}) {
    EXPECT_NE(before.find(family), std::string::npos) << family << " missing from\n" << before;
  }
  const double appends_before = SeriesValue(before, append_ok).value_or(0);
  const double head_before = SeriesValue(before, "chronicle_log_head_position").value_or(-1);
  ASSERT_GE(head_before, 0);

  // Three appends, a call without a token, and one with a bad request.
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(admin_->Append("contact", "m" + std::to_string(i), "cmd" + std::to_string(i)).ok());
  }
  testing::LogClient anonymous("127.0.0.1:" + std::to_string(server_->port()), "");
  EXPECT_EQ(anonymous.Append("contact", "x", "c").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(admin_->Append("", "x", "c").error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  const std::string after = Scrape();
  EXPECT_NE(after.find("# TYPE chronicle_rpc_requests_total counter"), std::string::npos);
  EXPECT_NE(after.find("# TYPE chronicle_rpc_duration_seconds histogram"), std::string::npos);
  EXPECT_EQ(SeriesValue(after, append_ok).value_or(0), appends_before + 3);
  EXPECT_EQ(SeriesValue(after,
                        "chronicle_rpc_requests_total{code=\"UNAUTHENTICATED\",method=\"/"
                        "chronicle.v1.EventLog/AppendEvents\"}"),
            1);
  EXPECT_EQ(SeriesValue(after,
                        "chronicle_rpc_requests_total{code=\"INVALID_ARGUMENT\",method=\"/"
                        "chronicle.v1.EventLog/AppendEvents\"}"),
            1);
  EXPECT_EQ(SeriesValue(after,
                        "chronicle_rpc_duration_seconds_count{code=\"OK\",method=\"/"
                        "chronicle.v1.EventLog/AppendEvents\"}")
                .value_or(0),
            appends_before + 3);
  EXPECT_GE(
      SeriesValue(after, "chronicle_log_append_duration_seconds_count{result=\"ok\"}").value_or(0),
      3);
  const double head = SeriesValue(after, "chronicle_log_head_position").value_or(-1);
  EXPECT_EQ(head, head_before + 3);
  // Every projection catches up: its position reaches the head and its lag falls to 0.
  EXPECT_EQ(WaitFor("chronicle_projection_position{projection=\"log_stats\"}",
                    [&](double v) { return v >= head; }),
            head);
  EXPECT_EQ(WaitFor("chronicle_projection_position{projection=\"analytics\"}",
                    [&](double v) { return v >= head; }),
            head);
  EXPECT_EQ(WaitFor("chronicle_projection_lag_events{projection=\"contacts\"}",
                    [](double v) { return v == 0; }),
            0);
  EXPECT_GT(SeriesValue(after, "process_resident_memory_bytes").value_or(0), 0);
}

TEST_F(MetricsScrapeTest, HealthServesLivenessAndEachCaughtUpService) {
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                     grpc::InsecureChannelCredentials());
  auto health = grpc::health::v1::Health::NewStub(channel);
  auto status_of = [&](const std::string& service) {
    grpc::ClientContext context;  // probes carry no token
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    const grpc::Status status = health->Check(&context, request, &response);
    return status.ok() ? response.status() : grpc::health::v1::HealthCheckResponse::UNKNOWN;
  };
  // An empty log: every service is ready as soon as its projections have started (the status is
  // looked at twice a second).
  for (const char* service :
       {"", "liveness", "chronicle.v1.Contacts", "chronicle.v1.Deals", "chronicle.v1.Activities",
        "chronicle.v1.Notifications", "chronicle.v1.Analytics", "chronicle.v1.EventLog",
        "chronicle.v1.Projections"}) {
    auto status = status_of(service);
    for (int i = 0; i < 50 && status != grpc::health::v1::HealthCheckResponse::SERVING; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      status = status_of(service);
    }
    EXPECT_EQ(status, grpc::health::v1::HealthCheckResponse::SERVING) << service;
  }
  // A service this process does not run is unknown to it.
  EXPECT_EQ(status_of("chronicle.v1.Billing"), grpc::health::v1::HealthCheckResponse::UNKNOWN);
}

}  // namespace
}  // namespace chronicle
