#include "distributed_log.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "activities/domain/events.h"
#include "analytics/app/analytics_app.h"
#include "chronicle/base/log.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/kafka/topics.h"
#include "contacts/domain/events.h"
#include "deals/domain/events.h"
#include "notifications/domain/events.h"

namespace chronicle::server {
namespace {

constexpr char kPlatform[] = "platform";

// Each service's stream types, from the services' own constants.
const absl::flat_hash_map<std::string, std::string>& StreamOwners() {
  static const auto* owners = new absl::flat_hash_map<std::string, std::string>{
      {contacts::kClientStream, "contacts"},
      {contacts::kCompanyStream, "contacts"},
      {contacts::kCustomFieldsStream, "contacts"},
      {contacts::kImportJobStream, "contacts"},
      {deals::kPipelineStream, "deals"},
      {deals::kDealStream, "deals"},
      {deals::kRefusalReasonsStream, "deals"},
      {activities::kActivityStream, "activities"},
      {activities::kTaskStream, "activities"},
      {activities::kTaskSeriesStream, "activities"},
      {activities::kEmployeeStream, "activities"},
      {activities::kActivityTypesStream, "activities"},
      {activities::kContactRulesStream, "activities"},
      {notifications::kRuleStream, "notifications"},
      {notifications::kTemplateStream, "notifications"},
      {notifications::kSubscriptionStream, "notifications"},
      {notifications::kSettingsStream, "notifications"},
      {notifications::kNotificationStream, "notifications"},
      {notifications::kDeliveryStream, "notifications"},
      {notifications::kTriggerStream, "notifications"},
      {notifications::kActionStream, "notifications"},
      {notifications::kSurveyStream, "notifications"},
      {analytics::kSettingsStream, "analytics"},
      {analytics::kKpiTargetStream, "analytics"},
      {analytics::kChannelSpendStream, "analytics"},
  };
  return *owners;
}

std::string TopicOf(const KafkaConfig& kafka, absl::string_view service) {
  return absl::StrCat(kafka.topic_prefix, ".", service);
}

}  // namespace

std::string OwnerOfStreamType(absl::string_view type) {
  auto found = StreamOwners().find(type);
  return found != StreamOwners().end() ? found->second : kPlatform;
}

std::vector<std::string> EventTopics(const KafkaConfig& kafka) {
  std::vector<std::string> topics;
  for (const char* service : kServiceNames) topics.push_back(TopicOf(kafka, service));
  topics.push_back(TopicOf(kafka, kPlatform));
  return topics;
}

absl::StatusOr<std::unique_ptr<kafka::KafkaEventLog>> OpenDistributedLog(
    const ServerConfig& config, const std::string& replica_path) {
  const KafkaConfig& settings = config.kafka;
  std::vector<kafka::TopicSpec> specs;
  for (const std::string& topic : EventTopics(settings)) {
    specs.push_back({topic, settings.partitions, settings.replication});
  }
  kafka::EnsureOptions ensure;
  ensure.verify_configs = settings.verify_topics;
  RETURN_IF_ERROR(kafka::EnsureTopics(settings.brokers, specs, ensure));

  kafka::KafkaEventLogOptions options;
  options.bootstrap_servers = settings.brokers;
  options.topics = EventTopics(settings);
  options.topic_for = [settings](const v1::StreamId& stream) {
    return TopicOf(settings, OwnerOfStreamType(stream.type()));
  };
  options.replica_path = replica_path;
  options.client_id = absl::StrCat("chronicle-", config.replica_id);
  options.min_free_bytes = config.min_free_bytes;
  Log(LogLevel::kInfo, "server", "event log on kafka",
      {{"brokers", settings.brokers}, {"client", options.client_id}, {"copy", replica_path}});
  return kafka::OpenKafkaEventLog(std::move(options));
}

void AddKafkaMetrics(metrics::CallbackCollector& callbacks, kafka::KafkaEventLog* log) {
  callbacks.AddGauge("chronicle_kafka_consumer_lag",
                     "Messages in a Kafka partition this process has not copied yet.",
                     [log](std::vector<metrics::Sample>& samples) {
                       for (const auto& [partition, lag] : log->GetStats().consumer_lag) {
                         samples.push_back({{{"partition", partition}}, static_cast<double>(lag)});
                       }
                     });
  callbacks.AddCounter(
      "chronicle_kafka_appends_total",
      "Appends by outcome: produced (acknowledged by Kafka, by this process), copied (applied to "
      "this process's copy, from any writer), voided (refused by the copy's checks).",
      [log](std::vector<metrics::Sample>& samples) {
        const kafka::KafkaEventLog::Stats stats = log->GetStats();
        samples.push_back({{{"outcome", "produced"}}, static_cast<double>(stats.appends_produced)});
        samples.push_back({{{"outcome", "copied"}}, static_cast<double>(stats.appends_copied)});
        samples.push_back({{{"outcome", "voided"}}, static_cast<double>(stats.appends_voided)});
      });
  callbacks.AddCounter("chronicle_kafka_fetch_errors_total",
                       "Failed fetches from Kafka (the copy retries).",
                       [log](std::vector<metrics::Sample>& samples) {
                         samples.push_back({{}, static_cast<double>(log->GetStats().fetch_errors)});
                       });
  callbacks.AddCounter("chronicle_kafka_copy_retries_total",
                       "Batches the copy wrote again after a storage failure.",
                       [log](std::vector<metrics::Sample>& samples) {
                         samples.push_back({{}, static_cast<double>(log->GetStats().copy_retries)});
                       });
}

}  // namespace chronicle::server
