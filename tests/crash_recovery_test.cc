// The real chronicled binary under kill -9: every acknowledged append survives exactly once, an
// append is all-or-nothing, a retried command is never applied twice, a torn write-ahead-log tail
// is reported at start-up, and projections equal projections rebuilt from scratch.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

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

constexpr int kEventsPerAppend = 5;

std::string ReadToken(const std::string& data_dir) {
  std::ifstream in(data_dir + "/admin.token");
  std::string token;
  std::getline(in, token);
  return token;
}

// Appends from several threads until told to stop, remembering which commands were acknowledged
// (and where) and which were in flight or failed.
class Load {
 public:
  Load(const std::string& address, const std::string& token, int writers) {
    for (int w = 0; w < writers; ++w) {
      threads_.emplace_back([this, address, token, w] {
        LogClient client(address, token);
        for (int i = 0; !stop_; ++i) {
          std::string command = "w" + std::to_string(w) + "-" + std::to_string(i);
          v1::AppendEventsResponse response;
          grpc::Status status = client.Append("load", std::to_string(w % 3), command, -1,
                                              kEventsPerAppend, &response);
          std::lock_guard<std::mutex> lock(mu_);
          if (status.ok()) {
            acked_[command] = response.first_position();
          } else {
            unacked_.insert(command);
            if (status.error_code() == grpc::StatusCode::UNAVAILABLE) return;  // server gone
          }
        }
      });
    }
  }
  ~Load() { Stop(); }

  size_t acked_count() {
    std::lock_guard<std::mutex> lock(mu_);
    return acked_.size();
  }
  void Stop() {
    stop_ = true;
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  std::map<std::string, uint64_t> acked() { return acked_; }
  std::set<std::string> unacked() { return unacked_; }

 private:
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::map<std::string, uint64_t> acked_;  // command -> first position
  std::set<std::string> unacked_;
};

// Positions by command id, checking the log is dense (1..head) on the way.
std::map<std::string, std::vector<uint64_t>> PositionsByCommand(
    const std::vector<v1::EventEnvelope>& events) {
  std::map<std::string, std::vector<uint64_t>> by_command;
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].global_position(), i + 1) << "the log has a gap or a duplicate";
    by_command[events[i].command_id()].push_back(events[i].global_position());
  }
  return by_command;
}

bool WaitFor(const std::function<bool()>& condition, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!condition()) {
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return true;
}

v1::Projection GetLogStatsProjection(LogClient& client) {
  v1::GetProjectionRequest request;
  request.set_name("projections/log_stats");
  v1::Projection projection;
  EXPECT_TRUE(
      client.projections().GetProjection(client.Context().get(), request, &projection).ok());
  return projection;
}

// The log holds only what the test appends: no default notification rules written at start.
const std::vector<std::string> kNoDefaultRules = {"--default-rules=false"};

class CrashRecoveryTest : public ::testing::Test {
 protected:
  CrashRecoveryTest()
      : data_dir_(dir_.Sub("data")),
        process_(CHRONICLED_PATH, data_dir_, dir_.Sub("chronicled.out")) {}

  chronicle::testing::TempDir dir_;
  std::string data_dir_;
  ChronicledProcess process_;
};

TEST_F(CrashRecoveryTest, KillNineDuringConcurrentAppendsLosesNoAcknowledgedEvent) {
  ASSERT_TRUE(process_.Start(kNoDefaultRules).ok()) << process_.output();
  const std::string token = ReadToken(data_dir_);
  Load load(process_.address(), token, /*writers=*/8);
  ASSERT_TRUE(WaitFor([&] { return load.acked_count() >= 400; }, absl::Seconds(60)));
  process_.Kill9();
  load.Stop();
  auto acked = load.acked();
  auto unacked = load.unacked();

  ASSERT_TRUE(process_.Start(kNoDefaultRules).ok()) << process_.output();
  LogClient client(process_.address(), token);
  auto by_command = PositionsByCommand(client.ReadAll());
  for (const auto& [command, first] : acked) {
    ASSERT_EQ(by_command[command].size(), size_t{kEventsPerAppend}) << command << " lost";
    EXPECT_EQ(by_command[command].front(), first) << command;
  }
  for (const auto& command : unacked) {  // in flight at the crash: all or nothing
    size_t n = by_command.count(command) ? by_command[command].size() : 0;
    EXPECT_TRUE(n == 0 || n == kEventsPerAppend) << command << " is partial: " << n;
  }

  // A client retrying its unacknowledged commands after the restart applies each exactly once.
  for (const auto& command : unacked) {
    std::string writer = command.substr(1, command.find('-') - 1);
    ASSERT_TRUE(
        client.Append("load", std::to_string(std::stoi(writer) % 3), command, -1, kEventsPerAppend)
            .ok());
  }
  auto events = client.ReadAll();
  by_command = PositionsByCommand(events);
  for (const auto& command : unacked)
    EXPECT_EQ(by_command[command].size(), size_t{kEventsPerAppend});

  // The live projection, caught up after the crash, matches the log counted here...
  const uint64_t head = events.size();
  ASSERT_TRUE(
      WaitFor([&] { return GetLogStatsProjection(client).position() == head; }, absl::Seconds(30)));
  v1::LogStats live;
  ASSERT_TRUE(client.Stats(&live).ok());
  std::set<std::string> streams;
  for (const auto& e : events) streams.insert(e.stream().id());
  EXPECT_EQ(live.event_count(), head);
  EXPECT_EQ(live.stream_count(), streams.size());
  // ...and a projection rebuilt from scratch.
  v1::RebuildProjectionRequest rebuild;
  rebuild.set_name("projections/log_stats");
  v1::Projection started;
  ASSERT_TRUE(
      client.projections().RebuildProjection(client.Context().get(), rebuild, &started).ok());
  ASSERT_TRUE(WaitFor(
      [&] {
        auto p = GetLogStatsProjection(client);
        return p.state() == v1::Projection::LIVE && p.generation() > started.generation() &&
               p.position() == head;
      },
      absl::Seconds(30)));
  v1::LogStats rebuilt;
  ASSERT_TRUE(client.Stats(&rebuilt).ok());
  EXPECT_EQ(rebuilt.event_count(), live.event_count());
  EXPECT_EQ(rebuilt.stream_count(), live.stream_count());
  ASSERT_EQ(rebuilt.events_by_type_size(), live.events_by_type_size());
  for (int i = 0; i < live.events_by_type_size(); ++i) {
    EXPECT_EQ(rebuilt.events_by_type(i).count(), live.events_by_type(i).count());
  }
}

TEST_F(CrashRecoveryTest, TornLogTailIsReportedAtStartAndAcknowledgedEventsSurvive) {
  ASSERT_TRUE(process_.Start(kNoDefaultRules).ok()) << process_.output();
  const std::string token = ReadToken(data_dir_);
  {
    LogClient client(process_.address(), token);
    for (int i = 0; i < 100; ++i) {
      ASSERT_TRUE(client.Append("contact", "1", "c" + std::to_string(i)).ok());
    }
  }
  process_.Kill9();
  // What a crash in the middle of a write leaves: half a record at the end of the newest WAL.
  std::filesystem::path newest;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir_ + "/log")) {
    if (entry.path().extension() == ".log" && entry.file_size() > 0) newest = entry.path();
  }
  ASSERT_FALSE(newest.empty());
  std::ofstream(newest, std::ios::app | std::ios::binary) << std::string(4000, '\x5a');

  ASSERT_TRUE(process_.Start(kNoDefaultRules).ok()) << process_.output();
  EXPECT_THAT(process_.output(), HasSubstr("torn or corrupt record"));
  LogClient client(process_.address(), token);
  EXPECT_EQ(client.ReadAll().size(), 100u);
  EXPECT_TRUE(client.Append("contact", "1", "after-restart", /*expected=*/100).ok());
}

TEST_F(CrashRecoveryTest, SigtermDrainsInFlightAppendsAndExitsCleanly) {
  ASSERT_TRUE(process_.Start(kNoDefaultRules).ok()) << process_.output();
  const std::string token = ReadToken(data_dir_);
  Load load(process_.address(), token, /*writers=*/4);
  ASSERT_TRUE(WaitFor([&] { return load.acked_count() >= 100; }, absl::Seconds(60)));
  EXPECT_EQ(process_.Terminate(), 0) << process_.output();
  load.Stop();
  EXPECT_THAT(process_.output(), HasSubstr("chronicled: stopped"));

  ASSERT_TRUE(process_.Start(kNoDefaultRules).ok()) << process_.output();
  LogClient client(process_.address(), token);
  auto by_command = PositionsByCommand(client.ReadAll());
  for (const auto& [command, first] : load.acked()) {
    EXPECT_EQ(by_command[command].size(), size_t{kEventsPerAppend}) << command;
  }
}

}  // namespace
}  // namespace chronicle
