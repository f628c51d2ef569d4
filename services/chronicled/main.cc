// chronicled: runs the Chronicle services, all in one process on the embedded event log by
// default, or some of them (--services) on Apache Kafka (--event-log=kafka).
//
//   chronicled [--listen=HOST:PORT] [--data-dir=DIR] [--services=all|a,b] [--config=FILE.yaml]
//              [--min-free-space=SIZE] [--default-region=RU] [--default-rules=true|false]
//              [--event-log=embedded|kafka --kafka-brokers=HOST:PORT,... --peers=...]
//              [--demo]
//
// Each flag can also come from the environment (CHRONICLE_LISTEN, ...) or the YAML file; flags
// win. SIGTERM or SIGINT shut down gracefully: stop accepting, drain, flush, close.
#include <signal.h>

#include <iostream>

#include "CLI/CLI.hpp"
#include "chronicle/demo/demo_history.h"
#include "chronicle/server/config.h"
#include "chronicle/server/server.h"

extern char** environ;

namespace {

constexpr absl::Duration kShutdownGrace = absl::Seconds(10);

std::map<std::string, std::string> Environment() {
  std::map<std::string, std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string text(*entry);
    size_t eq = text.find('=');
    if (eq != std::string::npos) env[text.substr(0, eq)] = text.substr(eq + 1);
  }
  return env;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"chronicled: the Chronicle event-sourced CRM backend"};
  std::map<std::string, std::string> values;
  const std::vector<std::pair<std::string, std::string>> options = {
      {"listen", "HOST:PORT to serve gRPC on (default 127.0.0.1:50051; env CHRONICLE_LISTEN)"},
      {"data-dir",
       "directory for the event log and projections (default ./data; env "
       "CHRONICLE_DATA_DIR)"},
      {"services",
       "'all' or a comma-separated subset of contacts, deals, activities, "
       "notifications, analytics (default all; env CHRONICLE_SERVICES)"},
      {"min-free-space",
       "refuse appends when less disk than this would stay free, e.g. 512MiB "
       "(default 256MiB; env CHRONICLE_MIN_FREE_SPACE)"},
      {"default-region",
       "region for phone numbers written without a country code, e.g. RU or UA "
       "(default RU; env CHRONICLE_DEFAULT_REGION)"},
      {"default-rules",
       "define the default notification templates and automation rules on first start "
       "(default true; env CHRONICLE_DEFAULT_RULES)"},
      {"metrics-listen",
       "HOST:PORT to serve Prometheus metrics on (GET /metrics), e.g. 127.0.0.1:9464 "
       "(default: none; env CHRONICLE_METRICS_LISTEN)"},
      {"ready-max-lag",
       "gRPC health reports a service NOT_SERVING while its projections are more events behind "
       "the log than this (default 1000; env CHRONICLE_READY_MAX_LAG)"},
      {"log-level",
       "debug (every call), info, warning or error (default info; env CHRONICLE_LOG_LEVEL)"},
      {"log-format",
       "json (one object per line, for collectors) or text (default json; env "
       "CHRONICLE_LOG_FORMAT)"},
      {"event-log",
       "embedded (DATA_DIR/log, one process) or kafka (the history on Apache Kafka, a copy in "
       "DATA_DIR/replica; default embedded; env CHRONICLE_EVENT_LOG)"},
      {"kafka-brokers",
       "Kafka bootstrap servers, HOST:PORT,HOST:PORT (env CHRONICLE_KAFKA_BROKERS)"},
      {"kafka-topic-prefix",
       "topics are PREFIX.contacts, PREFIX.deals, ..., PREFIX.platform (default chronicle)"},
      {"kafka-partitions",
       "partitions of each topic created; existing ones must match (default 12)"},
      {"kafka-replication", "replication factor of each topic created (default 3)"},
      {"kafka-verify-topics",
       "refuse topics that are compacted or expire data (default true; false only for clusters "
       "that cannot describe configurations, such as tools/kafka_mock)"},
      {"replica-id",
       "this replica's name, its Kafka client.id chronicle-NAME (default: the host name, the pod "
       "name "
       "in Kubernetes)"},
      {"peers",
       "where the services this process calls but does not run answer: "
       "contacts=HOST:PORT,deals=HOST:PORT,activities=HOST:PORT (env CHRONICLE_PEERS)"},
      {"peer-token",
       "the token service processes call each other with; required with --peers (env "
       "CHRONICLE_PEER_TOKEN)"},
      {"config", "YAML configuration file (env CHRONICLE_CONFIG)"},
  };
  for (const auto& [name, help] : options) app.add_option("--" + name, values[name], help);
  bool demo = false;
  app.add_flag("--demo", demo,
               "load the demo data set (a synthetic year of clients, deals and activities) if it "
               "is not there yet");
  CLI11_PARSE(app, argc, argv);

  chronicle::server::ConfigSources sources;
  sources.env = Environment();
  for (const auto& [name, help] : options) {
    if (app.count("--" + name) > 0) sources.flags[name] = values[name];
  }
  auto config = chronicle::server::ResolveConfig(sources);
  if (!config.ok()) {
    std::cerr << "chronicled: bad configuration: " << config.status().message() << std::endl;
    return 2;
  }
  chronicle::SetLogOptions(config->log_level, config->log_format);

  // Block the shutdown signals before any thread starts, so that only sigwait below sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto server = chronicle::server::Server::Start(*config, std::cout);
  if (!server.ok()) {
    std::cerr << "chronicled: cannot start: " << server.status() << std::endl;
    return 1;
  }
  if (demo) {
    chronicle::demo::DemoOptions demo_options;
    auto added = chronicle::demo::LoadDemoHistory((*server)->log(), demo_options);
    if (!added.ok()) {
      std::cerr << "chronicled: demo data: " << added.status() << std::endl;
    } else {
      std::cout << "chronicled: demo data: " << *added << " events added (" << demo_options.clients
                << " clients with deals and activities" << (*added == 0 ? ", already loaded" : "")
                << ")" << std::endl;
    }
  }
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  std::cout << "chronicled: " << strsignal(signal_number) << ", shutting down" << std::endl;
  (*server)->Shutdown(kShutdownGrace);
  std::cout << "chronicled: stopped" << std::endl;
  return 0;
}
