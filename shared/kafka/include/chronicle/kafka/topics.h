// The event topics are Chronicle's history: start-up creates the missing ones and refuses to run
// on one that would lose events (compacted, or expiring by time or size) or whose partition count
// differs from the setting (a different count moves keys, and so clients, between partitions).
#ifndef CHRONICLE_KAFKA_TOPICS_H_
#define CHRONICLE_KAFKA_TOPICS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace chronicle::kafka {

struct TopicSpec {
  std::string name;
  int partitions = 12;
  int replication_factor = 3;
};

// The configuration a new history topic is created with: never compacted, never expired.
std::map<std::string, std::string> HistoryTopicConfig();

// FAILED_PRECONDITION naming `topic`, the setting and its value when `config` (as DescribeConfigs
// reports it) would lose events.
absl::Status CheckHistoryTopicConfig(const std::string& topic,
                                     const std::map<std::string, std::string>& config);

struct EnsureOptions {
  absl::Duration timeout = absl::Seconds(15);
  // Also read each existing topic's configuration and check it. Off only where the cluster
  // cannot describe configurations (librdkafka's mock cluster).
  bool verify_configs = true;
};

// Creates the missing `topics` and verifies the others. UNAVAILABLE naming the bootstrap servers
// when the cluster cannot be reached or does not answer; FAILED_PRECONDITION for a topic with
// another partition count or a configuration that would lose events.
absl::Status EnsureTopics(const std::string& bootstrap_servers,
                          const std::vector<TopicSpec>& topics, const EnsureOptions& options = {});

}  // namespace chronicle::kafka

#endif  // CHRONICLE_KAFKA_TOPICS_H_
