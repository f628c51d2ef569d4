// The cluster's topics and their partition counts, from a metadata request: what both the topic
// bootstrap and a reader of every partition start from.
#ifndef CHRONICLE_KAFKA_METADATA_H_
#define CHRONICLE_KAFKA_METADATA_H_

#include <librdkafka/rdkafka.h>

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace chronicle::kafka {

// UNAVAILABLE naming `bootstrap_servers` when the cluster does not answer within `timeout`.
inline absl::StatusOr<std::map<std::string, int>> PartitionCounts(
    rd_kafka_t* handle, const std::string& bootstrap_servers, absl::Duration timeout) {
  const rd_kafka_metadata_t* metadata = nullptr;
  const rd_kafka_resp_err_t err =
      rd_kafka_metadata(handle, /*all_topics=*/1, nullptr, &metadata,
                        static_cast<int>(absl::ToInt64Milliseconds(timeout)));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::UnavailableError(
        absl::StrCat("kafka at ", bootstrap_servers, " unreachable: ", rd_kafka_err2str(err)));
  }
  std::map<std::string, int> partitions;
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    partitions[metadata->topics[i].topic] = metadata->topics[i].partition_cnt;
  }
  rd_kafka_metadata_destroy(metadata);
  return partitions;
}

}  // namespace chronicle::kafka

#endif  // CHRONICLE_KAFKA_METADATA_H_
