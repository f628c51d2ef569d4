// The producer and consumer against librdkafka's mock cluster, over TCP on loopback: keys keep
// one client's events in one partition and in order, headers travel intact, and retried produce
// errors write nothing twice.
#include <librdkafka/rdkafka.h>

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "chronicle/kafka/kafka_client.h"
#include "chronicle/kafka/mock_cluster.h"
#include "gtest/gtest.h"

namespace chronicle::kafka {
namespace {

constexpr absl::Duration kTimeout = absl::Seconds(20);

// Everything the group can read from `topic` now: polls until `count` messages came, or a
// quiet stretch after the last.
std::vector<Message> ReadAll(const std::string& bootstrap, const std::string& topic, size_t count) {
  auto consumer = Consumer::Create(bootstrap, "reader-" + topic, "", {topic});
  EXPECT_TRUE(consumer.ok()) << consumer.status();
  std::vector<Message> all;
  const absl::Time deadline = absl::Now() + kTimeout;
  while (all.size() < count && absl::Now() < deadline) {
    auto batch = (*consumer)->Poll(100, absl::Milliseconds(200));
    EXPECT_TRUE(batch.ok()) << batch.status();
    if (!batch.ok()) break;
    for (Message& m : *batch) all.push_back(std::move(m));
  }
  return all;
}

TEST(KafkaTest, OneKeyOnePartitionInOrderWithItsHeaders) {
  auto cluster = MockCluster::Start(3);
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  ASSERT_TRUE((*cluster)->CreateTopic("chronicle.contacts", 6, 3).ok());
  auto producer = Producer::Create((*cluster)->bootstrap_servers());
  ASSERT_TRUE(producer.ok()) << producer.status();

  std::map<std::string, int32_t> partition_of;
  for (int i = 0; i < 60; ++i) {
    const std::string client = absl::StrCat("c", i % 5);
    auto delivered = (*producer)->Produce("chronicle.contacts", client, absl::StrCat("event ", i),
                                          {{"event_type", "contacts.ClientUpdated"},
                                           {"stream", "client/" + client},
                                           {"note", "Пётр"}},
                                          kTimeout);
    ASSERT_TRUE(delivered.ok()) << delivered.status();
    auto [it, fresh] = partition_of.emplace(client, delivered->partition);
    EXPECT_EQ(it->second, delivered->partition) << client << " moved partition";
  }
  std::set<int32_t> partitions;
  for (const auto& [client, partition] : partition_of) partitions.insert(partition);
  EXPECT_GT(partitions.size(), 1u);  // keys spread over partitions

  const std::vector<Message> read =
      ReadAll((*cluster)->bootstrap_servers(), "chronicle.contacts", 60);
  ASSERT_EQ(read.size(), 60u);
  std::map<std::string, int> next;  // per key, the next event number expected
  for (const Message& m : read) {
    const int number = std::stoi(m.value.substr(6));
    EXPECT_EQ(number % 5, std::stoi(m.key.substr(1)));
    EXPECT_GE(number, next[m.key]) << "out of order for " << m.key;
    next[m.key] = number + 1;
    EXPECT_EQ(m.partition, partition_of[m.key]);
    ASSERT_EQ(m.headers.size(), 3u);
    EXPECT_EQ(m.headers[0],
              (std::pair<std::string, std::string>{"event_type", "contacts.ClientUpdated"}));
    EXPECT_EQ(m.headers[1].second, "client/" + m.key);
    EXPECT_EQ(m.headers[2].second, "Пётр");
  }
}

TEST(KafkaTest, RetriedProduceErrorsWriteNothingTwice) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok());
  ASSERT_TRUE((*cluster)->CreateTopic("chronicle.deals", 1, 1).ok());
  auto producer = Producer::Create((*cluster)->bootstrap_servers());
  ASSERT_TRUE(producer.ok());
  // The broker fails the next produce requests with retriable errors: librdkafka retries the
  // same batch under the same producer id and sequence, and the broker keeps one copy.
  (*cluster)->PushRequestErrors(
      0 /* Produce */, {RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
                        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND});
  for (int i = 0; i < 10; ++i) {
    auto delivered =
        (*producer)->Produce("chronicle.deals", "d1", absl::StrCat("event ", i), {}, kTimeout);
    ASSERT_TRUE(delivered.ok()) << delivered.status();
  }
  const std::vector<Message> read = ReadAll((*cluster)->bootstrap_servers(), "chronicle.deals", 10);
  ASSERT_EQ(read.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(read[i].value, absl::StrCat("event ", i));
}

TEST(KafkaTest, AnUnreachableClusterIsADeadlineNotAHang) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok());
  ASSERT_TRUE((*cluster)->CreateTopic("chronicle.activities", 1, 1).ok());
  ASSERT_TRUE((*cluster)->SetBrokerDown(1, true).ok());
  auto producer = Producer::Create((*cluster)->bootstrap_servers());
  ASSERT_TRUE(producer.ok());
  auto delivered = (*producer)->Produce("chronicle.activities", "a1", "x", {}, absl::Seconds(2));
  EXPECT_EQ(delivered.status().code(), absl::StatusCode::kDeadlineExceeded) << delivered.status();
  // Back up: the queued message and a new one are delivered, in order.
  ASSERT_TRUE((*cluster)->SetBrokerDown(1, false).ok());
  auto again = (*producer)->Produce("chronicle.activities", "a1", "y", {}, kTimeout);
  ASSERT_TRUE(again.ok()) << again.status();
  const std::vector<Message> read =
      ReadAll((*cluster)->bootstrap_servers(), "chronicle.activities", 2);
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0].value, "x");
  EXPECT_EQ(read[1].value, "y");
}

TEST(KafkaTest, LagIsCountedAndALeavingMembersPartitionsGoToTheNext) {
  auto cluster = MockCluster::Start(1);
  ASSERT_TRUE(cluster.ok());
  ASSERT_TRUE((*cluster)->CreateTopic("chronicle.tasks", 4, 1).ok());
  auto producer = Producer::Create((*cluster)->bootstrap_servers());
  ASSERT_TRUE(producer.ok());
  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE(
        (*producer)->Produce("chronicle.tasks", absl::StrCat("t", i), "x", {}, kTimeout).ok());
  }
  // Static members do not leave the group when they close (a restart keeps their partitions):
  // the group waits out their session, here a short one.
  const std::map<std::string, std::string> short_session = {{"session.timeout.ms", "6000"},
                                                            {"heartbeat.interval.ms", "500"}};
  auto first = Consumer::Create((*cluster)->bootstrap_servers(), "g", "replica-0",
                                {"chronicle.tasks"}, short_session);
  ASSERT_TRUE(first.ok()) << first.status();
  // Read 10 of the 40; the rest is lag across the four partitions.
  std::vector<Message> read;
  absl::Time deadline = absl::Now() + kTimeout;
  while (read.size() < 10 && absl::Now() < deadline) {
    auto batch = (*first)->Poll(10 - read.size(), absl::Milliseconds(200));
    ASSERT_TRUE(batch.ok());
    read.insert(read.end(), batch->begin(), batch->end());
  }
  ASSERT_EQ(read.size(), 10u);
  EXPECT_EQ((*first)->partitions_assigned(), 4);
  int64_t lag = 0;
  deadline = absl::Now() + absl::Seconds(5);
  do {  // the high watermarks arrive with the fetches
    (void)(*first)->Poll(0, absl::Milliseconds(100));
    lag = 0;
    for (const auto& [partition, behind] : (*first)->Lag()) lag += behind;
  } while (lag != 30 && absl::Now() < deadline);
  EXPECT_EQ(lag, 30);

  // The member leaves; the next one gets every partition. Nothing was committed to Kafka (the
  // owner keeps its offsets with its state), so it starts from the beginning: all 40.
  first->reset();
  auto second = Consumer::Create((*cluster)->bootstrap_servers(), "g", "replica-1",
                                 {"chronicle.tasks"}, short_session);
  ASSERT_TRUE(second.ok());
  read.clear();
  deadline = absl::Now() + kTimeout;
  while (read.size() < 40 && absl::Now() < deadline) {
    auto batch = (*second)->Poll(40, absl::Milliseconds(200));
    ASSERT_TRUE(batch.ok());
    read.insert(read.end(), batch->begin(), batch->end());
  }
  EXPECT_EQ(read.size(), 40u);
  EXPECT_EQ((*second)->partitions_assigned(), 4);
  // (A member joining while another holds the partitions, a live cooperative rebalance, is not
  // tested yet: with the default 45 s session the 2.0.2 mock gave the newcomer nothing within
  // 20 s; it deserves a try with short sessions before the distributed-mode tests lean on it.)
}

TEST(KafkaTest, BadConfigurationNamesTheProperty) {
  auto producer = Producer::Create("127.0.0.1:1", {{"acks", "sometimes"}});
  ASSERT_FALSE(producer.ok());
  EXPECT_NE(producer.status().message().find("acks"), std::string::npos);
}

}  // namespace
}  // namespace chronicle::kafka
