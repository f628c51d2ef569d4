#include "chronicle/eventlog/rocksdb_event_log.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "absl/synchronization/notification.h"
#include "chronicle/eventlog/view_batch_reader.h"
#include "chronicle/storage/rocksdb_util.h"
#include "chronicle/testing/events.h"
#include "chronicle/testing/temp_dir.h"
#include "event_codec.h"
#include "event_log_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"

namespace chronicle::eventlog {
namespace {

using ::chronicle::testing::Append;
using ::chronicle::testing::Stream;
using ::chronicle::testing::TempDir;
using ::testing::HasSubstr;

TEST_F(EventLogTest, AppendAssignsPositionsVersionsAndMetadata) {
  auto log = Open();
  auto first = log->Append(Append(Stream("contact", "1"), "c1", 2, ExpectedVersion::NoStream()));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->first_position, 1u);
  EXPECT_EQ(first->last_position, 2u);
  EXPECT_EQ(first->stream_version, 2u);
  EXPECT_FALSE(first->deduplicated);
  auto second = log->Append(Append(Stream("deal", "9"), "c2", 1));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->first_position, 3u);
  EXPECT_EQ(second->stream_version, 1u);
  EXPECT_EQ(log->HeadPosition(), 3u);

  auto events = log->ReadAll(1, 10);
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), 3u);
  const v1::EventEnvelope& e = (*events)[1];
  EXPECT_EQ(e.global_position(), 2u);
  EXPECT_EQ(e.stream_version(), 2u);
  EXPECT_EQ(e.stream().type(), "contact");
  EXPECT_EQ(e.command_id(), "c1");
  EXPECT_EQ(e.actor().user_id(), "tester");
  EXPECT_EQ(e.partition_key(), "1");
  EXPECT_EQ(e.recorded_at().seconds(), absl::ToUnixSeconds(clock_.Now()));
  EXPECT_EQ(e.occurred_at().seconds(), e.recorded_at().seconds());
  EXPECT_LT((*events)[0].event_id(), (*events)[1].event_id());
  EXPECT_LT((*events)[1].event_id(), (*events)[2].event_id());
}

TEST_F(EventLogTest, WrongExpectedVersionIsAbortedAndWritesNothing) {
  auto log = Open();
  ASSERT_TRUE(log->Append(Append(Stream("deal", "1"), "a", 1)).ok());
  auto conflict = log->Append(Append(Stream("deal", "1"), "b", 1, ExpectedVersion::NoStream()));
  EXPECT_EQ(conflict.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(std::string(conflict.status().message()), HasSubstr("deal/1 is at version 1"));
  auto stale = log->Append(Append(Stream("deal", "1"), "c", 1, ExpectedVersion::Exact(7)));
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(log->HeadPosition(), 1u);
  EXPECT_TRUE(log->Append(Append(Stream("deal", "1"), "d", 1, ExpectedVersion::Exact(1))).ok());
}

TEST_F(EventLogTest, RetryingACommandReturnsTheOriginalResultAndWritesNothing) {
  auto log = Open();
  auto original = log->Append(Append(Stream("contact", "7"), "form-post-1", 2));
  ASSERT_TRUE(original.ok());
  ASSERT_TRUE(log->Append(Append(Stream("contact", "8"), "other", 1)).ok());
  // The retry's expected version no longer matches; the original result still comes back.
  auto retry =
      log->Append(Append(Stream("contact", "7"), "form-post-1", 2, ExpectedVersion::NoStream()));
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_TRUE(retry->deduplicated);
  EXPECT_EQ(retry->first_position, original->first_position);
  EXPECT_EQ(retry->last_position, original->last_position);
  EXPECT_EQ(log->HeadPosition(), 3u);

  auto misuse = log->Append(Append(Stream("contact", "9"), "form-post-1", 1));
  EXPECT_EQ(misuse.status().code(), absl::StatusCode::kAlreadyExists);
}

TEST_F(EventLogTest, ReplicatedAppendKeepsTheWritersIdsAndTimesButNumbersItsOwnPositions) {
  auto log = Open();
  ASSERT_TRUE(log->Append(Append(Stream("deal", "0"), "before", 1)).ok());
  AppendRequest copy = Append(Stream("contact", "5"), "written-elsewhere", 2);
  copy.replicated = true;
  copy.events[0].set_event_id("0193f1a2-0000-7000-8000-000000000001");
  copy.events[0].mutable_recorded_at()->set_seconds(1700000000);
  auto copied = log->Append(copy);
  ASSERT_TRUE(copied.ok()) << copied.status();
  EXPECT_EQ(copied->first_position, 2u);
  auto events = log->ReadStream(Stream("contact", "5"), 1, 10);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].event_id(), "0193f1a2-0000-7000-8000-000000000001");
  EXPECT_EQ((*events)[0].recorded_at().seconds(), 1700000000);
  EXPECT_EQ((*events)[0].stream_version(), 1u);
  // An event the writer left without them still gets this log's own.
  EXPECT_FALSE((*events)[1].event_id().empty());
  EXPECT_EQ((*events)[1].recorded_at().seconds(), absl::ToUnixSeconds(clock_.Now()));

  AppendRequest local = Append(Stream("contact", "6"), "local", 1);
  local.events[0].set_event_id("caller-chosen");
  auto written = log->Append(local);
  ASSERT_TRUE(written.ok());
  auto mine = log->ReadStream(Stream("contact", "6"), 1, 1);
  ASSERT_TRUE(mine.ok());
  EXPECT_NE((*mine)[0].event_id(), "caller-chosen");  // only replicas keep ids
}

TEST_F(EventLogTest, InvalidRequestIsRejectedBeforeTheQueue) {
  auto log = Open();
  auto result = log->Append(Append(Stream("", "1"), "x", 1));
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(log->HeadPosition(), 0u);
}

TEST_F(EventLogTest, ConcurrentAppendsAreAllDurableContiguousAndOrderedPerStream) {
  constexpr int kThreads = 8, kPerThread = 200;
  {
    auto log = Open();
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i) {
          auto r = log->Append(Append(Stream("contact", std::to_string(t)),
                                      std::to_string(t) + "-" + std::to_string(i), 1,
                                      ExpectedVersion::Exact(i)));
          ASSERT_TRUE(r.ok()) << r.status();
        }
      });
    }
    for (auto& thread : threads) thread.join();
  }
  auto log = Open();  // reopened: everything acknowledged is still there
  EXPECT_EQ(log->HeadPosition(), uint64_t{kThreads * kPerThread});
  auto all = log->ReadAll(1, kThreads * kPerThread + 10);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), size_t{kThreads * kPerThread});
  for (size_t i = 0; i < all->size(); ++i) EXPECT_EQ((*all)[i].global_position(), i + 1);
  auto stream = log->ReadStream(Stream("contact", "3"), 1, 1000);
  ASSERT_TRUE(stream.ok());
  ASSERT_EQ(stream->size(), size_t{kPerThread});
  for (int i = 0; i < kPerThread; ++i) {
    EXPECT_EQ((*stream)[i].stream_version(), uint64_t(i + 1));
    EXPECT_EQ((*stream)[i].command_id(), "3-" + std::to_string(i));
  }
  EXPECT_EQ(*log->StreamVersion(Stream("contact", "3")), uint64_t{kPerThread});
  EXPECT_EQ(*log->StreamVersion(Stream("contact", "nobody")), 0u);
}

TEST_F(EventLogTest, ReadStreamStartsAtTheRequestedVersion) {
  auto log = Open();
  ASSERT_TRUE(log->Append(Append(Stream("deal", "1"), "a", 5)).ok());
  ASSERT_TRUE(log->Append(Append(Stream("deal", "10"), "b", 2)).ok());  // shares a name prefix
  auto tail = log->ReadStream(Stream("deal", "1"), 4, 10);
  ASSERT_TRUE(tail.ok());
  ASSERT_EQ(tail->size(), 2u);
  EXPECT_EQ((*tail)[0].stream_version(), 4u);
}

TEST_F(EventLogTest, ReadsMatchAModelAcrossChunkAndAppendBoundaries) {
  // Random appends (1-20 events, 10 B to 9 KB payloads) to five streams: chunks split inside
  // appends and across them. Every read window is checked against positions kept here.
  std::mt19937 random(20261123);
  std::map<std::string, std::vector<uint64_t>> stream_positions;  // stream id -> positions
  std::vector<std::string> command_at;                            // position - 1 -> command id
  {
    auto log = Open();
    for (int append = 0; append < 300; ++append) {
      const std::string id = std::to_string(random() % 5);
      const std::string command = "c" + std::to_string(append);
      auto request = Append(Stream("deal", id), command, 1 + random() % 20);
      for (auto& event : request.events) {
        event.mutable_payload()->set_value(std::string(10 + random() % 9000, 'p'));
      }
      auto result = log->Append(std::move(request));
      ASSERT_TRUE(result.ok()) << result.status();
      for (uint64_t p = result->first_position; p <= result->last_position; ++p) {
        stream_positions[id].push_back(p);
        command_at.push_back(command);
      }
    }
  }
  for (int reopened = 0; reopened < 2; ++reopened) {
    auto log = Open();
    const uint64_t head = command_at.size();
    ASSERT_EQ(log->HeadPosition(), head);
    for (int probe = 0; probe < 200; ++probe) {
      const uint64_t from = 1 + random() % (head + 3);
      const size_t max = random() % 60;
      auto events = log->ReadAll(from, max);
      ASSERT_TRUE(events.ok()) << events.status();
      const size_t expected = from > head ? 0 : std::min<uint64_t>(max, head - from + 1);
      ASSERT_EQ(events->size(), expected) << "from " << from << " max " << max;
      for (size_t i = 0; i < events->size(); ++i) {
        ASSERT_EQ((*events)[i].global_position(), from + i);
        ASSERT_EQ((*events)[i].command_id(), command_at[from + i - 1]);
      }
      // A scan of the same window hands out exactly the stored envelopes.
      std::vector<std::string> scanned;
      ASSERT_TRUE(log->ScanAll(from, max,
                               [&](uint64_t position, absl::string_view bytes) {
                                 EXPECT_EQ(position, from + scanned.size());
                                 scanned.emplace_back(bytes);
                               })
                      .ok());
      ASSERT_EQ(scanned.size(), events->size());
      for (size_t i = 0; i < scanned.size(); ++i) {
        v1::EventEnvelope parsed;
        ASSERT_TRUE(parsed.ParseFromString(scanned[i]));
        ASSERT_EQ(parsed.SerializeAsString(), (*events)[i].SerializeAsString());
      }
    }
    for (const auto& [id, positions] : stream_positions) {
      for (int probe = 0; probe < 40; ++probe) {
        const uint64_t from_version = 1 + random() % (positions.size() + 2);
        const size_t max = 1 + random() % 50;
        auto events = log->ReadStream(Stream("deal", id), from_version, max);
        ASSERT_TRUE(events.ok()) << events.status();
        const size_t expected = from_version > positions.size()
                                    ? 0
                                    : std::min<uint64_t>(max, positions.size() - from_version + 1);
        ASSERT_EQ(events->size(), expected) << id << " from " << from_version << " max " << max;
        for (size_t i = 0; i < events->size(); ++i) {
          ASSERT_EQ((*events)[i].stream_version(), from_version + i);
          ASSERT_EQ((*events)[i].global_position(), positions[from_version + i - 1]);
        }
      }
      EXPECT_EQ(*log->StreamVersion(Stream("deal", id)), positions.size());
    }
  }
}

class Collector : public EventConsumer {
 public:
  absl::Status OnEvents(absl::Span<const v1::EventEnvelope> events) override {
    absl::MutexLock lock(&mu_);
    for (const auto& e : events) positions_.push_back(e.global_position());
    return absl::OkStatus();
  }
  bool WaitForCount(size_t n) {
    absl::MutexLock lock(&mu_);
    auto enough = [&]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return positions_.size() >= n; };
    return mu_.AwaitWithTimeout(absl::Condition(&enough), absl::Seconds(10));
  }
  std::vector<uint64_t> positions() {
    absl::MutexLock lock(&mu_);
    return positions_;
  }

 private:
  absl::Mutex mu_;
  std::vector<uint64_t> positions_ ABSL_GUARDED_BY(mu_);
};

TEST_F(EventLogTest, SubscriptionCatchesUpThenFollowsTheTail) {
  auto log = Open();
  for (int i = 0; i < 3000; ++i) {
    ASSERT_TRUE(log->Append(Append(Stream("s", "x"), "old" + std::to_string(i), 1)).ok());
  }
  Collector collector;
  auto subscription = log->Subscribe(Checkpoint::AfterPosition(1000), &collector);
  ASSERT_TRUE(collector.WaitForCount(2000));
  ASSERT_TRUE(log->Append(Append(Stream("s", "x"), "new", 2)).ok());
  ASSERT_TRUE(collector.WaitForCount(2002));
  subscription.reset();
  std::vector<uint64_t> got = collector.positions();
  ASSERT_EQ(got.size(), 2002u);
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], 1001 + i);
}

TEST_F(EventLogTest, CorruptStoredEventIsReportedAsDataLoss) {
  {
    auto log = Open();
    ASSERT_TRUE(log->Append(Append(Stream("contact", "1"), "a", 3)).ok());
  }
  {  // flip one byte of event 2's stored record, behind the log's back
    rocksdb::DB* raw;
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    std::vector<rocksdb::ColumnFamilyDescriptor> families = {
        {rocksdb::kDefaultColumnFamilyName, {}},
        {kEventsFamily, {}},
        {kStreamsFamily, {}},
        {kCommandsFamily, {}}};
    ASSERT_TRUE(rocksdb::DB::Open({}, dir_.Sub("log"), families, &handles, &raw).ok());
    // All three events share the chunk stored under position 1; record 2 starts after record 1's
    // 8-byte header and body.
    std::string chunk;
    ASSERT_TRUE(raw->Get({}, handles[1], EventKey(1), &chunk).ok());
    const uint32_t first_size = static_cast<uint8_t>(chunk[0]) | static_cast<uint8_t>(chunk[1])
                                                                     << 8;
    chunk[8 + first_size + 8 + 10] ^= 0x20;  // a byte inside record 2's envelope
    ASSERT_TRUE(raw->Put({}, handles[1], EventKey(1), chunk).ok());
    for (auto* h : handles) raw->DestroyColumnFamilyHandle(h);
    delete raw;
  }
  auto log = Open();
  EXPECT_TRUE(log->ReadAll(1, 1).ok());
  auto read = log->ReadAll(1, 10);
  EXPECT_EQ(read.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(read.status().message()), HasSubstr("position 2: checksum mismatch"));
  EXPECT_EQ(log->ReadStream(Stream("contact", "1"), 1, 10).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(log->ScanAll(1, 10, [](uint64_t, absl::string_view) {}).code(),
            absl::StatusCode::kDataLoss);
  // A replay reading ahead gets the good event first, then the damage.
  ViewBatchReader reader(log.get(), {});
  absl::Span<const EnvelopeView> batch;
  ASSERT_TRUE(reader.Next(&batch).ok());
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].global_position, 1u);
  EXPECT_EQ(reader.Next(&batch).code(), absl::StatusCode::kDataLoss);
}

TEST_F(EventLogTest, TornWriteAheadLogTailIsReportedAndAcknowledgedEventsSurvive) {
  {
    auto log = Open();
    for (int i = 0; i < 50; ++i) {
      ASSERT_TRUE(log->Append(Append(Stream("deal", "1"), "a" + std::to_string(i), 1)).ok());
    }
  }
  // A crash mid-write leaves a partial record at the end of the newest WAL file.
  std::filesystem::path newest;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.Sub("log"))) {
    if (entry.path().extension() == ".log" && entry.file_size() > 0) newest = entry.path();
  }
  ASSERT_FALSE(newest.empty());
  {
    std::ofstream wal(newest, std::ios::app | std::ios::binary);
    wal << std::string("\x12\x34\x56\x78\xff\x7f\x01", 7) << std::string(300, '\xab');
  }
  auto log = Open();
  ASSERT_NE(log, nullptr);
  ASSERT_EQ(recovery_reports_.size(), 1u);
  EXPECT_THAT(recovery_reports_[0], HasSubstr("torn or corrupt record"));
  EXPECT_EQ(log->HeadPosition(), 50u);
  auto r = log->Append(Append(Stream("deal", "1"), "after", 1, ExpectedVersion::Exact(50)));
  EXPECT_TRUE(r.ok()) << r.status();
}

}  // namespace
}  // namespace chronicle::eventlog
