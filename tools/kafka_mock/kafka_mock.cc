// kafka_mock: librdkafka's mock Kafka cluster as a process of its own, for tests and for trying
// the Kafka path without a broker. Prints the bootstrap servers on the first line of stdout, then
// serves until SIGINT or SIGTERM.
//   kafka_mock --brokers 3 --topic chronicle.contacts:6 --topic chronicle.deals:6
#include <signal.h>

#include <iostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/numbers.h"
#include "chronicle/kafka/mock_cluster.h"

int main(int argc, char** argv) {
  CLI::App app{"librdkafka's mock Kafka cluster on loopback; prints its bootstrap servers"};
  int brokers = 3;
  std::vector<std::string> topics;
  app.add_option("--brokers", brokers, "brokers in the cluster (default 3)")
      ->check(CLI::Range(1, 9));
  app.add_option("--topic", topics,
                 "NAME:PARTITIONS to create before printing the address (replication is the "
                 "number of brokers, up to 3); repeatable");
  CLI11_PARSE(app, argc, argv);

  // Block the signals before any thread starts, so that only sigwait below receives them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  auto cluster = chronicle::kafka::MockCluster::Start(brokers);
  if (!cluster.ok()) {
    std::cerr << "kafka_mock: " << cluster.status() << std::endl;
    return 1;
  }
  for (const std::string& topic : topics) {
    const size_t colon = topic.rfind(':');
    int partitions = 0;
    if (colon == std::string::npos || !absl::SimpleAtoi(topic.substr(colon + 1), &partitions) ||
        partitions < 1) {
      std::cerr << "kafka_mock: --topic " << topic << ": expected NAME:PARTITIONS" << std::endl;
      return 2;
    }
    if (auto created =
            (*cluster)->CreateTopic(topic.substr(0, colon), partitions, std::min(brokers, 3));
        !created.ok()) {
      std::cerr << "kafka_mock: " << created << std::endl;
      return 1;
    }
  }
  std::cout << (*cluster)->bootstrap_servers() << std::endl;
  int signal = 0;
  sigwait(&stop, &signal);
  return 0;
}
