// The contacts service in the real chronicled under kill -9: every acknowledged card is there
// after a restart, the read model agrees with the log, and intake right after the restart still
// matches cards written before the crash, even with the read model deleted and rebuilding (it
// waits for the projection to catch up rather than create a duplicate).
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "absl/strings/str_format.h"
#include "chronicle/testing/temp_dir.h"
#include "chronicle/v1/contacts.grpc.pb.h"
#include "chronicled_process.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"

namespace chronicle {
namespace {

using ::chronicle::testing::ChronicledProcess;

class ContactsCrashTest : public ::testing::Test {
 protected:
  ContactsCrashTest()
      : data_dir_(dir_.Sub("data")),
        process_(CHRONICLED_PATH, data_dir_, dir_.Sub("chronicled.out")) {}

  std::unique_ptr<v1::Contacts::Stub> Connect() {
    return v1::Contacts::NewStub(
        grpc::CreateChannel(process_.address(), grpc::InsecureChannelCredentials()));
  }

  // Reads the generated admin token; call once the server has started, before any thread calls.
  void ReadToken() {
    std::ifstream in(data_dir_ + "/admin.token");
    std::getline(in, token_);
  }

  std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + token_);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return context;
  }

  chronicle::testing::TempDir dir_;
  std::string data_dir_;
  ChronicledProcess process_;
  std::string token_;
};

TEST_F(ContactsCrashTest, AcknowledgedCardsSurviveKillNineAndIntakeStillMatchesThem) {
  ASSERT_TRUE(process_.Start({"--services=contacts"}).ok()) << process_.output();
  ReadToken();
  std::mutex mu;
  std::map<std::string, std::string> acked;  // client name -> E.164 phone
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < 6; ++w) {
    writers.emplace_back([&, w] {
      auto stub = Connect();
      for (int i = 0; !stop; ++i) {
        const std::string phone = absl::StrFormat("+7916%d%06d", w, i);
        v1::CreateClientRequest request;
        request.mutable_client()->set_surname("Клиент");
        request.mutable_client()->set_given_name(absl::StrFormat("W%dN%d", w, i));
        request.mutable_client()->add_phones()->set_number(phone);
        v1::Client created;
        grpc::Status status = stub->CreateClient(Context().get(), request, &created);
        if (status.error_code() == grpc::StatusCode::UNAVAILABLE) return;  // the server died
        if (!status.ok()) continue;
        std::lock_guard<std::mutex> lock(mu);
        acked[created.name()] = phone;
      }
    });
  }
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  while (absl::Now() < deadline) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (acked.size() >= 300) break;
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  process_.Kill9();
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_GE(acked.size(), 300u);
  // Read models are disposable: without its projection the service rebuilds it from the log at
  // start, and intake must not answer from the half-built one.
  std::filesystem::remove_all(data_dir_ + "/projections/contacts");

  ASSERT_TRUE(process_.Start({"--services=contacts"}).ok()) << process_.output();
  auto stub = Connect();
  // Straight away, before anything else: an inquiry from an acknowledged client's phone.
  const auto& [first_name, first_phone] = *acked.begin();
  v1::SubmitInquiryRequest inquiry;
  inquiry.set_request_id("after-crash");
  inquiry.add_phones()->set_number(first_phone);
  v1::SubmitInquiryResponse attached;
  ASSERT_TRUE(stub->SubmitInquiry(Context().get(), inquiry, &attached).ok());
  EXPECT_EQ(attached.outcome(), v1::SubmitInquiryResponse::ATTACHED);
  EXPECT_EQ(attached.client().name(), first_name);

  for (const auto& [name, phone] : acked) {
    v1::GetClientRequest get;
    get.set_name(name);
    v1::Client card;
    grpc::Status status = stub->GetClient(Context().get(), get, &card);
    ASSERT_TRUE(status.ok()) << name << " lost: " << status.error_message();
    ASSERT_EQ(card.phones(0).e164(), phone);
  }
  // The list agrees with the log: every card once (some unacknowledged ones may be there too).
  v1::ListClientsRequest list;
  list.set_show_total_size(true);
  list.set_page_size(1);
  v1::ListClientsResponse listed;
  ASSERT_TRUE(stub->ListClients(Context().get(), list, &listed).ok());
  EXPECT_GE(listed.total_size(), static_cast<int64_t>(acked.size()));
  EXPECT_LE(listed.total_size(),
            static_cast<int64_t>(acked.size()) + 6);  // at most one in flight per writer
}

}  // namespace
}  // namespace chronicle
