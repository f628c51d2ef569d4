// deploy/compose.yaml is not run here (no Docker), so this checks what can be checked without it:
// each service's settings, as Compose would hand them to chronicled, are ones chronicled accepts,
// and they describe the distributed mode (its own service, on Kafka, with peers and one token).
#include <fstream>
#include <map>
#include <string>

#include "chronicle/server/config.h"
#include "chronicle/testing/temp_dir.h"
#include "gtest/gtest.h"
#include "yaml-cpp/yaml.h"

namespace chronicle {
namespace {

// A mapping's entries with YAML merge keys ("<<: *defaults") applied, which yaml-cpp leaves as
// plain keys: explicit entries win over merged ones.
std::map<std::string, std::string> Merged(const YAML::Node& mapping) {
  std::map<std::string, std::string> entries;
  if (const YAML::Node base = mapping["<<"]) entries = Merged(base);
  for (const auto& entry : mapping) {
    const std::string key = entry.first.as<std::string>();
    if (key != "<<") entries[key] = entry.second.as<std::string>();
  }
  return entries;
}

TEST(ComposeFileTest, EveryServiceRunsAloneOnKafkaWithSettingsChronicledAccepts) {
  const YAML::Node compose = YAML::LoadFile(COMPOSE_FILE);
  testing::TempDir dir;
  const std::string config_file = dir.Sub("chronicle.yaml");
  std::ofstream(config_file) << compose["configs"]["chronicle-yaml"]["content"].as<std::string>();
  for (const std::string service :
       {"contacts", "deals", "activities", "notifications", "analytics"}) {
    const YAML::Node definition = compose["services"][service];
    ASSERT_TRUE(definition) << service;
    server::ConfigSources sources;
    sources.flags = {{"config", config_file}};
    for (const auto& [name, value] : Merged(definition["environment"])) sources.env[name] = value;
    auto config = server::ResolveConfig(sources);
    ASSERT_TRUE(config.ok()) << service << ": " << config.status();
    EXPECT_EQ(config->services, std::vector<std::string>{service});
    EXPECT_EQ(config->event_log, "kafka");
    EXPECT_EQ(config->kafka.brokers, "kafka:9092");
    EXPECT_EQ(config->kafka.replication, 1);  // one broker
    EXPECT_EQ(config->replica_id, service + "-0");
    EXPECT_EQ(config->peers.size(), 3u);
    EXPECT_FALSE(config->peer_token.empty());
    EXPECT_EQ(config->tokens.size(), 1u);
    // Each on a host port of its own.
    EXPECT_TRUE(definition["ports"].IsSequence()) << service;
    EXPECT_TRUE(definition["volumes"].IsSequence()) << service;
  }
  EXPECT_EQ(compose["services"]["kafka"]["environment"]["KAFKA_AUTO_CREATE_TOPICS_ENABLE"]
                .as<std::string>(),
            "false");
}

}  // namespace
}  // namespace chronicle
