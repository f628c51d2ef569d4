// The Helm chart, linted and rendered by Helm 3 itself (tools/fetch-helm.sh) and the rendered
// objects checked: what the StatefulSet runs and probes, that the configuration it hands
// chronicled is one chronicled accepts, and what the optional ServiceMonitor and Ingress route.
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "chronicle/server/config.h"
#include "chronicle/testing/temp_dir.h"
#include "gtest/gtest.h"
#include "run_shell.h"
#include "yaml-cpp/yaml.h"

namespace chronicle {
namespace {

using testing::ShellRun;

// `command` with its stderr in the output too.
ShellRun Shell(const std::string& command) { return testing::RunShell(command + " 2>&1"); }

std::string Helm() {
  if (const char* helm = std::getenv("HELM"); helm != nullptr && *helm != '\0') return helm;
  ShellRun fetched = Shell(FETCH_HELM);
  std::string path = fetched.out.substr(0, fetched.out.find('\n'));
  return fetched.exit_code == 0 ? path : "";
}

// The rendered objects by "Kind/name".
std::map<std::string, YAML::Node> Render(const std::string& helm, const std::string& flags) {
  ShellRun run = Shell(helm + " template demo " CHART_DIR " " + flags);
  EXPECT_EQ(run.exit_code, 0) << run.out;
  std::map<std::string, YAML::Node> objects;
  for (const YAML::Node& doc : YAML::LoadAll(run.out)) {
    if (!doc.IsMap()) continue;
    objects[doc["kind"].as<std::string>() + "/" + doc["metadata"]["name"].as<std::string>()] = doc;
  }
  return objects;
}

// chronicled's configuration in the first pod of StatefulSet `set`, resolved from what the chart
// gives it: the ConfigMap's variables, the container's own, and the Secret's file.
absl::StatusOr<server::ServerConfig> PodConfig(std::map<std::string, YAML::Node>& objects,
                                               const std::string& set,
                                               const testing::TempDir& dir) {
  const std::string file = dir.Sub("chronicle.yaml");
  std::ofstream(file)
      << objects["Secret/demo-chronicle-config"]["stringData"]["chronicle.yaml"].as<std::string>();
  server::ConfigSources sources;
  sources.flags = {{"config", file}};
  for (const auto& entry : objects["ConfigMap/demo-chronicle"]["data"]) {
    sources.env[entry.first.as<std::string>()] = entry.second.as<std::string>();
  }
  const YAML::Node container =
      objects["StatefulSet/" + set]["spec"]["template"]["spec"]["containers"][0];
  for (const YAML::Node& var : container["env"]) {
    const std::string name = var["name"].as<std::string>();
    if (var["value"]) {
      sources.env[name] = var["value"].as<std::string>();
    } else if (var["valueFrom"]["fieldRef"]["fieldPath"].as<std::string>() == "metadata.name") {
      sources.env[name] = set + "-0";
    }
  }
  return server::ResolveConfig(sources);
}

class HelmChartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    helm_ = Helm();
    ASSERT_FALSE(helm_.empty()) << "no helm: tools/fetch-helm.sh failed";
  }
  std::string helm_;
};

TEST_F(HelmChartTest, LintsClean) {
  ShellRun lint = Shell(helm_ + " lint --strict " CHART_DIR);
  EXPECT_EQ(lint.exit_code, 0) << lint.out;
  EXPECT_NE(lint.out.find("0 chart(s) failed"), std::string::npos) << lint.out;
  ShellRun distributed =
      Shell(helm_ + " lint --strict " CHART_DIR
                    " --set mode=distributed --set kafka.bootstrapServers=k:9092");
  EXPECT_EQ(distributed.exit_code, 0) << distributed.out;
}

TEST_F(HelmChartTest, TheStatefulSetRunsChronicledWithAVolumeAndGrpcProbes) {
  auto objects = Render(helm_, "");
  for (const char* expected :
       {"ConfigMap/demo-chronicle", "Secret/demo-chronicle-config", "Service/demo-chronicle",
        "Service/demo-chronicle-headless", "StatefulSet/demo-chronicle",
        "PodDisruptionBudget/demo-chronicle"}) {
    EXPECT_EQ(objects.count(expected), 1u) << expected;
  }
  EXPECT_EQ(objects.count("Ingress/demo-chronicle"), 0u);
  EXPECT_EQ(objects.count("ServiceMonitor/demo-chronicle"), 0u);

  const YAML::Node set = objects["StatefulSet/demo-chronicle"]["spec"];
  EXPECT_EQ(set["replicas"].as<int>(), 1);  // the embedded log has one writer
  EXPECT_EQ(set["serviceName"].as<std::string>(), "demo-chronicle-headless");
  const YAML::Node pod = set["template"]["spec"];
  const YAML::Node container = pod["containers"][0];
  EXPECT_EQ(container["args"][1].as<std::string>(), "/etc/chronicle/chronicle.yaml");
  EXPECT_EQ(container["envFrom"][0]["configMapRef"]["name"].as<std::string>(), "demo-chronicle");
  EXPECT_EQ(container["livenessProbe"]["grpc"]["service"].as<std::string>(), "liveness");
  EXPECT_EQ(container["startupProbe"]["grpc"]["service"].as<std::string>(), "liveness");
  EXPECT_FALSE(container["readinessProbe"]["grpc"]["service"]);  // "": every service caught up
  EXPECT_EQ(container["readinessProbe"]["grpc"]["port"].as<int>(), 50051);
  const YAML::Node claim = set["volumeClaimTemplates"][0];
  EXPECT_EQ(claim["metadata"]["name"].as<std::string>(), "data");
  EXPECT_EQ(claim["spec"]["resources"]["requests"]["storage"].as<std::string>(), "20Gi");
  bool data_mounted = false;
  for (const YAML::Node& mount : container["volumeMounts"]) {
    data_mounted |= mount["name"].as<std::string>() == "data" &&
                    mount["mountPath"].as<std::string>() == "/var/lib/chronicle";
  }
  EXPECT_TRUE(data_mounted);
  // The Service's ports reach the container's by name.
  std::map<std::string, int> container_ports;
  for (const YAML::Node& port : container["ports"]) {
    container_ports[port["name"].as<std::string>()] = port["containerPort"].as<int>();
  }
  EXPECT_EQ(container_ports, (std::map<std::string, int>{{"grpc", 50051}, {"metrics", 9464}}));
  for (const YAML::Node& port : objects["Service/demo-chronicle"]["spec"]["ports"]) {
    EXPECT_EQ(container_ports.count(port["targetPort"].as<std::string>()), 1u);
  }
}

TEST_F(HelmChartTest, ChronicledAcceptsTheConfigurationTheChartGivesIt) {
  auto objects = Render(helm_,
                        "--set auth.tokens[0].token=a-long-random-secret-1 "
                        "--set auth.tokens[0].user=anna.petrova --set auth.tokens[0].role=manager "
                        "--set config.defaultRegion=UA --set config.logFormat=text");
  testing::TempDir dir;
  auto config = PodConfig(objects, "demo-chronicle", dir);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->listen, "0.0.0.0:50051");
  EXPECT_EQ(config->metrics_listen, "0.0.0.0:9464");
  EXPECT_EQ(config->data_dir, "/var/lib/chronicle");
  EXPECT_EQ(config->default_region, "UA");
  EXPECT_EQ(config->log_format, LogFormat::kText);
  EXPECT_EQ(config->services.size(), 5u);
  EXPECT_EQ(config->event_log, "embedded");
  EXPECT_EQ(config->replica_id, "demo-chronicle-0");
  ASSERT_EQ(config->tokens.count("a-long-random-secret-1"), 1u);
  EXPECT_EQ(config->tokens["a-long-random-secret-1"].user_id, "anna.petrova");

  // Without tokens the file is still one chronicled reads (and it generates an admin token).
  auto bare = Render(helm_, "");
  auto bare_config = PodConfig(bare, "demo-chronicle", dir);
  ASSERT_TRUE(bare_config.ok()) << bare_config.status();
  EXPECT_TRUE(bare_config->tokens.empty());
}

TEST_F(HelmChartTest, ServiceMonitorAndIngressRouteToTheService) {
  auto objects = Render(helm_,
                        "--set serviceMonitor.enabled=true --set ingress.enabled=true "
                        "--set ingress.host=crm.example.ru --set ingress.className=nginx");
  // The monitor selects the Service with the metrics port, not the headless one.
  const YAML::Node selector =
      objects["ServiceMonitor/demo-chronicle"]["spec"]["selector"]["matchLabels"];
  auto selects = [&](const std::string& service) {
    const YAML::Node labels = objects[service]["metadata"]["labels"];
    for (const auto& entry : selector) {
      if (!labels[entry.first.as<std::string>()] ||
          labels[entry.first.as<std::string>()].as<std::string>() !=
              entry.second.as<std::string>()) {
        return false;
      }
    }
    return true;
  };
  EXPECT_TRUE(selects("Service/demo-chronicle"));
  EXPECT_FALSE(selects("Service/demo-chronicle-headless"));
  EXPECT_EQ(
      objects["ServiceMonitor/demo-chronicle"]["spec"]["endpoints"][0]["port"].as<std::string>(),
      "metrics");

  const YAML::Node ingress = objects["Ingress/demo-chronicle"]["spec"];
  EXPECT_EQ(ingress["ingressClassName"].as<std::string>(), "nginx");
  EXPECT_EQ(ingress["rules"][0]["host"].as<std::string>(), "crm.example.ru");
  std::map<std::string, std::string> routes;  // path -> service:port
  for (const YAML::Node& path : ingress["rules"][0]["http"]["paths"]) {
    routes[path["path"].as<std::string>()] =
        path["backend"]["service"]["name"].as<std::string>() + ":" +
        path["backend"]["service"]["port"]["name"].as<std::string>();
  }
  for (const char* service :
       {"/chronicle.v1.Contacts/", "/chronicle.v1.Deals/", "/chronicle.v1.Activities/",
        "/chronicle.v1.Notifications/", "/chronicle.v1.Analytics/"}) {
    EXPECT_EQ(routes[service], "demo-chronicle:grpc") << service;
  }
}

TEST_F(HelmChartTest, DistributedModeRunsAStatefulSetPerServiceOnKafka) {
  auto objects = Render(helm_,
                        "--set mode=distributed --set kafka.bootstrapServers=kafka-0:9092 "
                        "--set distributed.deals.replicas=3 --set ingress.enabled=true "
                        "--set auth.tokens[0].token=a-long-random-secret-1 "
                        "--set auth.tokens[0].user=ops --set auth.tokens[0].role=admin");
  EXPECT_EQ(objects.count("StatefulSet/demo-chronicle"), 0u);
  std::string peer_token;
  for (const std::string service :
       {"contacts", "deals", "activities", "notifications", "analytics"}) {
    const std::string name = "demo-chronicle-" + service;
    for (const char* kind : {"StatefulSet/", "Service/", "PodDisruptionBudget/"}) {
      EXPECT_EQ(objects.count(kind + name), 1u) << kind << name;
    }
    EXPECT_EQ(objects.count("Service/" + name + "-headless"), 1u) << name;
    // Each unit's Service and budget select its own pods only.
    const YAML::Node pod_labels =
        objects["StatefulSet/" + name]["spec"]["template"]["metadata"]["labels"];
    EXPECT_EQ(pod_labels["app.kubernetes.io/component"].as<std::string>(), service);
    EXPECT_EQ(objects["Service/" + name]["spec"]["selector"]["app.kubernetes.io/component"]
                  .as<std::string>(),
              service);

    testing::TempDir dir;
    auto config = PodConfig(objects, name, dir);
    ASSERT_TRUE(config.ok()) << name << ": " << config.status();
    EXPECT_EQ(config->services, std::vector<std::string>{service});
    EXPECT_EQ(config->event_log, "kafka");
    EXPECT_EQ(config->kafka.brokers, "kafka-0:9092");
    EXPECT_EQ(config->kafka.partitions, 12);
    EXPECT_EQ(config->replica_id, name + "-0");  // the pod's name
    EXPECT_EQ(config->peers.at("contacts"), "demo-chronicle-contacts:50051");
    EXPECT_EQ(config->peers.at("deals"), "demo-chronicle-deals:50051");
    EXPECT_EQ(config->peers.at("activities"), "demo-chronicle-activities:50051");
    EXPECT_GE(config->peer_token.size(), 16u);
    if (!peer_token.empty()) EXPECT_EQ(config->peer_token, peer_token);  // one for all
    peer_token = config->peer_token;
    EXPECT_EQ(config->tokens.count("a-long-random-secret-1"), 1u);
  }
  EXPECT_EQ(objects["StatefulSet/demo-chronicle-deals"]["spec"]["replicas"].as<int>(), 3);
  EXPECT_EQ(objects["StatefulSet/demo-chronicle-notifications"]["spec"]["replicas"].as<int>(), 1);

  std::map<std::string, std::string> routes;  // path -> service
  for (const YAML::Node& path :
       objects["Ingress/demo-chronicle"]["spec"]["rules"][0]["http"]["paths"]) {
    routes[path["path"].as<std::string>()] = path["backend"]["service"]["name"].as<std::string>();
  }
  EXPECT_EQ(routes["/chronicle.v1.Contacts/"], "demo-chronicle-contacts");
  EXPECT_EQ(routes["/chronicle.v1.Deals/"], "demo-chronicle-deals");
  EXPECT_EQ(routes["/chronicle.v1.Activities/"], "demo-chronicle-activities");
  EXPECT_EQ(routes["/chronicle.v1.Notifications/"], "demo-chronicle-notifications");
  EXPECT_EQ(routes["/chronicle.v1.Analytics/"], "demo-chronicle-analytics");
}

TEST_F(HelmChartTest, RefusesWhatCannotRun) {
  ShellRun no_kafka = Shell(helm_ + " template demo " CHART_DIR " --set mode=distributed");
  EXPECT_NE(no_kafka.exit_code, 0);
  EXPECT_NE(no_kafka.out.find("kafka.bootstrapServers"), std::string::npos) << no_kafka.out;
  ShellRun two_schedulers = Shell(helm_ + " template demo " CHART_DIR +
                                  " --set mode=distributed --set kafka.bootstrapServers=k:9092"
                                  " --set distributed.notifications.replicas=2");
  EXPECT_NE(two_schedulers.exit_code, 0);
  EXPECT_NE(two_schedulers.out.find("distributed.notifications.replicas: at most 1"),
            std::string::npos)
      << two_schedulers.out;
  ShellRun typo = Shell(helm_ + " template demo " CHART_DIR " --set mode=single");
  EXPECT_NE(typo.exit_code, 0);
  EXPECT_NE(typo.out.find("not one of embedded, distributed"), std::string::npos) << typo.out;
}

}  // namespace
}  // namespace chronicle
