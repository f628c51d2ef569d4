#include "chronicle/kafka/kafka_client.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "chronicle/base/log.h"
#include "metadata.h"

namespace chronicle::kafka {
namespace {

// A configuration from defaults, then `overrides`; INVALID_ARGUMENT naming a bad property.
// librdkafka's own log lines (syslog levels) into the process's structured log.
void OnLog(const rd_kafka_t*, int level, const char* facility, const char* text) {
  const LogLevel ours = level <= 3   ? LogLevel::kError
                        : level <= 4 ? LogLevel::kWarning
                        : level <= 6 ? LogLevel::kInfo
                                     : LogLevel::kDebug;
  Log(ours, "kafka", text, {{"facility", facility}});
}

absl::StatusOr<rd_kafka_conf_t*> MakeConf(const std::map<std::string, std::string>& defaults,
                                          const std::map<std::string, std::string>& overrides) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set_log_cb(conf, OnLog);
  char error[512];
  for (const auto* properties : {&defaults, &overrides}) {
    for (const auto& [name, value] : *properties) {
      if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof(error)) !=
          RD_KAFKA_CONF_OK) {
        rd_kafka_conf_destroy(conf);
        return absl::InvalidArgumentError(absl::StrCat("kafka config ", name, ": ", error));
      }
    }
  }
  return conf;
}

// The owner of a queued message's callback; the delivery report (served by rd_kafka_poll, on the
// thread that polls) runs and frees it.
struct Delivery {
  Producer::DeliveryCallback done;
};

void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* message, void*) {
  std::unique_ptr<Delivery> delivery(static_cast<Delivery*>(message->_private));
  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    delivery->done(
        absl::UnavailableError(absl::StrCat("kafka produce to ", rd_kafka_topic_name(message->rkt),
                                            ": ", rd_kafka_err2str(message->err))));
  } else {
    delivery->done(Delivered{message->partition, message->offset});
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<Producer>> Producer::Create(
    const std::string& bootstrap_servers, const std::map<std::string, std::string>& config) {
  absl::StatusOr<rd_kafka_conf_t*> conf =
      MakeConf({{"bootstrap.servers", bootstrap_servers},
                {"enable.idempotence", "true"},  // implies acks=all and bounded in-flight requests
                {"acks", "all"},
                // A command waits for its acknowledgement: lingering to fill a batch only adds to
                // every command's latency (2 ms of 2.2 in kafka_bench), and concurrent writers
                // batch anyway while a request is in flight.
                {"linger.ms", "0"},
                {"log_level", "3"}},
               config);
  if (!conf.ok()) return conf.status();
  rd_kafka_conf_set_dr_msg_cb(*conf, OnDelivery);
  char error[512];
  rd_kafka_t* handle = rd_kafka_new(RD_KAFKA_PRODUCER, *conf, error, sizeof(error));
  if (handle == nullptr) {
    rd_kafka_conf_destroy(*conf);
    return absl::InvalidArgumentError(absl::StrCat("kafka producer: ", error));
  }
  return std::unique_ptr<Producer>(new Producer(handle));
}

Producer::~Producer() {
  rd_kafka_flush(handle_, 5000);  // queued messages are reported (their callbacks run)
  rd_kafka_purge(handle_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  rd_kafka_poll(handle_, 0);  // ... and of purged ones too
  rd_kafka_destroy(handle_);
}

absl::Status Producer::ProduceAsync(const std::string& topic, const std::string& key,
                                    const std::string& value, const Headers& headers,
                                    DeliveryCallback done) {
  auto delivery = std::make_unique<Delivery>(Delivery{std::move(done)});
  rd_kafka_headers_t* hdrs = rd_kafka_headers_new(headers.size());
  for (const auto& [name, header] : headers) {
    rd_kafka_header_add(hdrs, name.data(), name.size(), header.data(), header.size());
  }
  const rd_kafka_resp_err_t queued =
      rd_kafka_producev(handle_, RD_KAFKA_V_TOPIC(topic.c_str()),
                        RD_KAFKA_V_KEY(const_cast<char*>(key.data()), key.size()),
                        RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(hdrs),
                        RD_KAFKA_V_OPAQUE(delivery.get()), RD_KAFKA_V_END);
  if (queued != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_headers_destroy(hdrs);  // owned by the message only once it is queued
    return absl::UnavailableError(absl::StrCat("kafka produce: ", rd_kafka_err2str(queued)));
  }
  delivery.release();  // the delivery report frees it
  return absl::OkStatus();
}

void Producer::Poll(absl::Duration timeout) {
  rd_kafka_poll(handle_, static_cast<int>(absl::ToInt64Milliseconds(timeout)));
}

absl::StatusOr<PartitionOffsets> Producer::EndOffsets(
    const std::vector<std::pair<std::string, int32_t>>& partitions, absl::Duration timeout) {
  PartitionOffsets ends;
  if (partitions.empty()) return ends;
  rd_kafka_topic_partition_list_t* list =
      rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size()));
  for (const auto& [topic, partition] : partitions) {
    // As a timestamp, "end" asks for the offset after the last message.
    rd_kafka_topic_partition_list_add(list, topic.c_str(), partition)->offset = RD_KAFKA_OFFSET_END;
  }
  rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(
      handle_, list, static_cast<int>(absl::ToInt64Milliseconds(timeout)));
  for (int i = 0; err == RD_KAFKA_RESP_ERR_NO_ERROR && i < list->cnt; ++i) {
    const rd_kafka_topic_partition_t& p = list->elems[i];
    if (p.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      err = p.err;
    } else {
      ends[{p.topic, p.partition}] = p.offset;
    }
  }
  rd_kafka_topic_partition_list_destroy(list);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::UnavailableError(absl::StrCat("kafka end offsets: ", rd_kafka_err2str(err)));
  }
  return ends;
}

absl::StatusOr<Delivered> Producer::Produce(const std::string& topic, const std::string& key,
                                            const std::string& value, const Headers& headers,
                                            absl::Duration timeout) {
  // Shared with the callback, which may run after this call gave up waiting.
  struct Outcome {
    absl::Mutex mu;
    std::optional<absl::StatusOr<Delivered>> result ABSL_GUARDED_BY(mu);
  };
  auto outcome = std::make_shared<Outcome>();
  absl::Status queued =
      ProduceAsync(topic, key, value, headers, [outcome](absl::StatusOr<Delivered> result) {
        absl::MutexLock lock(&outcome->mu);
        outcome->result = std::move(result);
      });
  if (!queued.ok()) return queued;
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    {
      absl::MutexLock lock(&outcome->mu);
      if (outcome->result) return *outcome->result;
    }
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) {
      return absl::DeadlineExceededError(absl::StrCat("kafka produce to ", topic,
                                                      ": no acknowledgement within ",
                                                      absl::FormatDuration(timeout)));
    }
    Poll(std::clamp(left, absl::Milliseconds(1), absl::Milliseconds(100)));
  }
}

namespace {

// "topic/0, topic/3" for the log.
std::string PartitionNames(const rd_kafka_topic_partition_list_t* partitions) {
  std::string names;
  for (int i = 0; i < partitions->cnt; ++i) {
    absl::StrAppend(&names, i > 0 ? ", " : "", partitions->elems[i].topic, "/",
                    partitions->elems[i].partition);
  }
  return names;
}

}  // namespace

// Cooperative rebalances hand out and take back partitions a few at a time: assign or unassign
// just those, and say so in the log.
struct ConsumerCallbacks {
  static void OnRebalance(rd_kafka_t* handle, rd_kafka_resp_err_t error,
                          rd_kafka_topic_partition_list_t* partitions, void* opaque);
};

void ConsumerCallbacks::OnRebalance(rd_kafka_t* handle, rd_kafka_resp_err_t error,
                                    rd_kafka_topic_partition_list_t* partitions, void* opaque) {
  auto* consumer = static_cast<Consumer*>(opaque);
  const bool cooperative = std::string(rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE";
  if (error == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    consumer->assigned_ += partitions->cnt;
    Log(LogLevel::kInfo, "kafka.consumer", "partitions assigned",
        {{"partitions", PartitionNames(partitions)}});
    if (cooperative) {
      rd_kafka_error_t* failed = rd_kafka_incremental_assign(handle, partitions);
      if (failed != nullptr) rd_kafka_error_destroy(failed);
    } else {
      rd_kafka_assign(handle, partitions);
    }
  } else {
    consumer->revoked_ += partitions->cnt;
    Log(LogLevel::kInfo, "kafka.consumer", "partitions revoked",
        {{"partitions", PartitionNames(partitions)}, {"reason", rd_kafka_err2str(error)}});
    if (cooperative) {
      rd_kafka_error_t* failed = rd_kafka_incremental_unassign(handle, partitions);
      if (failed != nullptr) rd_kafka_error_destroy(failed);
    } else {
      rd_kafka_assign(handle, nullptr);
    }
  }
}

namespace {

std::map<std::string, std::string> ConsumerDefaults(const std::string& bootstrap_servers,
                                                    const std::string& group_id) {
  return {{"bootstrap.servers", bootstrap_servers},
          {"group.id", group_id},
          {"enable.auto.commit", "false"},
          {"enable.auto.offset.store", "false"},
          {"auto.offset.reset", "earliest"},
          {"partition.assignment.strategy", "cooperative-sticky"},
          // A broker holds an empty fetch this long: 10 ms, not the default 500, keeps a
          // projection within milliseconds of a write (measured in kafka_bench) for a few idle
          // fetches a second.
          {"fetch.wait.max.ms", "10"},
          {"log_level", "3"}};
}

}  // namespace

absl::StatusOr<std::unique_ptr<Consumer>> Consumer::CreateReadingAll(
    const std::string& bootstrap_servers, const std::vector<std::string>& topics,
    const StartOffsets& start, absl::Duration timeout,
    const std::map<std::string, std::string>& config) {
  // librdkafka's assign() wants a group.id, but this consumer never joins the group nor commits
  // to it: closing a consumer whose commits could not reach a vanished cluster hung chronicled's
  // shutdown for good (tests/distributed_test, AServiceStopsWithinItsGraceWhenKafkaIsGone).
  std::map<std::string, std::string> defaults =
      ConsumerDefaults(bootstrap_servers, "chronicle-reader-of-every-partition");
  defaults.erase("partition.assignment.strategy");
  absl::StatusOr<rd_kafka_conf_t*> conf = MakeConf(defaults, config);
  if (!conf.ok()) return conf.status();
  char error[512];
  rd_kafka_t* handle = rd_kafka_new(RD_KAFKA_CONSUMER, *conf, error, sizeof(error));
  if (handle == nullptr) {
    rd_kafka_conf_destroy(*conf);
    return absl::InvalidArgumentError(absl::StrCat("kafka consumer: ", error));
  }
  std::unique_ptr<Consumer> consumer(new Consumer());
  consumer->handle_ = handle;
  consumer->grouped_ = false;
  rd_kafka_poll_set_consumer(handle);
  absl::StatusOr<std::map<std::string, int>> partitions =
      PartitionCounts(handle, bootstrap_servers, timeout);
  if (!partitions.ok()) return partitions.status();
  rd_kafka_topic_partition_list_t* assignment = rd_kafka_topic_partition_list_new(0);
  for (const std::string& topic : topics) {
    auto found = partitions->find(topic);
    if (found == partitions->end() || found->second == 0) {
      rd_kafka_topic_partition_list_destroy(assignment);
      return absl::FailedPreconditionError(
          absl::StrCat("kafka topic ", topic, " does not exist at ", bootstrap_servers));
    }
    for (int32_t p = 0; p < found->second; ++p) {
      rd_kafka_topic_partition_list_add(assignment, topic.c_str(), p)->offset = start(topic, p);
      consumer->partitions_.emplace_back(topic, p);
    }
  }
  consumer->assigned_ = assignment->cnt;
  Log(LogLevel::kInfo, "kafka.consumer", "reading every partition",
      {{"partitions", PartitionNames(assignment)}});
  const rd_kafka_resp_err_t assigned = rd_kafka_assign(handle, assignment);
  rd_kafka_topic_partition_list_destroy(assignment);
  if (assigned != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::InternalError(absl::StrCat("kafka assign: ", rd_kafka_err2str(assigned)));
  }
  return consumer;
}

absl::StatusOr<std::unique_ptr<Consumer>> Consumer::Create(
    const std::string& bootstrap_servers, const std::string& group_id,
    const std::string& instance_id, const std::vector<std::string>& topics,
    const std::map<std::string, std::string>& config) {
  std::map<std::string, std::string> defaults = ConsumerDefaults(bootstrap_servers, group_id);
  if (!instance_id.empty()) defaults["group.instance.id"] = instance_id;
  absl::StatusOr<rd_kafka_conf_t*> conf = MakeConf(defaults, config);
  if (!conf.ok()) return conf.status();
  std::unique_ptr<Consumer> consumer(new Consumer());
  rd_kafka_conf_set_rebalance_cb(*conf, ConsumerCallbacks::OnRebalance);
  rd_kafka_conf_set_opaque(*conf, consumer.get());
  char error[512];
  rd_kafka_t* handle = rd_kafka_new(RD_KAFKA_CONSUMER, *conf, error, sizeof(error));
  if (handle == nullptr) {
    rd_kafka_conf_destroy(*conf);
    return absl::InvalidArgumentError(absl::StrCat("kafka consumer: ", error));
  }
  consumer->handle_ = handle;
  rd_kafka_poll_set_consumer(handle);
  rd_kafka_topic_partition_list_t* subscription =
      rd_kafka_topic_partition_list_new(static_cast<int>(topics.size()));
  for (const std::string& topic : topics) {
    rd_kafka_topic_partition_list_add(subscription, topic.c_str(), RD_KAFKA_PARTITION_UA);
  }
  const rd_kafka_resp_err_t subscribed = rd_kafka_subscribe(handle, subscription);
  rd_kafka_topic_partition_list_destroy(subscription);
  if (subscribed != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::InvalidArgumentError(
        absl::StrCat("kafka subscribe: ", rd_kafka_err2str(subscribed)));
  }
  return consumer;
}

Consumer::~Consumer() {
  if (handle_ == nullptr) return;
  if (grouped_) {
    rd_kafka_consumer_close(handle_);  // leaves the group
  } else {
    rd_kafka_assign(handle_, nullptr);
  }
  rd_kafka_destroy(handle_);
}

std::map<std::string, int64_t> Consumer::Lag() {
  std::map<std::string, int64_t> lag;
  rd_kafka_topic_partition_list_t* assignment = nullptr;
  if (rd_kafka_assignment(handle_, &assignment) != RD_KAFKA_RESP_ERR_NO_ERROR) return lag;
  rd_kafka_position(handle_, assignment);
  for (int i = 0; i < assignment->cnt; ++i) {
    const rd_kafka_topic_partition_t& p = assignment->elems[i];
    int64_t low = 0, high = 0;
    if (rd_kafka_get_watermark_offsets(handle_, p.topic, p.partition, &low, &high) !=
            RD_KAFKA_RESP_ERR_NO_ERROR ||
        high < 0) {
      continue;  // nothing fetched from it yet
    }
    // Before the first message the position is unset: everything from the low mark is unread.
    const int64_t position = p.offset >= 0 ? p.offset : low;
    lag[absl::StrCat(p.topic, "/", p.partition)] = std::max<int64_t>(0, high - position);
  }
  rd_kafka_topic_partition_list_destroy(assignment);
  return lag;
}

absl::StatusOr<std::vector<Message>> Consumer::Poll(size_t max, absl::Duration timeout) {
  std::vector<Message> messages;
  int wait_ms = static_cast<int>(absl::ToInt64Milliseconds(timeout));
  while (messages.size() < max) {
    rd_kafka_message_t* raw = rd_kafka_consumer_poll(handle_, wait_ms);
    if (raw == nullptr) break;
    wait_ms = 0;  // the rest only if already here
    if (raw->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      rd_kafka_message_destroy(raw);
      continue;
    }
    if (raw->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      const std::string error = rd_kafka_message_errstr(raw);
      rd_kafka_message_destroy(raw);
      return absl::UnavailableError(absl::StrCat("kafka consume: ", error));
    }
    Message message;
    message.topic = rd_kafka_topic_name(raw->rkt);
    message.partition = raw->partition;
    message.offset = raw->offset;
    if (raw->key != nullptr) message.key.assign(static_cast<const char*>(raw->key), raw->key_len);
    if (raw->payload != nullptr) {
      message.value.assign(static_cast<const char*>(raw->payload), raw->len);
    }
    rd_kafka_headers_t* hdrs = nullptr;
    if (rd_kafka_message_headers(raw, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      const char* name = nullptr;
      const void* value = nullptr;
      size_t size = 0;
      for (size_t i = 0;
           rd_kafka_header_get_all(hdrs, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
           ++i) {
        message.headers.emplace_back(
            name, value != nullptr ? std::string(static_cast<const char*>(value), size) : "");
      }
    }
    rd_kafka_message_destroy(raw);
    messages.push_back(std::move(message));
  }
  return messages;
}

}  // namespace chronicle::kafka
