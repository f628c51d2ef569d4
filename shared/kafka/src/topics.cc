#include "chronicle/kafka/topics.h"

#include <librdkafka/rdkafka.h>

#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "metadata.h"

namespace chronicle::kafka {
namespace {

// An admin handle and a queue for its results, destroyed together.
struct Admin {
  rd_kafka_t* handle = nullptr;
  rd_kafka_queue_t* queue = nullptr;
  ~Admin() {
    if (queue != nullptr) rd_kafka_queue_destroy(queue);
    if (handle != nullptr) rd_kafka_destroy(handle);
  }
};

using Event = std::unique_ptr<rd_kafka_event_t, void (*)(rd_kafka_event_t*)>;

// The result of the admin request `what` just sent; UNAVAILABLE naming the cluster when it does
// not answer within `timeout` or answers with an error.
absl::StatusOr<Event> AwaitResult(const Admin& admin, const std::string& bootstrap,
                                  const char* what, absl::Duration timeout) {
  Event event(
      rd_kafka_queue_poll(admin.queue, static_cast<int>(absl::ToInt64Milliseconds(timeout))),
      rd_kafka_event_destroy);
  if (event == nullptr) {
    return absl::UnavailableError(absl::StrCat("kafka at ", bootstrap, ": no answer to ", what,
                                               " within ", absl::FormatDuration(timeout)));
  }
  if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::UnavailableError(absl::StrCat("kafka at ", bootstrap, ": ", what, ": ",
                                               rd_kafka_event_error_string(event.get())));
  }
  return event;
}

absl::Status CreateTopics(Admin& admin, const std::string& bootstrap,
                          const std::vector<const TopicSpec*>& missing, absl::Duration timeout) {
  std::vector<rd_kafka_NewTopic_t*> topics;
  char error[512];
  for (const TopicSpec* spec : missing) {
    rd_kafka_NewTopic_t* topic = rd_kafka_NewTopic_new(
        spec->name.c_str(), spec->partitions, spec->replication_factor, error, sizeof(error));
    if (topic == nullptr) {
      for (rd_kafka_NewTopic_t* t : topics) rd_kafka_NewTopic_destroy(t);
      return absl::InvalidArgumentError(absl::StrCat("kafka topic ", spec->name, ": ", error));
    }
    for (const auto& [name, value] : HistoryTopicConfig()) {
      rd_kafka_NewTopic_set_config(topic, name.c_str(), value.c_str());
    }
    topics.push_back(topic);
  }
  rd_kafka_CreateTopics(admin.handle, topics.data(), topics.size(), nullptr, admin.queue);
  for (rd_kafka_NewTopic_t* t : topics) rd_kafka_NewTopic_destroy(t);
  absl::StatusOr<Event> event = AwaitResult(admin, bootstrap, "CreateTopics", timeout);
  if (!event.ok()) return event.status();
  size_t count = 0;
  const rd_kafka_topic_result_t** results =
      rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event->get()), &count);
  for (size_t i = 0; i < count; ++i) {
    const rd_kafka_resp_err_t err = rd_kafka_topic_result_error(results[i]);
    // Another replica may have created it meanwhile: it is verified on the next start.
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
      return absl::FailedPreconditionError(
          absl::StrCat("kafka topic ", rd_kafka_topic_result_name(results[i]),
                       " could not be created: ", rd_kafka_topic_result_error_string(results[i])));
    }
  }
  return absl::OkStatus();
}

absl::Status VerifyConfigs(Admin& admin, const std::string& bootstrap,
                           const std::vector<const TopicSpec*>& existing, absl::Duration timeout) {
  std::vector<rd_kafka_ConfigResource_t*> resources;
  for (const TopicSpec* spec : existing) {
    resources.push_back(rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, spec->name.c_str()));
  }
  rd_kafka_DescribeConfigs(admin.handle, resources.data(), resources.size(), nullptr, admin.queue);
  for (rd_kafka_ConfigResource_t* r : resources) rd_kafka_ConfigResource_destroy(r);
  absl::StatusOr<Event> event = AwaitResult(admin, bootstrap, "DescribeConfigs", timeout);
  if (!event.ok()) return event.status();
  size_t count = 0;
  const rd_kafka_ConfigResource_t** described = rd_kafka_DescribeConfigs_result_resources(
      rd_kafka_event_DescribeConfigs_result(event->get()), &count);
  for (size_t i = 0; i < count; ++i) {
    std::map<std::string, std::string> config;
    size_t entries = 0;
    const rd_kafka_ConfigEntry_t** entry = rd_kafka_ConfigResource_configs(described[i], &entries);
    for (size_t e = 0; e < entries; ++e) {
      const char* value = rd_kafka_ConfigEntry_value(entry[e]);
      config[rd_kafka_ConfigEntry_name(entry[e])] = value != nullptr ? value : "";
    }
    if (absl::Status checked =
            CheckHistoryTopicConfig(rd_kafka_ConfigResource_name(described[i]), config);
        !checked.ok()) {
      return checked;
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::map<std::string, std::string> HistoryTopicConfig() {
  return {{"cleanup.policy", "delete"}, {"retention.ms", "-1"}, {"retention.bytes", "-1"}};
}

absl::Status CheckHistoryTopicConfig(const std::string& topic,
                                     const std::map<std::string, std::string>& config) {
  auto refuse = [&](const std::string& setting, const std::string& why) {
    return absl::FailedPreconditionError(absl::StrCat(
        "kafka topic ", topic, " would lose history: ", setting, "=", config.at(setting), " (", why,
        "); set cleanup.policy=delete, retention.ms=-1 and retention.bytes=-1"));
  };
  if (auto policy = config.find("cleanup.policy");
      policy != config.end() && policy->second.find("compact") != std::string::npos) {
    return refuse("cleanup.policy", "compaction keeps only the latest event per key");
  }
  for (const char* limit : {"retention.ms", "retention.bytes"}) {
    auto value = config.find(limit);
    int64_t number = 0;
    if (value != config.end() && (!absl::SimpleAtoi(value->second, &number) || number >= 0)) {
      return refuse(limit, "events older or beyond it are deleted");
    }
  }
  return absl::OkStatus();
}

absl::Status EnsureTopics(const std::string& bootstrap_servers,
                          const std::vector<TopicSpec>& topics, const EnsureOptions& options) {
  Admin admin;
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap_servers.c_str(), error,
                        sizeof(error)) != RD_KAFKA_CONF_OK ||
      rd_kafka_conf_set(conf, "log_level", "0", error, sizeof(error)) != RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    return absl::InvalidArgumentError(absl::StrCat("kafka bootstrap servers: ", error));
  }
  admin.handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof(error));
  if (admin.handle == nullptr) {
    rd_kafka_conf_destroy(conf);
    return absl::InvalidArgumentError(absl::StrCat("kafka: ", error));
  }
  admin.queue = rd_kafka_queue_new(admin.handle);

  absl::StatusOr<std::map<std::string, int>> partitions =
      PartitionCounts(admin.handle, bootstrap_servers, options.timeout);
  if (!partitions.ok()) return partitions.status();

  std::vector<const TopicSpec*> missing, existing;
  for (const TopicSpec& spec : topics) {
    auto found = partitions->find(spec.name);
    if (found == partitions->end()) {
      missing.push_back(&spec);
    } else if (found->second != spec.partitions) {
      return absl::FailedPreconditionError(
          absl::StrCat("kafka topic ", spec.name, " has ", found->second,
                       " partitions, the setting says ", spec.partitions,
                       ": a different count would move clients between partitions and "
                       "break the order of their histories"));
    } else {
      existing.push_back(&spec);
    }
  }
  if (!missing.empty()) {
    if (absl::Status created = CreateTopics(admin, bootstrap_servers, missing, options.timeout);
        !created.ok()) {
      return created;
    }
  }
  if (options.verify_configs && !existing.empty()) {
    return VerifyConfigs(admin, bootstrap_servers, existing, options.timeout);
  }
  return absl::OkStatus();
}

}  // namespace chronicle::kafka
