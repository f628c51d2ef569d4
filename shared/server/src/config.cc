#include "chronicle/server/config.h"

#include <unistd.h>

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "chronicle/base/status_macros.h"
#include "yaml-cpp/yaml.h"

namespace chronicle::server {
namespace {

// A setting's value and where it came from, for error messages.
struct Setting {
  std::string value;
  std::string source;
};

struct Layered {
  std::map<std::string, Setting> settings;  // "listen", "data-dir", "services"
  std::map<std::string, Principal> tokens;
};

constexpr const char* kSettings[] = {"listen",
                                     "data-dir",
                                     "services",
                                     "min-free-space",
                                     "default-region",
                                     "default-rules",
                                     "metrics-listen",
                                     "ready-max-lag",
                                     "log-level",
                                     "log-format",
                                     "event-log",
                                     "kafka-brokers",
                                     "kafka-topic-prefix",
                                     "kafka-partitions",
                                     "kafka-replication",
                                     "kafka-verify-topics",
                                     "replica-id",
                                     "peers",
                                     "peer-token"};

std::string EnvName(const std::string& setting) {
  std::string name = "CHRONICLE_" + setting;
  std::replace(name.begin(), name.end(), '-', '_');
  std::transform(name.begin(), name.end(), name.begin(), ::toupper);
  return name;
}

absl::Status Invalid(const std::string& source, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat(source, ": ", what));
}

absl::Status LoadTokens(const YAML::Node& auth, const std::string& file, Layered* layered) {
  for (const auto& entry : auth) {
    std::string key = entry.first.as<std::string>();
    if (key != "tokens") return Invalid(file, "auth: unknown key '" + key + "' (known: tokens)");
  }
  const YAML::Node tokens = auth["tokens"];
  if (!tokens) return absl::OkStatus();
  if (!tokens.IsSequence()) return Invalid(file, "auth.tokens: must be a list");
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string where = absl::StrCat(file, ": auth.tokens[", i, "]");
    const YAML::Node t = tokens[i];
    if (!t.IsMap() || !t["token"] || !t["user"] || !t["role"]) {
      return absl::InvalidArgumentError(where + ": needs token, user and role");
    }
    std::string token = t["token"].as<std::string>();
    if (token.size() < 16) return Invalid(where, "token: shorter than 16 characters");
    Principal principal{t["user"].as<std::string>(), t["role"].as<std::string>()};
    if (principal.user_id.empty() || principal.role.empty()) {
      return Invalid(where, "user and role must not be empty");
    }
    if (!layered->tokens.emplace(token, principal).second) return Invalid(where, "duplicate token");
  }
  return absl::OkStatus();
}

absl::Status LoadYaml(const std::string& file, Layered* layered) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(file, ": ", e.what()));
  }
  if (root.IsNull()) return absl::OkStatus();
  if (!root.IsMap()) return Invalid(file, "must be a mapping of settings");
  try {
    for (const auto& entry : root) {
      std::string key = entry.first.as<std::string>();
      if (key == "auth") {
        RETURN_IF_ERROR(LoadTokens(entry.second, file, layered));
      } else if (std::find(std::begin(kSettings), std::end(kSettings), key) !=
                 std::end(kSettings)) {
        if (!entry.second.IsScalar()) return Invalid(file, key + ": must be a single value");
        layered->settings[key] = {entry.second.as<std::string>(), absl::StrCat(file, ": ", key)};
      } else {
        return Invalid(file, absl::StrCat("unknown setting '", key,
                                          "' (known: ", absl::StrJoin(kSettings, ", "), ", auth)"));
      }
    }
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(file, ": ", e.what()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> ParseServices(const Setting& setting) {
  std::set<std::string> wanted;
  for (absl::string_view part : absl::StrSplit(setting.value, ',', absl::SkipWhitespace())) {
    wanted.insert(std::string(absl::StripAsciiWhitespace(part)));
  }
  if (wanted.empty()) return Invalid(setting.source, "no services named");
  std::vector<std::string> services;
  if (wanted.count("all")) {
    if (wanted.size() > 1) return Invalid(setting.source, "'all' cannot be combined with names");
    return std::vector<std::string>(kServiceNames.begin(), kServiceNames.end());
  }
  for (const char* known : kServiceNames) {
    if (wanted.erase(known)) services.push_back(known);
  }
  if (!wanted.empty()) {
    return Invalid(setting.source,
                   absl::StrCat("unknown service '", *wanted.begin(), "' (known: all, ",
                                absl::StrJoin(kServiceNames, ", "), ")"));
  }
  return services;
}

// "contacts=HOST:PORT,deals=HOST:PORT": where this process calls the services it does not run.
absl::StatusOr<std::map<std::string, std::string>> ParsePeers(const Setting& setting) {
  std::map<std::string, std::string> peers;
  for (absl::string_view part : absl::StrSplit(setting.value, ',', absl::SkipWhitespace())) {
    std::pair<std::string, std::string> entry =
        absl::StrSplit(absl::StripAsciiWhitespace(part), absl::MaxSplits('=', 1));
    if (std::find(kServiceNames.begin(), kServiceNames.end(), entry.first) == kServiceNames.end()) {
      return Invalid(setting.source,
                     absl::StrCat("'", part, "' is not SERVICE=HOST:PORT (services: ",
                                  absl::StrJoin(kServiceNames, ", "), ")"));
    }
    if (auto address = ParseListenAddress(entry.second); !address.ok()) {
      return Invalid(setting.source, absl::StrCat(entry.first, ": ", address.status().message()));
    }
    peers[entry.first] = entry.second;
  }
  return peers;
}

// The distributed mode's settings: the log on Kafka, and the peers and token for calls between
// service processes.
absl::Status ResolveDistributed(Layered& layered, ServerConfig* config) {
  const Setting& event_log = layered.settings["event-log"];
  if (event_log.value != "embedded" && event_log.value != "kafka") {
    return Invalid(event_log.source,
                   absl::StrCat("'", event_log.value, "' is not one of embedded, kafka"));
  }
  config->event_log = event_log.value;
  KafkaConfig& kafka = config->kafka;
  kafka.brokers = layered.settings["kafka-brokers"].value;
  if (config->event_log == "kafka" && kafka.brokers.empty()) {
    return Invalid("kafka-brokers",
                   "required with event-log: kafka (HOST:PORT,HOST:PORT; --kafka-brokers, "
                   "CHRONICLE_KAFKA_BROKERS or the YAML file)");
  }
  kafka.topic_prefix = layered.settings["kafka-topic-prefix"].value;
  if (kafka.topic_prefix.empty()) {
    return Invalid(layered.settings["kafka-topic-prefix"].source, "must not be empty");
  }
  for (auto [name, out] : {std::pair<const char*, int*>{"kafka-partitions", &kafka.partitions},
                           {"kafka-replication", &kafka.replication}}) {
    const Setting& setting = layered.settings[name];
    if (!absl::SimpleAtoi(setting.value, out) || *out < 1) {
      return Invalid(setting.source, absl::StrCat("'", setting.value, "' is not a number from 1"));
    }
  }
  const Setting& verify = layered.settings["kafka-verify-topics"];
  if (!absl::SimpleAtob(verify.value, &kafka.verify_topics)) {
    return Invalid(verify.source, absl::StrCat("'", verify.value, "' is not true or false"));
  }
  config->replica_id = layered.settings["replica-id"].value;
  if (config->replica_id.empty()) {
    char host[256] = {};
    gethostname(host, sizeof(host) - 1);
    config->replica_id = host;
  }
  ASSIGN_OR_RETURN(config->peers, ParsePeers(layered.settings["peers"]));
  const Setting& token = layered.settings["peer-token"];
  if (!token.value.empty() && token.value.size() < 16) {
    return Invalid(token.source, "shorter than 16 characters");
  }
  if (!config->peers.empty() && token.value.empty()) {
    return Invalid("peer-token",
                   "required with peers: the token every service process accepts from the others "
                   "(--peer-token, CHRONICLE_PEER_TOKEN or the YAML file)");
  }
  config->peer_token = token.value;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<uint64_t> ParseByteSize(const std::string& text) {
  static const std::vector<std::pair<std::string, uint64_t>> kUnits = {
      {"KiB", 1ull << 10}, {"MiB", 1ull << 20}, {"GiB", 1ull << 30},     {"TiB", 1ull << 40},
      {"KB", 1000ull},     {"MB", 1000'000ull}, {"GB", 1000'000'000ull}, {"B", 1}};
  absl::string_view number = absl::StripAsciiWhitespace(text);
  uint64_t unit = 1;
  for (const auto& [suffix, multiplier] : kUnits) {
    if (absl::ConsumeSuffix(&number, suffix)) {
      unit = multiplier;
      break;
    }
  }
  uint64_t value;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(number), &value) || value > UINT64_MAX / unit) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not a size such as 512MiB, 2GiB or 0"));
  }
  return value * unit;
}

absl::StatusOr<std::pair<std::string, int>> ParseListenAddress(const std::string& address) {
  std::string host;
  std::string port_text;
  if (!address.empty() && address[0] == '[') {
    size_t close = address.find("]:");
    if (close == std::string::npos) return absl::InvalidArgumentError("not [IPv6]:PORT");
    host = address.substr(1, close - 1);
    port_text = address.substr(close + 2);
  } else {
    size_t colon = address.rfind(':');
    if (colon == std::string::npos || address.find(':') != colon) {
      return absl::InvalidArgumentError(absl::StrCat("'", address, "' is not HOST:PORT"));
    }
    host = address.substr(0, colon);
    port_text = address.substr(colon + 1);
  }
  int port;
  if (host.empty() || !absl::SimpleAtoi(port_text, &port) || port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", address, "' is not HOST:PORT with a port from 0 to 65535"));
  }
  return std::make_pair(host, port);
}

absl::StatusOr<ServerConfig> ResolveConfig(const ConfigSources& sources) {
  ServerConfig defaults;
  Layered layered;
  layered.settings["listen"] = {defaults.listen, "default"};
  layered.settings["data-dir"] = {defaults.data_dir, "default"};
  layered.settings["services"] = {"all", "default"};
  layered.settings["min-free-space"] = {absl::StrCat(defaults.min_free_bytes, "B"), "default"};
  layered.settings["default-region"] = {defaults.default_region, "default"};
  layered.settings["default-rules"] = {defaults.default_rules ? "true" : "false", "default"};
  layered.settings["metrics-listen"] = {defaults.metrics_listen, "default"};
  layered.settings["ready-max-lag"] = {absl::StrCat(defaults.ready_max_lag), "default"};
  layered.settings["log-level"] = {"info", "default"};
  layered.settings["log-format"] = {"json", "default"};
  layered.settings["event-log"] = {defaults.event_log, "default"};
  layered.settings["kafka-brokers"] = {"", "default"};
  layered.settings["kafka-topic-prefix"] = {defaults.kafka.topic_prefix, "default"};
  layered.settings["kafka-partitions"] = {absl::StrCat(defaults.kafka.partitions), "default"};
  layered.settings["kafka-replication"] = {absl::StrCat(defaults.kafka.replication), "default"};
  layered.settings["kafka-verify-topics"] = {"true", "default"};
  layered.settings["replica-id"] = {"", "default (the host name)"};
  layered.settings["peers"] = {"", "default"};
  layered.settings["peer-token"] = {"", "default"};

  std::string config_file;
  if (auto it = sources.env.find("CHRONICLE_CONFIG"); it != sources.env.end())
    config_file = it->second;
  if (auto it = sources.flags.find("config"); it != sources.flags.end()) config_file = it->second;
  if (!config_file.empty()) RETURN_IF_ERROR(LoadYaml(config_file, &layered));

  for (const char* name : kSettings) {
    if (auto it = sources.env.find(EnvName(name)); it != sources.env.end()) {
      layered.settings[name] = {it->second, EnvName(name)};
    }
    if (auto it = sources.flags.find(name); it != sources.flags.end()) {
      layered.settings[name] = {it->second, absl::StrCat("--", name)};
    }
  }

  ServerConfig config;
  config.config_file = config_file;
  config.tokens = std::move(layered.tokens);
  const Setting& listen = layered.settings["listen"];
  if (auto parsed = ParseListenAddress(listen.value); !parsed.ok()) {
    return Invalid(listen.source, std::string(parsed.status().message()));
  }
  config.listen = listen.value;
  const Setting& metrics_listen = layered.settings["metrics-listen"];
  if (!metrics_listen.value.empty()) {
    if (auto parsed = ParseListenAddress(metrics_listen.value); !parsed.ok()) {
      return Invalid(metrics_listen.source, std::string(parsed.status().message()));
    }
  }
  config.metrics_listen = metrics_listen.value;
  const Setting& log_level = layered.settings["log-level"];
  if (!ParseLogLevel(log_level.value, &config.log_level)) {
    return Invalid(log_level.source, absl::StrCat("'", log_level.value,
                                                  "' is not one of debug, info, warning, error"));
  }
  const Setting& log_format = layered.settings["log-format"];
  if (log_format.value != "json" && log_format.value != "text") {
    return Invalid(log_format.source,
                   absl::StrCat("'", log_format.value, "' is not one of json, text"));
  }
  config.log_format = log_format.value == "json" ? LogFormat::kJson : LogFormat::kText;
  const Setting& max_lag = layered.settings["ready-max-lag"];
  if (!absl::SimpleAtoi(max_lag.value, &config.ready_max_lag)) {
    return Invalid(max_lag.source,
                   absl::StrCat("'", max_lag.value, "' is not a number of events (0 or more)"));
  }
  const Setting& data_dir = layered.settings["data-dir"];
  if (data_dir.value.empty()) return Invalid(data_dir.source, "must not be empty");
  config.data_dir = data_dir.value;
  ASSIGN_OR_RETURN(config.services, ParseServices(layered.settings["services"]));
  const Setting& reserve = layered.settings["min-free-space"];
  auto min_free = ParseByteSize(reserve.value);
  if (!min_free.ok()) return Invalid(reserve.source, std::string(min_free.status().message()));
  config.min_free_bytes = *min_free;
  const Setting& region = layered.settings["default-region"];
  if (region.value.size() != 2 || !absl::ascii_isalpha(region.value[0]) ||
      !absl::ascii_isalpha(region.value[1])) {
    return Invalid(
        region.source,
        absl::StrCat("'", region.value, "' is not a two-letter region code (RU, UA, KZ...)"));
  }
  config.default_region = absl::AsciiStrToUpper(region.value);
  const Setting& rules = layered.settings["default-rules"];
  if (!absl::SimpleAtob(rules.value, &config.default_rules)) {
    return Invalid(rules.source, absl::StrCat("'", rules.value, "' is not true or false"));
  }
  RETURN_IF_ERROR(ResolveDistributed(layered, &config));
  return config;
}

}  // namespace chronicle::server
