// All five services as separate chronicled processes on Kafka (tools/kafka_mock as the cluster),
// against one embedded chronicled running the same scenario: the same reports. Then a service
// killed with kill -9 mid-load and restarted: no acknowledged command lost, none applied twice,
// in its own read models or in the analytics of another process.
//
// Services read each other's events from their own copies of the log, some milliseconds after the
// writer acknowledged them; a service that does not find a fact it is given (a deal for a client
// just created in another process) first waits for its copy to reach Kafka's end. The scenario
// chains commands across processes without retrying: each must succeed the first time.
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "chronicle/testing/scrape.h"
#include "chronicle/testing/temp_dir.h"
#include "chronicle/v1/activities.grpc.pb.h"
#include "chronicle/v1/analytics.grpc.pb.h"
#include "chronicle/v1/contacts.grpc.pb.h"
#include "chronicle/v1/deals.grpc.pb.h"
#include "chronicled_process.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "kafka_mock_process.h"
#include "new_sales_pipeline.h"
#include "run_shell.h"

namespace chronicle {
namespace {

using ::chronicle::testing::ChronicledProcess;
using ::chronicle::testing::KafkaMockProcess;
using ::chronicle::testing::TempDir;

constexpr char kAdminToken[] = "admin-token-0123456789";
constexpr char kPeerToken[] = "peer-token-0123456789abcdef";
constexpr absl::Duration kConverge = absl::Seconds(20);
constexpr const char* kServices[] = {"contacts", "deals", "activities", "notifications",
                                     "analytics"};

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", std::string("Bearer ") + kAdminToken);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return context;
}

// Calls `call` until it succeeds or `kConverge` passes; the last status.
template <typename Call>
grpc::Status Eventually(Call call) {
  const absl::Time deadline = absl::Now() + kConverge;
  grpc::Status status;
  do {
    status = call();
    if (status.ok()) return status;
    absl::SleepFor(absl::Milliseconds(50));
  } while (absl::Now() < deadline);
  return status;
}

// Chronicle somewhere: one embedded process, or a process per service on Kafka.
class Deployment {
 public:
  explicit Deployment(const TempDir& dir) : dir_(dir) {}

  void StartEmbedded() {
    WriteConfig("");
    auto& process = Add("all");
    ASSERT_TRUE(process.Start({"--config=" + config_}).ok()) << process.output();
  }

  void StartDistributed() {
    mock_ = std::make_unique<KafkaMockProcess>(KAFKA_MOCK_PATH, MockArgs());
    ASSERT_FALSE(mock_->bootstrap().empty());
    WriteConfig(absl::StrCat("event-log: kafka\nkafka-brokers: ", mock_->bootstrap(),
                             "\nkafka-partitions: 3\nkafka-verify-topics: false\n"
                             "peer-token: ",
                             kPeerToken, "\n"));
    for (const char* service : kServices) Add(service);
    // The services others call start first; the others are told where they answer.
    for (const char* service : {"contacts", "deals", "activities"}) StartService(service);
    for (const char* service : {"notifications", "analytics"}) StartService(service);
  }

  void StartService(const std::string& service) {
    std::vector<std::string> args = {"--config=" + config_};
    if (mock_) {
      args.push_back("--services=" + service);
      args.push_back("--metrics-listen=127.0.0.1:0");
      args.push_back("--replica-id=" + service + "-0");
      if (service == "notifications" || service == "analytics") {
        args.push_back(absl::StrCat("--peers=contacts=", Address("contacts"), ",deals=",
                                    Address("deals"), ",activities=", Address("activities")));
      }
    }
    auto status = processes_.at(service)->Start(args);
    ASSERT_TRUE(status.ok()) << status << processes_.at(service)->output();
  }

  const std::string& kafka_bootstrap() const { return mock_->bootstrap(); }
  // The Kafka cluster's process goes away (SIGTERM).
  void StopKafka() { mock_->Stop(); }

  ChronicledProcess& Process(const std::string& service) {
    return *processes_.at(processes_.count(service) ? service : "all");
  }
  std::string Address(const std::string& service) { return Process(service).address(); }
  // The end of what the service's process printed, for a failure's message.
  std::string Tail(const std::string& service) {
    const std::string output = Process(service).output();
    return output.substr(output.size() > 4000 ? output.size() - 4000 : 0);
  }
  // Where the service's process serves /metrics (its latest start's).
  int MetricsPort(const std::string& service) {
    static const std::regex kMetrics(R"(metrics on http://[^:]+:(\d+)/metrics)");
    const std::string output = Process(service).output();
    int port = 0;
    for (std::sregex_iterator it(output.begin(), output.end(), kMetrics), end; it != end; ++it) {
      port = std::stoi((*it)[1]);
    }
    return port;
  }
  std::shared_ptr<grpc::Channel> Channel(const std::string& service) {
    return grpc::CreateChannel(Address(service), grpc::InsecureChannelCredentials());
  }

 private:
  std::vector<std::string> MockArgs() {
    std::vector<std::string> args = {"--brokers", "3"};
    for (const char* topic :
         {"contacts", "deals", "activities", "notifications", "analytics", "platform"}) {
      args.push_back("--topic");
      args.push_back(absl::StrCat("chronicle.", topic, ":3"));
    }
    return args;
  }

  void WriteConfig(const std::string& extra) {
    config_ = dir_.Sub("chronicle.yaml");
    std::ofstream(config_) << "log-format: text\n"
                           << extra << "auth:\n  tokens:\n    - {token: " << kAdminToken
                           << ", user: root, role: admin}\n";
  }

  ChronicledProcess& Add(const std::string& name) {
    auto process = std::make_unique<ChronicledProcess>(CHRONICLED_PATH, dir_.Sub(name),
                                                       dir_.Sub(name + ".out"));
    return *(processes_[name] = std::move(process));
  }

  const TempDir& dir_;
  std::string config_;
  std::unique_ptr<KafkaMockProcess> mock_;
  std::map<std::string, std::unique_ptr<ChronicledProcess>> processes_;
};

// What the scenario leaves for a sales head to read.
struct Outcome {
  std::string funnel;     // per step: reached, lost there, open there; per group: won, lost, open
  std::string lifecycle;  // clients per lifecycle status
  int64_t deals = 0, won = 0, lost = 0, open = 0;
  std::string timeline;  // the first client's card history, as the activities service tells it
};

// The timeline's entries as sorted lines (positions differ between deployments; facts do not).
std::string TimelineOf(v1::Activities::Stub& activities, const std::string& client) {
  v1::ListTimelineRequest request;
  request.set_parent(client);
  request.set_page_size(500);
  v1::ListTimelineResponse response;
  grpc::Status status = activities.ListTimeline(Context().get(), request, &response);
  if (!status.ok()) return "error: " + status.error_message();
  std::vector<std::string> lines;
  for (const v1::TimelineEntry& entry : response.entries()) {
    // Resource ids minted by the run (the rule's task) and times (its due time, 15 minutes from
    // the run's now) differ between the runs; the facts do not.
    std::string summary =
        std::regex_replace(entry.summary(), std::regex("tasks/[0-9a-f-]+"), "tasks/{id}");
    summary = std::regex_replace(summary, std::regex(R"(\d\d\.\d\d\.\d{4} \d\d:\d\d)"), "{time}");
    lines.push_back(absl::StrCat(entry.kind(), " ", entry.event_type(), " ", summary));
  }
  std::sort(lines.begin(), lines.end());
  return absl::StrJoin(lines, "\n");
}

void CreatePipelineAndReason(Deployment& deployment) {
  auto deals = v1::Deals::NewStub(deployment.Channel("deals"));
  v1::CreatePipelineRequest request = testing::NewSalesPipeline();
  v1::Pipeline created;
  grpc::Status status = deals->CreatePipeline(Context().get(), request, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::CreateRefusalReasonRequest reason;
  reason.set_refusal_reason_id("expensive");
  reason.mutable_refusal_reason()->set_display_name("Дорого");
  v1::RefusalReason added;
  status = deals->CreateRefusalReason(Context().get(), reason, &added);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // The leads' owner, whom the default new-lead rule gives a task: through the activities
  // service, from the notifications process.
  auto activities = v1::Activities::NewStub(deployment.Channel("activities"));
  v1::CreateEmployeeRequest employee;
  employee.set_employee_id("root");
  employee.mutable_employee()->set_display_name("Анна Руденко");
  employee.mutable_employee()->set_time_zone("Europe/Moscow");
  v1::Employee created_employee;
  status = activities->CreateEmployee(Context().get(), employee, &created_employee);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

std::string Lead(v1::Contacts::Stub& contacts, int i) {
  v1::SubmitInquiryRequest request;
  request.set_request_id(absl::StrCat("form-", i));
  request.set_contact_name(absl::StrCat("Коваленко Олена ", i));
  request.add_phones()->set_number(absl::StrCat("+7 916 555-00-", 10 + i));
  request.mutable_attribution()->set_utm_source(i % 2 ? "yandex" : "vk");
  request.set_owner("root");
  v1::SubmitInquiryResponse response;
  grpc::Status status = contacts.SubmitInquiry(Context().get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.client().name();
}

grpc::Status CreateDeal(v1::Deals::Stub& deals, const std::string& client,
                        const std::string& request_id, v1::Deal* deal) {
  v1::CreateDealRequest request;
  request.set_request_id(request_id);
  request.set_override_duplicate_guard(true);
  request.set_override_reason("load test");
  request.mutable_deal()->set_pipeline("pipelines/new-sales");
  request.mutable_deal()->set_client(client);
  request.mutable_deal()->set_title("Внедрение под ключ");
  request.mutable_deal()->mutable_amount()->set_currency_code("RUB");
  request.mutable_deal()->mutable_amount()->set_units(250'000);
  return deals.CreateDeal(Context().get(), request, deal);
}

// Ten leads become deals: four won, three lost, three open (five of them moved to the proposal
// first); five get a call. With `expected`, waits until the timeline matches it.
Outcome RunScenario(Deployment& deployment, const Outcome* expected = nullptr) {
  CreatePipelineAndReason(deployment);
  auto contacts = v1::Contacts::NewStub(deployment.Channel("contacts"));
  auto deals = v1::Deals::NewStub(deployment.Channel("deals"));
  auto activities = v1::Activities::NewStub(deployment.Channel("activities"));
  auto analytics = v1::Analytics::NewStub(deployment.Channel("analytics"));
  std::vector<std::string> clients;
  for (int i = 0; i < 10; ++i) {
    // The deal at once, in another process than the lead's card, as a frontend would.
    clients.push_back(Lead(*contacts, i));
    v1::Deal deal;
    grpc::Status status = CreateDeal(*deals, clients[i], absl::StrCat("deal-", i), &deal);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (i >= 5) {
      v1::MoveDealRequest move;
      move.set_name(deal.name());
      move.set_stage("proposal");
      v1::Deal moved;
      status = deals->MoveDeal(Context().get(), move, &moved);
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    v1::Deal closed;
    if (i < 4) {
      v1::WinDealRequest win;
      win.set_name(deal.name());
      status = deals->WinDeal(Context().get(), win, &closed);
      EXPECT_TRUE(status.ok()) << status.error_message();
    } else if (i < 7) {
      v1::LoseDealRequest lose;
      lose.set_name(deal.name());
      lose.set_reason("refusalReasons/expensive");
      status = deals->LoseDeal(Context().get(), lose, &closed);
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
  }
  for (int i = 0; i < 5; ++i) {
    v1::LogActivityRequest request;
    request.set_request_id(absl::StrCat("call-", i));
    v1::Activity& activity = *request.mutable_activity();
    activity.set_client(clients[i]);
    activity.set_comment("Обсудили тариф");
    activity.mutable_call()->set_direction(v1::DIRECTION_OUTBOUND);
    activity.mutable_call()->set_outcome(v1::CALL_OUTCOME_AGREED);
    v1::Activity logged;
    grpc::Status status = activities->LogActivity(Context().get(), request, &logged);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  // Analytics, in its own process, once it has every deal and call.
  Outcome outcome;
  const absl::Time deadline = absl::Now() + kConverge;
  do {
    v1::FunnelReportRequest request;
    request.mutable_scope()->set_pipeline("pipelines/new-sales");
    v1::FunnelReport report;
    if (!analytics->GetFunnelReport(Context().get(), request, &report).ok() ||
        report.groups_size() != 1) {
      continue;
    }
    const v1::FunnelGroup& group = report.groups(0);
    outcome.deals = group.deals();
    outcome.won = group.won();
    outcome.lost = group.lost();
    outcome.open = group.open();
    outcome.funnel.clear();
    for (const v1::FunnelStep& step : group.steps()) {
      absl::StrAppend(&outcome.funnel, step.step(), ": reached ", step.reached(), ", lost here ",
                      step.lost_here(), ", open here ", step.open_here(), "\n");
    }
    if (outcome.won + outcome.lost == 7) break;
    absl::SleepFor(absl::Milliseconds(50));
  } while (absl::Now() < deadline);
  // Analytics writes the statuses its rules give back to the cards (through the contacts
  // service, from its own process) on its own schedule: wait until none is pending.
  v1::LifecycleReportRequest lifecycle_request;
  v1::LifecycleReport lifecycle;
  grpc::Status written_back = Eventually([&] {
    grpc::Status status =
        analytics->GetLifecycleReport(Context().get(), lifecycle_request, &lifecycle);
    if (status.ok() && lifecycle.pending_changes() > 0) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "status changes pending");
    }
    return status;
  });
  EXPECT_TRUE(written_back.ok()) << written_back.error_message();
  for (const v1::LifecycleCount& count : lifecycle.counts()) {
    absl::StrAppend(&outcome.lifecycle, v1::LifecycleStatus_Name(count.status()), " ",
                    count.clients(), "\n");
  }
  const absl::Time timeline_deadline = absl::Now() + kConverge;
  do {
    outcome.timeline = TimelineOf(*activities, clients[0]);
    // The first client won its deal: its card must show the status analytics wrote back.
    if (expected == nullptr
            ? outcome.timeline.find("contacts.LifecycleStatusChanged") != std::string::npos
            : outcome.timeline == expected->timeline) {
      break;
    }
    absl::SleepFor(absl::Milliseconds(50));
  } while (absl::Now() < timeline_deadline);
  return outcome;
}

TEST(DistributedTest, FiveProcessesOnKafkaGiveTheSameReportsAsOneEmbeddedProcess) {
  TempDir embedded_dir, distributed_dir;
  Deployment embedded(embedded_dir);
  embedded.StartEmbedded();
  Deployment distributed(distributed_dir);
  distributed.StartDistributed();
  if (HasFatalFailure()) return;

  const Outcome expected = RunScenario(embedded);
  const Outcome actual = RunScenario(distributed, &expected);
  // Computed by hand from the scenario, then the embedded process agrees, then the processes.
  EXPECT_EQ(expected.deals, 10);
  EXPECT_EQ(expected.won, 4);
  EXPECT_EQ(expected.lost, 3);
  EXPECT_EQ(expected.open, 3);
  EXPECT_NE(expected.timeline.find("call activities.ActivityLogged"), std::string::npos)
      << expected.timeline;
  EXPECT_NE(expected.timeline.find("deal "), std::string::npos) << expected.timeline;
  EXPECT_NE(expected.timeline.find("contacts.LifecycleStatusChanged"), std::string::npos)
      << expected.timeline;
  // The new-lead rule's task: notifications called activities (another process, over gRPC).
  EXPECT_NE(expected.timeline.find("task activities.TaskCreated"), std::string::npos)
      << expected.timeline;
  EXPECT_EQ(actual.deals, expected.deals);
  EXPECT_EQ(actual.won, expected.won);
  EXPECT_EQ(actual.lost, expected.lost);
  EXPECT_EQ(actual.open, expected.open);
  EXPECT_EQ(actual.funnel, expected.funnel);
  EXPECT_EQ(actual.lifecycle, expected.lifecycle);
  EXPECT_EQ(actual.timeline, expected.timeline) << distributed.Tail("notifications");

  // An analyst's view of the same history with kcat (Debian's Kafka client): the envelope in the
  // headers of every message, no Chronicle protos needed.
  const testing::ShellRun kcat =
      testing::RunShell(absl::StrCat("kcat -b ", distributed.kafka_bootstrap(),
                                     " -X fetch.wait.max.ms=10 -C -t chronicle.contacts -o "
                                     "beginning -e -q -f '%h\\n' 2>/dev/null"));
  EXPECT_EQ(kcat.exit_code, 0);
  EXPECT_NE(kcat.out.find("event_type=contacts.ClientCreated"), std::string::npos) << kcat.out;
  EXPECT_NE(kcat.out.find("stream=client/"), std::string::npos) << kcat.out;
  EXPECT_NE(kcat.out.find("actor=root/admin"), std::string::npos) << kcat.out;

  // The deals process's Kafka metrics: what it wrote and copied, and a lag per partition.
  const std::string metrics = testing::HttpGet(distributed.MetricsPort("deals"), "/metrics");
  const double produced =
      testing::SeriesValue(metrics, R"(chronicle_kafka_appends_total{outcome="produced"})")
          .value_or(-1);
  EXPECT_GE(produced, 1 + 10 + 5 + 7) << metrics;  // reason, deals, moves, closes
  EXPECT_GE(testing::SeriesValue(metrics, R"(chronicle_kafka_appends_total{outcome="copied"})")
                .value_or(-1),
            produced);
  for (const char* topic : {"contacts", "deals", "activities", "notifications", "analytics"}) {
    EXPECT_TRUE(testing::SeriesValue(
                    metrics, absl::StrCat(R"(chronicle_kafka_consumer_lag{partition="chronicle.)",
                                          topic, R"(/0"})"))
                    .has_value())
        << topic;
  }
}

TEST(DistributedTest, ServicesKilledMidLoadLoseNothingAndApplyNothingTwice) {
  TempDir dir;
  Deployment deployment(dir);
  deployment.StartDistributed();
  if (HasFatalFailure()) return;
  CreatePipelineAndReason(deployment);
  auto contacts = v1::Contacts::NewStub(deployment.Channel("contacts"));
  const std::string client = Lead(*contacts, 0);

  // One writer creates deals through the deals process, each retried with its request id until
  // acknowledged; meanwhile deals and then analytics are killed with SIGKILL and restarted.
  constexpr int kDeals = 60;
  std::atomic<int> acknowledged{0};
  std::thread writer([&] {
    for (int i = 0; i < kDeals; ++i) {
      const absl::Time deadline = absl::Now() + absl::Seconds(60);
      while (absl::Now() < deadline) {
        // A new channel each try: the process may have restarted on another port.
        auto deals = v1::Deals::NewStub(deployment.Channel("deals"));
        v1::CreateDealRequest request;
        request.set_request_id(absl::StrCat("load-", i));
        request.set_override_duplicate_guard(true);
        request.set_override_reason("load test");
        request.mutable_deal()->set_pipeline("pipelines/new-sales");
        request.mutable_deal()->set_client(client);
        request.mutable_deal()->set_title(absl::StrCat("Сделка ", i));
        v1::Deal deal;
        if (deals->CreateDeal(Context().get(), request, &deal).ok()) {
          ++acknowledged;
          break;
        }
        absl::SleepFor(absl::Milliseconds(100));
      }
    }
  });
  auto wait_for = [&](int count) {
    while (acknowledged < count) absl::SleepFor(absl::Milliseconds(5));
  };
  wait_for(15);
  deployment.Process("deals").Kill9();
  absl::SleepFor(absl::Milliseconds(300));
  deployment.StartService("deals");
  wait_for(35);
  deployment.Process("analytics").Kill9();
  absl::SleepFor(absl::Milliseconds(300));
  deployment.StartService("analytics");
  writer.join();
  ASSERT_EQ(acknowledged.load(), kDeals);

  // The deals process's own read model: every deal once.
  auto deals = v1::Deals::NewStub(deployment.Channel("deals"));
  std::set<std::string> titles;
  grpc::Status listed = Eventually([&] {
    v1::ListDealsRequest request;
    request.set_page_size(1000);
    v1::ListDealsResponse response;
    grpc::Status status = deals->ListDeals(Context().get(), request, &response);
    if (!status.ok()) return status;
    titles.clear();
    for (const v1::Deal& deal : response.deals()) titles.insert(deal.title());
    return response.deals_size() == kDeals && titles.size() == static_cast<size_t>(kDeals)
               ? grpc::Status::OK
               : grpc::Status(
                     grpc::StatusCode::UNAVAILABLE,
                     absl::StrCat(response.deals_size(), " deals, ", titles.size(), " distinct"));
  });
  EXPECT_TRUE(listed.ok()) << listed.error_message();
  // Analytics, killed and restarted too, counts each once.
  auto analytics = v1::Analytics::NewStub(deployment.Channel("analytics"));
  grpc::Status counted = Eventually([&] {
    v1::FunnelReportRequest request;
    request.mutable_scope()->set_pipeline("pipelines/new-sales");
    v1::FunnelReport report;
    grpc::Status status = analytics->GetFunnelReport(Context().get(), request, &report);
    if (!status.ok()) return status;
    const int64_t seen = report.groups_size() == 1 ? report.groups(0).deals() : -1;
    return seen == kDeals ? grpc::Status::OK
                          : grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                         absl::StrCat("analytics counts ", seen, " deals"));
  });
  EXPECT_TRUE(counted.ok()) << counted.error_message();
}

TEST(DistributedTest, AServiceStopsWithinItsGraceWhenKafkaIsGone) {
  TempDir dir;
  Deployment deployment(dir);
  deployment.StartDistributed();
  if (HasFatalFailure()) return;
  auto contacts = v1::Contacts::NewStub(deployment.Channel("contacts"));
  Lead(*contacts, 0);
  absl::SleepFor(absl::Milliseconds(1500));  // its copy has reported progress to its group
  deployment.StopKafka();
  absl::SleepFor(absl::Seconds(2));
  // Closing the Kafka consumer used to wait for the group coordinator, forever once it was gone.
  const int status = deployment.Process("contacts").Terminate(absl::Seconds(30));
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status << "\n"
                                                             << deployment.Tail("contacts");
}

}  // namespace
}  // namespace chronicle
