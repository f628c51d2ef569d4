// librdkafka's mock Kafka cluster: brokers that speak the real protocol over TCP on loopback,
// with consumer groups and fault injection, in this process. What the Kafka tests run against
// (no broker can be installed here), and what tools/kafka_mock runs as a process of its own.
// Know its limits in librdkafka 2.0.2: offsets sent in a transaction are not stored, aborted
// records stay visible, old producers are not fenced, and a partition keeps only about 100,000
// batches or 5 MiB before it silently drops the oldest.
#ifndef CHRONICLE_KAFKA_MOCK_CLUSTER_H_
#define CHRONICLE_KAFKA_MOCK_CLUSTER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

typedef struct rd_kafka_s rd_kafka_t;
typedef struct rd_kafka_mock_cluster_s rd_kafka_mock_cluster_t;

namespace chronicle::kafka {

class MockCluster {
 public:
  // `brokers` brokers (ids 1..brokers) listening on loopback ports of their own.
  static absl::StatusOr<std::unique_ptr<MockCluster>> Start(int brokers);
  ~MockCluster();

  // "127.0.0.1:PORT,127.0.0.1:PORT,...": the clients' bootstrap.servers.
  std::string bootstrap_servers() const;
  absl::Status CreateTopic(const std::string& topic, int partitions, int replication_factor);
  // A broker down closes its connections and refuses new ones; up again serves them.
  absl::Status SetBrokerDown(int32_t broker, bool down);
  // The next requests of Kafka API `api_key` (0 Produce, 1 Fetch, ...) fail with `errors`
  // (rd_kafka_resp_err_t values), one each, in order.
  void PushRequestErrors(int16_t api_key, const std::vector<int>& errors);

 private:
  MockCluster() = default;

  rd_kafka_t* handle_ = nullptr;  // the mock's book-keeping client
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
};

}  // namespace chronicle::kafka

#endif  // CHRONICLE_KAFKA_MOCK_CLUSTER_H_
