// The Kafka event log against librdkafka's mock cluster on loopback: appends come back through
// the local copy with one verdict on every replica, two replicas racing for the same stream
// versions never both win, and restarts, lost offsets, a cluster down and injected produce and
// fetch errors neither lose an acknowledged append nor copy one twice.
#include "chronicle/kafka/kafka_event_log.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "chronicle/kafka/append_record.h"
#include "chronicle/kafka/mock_cluster.h"
#include "chronicle/testing/events.h"
#include "chronicle/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace chronicle::kafka {
namespace {

using ::chronicle::eventlog::ExpectedVersion;
using ::chronicle::testing::Append;
using ::chronicle::testing::Stream;

constexpr absl::Duration kCatchUp = absl::Seconds(20);

class KafkaEventLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cluster = MockCluster::Start(3);
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = std::move(*cluster);
    ASSERT_TRUE(cluster_->CreateTopic("chronicle.contacts", 4, 3).ok());
    ASSERT_TRUE(cluster_->CreateTopic("chronicle.deals", 2, 3).ok());
  }

  std::unique_ptr<KafkaEventLog> OpenReplica(const std::string& name,
                                             absl::Duration append_timeout = absl::Seconds(15)) {
    KafkaEventLogOptions options;
    options.bootstrap_servers = cluster_->bootstrap_servers();
    options.topics = {"chronicle.contacts", "chronicle.deals"};
    options.topic_for = [](const v1::StreamId& stream) {
      return stream.type() == "deal" ? "chronicle.deals" : "chronicle.contacts";
    };
    options.replica_path = dir_.Sub(name);
    options.client_id = "chronicle-" + name;
    options.append_timeout = append_timeout;
    auto log = OpenKafkaEventLog(options);
    EXPECT_TRUE(log.ok()) << log.status();
    return log.ok() ? std::move(*log) : nullptr;
  }

  // Waits until `log`'s copy holds `count` events.
  static bool CatchesUpTo(KafkaEventLog& log, uint64_t count) {
    const absl::Time deadline = absl::Now() + kCatchUp;
    while (log.HeadPosition() < count && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(10));
    }
    return log.HeadPosition() == count;
  }

  // Every event id in the copy, in the copy's order; fails on a repeated one.
  static std::vector<std::string> EventIds(KafkaEventLog& log) {
    auto events = log.ReadAll(1, 100000);
    EXPECT_TRUE(events.ok()) << events.status();
    std::vector<std::string> ids;
    std::set<std::string> seen;
    for (const auto& event : *events) {
      EXPECT_TRUE(seen.insert(event.event_id()).second) << "copied twice: " << event.event_id();
      ids.push_back(event.event_id());
    }
    return ids;
  }

  chronicle::testing::TempDir dir_;
  std::unique_ptr<MockCluster> cluster_;
};

TEST_F(KafkaEventLogTest, AnAppendIsAnsweredOnceItsCopyAppliedIt) {
  auto log = OpenReplica("a");
  auto request = Append(Stream("client", "Олена"), "create-1", 2, ExpectedVersion::NoStream());
  request.correlation_id = "corr-7";
  auto created = log->Append(request);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->stream_version, 2u);
  EXPECT_FALSE(created->deduplicated);
  // Answered after the copy applied it: readable at once.
  auto events = log->ReadStream(Stream("client", "Олена"), 1, 10);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].correlation_id(), "corr-7");
  EXPECT_EQ((*events)[1].stream_version(), 2u);
  EXPECT_FALSE((*events)[0].event_id().empty());

  auto retry = log->Append(Append(Stream("client", "Олена"), "create-1", 2));
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_TRUE(retry->deduplicated);
  EXPECT_EQ(retry->first_position, created->first_position);

  auto stale =
      log->Append(Append(Stream("client", "Олена"), "c-2", 1, ExpectedVersion::NoStream()));
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted) << stale.status();
  auto bad = log->Append(Append(Stream("client", "x"), "", 1));
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(log->HeadPosition(), 2u);
  KafkaEventLog::Stats stats = log->GetStats();
  EXPECT_EQ(stats.appends_copied, 2u);  // the create, and its retry's message as a no-op
  EXPECT_EQ(stats.appends_voided, 1u);  // the stale create
}

TEST_F(KafkaEventLogTest, AwaitLatestReturnsOnceTheCopyHoldsWhatOthersWrote) {
  auto reader = OpenReplica("reader");
  ASSERT_TRUE(reader->AwaitLatest(absl::Seconds(10)).ok());  // empty topics: nothing to wait for
  // Another process's appends, acknowledged by Kafka (and by nothing that waits for a copy).
  auto producer = Producer::Create(cluster_->bootstrap_servers());
  ASSERT_TRUE(producer.ok()) << producer.status();
  for (int round = 0; round < 5; ++round) {
    for (int i = 0; i < 20; ++i) {
      eventlog::AppendRequest request =
          Append(Stream("client", absl::StrCat("c", i)), absl::StrCat(round, "-", i));
      request.events[0].set_event_id(absl::StrCat("e-", round, "-", i));
      request.events[0].mutable_recorded_at()->set_seconds(1700000000);
      const EncodedAppend encoded =
          EncodeAppend(request, absl::StrCat("a-", round, "-", i), request.stream.id());
      ASSERT_TRUE((*producer)
                      ->Produce("chronicle.contacts", encoded.key, encoded.value, encoded.headers,
                                absl::Seconds(10))
                      .ok());
    }
    // No sleeping: once AwaitLatest answers, the copy holds every acknowledged append.
    ASSERT_TRUE(reader->AwaitLatest(absl::Seconds(10)).ok());
    EXPECT_EQ(reader->HeadPosition(), 20u * (round + 1));
  }
}

TEST_F(KafkaEventLogTest, AMessageWaitsForWhatWasAcknowledgedBeforeItWasWritten) {
  auto reader = OpenReplica("reader");
  auto producer = Producer::Create(cluster_->bootstrap_servers());
  ASSERT_TRUE(producer.ok()) << producer.status();
  auto produce = [&](const std::string& topic, const std::string& type, const std::string& id,
                     const PartitionOffsets& after) {
    eventlog::AppendRequest request = Append(Stream(type, id), "cmd-" + id);
    request.events[0].set_event_id("event-" + id);
    request.events[0].mutable_recorded_at()->set_seconds(1700000000);
    const EncodedAppend encoded = EncodeAppend(request, "append-" + id, id, after);
    auto delivered =
        (*producer)->Produce(topic, encoded.key, encoded.value, encoded.headers, absl::Seconds(10));
    EXPECT_TRUE(delivered.ok()) << delivered.status();
    return delivered.ok() ? *delivered : Delivered{};
  };
  // A deal written after the client was acknowledged, though the client's message reaches Kafka
  // (and so the reader) later here: the reader holds the deal until the client is in.
  const int32_t client_partition = 1;
  PartitionOffsets after_client = {{{"chronicle.contacts", client_partition}, 1}};
  produce("chronicle.deals", "deal", "d1", after_client);
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(reader->HeadPosition(), 0u) << "the deal was applied before the client it follows";
  // Keys spread over partitions: write clients until one lands in the partition named.
  std::string awaited;
  for (int i = 0; awaited.empty(); ++i) {
    const std::string id = absl::StrCat("c", i);
    if (produce("chronicle.contacts", "client", id, {}).partition == client_partition) awaited = id;
  }
  ASSERT_TRUE(reader->AwaitLatest(absl::Seconds(10)).ok());
  auto events = reader->ReadAll(1, 100);
  ASSERT_TRUE(events.ok());
  std::vector<std::string> order;  // stream names in the reader's order
  for (const auto& event : *events) order.push_back(eventlog::StreamName(event.stream()));
  const auto client = std::find(order.begin(), order.end(), "client/" + awaited);
  const auto deal = std::find(order.begin(), order.end(), "deal/d1");
  ASSERT_NE(client, order.end());
  ASSERT_NE(deal, order.end());
  EXPECT_LT(client, deal);  // clients of other partitions may come either side
  EXPECT_EQ(std::count(order.begin(), order.end(), "deal/d1"), 1);
}

TEST_F(KafkaEventLogTest, TwoReplicasNeverBothAcceptConflictingWrites) {
  auto first = OpenReplica("first");
  auto second = OpenReplica("second");
  constexpr int kStreams = 4;
  constexpr int kRounds = 40;
  // Each replica, for each stream, appends at the version its own copy shows, as a command
  // handler does after reading its state: the two race for the same versions.
  std::map<std::string, std::map<uint64_t, int>> winners;  // stream -> version -> accepts
  absl::Mutex mu;
  std::atomic<int> conflicts{0};
  auto race = [&](KafkaEventLog* log, const std::string& who) {
    for (int round = 0; round < kRounds; ++round) {
      for (int s = 0; s < kStreams; ++s) {
        const v1::StreamId stream = Stream(s % 2 ? "deal" : "client", absl::StrCat("s", s));
        auto version = log->StreamVersion(stream);
        ASSERT_TRUE(version.ok());
        auto result = log->Append(
            Append(stream, absl::StrCat(who, "-", round, "-", s), 1,
                   *version == 0 ? ExpectedVersion::NoStream() : ExpectedVersion::Exact(*version)));
        if (result.ok()) {
          // Accepted means applied at exactly the version it was decided on.
          EXPECT_EQ(result->stream_version, *version + 1)
              << who << " " << eventlog::StreamName(stream);
          absl::MutexLock lock(&mu);
          ++winners[eventlog::StreamName(stream)][result->stream_version];
        } else {
          ASSERT_EQ(result.status().code(), absl::StatusCode::kAborted) << result.status();
          ++conflicts;
        }
      }
    }
  };
  std::thread a(race, first.get(), "first");
  std::thread b(race, second.get(), "second");
  a.join();
  b.join();
  uint64_t accepted = 0;
  for (const auto& [stream, versions] : winners) {
    uint64_t expected_version = 1;
    for (const auto& [version, accepts] : versions) {
      EXPECT_EQ(accepts, 1) << stream << " version " << version << " accepted twice";
      EXPECT_EQ(version, expected_version++) << stream << ": a version was skipped";
      ++accepted;
    }
  }
  EXPECT_GT(conflicts.load(), 0) << "the replicas never raced; the test proves nothing";
  EXPECT_EQ(accepted + conflicts, 2u * kStreams * kRounds);
  // Both copies hold exactly the accepted appends, and agree on every stream's history.
  ASSERT_TRUE(CatchesUpTo(*first, accepted));
  ASSERT_TRUE(CatchesUpTo(*second, accepted));
  for (int s = 0; s < kStreams; ++s) {
    const v1::StreamId stream = Stream(s % 2 ? "deal" : "client", absl::StrCat("s", s));
    auto mine = first->ReadStream(stream, 1, 1000);
    auto theirs = second->ReadStream(stream, 1, 1000);
    ASSERT_TRUE(mine.ok() && theirs.ok());
    ASSERT_EQ(mine->size(), theirs->size());
    for (size_t i = 0; i < mine->size(); ++i) {
      EXPECT_EQ((*mine)[i].event_id(), (*theirs)[i].event_id());
      EXPECT_EQ((*mine)[i].command_id(), (*theirs)[i].command_id());
    }
  }
}

TEST_F(KafkaEventLogTest, RestartsResumeWithoutGapsOrDuplicatesEvenWithoutSavedOffsets) {
  auto writer = OpenReplica("writer");
  auto reader = OpenReplica("reader");
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(
        writer->Append(Append(Stream("client", absl::StrCat(i % 7)), absl::StrCat("a", i))).ok());
  }
  ASSERT_TRUE(CatchesUpTo(*reader, 30));
  reader.reset();
  // Written while the reader is down: copied when it comes back.
  for (int i = 30; i < 50; ++i) {
    ASSERT_TRUE(
        writer->Append(Append(Stream("deal", absl::StrCat(i % 3)), absl::StrCat("a", i))).ok());
  }
  reader = OpenReplica("reader");
  ASSERT_TRUE(CatchesUpTo(*reader, 50));
  const std::vector<std::string> before = EventIds(*reader);
  reader.reset();
  // A crash between a durable copy and its offsets file: everything is read again.
  std::filesystem::remove(dir_.Sub("reader") + "/kafka-offsets");
  reader = OpenReplica("reader");
  ASSERT_TRUE(writer->Append(Append(Stream("client", "late"), "a-late")).ok());
  ASSERT_TRUE(CatchesUpTo(*reader, 51));
  absl::SleepFor(absl::Milliseconds(300));  // a duplicate would arrive by now
  std::vector<std::string> after = EventIds(*reader);
  ASSERT_EQ(after.size(), 51u);
  after.pop_back();
  EXPECT_EQ(after, before);
  EXPECT_EQ(EventIds(*writer).size(), 51u);
}

TEST_F(KafkaEventLogTest, AnAppendDuringAnOutageFailsAndItsRetryAppliesOnce) {
  auto log = OpenReplica("a", absl::Seconds(3));
  // The first append may also wait for the copy's first fetches.
  absl::StatusOr<eventlog::AppendResult> before;
  for (int attempt = 0; attempt < 5 && !before.ok(); ++attempt) {
    before = log->Append(Append(Stream("client", "1"), "before"));
  }
  ASSERT_TRUE(before.ok()) << before.status();
  for (int broker = 1; broker <= 3; ++broker)
    ASSERT_TRUE(cluster_->SetBrokerDown(broker, true).ok());
  auto during = log->Append(Append(Stream("client", "1"), "during", 1, ExpectedVersion::Exact(1)));
  EXPECT_TRUE(during.status().code() == absl::StatusCode::kDeadlineExceeded ||
              during.status().code() == absl::StatusCode::kUnavailable)
      << during.status();
  for (int broker = 1; broker <= 3; ++broker)
    ASSERT_TRUE(cluster_->SetBrokerDown(broker, false).ok());
  // The caller retries with the same command id: whether or not the first try reached Kafka,
  // the append applies once.
  absl::StatusOr<eventlog::AppendResult> retry;
  for (int attempt = 0; attempt < 10; ++attempt) {
    retry = log->Append(Append(Stream("client", "1"), "during", 1, ExpectedVersion::Exact(1)));
    if (retry.ok()) break;
  }
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->stream_version, 2u);
  absl::SleepFor(absl::Milliseconds(500));
  EXPECT_EQ(EventIds(*log).size(), 2u);
}

TEST_F(KafkaEventLogTest, InjectedProduceAndFetchErrorsAreRetriedWithoutDuplicates) {
  auto writer = OpenReplica("writer");
  auto reader = OpenReplica("reader");
  ASSERT_TRUE(writer->Append(Append(Stream("client", "warm"), "warm")).ok());
  ASSERT_TRUE(CatchesUpTo(*reader, 1));
  cluster_->PushRequestErrors(0 /* Produce */, {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
                                                RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
                                                RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS});
  cluster_->PushRequestErrors(1 /* Fetch */, {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
                                              RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
                                              RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT});
  for (int i = 0; i < 40; ++i) {
    auto appended =
        writer->Append(Append(Stream("client", absl::StrCat(i % 5)), absl::StrCat("e", i)));
    ASSERT_TRUE(appended.ok()) << appended.status();
  }
  ASSERT_TRUE(CatchesUpTo(*reader, 41));
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(EventIds(*reader).size(), 41u);
  EXPECT_EQ(EventIds(*writer).size(), 41u);
}

}  // namespace
}  // namespace chronicle::kafka
