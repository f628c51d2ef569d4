#include "chronicle/server/server.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "activities/api/activities_module.h"
#include "analytics/api/analytics_module.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/eventlog/rocksdb_event_log.h"
#include "chronicle/metrics/metered_event_log.h"
#include "chronicle/metrics/metrics_server.h"
#include "chronicle/metrics/rpc_metrics.h"
#include "chronicle/projection/projection_engine.h"
#include "chronicle/server/auth.h"
#include "contacts/api/contacts_module.h"
#include "deals/api/deals_module.h"
#include "distributed_log.h"
#include "event_log_service.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "log_stats_projection.h"
#include "notifications/api/notifications_module.h"
#include "peer_channel.h"
#include "process_watch.h"
#include "projections_service.h"
#include "readiness.h"

namespace chronicle::server {
namespace {

// Large enough for a full append (1000 events) of typical size; a bigger message is refused by
// gRPC with RESOURCE_EXHAUSTED before it reaches a handler.
constexpr int kMaxMessageBytes = 16 << 20;

bool Runs(const ServerConfig& config, absl::string_view service) {
  return std::find(config.services.begin(), config.services.end(), service) !=
         config.services.end();
}

class ServerImpl : public Server {
 public:
  ~ServerImpl() override { Shutdown(absl::Seconds(5)); }

  int port() const override { return port_; }
  int metrics_port() const override { return metrics_ ? metrics_->port() : 0; }
  eventlog::EventLog& log() override { return *log_; }

  void Shutdown(absl::Duration grace) override {
    if (!grpc_server_) return;
    readiness_.reset();
    grpc_server_->GetHealthCheckService()->Shutdown();  // probes see NOT_SERVING at once
    event_log_service_->StopStreams();                  // live tails never end by themselves
    if (notifications_) {
      notifications_->service()->StopStreams();
      // Rule actions wait for the next start rather than call a server going away.
      notifications_->app()->SetPeers(nullptr);
    }
    if (analytics_) analytics_->app()->SetLifecycleSink(nullptr);
    grpc_server_->Shutdown(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(grace));
    grpc_server_->Wait();
    grpc_server_.reset();
    if (metrics_) metrics_->StopServing();  // no scrape reads a module that is going away
    if (analytics_) analytics_->Stop();
    analytics_.reset();
    if (notifications_) notifications_->Stop();
    notifications_.reset();
    if (activities_) activities_->Stop();
    activities_.reset();
    if (deals_) deals_->Stop();
    deals_.reset();
    if (contacts_) contacts_->Stop();
    contacts_.reset();
    platform_engine_->Stop();
    platform_engine_.reset();
    log_ = nullptr;
    kafka_log_ = nullptr;
    base_log_.reset();  // drains queued appends (their metered callbacks too), syncs, closes
    metered_log_.reset();
    rpc_metrics_.reset();
    metrics_.reset();
  }

  absl::Status Init(const ServerConfig& config, std::ostream& out) {
    RETURN_IF_ERROR(PrepareAuth(config, out));
    const std::filesystem::path data(config.data_dir);
    if (config.event_log == "kafka") {
      ASSIGN_OR_RETURN(std::unique_ptr<kafka::KafkaEventLog> kafka_log,
                       OpenDistributedLog(config, (data / "replica").string()));
      kafka_log_ = kafka_log.get();
      base_log_ = std::move(kafka_log);
    } else {
      eventlog::RocksDbEventLogOptions log_options;
      log_options.path = (data / "log").string();
      log_options.min_free_bytes = config.min_free_bytes;
      ASSIGN_OR_RETURN(base_log_, eventlog::OpenRocksDbEventLog(log_options));
    }
    log_ = base_log_.get();
    if (!config.metrics_listen.empty()) {
      ASSIGN_OR_RETURN(metrics_, metrics::MetricsServer::Start(config.metrics_listen));
      if (kafka_log_ != nullptr) AddKafkaMetrics(metrics_->callbacks(), kafka_log_);
      rpc_metrics_ = std::make_unique<metrics::RpcMetrics>(metrics_->registry());
      // Every append of every service goes through the metered log.
      metered_log_ = std::make_unique<metrics::MeteredEventLog>(log_, metrics_->registry());
      log_ = metered_log_.get();
    }
    projection::ProjectionEngine::Options engine_options;
    engine_options.path = (data / "projections" / "platform").string();
    engine_options.log = log_;
    engine_options.min_free_bytes = config.min_free_bytes / 2;
    ASSIGN_OR_RETURN(platform_engine_, projection::ProjectionEngine::Open(engine_options));
    RETURN_IF_ERROR(platform_engine_->Register(std::make_unique<LogStatsProjection>()));
    RETURN_IF_ERROR(platform_engine_->Start());

    event_log_service_ =
        std::make_unique<EventLogService>(log_, platform_engine_.get(), auth_.get());
    std::vector<projection::ProjectionEngine*> engines = {platform_engine_.get()};
    // Domain services register here, one block each, as they land.
    if (Runs(config, "contacts")) {
      server::ModuleOptions contacts_options;
      contacts_options.projections_path = (data / "projections" / "contacts").string();
      contacts_options.log = log_;
      contacts_options.auth = auth_.get();
      contacts_options.min_free_bytes = config.min_free_bytes / 2;
      ASSIGN_OR_RETURN(contacts_,
                       contacts::StartContactsModule(contacts_options, config.default_region));
      engines.push_back(contacts_->engine());
    }
    if (Runs(config, "deals")) {
      server::ModuleOptions deals_options;
      deals_options.projections_path = (data / "projections" / "deals").string();
      deals_options.log = log_;
      deals_options.auth = auth_.get();
      deals_options.min_free_bytes = config.min_free_bytes / 2;
      ASSIGN_OR_RETURN(deals_, deals::StartDealsModule(deals_options));
      engines.push_back(deals_->engine());
    }
    if (Runs(config, "activities")) {
      server::ModuleOptions activities_options;
      activities_options.projections_path = (data / "projections" / "activities").string();
      activities_options.log = log_;
      activities_options.auth = auth_.get();
      activities_options.min_free_bytes = config.min_free_bytes / 2;
      ASSIGN_OR_RETURN(activities_, activities::StartActivitiesModule(activities_options));
      engines.push_back(activities_->engine());
    }
    if (Runs(config, "notifications")) {
      server::ModuleOptions notifications_options;
      notifications_options.projections_path = (data / "projections" / "notifications").string();
      notifications_options.log = log_;
      notifications_options.auth = auth_.get();
      notifications_options.min_free_bytes = config.min_free_bytes / 2;
      ASSIGN_OR_RETURN(notifications_, notifications::StartNotificationsModule(
                                           notifications_options, config.default_rules));
      engines.push_back(notifications_->engine());
    }
    if (Runs(config, "analytics")) {
      server::ModuleOptions analytics_options;
      analytics_options.log = log_;
      analytics_options.auth = auth_.get();
      analytics_ = analytics::AnalyticsModule::Start(analytics_options);
    }
    projections_service_ = std::make_unique<ProjectionsService>(engines, auth_.get());
    if (metrics_) {
      AddScrapedMetrics(metrics_->callbacks(), log_, engines, Modules());
    }
    return StartGrpc(config, out);
  }

 private:
  absl::Status PrepareAuth(const ServerConfig& config, std::ostream& out) {
    std::error_code ec;
    std::filesystem::create_directories(config.data_dir, ec);
    if (ec) {
      return absl::UnavailableError(
          absl::StrCat("--data-dir: cannot create ", config.data_dir, ": ", ec.message()));
    }
    std::map<std::string, Principal> tokens = config.tokens;
    // The automation's own identity, for the commands rules give the other services: the peer
    // token every service process shares, or, in one process, a fresh random token each start,
    // never written anywhere.
    if (!config.peer_token.empty()) {
      automation_token_ = config.peer_token;
    } else {
      ASSIGN_OR_RETURN(automation_token_, NewRandomToken());
    }
    tokens[automation_token_] = Principal{"automation", kAdminRole};
    if (config.tokens.empty()) {
      ASSIGN_OR_RETURN(BootstrapToken admin, EnsureAdminToken(config.data_dir));
      tokens[admin.token] = Principal{"admin", kAdminRole};
      if (admin.created) {
        out << "No API tokens configured: generated an admin token (shown once, kept in "
            << admin.path << "):\n  " << admin.token << "\n";
      } else {
        out << "No API tokens configured: using the admin token in " << admin.path << "\n";
      }
    }
    auth_ = std::make_unique<Authenticator>(tokens);
    return absl::OkStatus();
  }

  absl::Status StartGrpc(const ServerConfig& config, std::ostream& out) {
    grpc::EnableDefaultHealthCheckService(true);
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    grpc::ServerBuilder builder;
    builder.AddListeningPort(config.listen, grpc::InsecureServerCredentials(), &port_);
    builder.SetMaxReceiveMessageSize(kMaxMessageBytes);
    // gRPC sets SO_REUSEPORT by default: a second chronicled on the same port would then start
    // "successfully" and the kernel would split clients between two different data dirs.
    builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    if (rpc_metrics_) {
      std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> creators;
      creators.push_back(rpc_metrics_->InterceptorFactory());
      builder.experimental().SetInterceptorCreators(std::move(creators));
    }
    builder.RegisterService(event_log_service_.get());
    builder.RegisterService(projections_service_.get());
    if (contacts_) builder.RegisterService(contacts_->service());
    if (deals_) builder.RegisterService(deals_->service());
    if (activities_) builder.RegisterService(activities_->service());
    if (notifications_) builder.RegisterService(notifications_->service());
    if (analytics_) builder.RegisterService(analytics_->service());
    grpc_server_ = builder.BuildAndStart();
    if (!grpc_server_ || port_ == 0) {
      return absl::UnavailableError(absl::StrCat("--listen: cannot listen on ", config.listen,
                                                 " (address in use or not local?)"));
    }
    if (notifications_) {
      notifications::PeerChannels channels;
      channels.activities = ChannelTo(config, "activities", "notifications");
      channels.contacts = ChannelTo(config, "contacts", "notifications");
      channels.deals = ChannelTo(config, "deals", "notifications");
      notifications_->app()->SetPeers(notifications::NewGrpcPeers(channels, automation_token_));
    }
    if (analytics_) {
      analytics_->app()->SetLifecycleSink(analytics::NewGrpcLifecycleSink(
          ChannelTo(config, "contacts", "analytics"), automation_token_));
    }
    std::function<uint64_t()> log_lag;
    if (kafka::KafkaEventLog* kafka_log = kafka_log_) {
      log_lag = [kafka_log] {
        uint64_t unread = 0;
        for (const auto& [partition, lag] : kafka_log->GetStats().consumer_lag) unread += lag;
        return unread;
      };
    }
    readiness_ = StartReadiness(grpc_server_->GetHealthCheckService(), Modules(),
                                config.ready_max_lag, std::move(log_lag));
    out << "chronicled listening on " << config.listen.substr(0, config.listen.rfind(':')) << ":"
        << port_ << " (data: " << config.data_dir << ")" << std::endl;
    if (metrics_) {
      out << "metrics on http://"
          << config.metrics_listen.substr(0, config.metrics_listen.rfind(':')) << ":"
          << metrics_->port() << "/metrics" << std::endl;
    }
    return absl::OkStatus();
  }

  // Where `service` answers `caller`'s calls: this process, a configured peer, or (neither) this
  // process anyway, whose UNIMPLEMENTED then names what is missing in each failed call.
  std::shared_ptr<grpc::Channel> ChannelTo(const ServerConfig& config, const std::string& service,
                                           const std::string& caller) {
    if (Runs(config, service)) return grpc_server_->InProcessChannel(grpc::ChannelArguments());
    if (auto peer = config.peers.find(service); peer != config.peers.end()) {
      return NewPeerChannel(peer->second);
    }
    Log(LogLevel::kWarning, "server",
        "a service this process calls is neither here nor among the peers: its calls will fail",
        {{"caller", caller}, {"service", service}, {"fix", "--peers " + service + "=HOST:PORT"}});
    return grpc_server_->InProcessChannel(grpc::ChannelArguments());
  }

  // The running domain services, for the metrics and readiness that watch them.
  RunningModules Modules() {
    return {contacts_ ? contacts_->engine() : nullptr,
            deals_ ? deals_->engine() : nullptr,
            activities_ ? activities_->engine() : nullptr,
            notifications_ ? notifications_->engine() : nullptr,
            notifications_ ? notifications_->app() : nullptr,
            analytics_ ? analytics_->app() : nullptr};
  }

  std::unique_ptr<Authenticator> auth_;
  // Declared before the log they measure, so that they are destroyed after it: the log's last
  // callbacks still count into them.
  std::unique_ptr<metrics::MetricsServer> metrics_;
  std::unique_ptr<metrics::RpcMetrics> rpc_metrics_;
  std::unique_ptr<metrics::MeteredEventLog> metered_log_;
  std::unique_ptr<eventlog::EventLog> base_log_;  // embedded (RocksDB) or on Kafka
  kafka::KafkaEventLog* kafka_log_ = nullptr;     // base_log_, when on Kafka
  eventlog::EventLog* log_ = nullptr;  // the metered log when metrics are on, else base_log_
  std::unique_ptr<projection::ProjectionEngine> platform_engine_;
  std::unique_ptr<EventLogService> event_log_service_;
  std::unique_ptr<ProjectionsService> projections_service_;
  std::unique_ptr<contacts::ContactsModule> contacts_;
  std::unique_ptr<deals::DealsModule> deals_;
  std::unique_ptr<activities::ActivitiesModule> activities_;
  std::unique_ptr<notifications::NotificationsModule> notifications_;
  std::unique_ptr<analytics::AnalyticsModule> analytics_;
  std::string automation_token_;
  std::unique_ptr<grpc::Server> grpc_server_;
  std::unique_ptr<Readiness> readiness_;
  int port_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerConfig& config,
                                                      std::ostream& out) {
  auto server = std::make_unique<ServerImpl>();
  RETURN_IF_ERROR(server->Init(config, out));
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace chronicle::server
