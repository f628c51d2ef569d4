// The real chronicled binary on a real, deliberately tiny filesystem (a tmpfs this test mounts):
// when the disk fills up, appends fail with RESOURCE_EXHAUSTED and nothing acknowledged is lost;
// when space returns, the server carries on by itself. A read-only data dir gives a clear error at
// start. (Linux refuses to remount a filesystem read-only while files are open for writing, so a
// data dir turning read-only under a running server is covered by the fault-injection unit test
// in shared/eventlog.) Needs root for mount(2), as CI and the developer machines have.
#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "chronicle/testing/temp_dir.h"
#include "chronicled_process.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "log_client.h"

namespace chronicle {
namespace {

using ::chronicle::testing::ChronicledProcess;
using ::chronicle::testing::LogClient;
using ::testing::HasSubstr;

class StorageFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mount_point_ = dir_.Sub("disk");
    std::filesystem::create_directories(mount_point_);
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to mount a tmpfs";
    if (::mount("tmpfs", mount_point_.c_str(), "tmpfs", 0, "size=48m") != 0) {
      GTEST_SKIP() << "cannot mount a tmpfs here: " << std::strerror(errno);
    }
    mounted_ = true;
    process_ = std::make_unique<ChronicledProcess>(CHRONICLED_PATH, mount_point_ + "/data",
                                                   dir_.Sub("chronicled.out"));
  }

  void TearDown() override {
    process_.reset();
    if (mounted_) ::umount2(mount_point_.c_str(), MNT_DETACH);
  }

  void Remount(const std::string& options) {
    ASSERT_EQ(::mount("tmpfs", mount_point_.c_str(), "tmpfs",
                      MS_REMOUNT | (options == "ro" ? MS_RDONLY : 0),
                      options == "ro" ? nullptr : options.c_str()),
              0)
        << std::strerror(errno);
  }

  std::string Token() {
    std::ifstream in(mount_point_ + "/data/admin.token");
    std::string token;
    std::getline(in, token);
    return token;
  }

  // Appends one event with a `bytes`-long payload.
  static grpc::Status AppendBlob(LogClient& client, const std::string& command, size_t bytes) {
    v1::AppendEventsRequest request;
    request.mutable_stream()->set_type("blob");
    request.mutable_stream()->set_id("1");
    request.set_command_id(command);
    request.set_expected_version(-1);
    auto* event = request.add_events();
    event->set_event_type("test.Blob");
    event->mutable_payload()->set_value(std::string(bytes, 'x'));
    v1::AppendEventsResponse response;
    return client.log().AppendEvents(client.Context().get(), request, &response);
  }

  // Retries `command` until it is acknowledged: failures meanwhile must say "retry later".
  static void AppendUntilAccepted(LogClient& client, const std::string& command) {
    const absl::Time deadline = absl::Now() + absl::Seconds(60);
    grpc::Status status;
    while (absl::Now() < deadline) {
      status = AppendBlob(client, command, 1000);
      if (status.ok()) return;
      ASSERT_THAT(status.error_code(), ::testing::AnyOf(grpc::StatusCode::UNAVAILABLE,
                                                        grpc::StatusCode::RESOURCE_EXHAUSTED))
          << status.error_message();
      absl::SleepFor(absl::Milliseconds(100));
    }
    FAIL() << "storage did not recover: " << status.error_message();
  }

  chronicle::testing::TempDir dir_;
  std::string mount_point_;
  bool mounted_ = false;
  std::unique_ptr<ChronicledProcess> process_;
};

TEST_F(StorageFaultTest, FullDiskRefusesAppendsWithResourceExhaustedAndRecoversWhenSpaceReturns) {
  ASSERT_TRUE(process_->Start({"--min-free-space=4MiB"}).ok()) << process_->output();
  LogClient client(process_->address(), Token());
  std::vector<std::string> acked;
  grpc::Status status;
  // 400 x 200 KB is far more than the 48 MB disk holds (each service's projection engine takes a
  // few MB of it when it opens).
  for (int i = 0; i < 400; ++i) {
    std::string command = "fill-" + std::to_string(i);
    status = AppendBlob(client, command, 200'000);
    if (!status.ok()) break;
    acked.push_back(command);
  }
  ASSERT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << status.error_message() << "\n"
      << process_->output();
  EXPECT_THAT(status.error_message(), HasSubstr("min-free-space"));
  ASSERT_GT(acked.size(), 10u);

  Remount("size=256m");
  AppendUntilAccepted(client, "after-space-returned");

  process_->Kill9();
  ASSERT_TRUE(process_->Start({"--min-free-space=4MiB"}).ok()) << process_->output();
  LogClient restarted(process_->address(), Token());
  std::map<std::string, int> seen;
  for (const auto& event : restarted.ReadAll()) ++seen[event.command_id()];
  for (const auto& command : acked) EXPECT_EQ(seen[command], 1) << command;
  EXPECT_EQ(seen["after-space-returned"], 1);
}

TEST_F(StorageFaultTest, ReadOnlyDataDirIsAClearErrorAtStartAndNothingIsLost) {
  ASSERT_TRUE(process_->Start({"--min-free-space=1MiB"}).ok()) << process_->output();
  {
    LogClient client(process_->address(), Token());
    for (int i = 0; i < 20; ++i) {
      ASSERT_TRUE(AppendBlob(client, "before-" + std::to_string(i), 100).ok());
    }
  }
  ASSERT_EQ(process_->Terminate(), 0);

  Remount("ro");
  absl::Status refused = process_->Start({"--min-free-space=1MiB"}, absl::Seconds(10));
  EXPECT_FALSE(refused.ok());
  EXPECT_THAT(process_->output(), HasSubstr("cannot start"));
  EXPECT_THAT(process_->output(), HasSubstr("Read-only file system"));

  Remount("rw");
  ASSERT_TRUE(process_->Start({"--min-free-space=1MiB"}).ok()) << process_->output();
  LogClient client(process_->address(), Token());
  std::map<std::string, int> seen;
  for (const auto& event : client.ReadAll()) ++seen[event.command_id()];
  for (int i = 0; i < 20; ++i) EXPECT_EQ(seen["before-" + std::to_string(i)], 1);
  EXPECT_TRUE(AppendBlob(client, "after-write-access-returned", 100).ok());
}

}  // namespace
}  // namespace chronicle
