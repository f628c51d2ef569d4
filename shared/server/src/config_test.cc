#include "chronicle/server/config.h"

#include <fstream>

#include "chronicle/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::server {
namespace {

using ::chronicle::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string WriteFile(const TempDir& dir, const std::string& text) {
  std::string path = dir.Sub("chronicle.yaml");
  std::ofstream(path) << text;
  return path;
}

TEST(ConfigTest, DefaultsRunEveryServiceOnLoopback) {
  auto config = ResolveConfig({});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen, "127.0.0.1:50051");
  EXPECT_EQ(config->data_dir, "./data");
  EXPECT_THAT(config->services,
              ElementsAre("contacts", "deals", "activities", "notifications", "analytics"));
  EXPECT_TRUE(config->tokens.empty());
  EXPECT_EQ(config->metrics_listen, "");  // no metrics endpoint unless asked for
}

TEST(ConfigTest, MetricsEndpointFromAnyLayer) {
  ConfigSources env;
  env.env = {{"CHRONICLE_METRICS_LISTEN", "0.0.0.0:9464"}};
  auto config = ResolveConfig(env);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->metrics_listen, "0.0.0.0:9464");
  ConfigSources bad;
  bad.flags = {{"metrics-listen", "9464"}};
  EXPECT_THAT(std::string(ResolveConfig(bad).status().message()),
              HasSubstr("--metrics-listen: '9464' is not HOST:PORT"));
}

TEST(ConfigTest, LogLevelFormatAndReadiness) {
  auto defaults = ResolveConfig({});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->log_level, LogLevel::kInfo);
  EXPECT_EQ(defaults->log_format, LogFormat::kJson);
  ConfigSources text;
  text.env = {{"CHRONICLE_LOG_FORMAT", "text"}, {"CHRONICLE_LOG_LEVEL", "debug"}};
  auto config = ResolveConfig(text);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->log_format, LogFormat::kText);
  EXPECT_EQ(config->log_level, LogLevel::kDebug);
  ConfigSources lag;
  lag.flags = {{"ready-max-lag", "50"}};
  EXPECT_EQ(ResolveConfig(lag)->ready_max_lag, 50u);
  lag.flags = {{"ready-max-lag", "-1"}};
  EXPECT_THAT(std::string(ResolveConfig(lag).status().message()),
              HasSubstr("--ready-max-lag: '-1' is not a number of events"));
  ConfigSources bad;
  bad.flags = {{"log-level", "verbose"}};
  EXPECT_THAT(std::string(ResolveConfig(bad).status().message()),
              HasSubstr("--log-level: 'verbose' is not one of debug, info, warning, error"));
}

TEST(ConfigTest, FlagsBeatEnvironmentWhichBeatsYaml) {
  TempDir dir;
  std::string file = WriteFile(dir, R"(
listen: 0.0.0.0:7000
data-dir: /var/lib/chronicle
services: contacts
auth:
  tokens:
    - {token: "0123456789abcdef-anna", user: anna, role: manager}
)");
  ConfigSources sources;
  sources.flags = {{"config", file}, {"listen", "127.0.0.1:9000"}};
  sources.env = {{"CHRONICLE_LISTEN", "127.0.0.1:8000"},
                 {"CHRONICLE_SERVICES", "deals, analytics"}};
  auto config = ResolveConfig(sources);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen, "127.0.0.1:9000");
  EXPECT_EQ(config->data_dir, "/var/lib/chronicle");
  EXPECT_THAT(config->services, ElementsAre("deals", "analytics"));
  ASSERT_EQ(config->tokens.count("0123456789abcdef-anna"), 1u);
  EXPECT_EQ(config->tokens.at("0123456789abcdef-anna").role, "manager");
}

TEST(ConfigTest, ConfigFileMayComeFromTheEnvironment) {
  TempDir dir;
  ConfigSources sources;
  sources.env = {{"CHRONICLE_CONFIG", WriteFile(dir, "data-dir: /srv/crm\n")}};
  EXPECT_EQ(ResolveConfig(sources)->data_dir, "/srv/crm");
}

TEST(ConfigTest, BadValuesNameTheSettingAndWhereItCameFrom) {
  ConfigSources bad_flag;
  bad_flag.flags = {{"listen", "localhost"}};
  EXPECT_THAT(std::string(ResolveConfig(bad_flag).status().message()),
              HasSubstr("--listen: 'localhost' is not HOST:PORT"));

  ConfigSources bad_env;
  bad_env.env = {{"CHRONICLE_SERVICES", "contacts,billing"}};
  auto status = ResolveConfig(bad_env).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("CHRONICLE_SERVICES: unknown service 'billing'"));

  TempDir dir;
  ConfigSources typo;
  typo.flags = {{"config", WriteFile(dir, "listne: 1.2.3.4:5\n")}};
  EXPECT_THAT(std::string(ResolveConfig(typo).status().message()),
              HasSubstr("unknown setting 'listne'"));

  ConfigSources short_token;
  short_token.flags = {
      {"config", WriteFile(dir, "auth: {tokens: [{token: abc, user: u, role: admin}]}\n")}};
  EXPECT_THAT(std::string(ResolveConfig(short_token).status().message()),
              HasSubstr("auth.tokens[0]: token: shorter than 16"));

  ConfigSources missing;
  missing.flags = {{"config", dir.Sub("nope.yaml")}};
  EXPECT_EQ(ResolveConfig(missing).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ConfigTest, DistributedModeSettings) {
  auto embedded = ResolveConfig({});
  ASSERT_TRUE(embedded.ok());
  EXPECT_EQ(embedded->event_log, "embedded");
  EXPECT_FALSE(embedded->replica_id.empty());  // the host name

  TempDir dir;
  ConfigSources sources;
  sources.flags = {{"config", WriteFile(dir,
                                        "event-log: kafka\n"
                                        "kafka-brokers: kafka-0:9092,kafka-1:9092\n"
                                        "kafka-partitions: 24\n"
                                        "peers: contacts=contacts:50051, deals=deals:50051\n"
                                        "peer-token: 0123456789abcdef0123\n")},
                   {"replica-id", "notifications-1"}};
  sources.env = {{"CHRONICLE_KAFKA_VERIFY_TOPICS", "false"}};
  auto config = ResolveConfig(sources);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->event_log, "kafka");
  EXPECT_EQ(config->kafka.brokers, "kafka-0:9092,kafka-1:9092");
  EXPECT_EQ(config->kafka.topic_prefix, "chronicle");
  EXPECT_EQ(config->kafka.partitions, 24);
  EXPECT_EQ(config->kafka.replication, 3);
  EXPECT_FALSE(config->kafka.verify_topics);
  EXPECT_EQ(config->replica_id, "notifications-1");
  EXPECT_EQ(config->peers.at("contacts"), "contacts:50051");
  EXPECT_EQ(config->peers.at("deals"), "deals:50051");
  EXPECT_EQ(config->peer_token, "0123456789abcdef0123");

  auto error = [](std::map<std::string, std::string> flags) {
    ConfigSources bad;
    bad.flags = std::move(flags);
    return std::string(ResolveConfig(bad).status().message());
  };
  EXPECT_THAT(error({{"event-log", "kafka"}}), HasSubstr("kafka-brokers"));
  EXPECT_THAT(error({{"event-log", "postgres"}}),
              HasSubstr("--event-log: 'postgres' is not one of embedded, kafka"));
  EXPECT_THAT(error({{"kafka-partitions", "0"}}), HasSubstr("--kafka-partitions"));
  EXPECT_THAT(error({{"peers", "billing=billing:1"}, {"peer-token", "0123456789abcdef"}}),
              HasSubstr("'billing=billing:1' is not SERVICE=HOST:PORT"));
  EXPECT_THAT(error({{"peers", "deals=deals"}, {"peer-token", "0123456789abcdef"}}),
              HasSubstr("--peers: deals: 'deals' is not HOST:PORT"));
  EXPECT_THAT(error({{"peers", "deals=deals:1"}}), HasSubstr("peer-token: required with peers"));
}

TEST(ConfigTest, DiskReserveTakesHumanSizes) {
  EXPECT_EQ(ResolveConfig({})->min_free_bytes, 256ull << 20);
  ConfigSources sources;
  sources.flags = {{"min-free-space", "4MiB"}};
  EXPECT_EQ(ResolveConfig(sources)->min_free_bytes, 4ull << 20);
  EXPECT_EQ(*ParseByteSize("2GiB"), 2ull << 30);
  EXPECT_EQ(*ParseByteSize("100MB"), 100'000'000u);
  EXPECT_EQ(*ParseByteSize("0"), 0u);
  sources.flags = {{"min-free-space", "lots"}};
  EXPECT_THAT(std::string(ResolveConfig(sources).status().message()),
              HasSubstr("--min-free-space: 'lots' is not a size"));
}

TEST(ConfigTest, ListenAddressForms) {
  EXPECT_EQ(ParseListenAddress("[::1]:50051")->first, "::1");
  EXPECT_EQ(ParseListenAddress("0.0.0.0:0")->second, 0);
  EXPECT_FALSE(ParseListenAddress("host:70000").ok());
  EXPECT_FALSE(ParseListenAddress(":80").ok());
  EXPECT_FALSE(ParseListenAddress("::1:80").ok());
}

}  // namespace
}  // namespace chronicle::server
