#include "chronicle/kafka/topics.h"

#include "chronicle/kafka/mock_cluster.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::kafka {
namespace {

using ::testing::HasSubstr;

TEST(TopicsTest, HistoryTopicsNeverCompactNorExpire) {
  EXPECT_TRUE(CheckHistoryTopicConfig("chronicle.deals", HistoryTopicConfig()).ok());
  std::map<std::string, std::string> config = HistoryTopicConfig();
  config["min.insync.replicas"] = "2";  // unrelated settings are the operator's
  EXPECT_TRUE(CheckHistoryTopicConfig("chronicle.deals", config).ok());

  config["cleanup.policy"] = "compact,delete";
  absl::Status compacted = CheckHistoryTopicConfig("chronicle.deals", config);
  EXPECT_EQ(compacted.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(compacted.message()),
              HasSubstr("chronicle.deals would lose history: cleanup.policy=compact,delete"));

  config = HistoryTopicConfig();
  config["retention.ms"] = "604800000";  // Kafka's default: a week
  EXPECT_THAT(std::string(CheckHistoryTopicConfig("chronicle.deals", config).message()),
              HasSubstr("retention.ms=604800000"));
  config = HistoryTopicConfig();
  config["retention.bytes"] = "1073741824";
  EXPECT_THAT(std::string(CheckHistoryTopicConfig("chronicle.deals", config).message()),
              HasSubstr("retention.bytes=1073741824"));
}

TEST(TopicsTest, ExistingTopicsMustKeepTheirPartitionCount) {
  auto cluster = MockCluster::Start(3);
  ASSERT_TRUE(cluster.ok());
  ASSERT_TRUE((*cluster)->CreateTopic("chronicle.contacts", 6, 3).ok());
  ASSERT_TRUE((*cluster)->CreateTopic("chronicle.deals", 4, 3).ok());
  // The mock cannot describe configurations; the partition counts it can show.
  EnsureOptions options;
  options.verify_configs = false;
  EXPECT_TRUE(
      EnsureTopics((*cluster)->bootstrap_servers(), {{"chronicle.contacts", 6, 3}}, options).ok());
  absl::Status resized =
      EnsureTopics((*cluster)->bootstrap_servers(),
                   {{"chronicle.contacts", 6, 3}, {"chronicle.deals", 6, 3}}, options);
  EXPECT_EQ(resized.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(resized.message()),
              HasSubstr("chronicle.deals has 4 partitions, the setting says 6"));
}

TEST(TopicsTest, AnUnreachableClusterIsNamed) {
  EnsureOptions options;
  options.timeout = absl::Seconds(2);
  absl::Status status = EnsureTopics("127.0.0.1:1", {{"chronicle.contacts", 6, 3}}, options);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(status.message()), HasSubstr("kafka at 127.0.0.1:1 unreachable"));
}

}  // namespace
}  // namespace chronicle::kafka
