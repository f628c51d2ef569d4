// The base of the services' gRPC tests: an in-process chronicled on a loopback port running the
// chosen services, with an admin ("root") and two managers' tokens ("anna", "igor"); contexts
// carrying a token; the fields a BadRequest names; the log's head position.
#ifndef CHRONICLE_TESTS_SUPPORT_SERVICE_API_TEST_H_
#define CHRONICLE_TESTS_SUPPORT_SERVICE_API_TEST_H_

#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "chronicle/errors/errors.h"
#include "chronicle/server/server.h"
#include "chronicle/testing/temp_dir.h"
#include "chronicle/v1/event_log.grpc.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/empty.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/impl/codegen/client_unary_call.h"
#include "gtest/gtest.h"

namespace chronicle::testing {

inline constexpr char kAdminToken[] = "admin-token-0123456789";
inline constexpr char kAnnaToken[] = "anna-token-0123456789";
inline constexpr char kIgorToken[] = "igor-token-0123456789";

// The fields a google.rpc.BadRequest in `status` names, in order.
inline std::vector<std::string> BadFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  for (const auto& v : errors::FieldViolations(errors::FromGrpc(status))) fields.push_back(v.field);
  return fields;
}

// Calls every RPC of `service_name` ("chronicle.v1.Activities") without a token and with a wrong
// one: each must refuse with UNAUTHENTICATED. Generic calls with an empty request, so RPCs added
// later are covered too (a server-streaming one answers a unary call the same way).
inline void ExpectEveryRpcRefusesBadTokens(grpc::Channel* channel,
                                           const std::string& service_name) {
  const auto* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service_name);
  ASSERT_NE(service, nullptr) << service_name;
  for (int i = 0; i < service->method_count(); ++i) {
    const std::string path = "/" + service_name + "/" + service->method(i)->name();
    for (const char* token : {"", "not-a-real-token-at-all"}) {
      grpc::ClientContext context;
      context.AddMetadata("authorization", std::string("Bearer ") + token);
      google::protobuf::Empty request, response;
      grpc::internal::RpcMethod method(path.c_str(), grpc::internal::RpcMethod::NORMAL_RPC);
      grpc::Status status =
          grpc::internal::BlockingUnaryCall(channel, method, &context, request, &response);
      EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << path;
    }
  }
}

class ServiceApiTest : public ::testing::Test {
 protected:
  // Starts chronicled with `services`; the test fails at once when it cannot.
  void StartServer(std::vector<std::string> services) {
    server::ServerConfig config;
    config.listen = "127.0.0.1:0";
    config.data_dir = dir_.path();
    config.services = std::move(services);
    config.tokens = {{kAdminToken, {"root", "admin"}},
                     {kAnnaToken, {"anna", "manager"}},
                     {kIgorToken, {"igor", "manager"}}};
    std::ostringstream out;
    auto server = server::Server::Start(config, out);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                   grpc::InsecureChannelCredentials());
    log_ = v1::EventLog::NewStub(channel_);
  }

  static std::unique_ptr<grpc::ClientContext> Context(const char* token = kAnnaToken) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", std::string("Bearer ") + token);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return context;
  }

  // Every RPC of `service_name` refuses calls without a valid token and writes nothing.
  void ExpectEveryRpcNeedsAToken(const std::string& service_name) {
    const uint64_t head = Head();
    ExpectEveryRpcRefusesBadTokens(channel_.get(), service_name);
    EXPECT_EQ(Head(), head);
  }

  // The log's head position: a refused command must leave it where it was.
  uint64_t Head() {
    v1::LogStats stats;
    EXPECT_TRUE(log_->GetLogStats(Context(kAdminToken).get(), {}, &stats).ok());
    return stats.head_position();
  }

  TempDir dir_;
  std::unique_ptr<server::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::EventLog::Stub> log_;
};

}  // namespace chronicle::testing

#endif  // CHRONICLE_TESTS_SUPPORT_SERVICE_API_TEST_H_
