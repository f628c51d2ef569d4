// chronicled's configuration, resolved from four layers, later ones winning: built-in defaults,
// a YAML file (--config / CHRONICLE_CONFIG), environment variables (CHRONICLE_*), and flags.
// Every setting has the same name everywhere: --data-dir, CHRONICLE_DATA_DIR, `data-dir:`.
#ifndef CHRONICLE_SERVER_CONFIG_H_
#define CHRONICLE_SERVER_CONFIG_H_

#include <array>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "chronicle/base/log.h"

namespace chronicle::server {

// The five domain services; `--services=all` means every one of them.
inline constexpr std::array<const char*, 5> kServiceNames = {"contacts", "deals", "activities",
                                                             "notifications", "analytics"};

// Who is calling: the principal an API token maps to. It becomes the actor of recorded events.
struct Principal {
  std::string user_id;
  std::string role;
};

// The event log on Apache Kafka (event-log: kafka); see docs/distributed.md.
struct KafkaConfig {
  std::string brokers;                     // bootstrap servers, HOST:PORT,HOST:PORT
  std::string topic_prefix = "chronicle";  // topics <prefix>.contacts, <prefix>.deals, ...
  int partitions = 12;                     // of each topic created; an existing one must match
  int replication = 3;
  // Check existing topics' retention and cleanup policy at start (off only for clusters that
  // cannot describe configurations, such as librdkafka's mock).
  bool verify_topics = true;
};

struct ServerConfig {
  std::string listen = "127.0.0.1:50051";
  // HOST:PORT of the Prometheus endpoint (GET /metrics); empty serves none.
  std::string metrics_listen;
  // A service reports NOT_SERVING through gRPC health while any of its projections is more than
  // this many events behind the log (see readiness.h).
  uint64_t ready_max_lag = 1000;
  // Log lines below this level are dropped; JSON lines for collectors, or text for a terminal.
  LogLevel log_level = LogLevel::kInfo;
  LogFormat log_format = LogFormat::kJson;
  std::string data_dir = "./data";
  std::vector<std::string> services;  // resolved names, in kServiceNames order
  // Appends are refused (RESOURCE_EXHAUSTED) rather than letting the data dir's filesystem fill
  // up completely; see storage::DiskSpaceGuard. "min-free-space: 256MiB"; 0 turns it off.
  uint64_t min_free_bytes = 256ull << 20;
  // Region phone numbers without a country code are read in (ISO 3166: "RU", "UA").
  std::string default_region = "RU";
  // The notifications service defines its default templates and automation rules on first start
  // ("default-rules: false" leaves a new workspace without them).
  bool default_rules = true;
  // "embedded" (DATA_DIR/log) or "kafka" (the history on Kafka, a copy in DATA_DIR/replica).
  std::string event_log = "embedded";
  KafkaConfig kafka;
  // This process among the replicas of its services: its Kafka client.id is chronicle-<replica-id>.
  std::string replica_id;
  // service -> HOST:PORT, for the services this process calls but does not run (automation's
  // commands, lifecycle statuses); "peers: contacts=contacts:50051,deals=deals:50051".
  std::map<std::string, std::string> peers;
  // The token service processes call each other with; every process accepts it as the
  // "automation" principal. Required with peers.
  std::string peer_token;
  std::map<std::string, Principal> tokens;  // bearer token -> principal (YAML auth.tokens)
  std::string config_file;                  // the YAML file read, if any
};

struct ConfigSources {
  std::map<std::string, std::string> flags;  // flag name without dashes -> value, as given
  std::map<std::string, std::string> env;    // the process environment
};

// Resolves and validates. INVALID_ARGUMENT naming the setting and where its bad value came from,
// for example "--listen: 'localhost' is not HOST:PORT".
absl::StatusOr<ServerConfig> ResolveConfig(const ConfigSources& sources);

// Parses "512MiB", "2GiB", "100MB", "1048576" (bytes). INVALID_ARGUMENT otherwise.
absl::StatusOr<uint64_t> ParseByteSize(const std::string& text);

// Splits "host:port" or "[v6]:port". INVALID_ARGUMENT when malformed or the port is out of range.
absl::StatusOr<std::pair<std::string, int>> ParseListenAddress(const std::string& address);

}  // namespace chronicle::server

#endif  // CHRONICLE_SERVER_CONFIG_H_
