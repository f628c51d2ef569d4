// A typed client of chronicled's EventLog API for tests.
#ifndef CHRONICLE_TESTS_SUPPORT_LOG_CLIENT_H_
#define CHRONICLE_TESTS_SUPPORT_LOG_CLIENT_H_

#include <memory>
#include <string>
#include <vector>

#include "chronicle/v1/event_log.grpc.pb.h"
#include "chronicle/v1/projections.grpc.pb.h"
#include "grpcpp/create_channel.h"

namespace chronicle::testing {

class LogClient {
 public:
  LogClient(const std::string& address, std::string token)
      : channel_(grpc::CreateChannel(address, grpc::InsecureChannelCredentials())),
        log_(v1::EventLog::NewStub(channel_)),
        projections_(v1::Projections::NewStub(channel_)),
        token_(std::move(token)) {}

  std::unique_ptr<grpc::ClientContext> Context(absl::Duration timeout = absl::Seconds(10)) const {
    auto context = std::make_unique<grpc::ClientContext>();
    if (!token_.empty()) context->AddMetadata("authorization", "Bearer " + token_);
    context->set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout));
    return context;
  }

  // Appends `events` events of type "test.Happened" to type/id.
  grpc::Status Append(const std::string& type, const std::string& id, const std::string& command_id,
                      int64_t expected_version = -1, int events = 1,
                      v1::AppendEventsResponse* response = nullptr) {
    v1::AppendEventsRequest request;
    request.mutable_stream()->set_type(type);
    request.mutable_stream()->set_id(id);
    request.set_command_id(command_id);
    request.set_expected_version(expected_version);
    for (int i = 0; i < events; ++i) request.add_events()->set_event_type("test.Happened");
    v1::AppendEventsResponse ignored;
    return log_->AppendEvents(Context().get(), request, response ? response : &ignored);
  }

  // Every event in the log, read page by page.
  std::vector<v1::EventEnvelope> ReadAll(const std::string& stream = "") {
    std::vector<v1::EventEnvelope> events;
    v1::ListEventsRequest request;
    request.set_stream(stream);
    request.set_page_size(1000);
    do {
      v1::ListEventsResponse response;
      grpc::Status status = log_->ListEvents(Context().get(), request, &response);
      if (!status.ok()) {
        ADD_FAILURE() << "ListEvents: " << status.error_message();
        break;
      }
      events.insert(events.end(), response.events().begin(), response.events().end());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return events;
  }

  grpc::Status Stats(v1::LogStats* stats) { return log_->GetLogStats(Context().get(), {}, stats); }

  v1::EventLog::Stub& log() { return *log_; }
  v1::Projections::Stub& projections() { return *projections_; }
  std::shared_ptr<grpc::Channel> channel() { return channel_; }

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::EventLog::Stub> log_;
  std::unique_ptr<v1::Projections::Stub> projections_;
  std::string token_;
};

}  // namespace chronicle::testing

#endif  // CHRONICLE_TESTS_SUPPORT_LOG_CLIENT_H_
