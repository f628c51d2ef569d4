// The platform's gRPC API on loopback, against an in-process server: authentication on every RPC,
// health and reflection open to standard tools, precise errors that write nothing, paging, the
// live tail, and optimistic concurrency between concurrent callers.
#include <functional>
#include <map>
#include <sstream>
#include <thread>

#include "absl/synchronization/notification.h"
#include "chronicle/errors/errors.h"
#include "chronicle/server/server.h"
#include "chronicle/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "log_client.h"
#include "src/proto/grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace chronicle {
namespace {

using ::chronicle::testing::LogClient;
using ::testing::Contains;
using ::testing::HasSubstr;

constexpr char kAdminToken[] = "admin-token-0123456789";
constexpr char kManagerToken[] = "manager-token-0123456789";

class GrpcApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server::ServerConfig config;
    config.listen = "127.0.0.1:0";
    config.data_dir = dir_.path();
    config.tokens = {{kAdminToken, {"root", "admin"}}, {kManagerToken, {"anna", "manager"}}};
    std::ostringstream out;
    auto server = server::Server::Start(config, out);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    address_ = "127.0.0.1:" + std::to_string(server_->port());
    admin_ = std::make_unique<LogClient>(address_, kAdminToken);
  }

  chronicle::testing::TempDir dir_;
  std::unique_ptr<server::Server> server_;
  std::string address_;
  std::unique_ptr<LogClient> admin_;
};

TEST_F(GrpcApiTest, EveryRpcRefusesCallsWithoutAValidToken) {
  // One call per RPC. The descriptor check below fails when an RPC is added without a line here,
  // so no RPC can ship without being shown to require authentication.
  std::map<std::string, std::function<grpc::Status(LogClient&)>> calls = {
      {"chronicle.v1.EventLog.AppendEvents",
       [](LogClient& c) { return c.Append("contact", "1", "cmd"); }},
      {"chronicle.v1.EventLog.ListEvents",
       [](LogClient& c) {
         v1::ListEventsResponse r;
         return c.log().ListEvents(c.Context().get(), {}, &r);
       }},
      {"chronicle.v1.EventLog.TailEvents",
       [](LogClient& c) {
         auto context = c.Context();
         auto reader = c.log().TailEvents(context.get(), {});
         v1::EventEnvelope event;
         while (reader->Read(&event)) {
         }
         return reader->Finish();
       }},
      {"chronicle.v1.EventLog.GetLogStats",
       [](LogClient& c) {
         v1::LogStats r;
         return c.Stats(&r);
       }},
      {"chronicle.v1.Projections.ListProjections",
       [](LogClient& c) {
         v1::ListProjectionsResponse r;
         return c.projections().ListProjections(c.Context().get(), {}, &r);
       }},
      {"chronicle.v1.Projections.GetProjection",
       [](LogClient& c) {
         v1::GetProjectionRequest q;
         q.set_name("projections/log_stats");
         v1::Projection r;
         return c.projections().GetProjection(c.Context().get(), q, &r);
       }},
      {"chronicle.v1.Projections.RebuildProjection",
       [](LogClient& c) {
         v1::RebuildProjectionRequest q;
         q.set_name("projections/log_stats");
         v1::Projection r;
         return c.projections().RebuildProjection(c.Context().get(), q, &r);
       }},
  };
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const char* service : {"chronicle.v1.EventLog", "chronicle.v1.Projections"}) {
    const auto* descriptor = pool->FindServiceByName(service);
    ASSERT_NE(descriptor, nullptr);
    for (int i = 0; i < descriptor->method_count(); ++i) {
      EXPECT_EQ(calls.count(descriptor->method(i)->full_name()), 1u)
          << descriptor->method(i)->full_name() << " has no authentication check in this test";
    }
  }
  LogClient anonymous(address_, "");
  LogClient impostor(address_, "not-a-real-token-at-all");
  for (auto& [method, call] : calls) {
    EXPECT_EQ(call(anonymous).error_code(), grpc::StatusCode::UNAUTHENTICATED) << method;
    EXPECT_EQ(call(impostor).error_code(), grpc::StatusCode::UNAUTHENTICATED) << method;
  }
  v1::LogStats stats;
  ASSERT_TRUE(admin_->Stats(&stats).ok());
  EXPECT_EQ(stats.head_position(), 0u);  // the refused append wrote nothing
}

TEST_F(GrpcApiTest, HealthAndReflectionAreOpenForProbesAndTools) {
  auto health = grpc::health::v1::Health::NewStub(admin_->channel());
  grpc::ClientContext context;  // no token
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(health->Check(&context, request, &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  auto reflection = grpc::reflection::v1alpha::ServerReflection::NewStub(admin_->channel());
  grpc::ClientContext reflection_context;
  auto stream = reflection->ServerReflectionInfo(&reflection_context);
  grpc::reflection::v1alpha::ServerReflectionRequest list;
  list.set_list_services("*");
  ASSERT_TRUE(stream->Write(list));
  grpc::reflection::v1alpha::ServerReflectionRequest describe;
  describe.set_file_containing_symbol("chronicle.v1.EventLog");
  ASSERT_TRUE(stream->Write(describe));
  stream->WritesDone();
  grpc::reflection::v1alpha::ServerReflectionResponse listed, described;
  ASSERT_TRUE(stream->Read(&listed));
  ASSERT_TRUE(stream->Read(&described));
  ASSERT_TRUE(stream->Finish().ok());
  std::vector<std::string> names;
  for (const auto& s : listed.list_services_response().service()) names.push_back(s.name());
  EXPECT_THAT(names, Contains("chronicle.v1.EventLog"));
  EXPECT_THAT(names, Contains("chronicle.v1.Projections"));
  EXPECT_THAT(names, Contains("grpc.health.v1.Health"));
  EXPECT_GT(described.file_descriptor_response().file_descriptor_proto_size(), 0);
}

TEST_F(GrpcApiTest, InvalidAppendNamesEachFieldInBadRequestDetailsAndWritesNothing) {
  v1::AppendEventsRequest request;
  request.mutable_stream()->set_type("Contact");
  request.set_expected_version(-5);
  request.add_events();
  v1::AppendEventsResponse response;
  grpc::Status status = admin_->log().AppendEvents(admin_->Context().get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("expected_version"));

  request.set_expected_version(-1);
  status = admin_->log().AppendEvents(admin_->Context().get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
  std::vector<std::string> fields;
  for (const auto& v : bad_request.field_violations()) fields.push_back(v.field());
  EXPECT_THAT(fields, ::testing::ElementsAre("stream.type", "stream.id", "command_id",
                                             "events[0].event_type"));
  v1::LogStats stats;
  ASSERT_TRUE(admin_->Stats(&stats).ok());
  EXPECT_EQ(stats.head_position(), 0u);
}

TEST_F(GrpcApiTest, OversizedMessagesAreRefusedBeforeReachingTheLog) {
  v1::AppendEventsRequest request;
  request.mutable_stream()->set_type("contact");
  request.mutable_stream()->set_id("1");
  request.set_command_id("big");
  auto* event = request.add_events();
  event->set_event_type("t");
  event->mutable_payload()->set_value(std::string(17 << 20, 'x'));
  v1::AppendEventsResponse response;
  grpc::Status status = admin_->log().AppendEvents(admin_->Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);

  event->mutable_payload()->set_value(std::string((1 << 20) + 10, 'x'));  // over one event's limit
  status = admin_->log().AppendEvents(admin_->Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("events[0]: larger than"));
}

TEST_F(GrpcApiTest, RawAppendsNeedTheAdminRoleAndRecordTheCallerAsActor) {
  LogClient manager(address_, kManagerToken);
  EXPECT_EQ(manager.Append("contact", "1", "m1").error_code(), grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(admin_->Append("contact", "1", "a1").ok());
  auto events = manager.ReadAll();  // reading is open to every authenticated role
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].actor().user_id(), "root");
  EXPECT_EQ(events[0].actor().role(), "admin");
}

TEST_F(GrpcApiTest, ConcurrentWritersWithTheSameExpectedVersionExactlyOneWins) {
  ASSERT_TRUE(admin_->Append("deal", "7", "create", 0).ok());
  constexpr int kWriters = 8;
  std::vector<grpc::Status> results(kWriters);
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      LogClient client(address_, kAdminToken);
      results[i] = client.Append("deal", "7", "move-" + std::to_string(i), /*expected=*/1);
    });
  }
  for (auto& w : writers) w.join();
  int won = 0, aborted = 0;
  for (const auto& status : results) {
    won += status.ok();
    aborted += status.error_code() == grpc::StatusCode::ABORTED;
  }
  EXPECT_EQ(won, 1);
  EXPECT_EQ(aborted, kWriters - 1);
  EXPECT_EQ(admin_->ReadAll("deal/7").size(), 2u);
}

TEST_F(GrpcApiTest, ListEventsPagesThroughTheLogAndRejectsForeignTokens) {
  for (int i = 0; i < 25; ++i) {
    ASSERT_TRUE(admin_->Append("contact", std::to_string(i % 3), "c" + std::to_string(i)).ok());
  }
  v1::ListEventsRequest request;
  request.set_page_size(10);
  std::vector<uint64_t> positions;
  int pages = 0;
  do {
    v1::ListEventsResponse response;
    ASSERT_TRUE(admin_->log().ListEvents(admin_->Context().get(), request, &response).ok());
    for (const auto& e : response.events()) positions.push_back(e.global_position());
    request.set_page_token(response.next_page_token());
    ++pages;
  } while (!request.page_token().empty());
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(positions.size(), 25u);
  EXPECT_EQ(positions.front(), 1u);
  EXPECT_EQ(positions.back(), 25u);

  EXPECT_EQ(admin_->ReadAll("contact/1").size(), 8u);

  v1::ListEventsRequest first;
  first.set_page_size(5);
  v1::ListEventsResponse page;
  ASSERT_TRUE(admin_->log().ListEvents(admin_->Context().get(), first, &page).ok());
  v1::ListEventsRequest misuse;
  misuse.set_stream("contact/1");
  misuse.set_page_token(page.next_page_token());
  grpc::Status status = admin_->log().ListEvents(admin_->Context().get(), misuse, &page);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_token"));
}

TEST_F(GrpcApiTest, ListEventsPagesStayWithinTheDefaultClientMessageLimit) {
  for (int i = 0; i < 12; ++i) {  // 12 x 900 KB: far over a default client's 4 MiB limit
    v1::AppendEventsRequest request;
    request.mutable_stream()->set_type("blob");
    request.mutable_stream()->set_id("1");
    request.set_command_id("blob-" + std::to_string(i));
    request.set_expected_version(-1);
    auto* event = request.add_events();
    event->set_event_type("test.Blob");
    event->mutable_payload()->set_value(std::string(900'000, 'x'));
    v1::AppendEventsResponse response;
    ASSERT_TRUE(admin_->log().AppendEvents(admin_->Context().get(), request, &response).ok());
  }
  auto events = admin_->ReadAll();  // a stock client: default 4 MiB receive limit
  ASSERT_EQ(events.size(), 12u);
  for (int i = 0; i < 12; ++i) EXPECT_EQ(events[i].command_id(), "blob-" + std::to_string(i));
}

TEST_F(GrpcApiTest, TailEventsStreamsHistoryThenLiveEvents) {
  ASSERT_TRUE(admin_->Append("contact", "1", "before", -1, 2).ok());
  grpc::ClientContext context;
  context.AddMetadata("authorization", std::string("Bearer ") + kAdminToken);
  v1::TailEventsRequest request;
  request.set_from_position(2);
  auto reader = admin_->log().TailEvents(&context, request);
  v1::EventEnvelope event;
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.global_position(), 2u);
  ASSERT_TRUE(admin_->Append("contact", "2", "after").ok());
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.global_position(), 3u);
  EXPECT_EQ(event.command_id(), "after");
  context.TryCancel();
  while (reader->Read(&event)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(GrpcApiTest, ShutdownEndsLiveTailsInsteadOfWaitingOutTheGracePeriod) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", std::string("Bearer ") + kAdminToken);
  auto reader = admin_->log().TailEvents(&context, v1::TailEventsRequest());
  ASSERT_TRUE(admin_->Append("contact", "1", "seen").ok());
  v1::EventEnvelope event;
  ASSERT_TRUE(reader->Read(&event));  // the stream is open and live

  absl::Notification stopped;
  std::thread shutdown([&] {
    server_->Shutdown(absl::Minutes(10));  // a grace period no test would wait out
    stopped.Notify();
  });
  while (reader->Read(&event)) {
  }
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("shutting down"));
  EXPECT_TRUE(stopped.WaitForNotificationWithTimeout(absl::Seconds(60)));
  shutdown.join();
}

TEST_F(GrpcApiTest, ASecondServerCannotShareThePortOrTheDataDirectory) {
  chronicle::testing::TempDir other;
  server::ServerConfig same_port;
  same_port.listen = address_;
  same_port.data_dir = other.path();
  std::ostringstream out;
  auto clash = server::Server::Start(same_port, out);
  ASSERT_FALSE(clash.ok());
  EXPECT_THAT(std::string(clash.status().message()), HasSubstr("cannot listen on " + address_));

  server::ServerConfig same_data;
  same_data.listen = "127.0.0.1:0";
  same_data.data_dir = dir_.path();
  auto locked = server::Server::Start(same_data, out);
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(locked.status().message()), HasSubstr("in use by another process"));
}

TEST_F(GrpcApiTest, StatsAndProjectionStatusReflectTheLog) {
  ASSERT_TRUE(admin_->Append("contact", "1", "a", -1, 3).ok());
  ASSERT_TRUE(admin_->Append("deal", "1", "b", -1, 2).ok());
  v1::GetProjectionRequest get;
  get.set_name("projections/log_stats");
  v1::Projection projection;
  for (int i = 0; i < 500 && projection.position() < 5; ++i) {
    ASSERT_TRUE(
        admin_->projections().GetProjection(admin_->Context().get(), get, &projection).ok());
    if (projection.position() < 5) absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(projection.state(), v1::Projection::LIVE);
  EXPECT_EQ(projection.lag(), 0u);
  v1::LogStats stats;
  ASSERT_TRUE(admin_->Stats(&stats).ok());
  EXPECT_EQ(stats.event_count(), 5u);
  EXPECT_EQ(stats.stream_count(), 2u);
  ASSERT_EQ(stats.events_by_type_size(), 1);
  EXPECT_EQ(stats.events_by_type(0).count(), 5u);

  get.set_name("projections/nope");
  EXPECT_EQ(
      admin_->projections().GetProjection(admin_->Context().get(), get, &projection).error_code(),
      grpc::StatusCode::NOT_FOUND);
  get.set_name("log_stats");
  EXPECT_EQ(
      admin_->projections().GetProjection(admin_->Context().get(), get, &projection).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace chronicle
