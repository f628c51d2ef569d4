#include "chronicle/kafka/mock_cluster.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "absl/strings/str_cat.h"

namespace chronicle::kafka {

absl::StatusOr<std::unique_ptr<MockCluster>> MockCluster::Start(int brokers) {
  std::unique_ptr<MockCluster> mock(new MockCluster());
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  // The handle only keeps the cluster's books; it never connects anywhere itself.
  if (rd_kafka_conf_set(conf, "log_level", "3", error, sizeof(error)) != RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    return absl::InternalError(error);
  }
  mock->handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof(error));
  if (mock->handle_ == nullptr) return absl::InternalError(absl::StrCat("rd_kafka_new: ", error));
  mock->cluster_ = rd_kafka_mock_cluster_new(mock->handle_, brokers);
  if (mock->cluster_ == nullptr) return absl::UnavailableError("mock cluster did not start");
  return mock;
}

MockCluster::~MockCluster() {
  if (cluster_ != nullptr) rd_kafka_mock_cluster_destroy(cluster_);
  if (handle_ != nullptr) rd_kafka_destroy(handle_);
}

std::string MockCluster::bootstrap_servers() const {
  return rd_kafka_mock_cluster_bootstraps(cluster_);
}

absl::Status MockCluster::CreateTopic(const std::string& topic, int partitions,
                                      int replication_factor) {
  const rd_kafka_resp_err_t err =
      rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, replication_factor);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::InvalidArgumentError(absl::StrCat("topic ", topic, ": ", rd_kafka_err2str(err)));
  }
  return absl::OkStatus();
}

absl::Status MockCluster::SetBrokerDown(int32_t broker, bool down) {
  const rd_kafka_resp_err_t err = down ? rd_kafka_mock_broker_set_down(cluster_, broker)
                                       : rd_kafka_mock_broker_set_up(cluster_, broker);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::InvalidArgumentError(absl::StrCat("broker ", broker, ": ", rd_kafka_err2str(err)));
  }
  return absl::OkStatus();
}

void MockCluster::PushRequestErrors(int16_t api_key, const std::vector<int>& errors) {
  std::vector<rd_kafka_resp_err_t> codes;
  for (int e : errors) codes.push_back(static_cast<rd_kafka_resp_err_t>(e));
  rd_kafka_mock_push_request_errors_array(cluster_, api_key, codes.size(), codes.data());
}

}  // namespace chronicle::kafka
