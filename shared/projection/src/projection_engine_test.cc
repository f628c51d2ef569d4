#include "chronicle/projection/projection_engine.h"

#include <atomic>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/synchronization/notification.h"
#include "chronicle/eventlog/rocksdb_event_log.h"
#include "chronicle/testing/events.h"
#include "chronicle/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::projection {
namespace {

using ::chronicle::testing::Append;
using ::chronicle::testing::Stream;
using ::chronicle::testing::TempDir;

uint64_t ReadCount(StateReader& state, absl::string_view key) {
  auto value = state.Get(key);
  EXPECT_TRUE(value.ok()) << value.status();
  uint64_t n = 0;
  if (value.ok() && value->has_value()) {
    EXPECT_TRUE(absl::SimpleAtoi(**value, &n));
  }
  return n;
}

// Counts events, weighted by `weight` (a stand-in for a changed definition), and per stream.
// Optionally blocks in Apply until `gate` is notified, and fails on an event of type "poison".
class CountingProjection : public Projection {
 public:
  explicit CountingProjection(uint32_t version = 1, uint64_t weight = 1,
                              absl::Notification* gate = nullptr, bool fail_on_poison = false)
      : version_(version), weight_(weight), gate_(gate), fail_on_poison_(fail_on_poison) {}
  std::string Name() const override { return "counter"; }
  uint32_t DefinitionVersion() const override { return version_; }
  absl::Status Apply(const v1::EventEnvelope& event, StateWriter& state) override {
    if (gate_ != nullptr) gate_->WaitForNotification();
    if (fail_on_poison_ && event.event_type() == "poison") {
      return absl::InvalidArgumentError("cannot digest poison");
    }
    state.Put("count", std::to_string(ReadCount(state, "count") + weight_));
    std::string per_stream = "stream/" + event.stream().id();
    state.Put(per_stream, std::to_string(ReadCount(state, per_stream) + 1));
    return absl::OkStatus();
  }

 private:
  uint32_t version_;
  uint64_t weight_;
  absl::Notification* gate_;
  bool fail_on_poison_;
};

class ProjectionEngineTest : public ::testing::Test {
 protected:
  void SetUp() override { OpenLog(); }

  void OpenLog() {
    log_.reset();
    eventlog::RocksDbEventLogOptions options;
    options.path = dir_.Sub("log");
    auto log = eventlog::OpenRocksDbEventLog(options);
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = std::move(*log);
  }

  std::unique_ptr<ProjectionEngine> StartEngine(std::unique_ptr<Projection> projection) {
    auto engine = ProjectionEngine::Open({dir_.Sub("projections"), log_.get()});
    EXPECT_TRUE(engine.ok()) << engine.status();
    EXPECT_TRUE((*engine)->Register(std::move(projection)).ok());
    EXPECT_TRUE((*engine)->Start().ok());
    return std::move(*engine);
  }

  void AppendEvents(int n, const std::string& stream_id = "a", const std::string& type = "t") {
    for (int i = 0; i < n; ++i) {
      auto request = Append(Stream("s", stream_id), "cmd-" + std::to_string(next_command_++), 1);
      request.events[0].set_event_type(type);
      ASSERT_TRUE(log_->Append(std::move(request)).ok());
    }
  }

  uint64_t Count(ProjectionEngine& engine, absl::string_view key = "count") {
    auto view = engine.View("counter");
    EXPECT_TRUE(view.ok());
    return ReadCount(**view, key);
  }

  void WaitLive(ProjectionEngine& engine, uint64_t generation) {
    for (int i = 0; i < 1000; ++i) {
      auto status = engine.GetStatus("counter");
      if (status->state == ProjectionStatus::State::kLive && status->generation == generation &&
          status->position == log_->HeadPosition()) {
        return;
      }
      absl::SleepFor(absl::Milliseconds(10));
    }
    FAIL() << "projection did not become live at generation " << generation;
  }

  TempDir dir_;
  std::unique_ptr<eventlog::EventLog> log_;
  int next_command_ = 0;
};

TEST_F(ProjectionEngineTest, AppliesEveryEventExactlyOnceAcrossRestarts) {
  AppendEvents(2500, "a");
  {
    auto engine = StartEngine(std::make_unique<CountingProjection>());
    ASSERT_TRUE(engine->WaitForPosition("counter", 2500, absl::Seconds(10)).ok());
    EXPECT_EQ(Count(*engine), 2500u);
  }
  AppendEvents(300, "b");  // written while no engine runs
  auto engine = StartEngine(std::make_unique<CountingProjection>());
  ASSERT_TRUE(engine->WaitForPosition("counter", 2800, absl::Seconds(10)).ok());
  AppendEvents(7, "a");  // followed live
  ASSERT_TRUE(engine->WaitForPosition("counter", 2807, absl::Seconds(10)).ok());
  EXPECT_EQ(Count(*engine), 2807u);
  EXPECT_EQ(Count(*engine, "stream/a"), 2507u);
  EXPECT_EQ(Count(*engine, "stream/b"), 300u);
  auto status = engine->GetStatus("counter");
  EXPECT_EQ(status->state, ProjectionStatus::State::kLive);
  EXPECT_EQ(status->position, 2807u);
  EXPECT_EQ(status->head_position, 2807u);
}

TEST_F(ProjectionEngineTest, ScanVisitsKeysInOrderAfterACursor) {
  AppendEvents(1, "b");
  AppendEvents(1, "a");
  AppendEvents(1, "c");
  auto engine = StartEngine(std::make_unique<CountingProjection>());
  ASSERT_TRUE(engine->WaitForPosition("counter", 3, absl::Seconds(10)).ok());
  auto view = engine->View("counter");
  std::vector<std::string> keys;
  ASSERT_TRUE((*view)
                  ->Scan("stream/", "stream/a",
                         [&](absl::string_view k, absl::string_view) {
                           keys.emplace_back(k);
                           return true;
                         })
                  .ok());
  EXPECT_THAT(keys, ::testing::ElementsAre("stream/b", "stream/c"));
}

TEST_F(ProjectionEngineTest, AFailingEventStopsTheProjectionWithoutCommittingItsBatch) {
  AppendEvents(10);
  AppendEvents(1, "a", "poison");
  AppendEvents(5);
  auto engine =
      StartEngine(std::make_unique<CountingProjection>(1, 1, nullptr, /*fail_on_poison=*/true));
  auto reached = engine->WaitForPosition("counter", 16, absl::Seconds(5));
  EXPECT_FALSE(reached.ok());
  auto status = engine->GetStatus("counter");
  EXPECT_EQ(status->state, ProjectionStatus::State::kFailed);
  EXPECT_THAT(status->last_error, ::testing::HasSubstr("at position 11: cannot digest poison"));
  // All 16 events came in one batch, so none of them was committed.
  EXPECT_EQ(status->position, 0u);
  EXPECT_EQ(Count(*engine), 0u);
}

TEST_F(ProjectionEngineTest, RebuildOnRequestMatchesTheLiveStateWhileWritesContinue) {
  AppendEvents(3000);
  auto engine = StartEngine(std::make_unique<CountingProjection>());
  ASSERT_TRUE(engine->WaitForPosition("counter", 3000, absl::Seconds(10)).ok());
  auto rebuilding = engine->Rebuild("counter");
  ASSERT_TRUE(rebuilding.ok()) << rebuilding.status();
  EXPECT_EQ(engine->Rebuild("counter").status().code(), absl::StatusCode::kFailedPrecondition);
  AppendEvents(200, "late");  // concurrent with the rebuild
  WaitLive(*engine, 2);
  EXPECT_EQ(Count(*engine), 3200u);
  EXPECT_EQ(Count(*engine, "stream/late"), 200u);
}

TEST_F(ProjectionEngineTest, ChangedDefinitionRebuildsInTheBackgroundAndReadersKeepOldState) {
  AppendEvents(500);
  {
    auto engine = StartEngine(std::make_unique<CountingProjection>(/*version=*/1, /*weight=*/1));
    ASSERT_TRUE(engine->WaitForPosition("counter", 500, absl::Seconds(10)).ok());
  }
  absl::Notification gate;
  auto engine =
      StartEngine(std::make_unique<CountingProjection>(/*version=*/2, /*weight=*/10, &gate));
  auto status = engine->GetStatus("counter");
  EXPECT_EQ(status->state, ProjectionStatus::State::kRebuilding);
  EXPECT_EQ(status->generation, 1u);
  EXPECT_EQ(Count(*engine), 500u);  // old state still serves while the new one is built
  gate.Notify();
  WaitLive(*engine, 2);
  EXPECT_EQ(Count(*engine), 5000u);
  AppendEvents(1);
  ASSERT_TRUE(engine->WaitForPosition("counter", 501, absl::Seconds(10)).ok());
  EXPECT_EQ(Count(*engine), 5010u);
}

TEST_F(ProjectionEngineTest, RebuildOfAnEmptyLogSwapsAtOnce) {
  auto engine = StartEngine(std::make_unique<CountingProjection>());
  auto status = engine->Rebuild("counter");
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->state, ProjectionStatus::State::kLive);
  EXPECT_EQ(status->generation, 2u);
  AppendEvents(3);
  ASSERT_TRUE(engine->WaitForPosition("counter", 3, absl::Seconds(10)).ok());
  EXPECT_EQ(Count(*engine), 3u);
}

TEST_F(ProjectionEngineTest, UnknownNamesAndBadRegistrations) {
  auto engine = StartEngine(std::make_unique<CountingProjection>());
  EXPECT_EQ(engine->GetStatus("nope").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(engine->Rebuild("nope").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(engine->View("nope").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(engine->Register(std::make_unique<CountingProjection>()).code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace chronicle::projection
