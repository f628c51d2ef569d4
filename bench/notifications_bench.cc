// Notifications service benchmark against an in-process chronicled (its scheduler thread, the
// real log with fsync), through gRPC on loopback:
//
//   reminders: --reminders tasks whose reminders all come due at the same moment (their events
//              appended straight to the log, as the activities service writes them). From that
//              moment until the schedule is empty: reminders fired per second.
//   latency:   a rule "client created -> notify the owner" and a WatchNotifications stream. From
//              the ClientCreated event's recording (and from the CreateClient call) to the
//              notification arriving on the stream, --events times one after another, then from 8
//              concurrent callers: p50, p99, p99.9.
//
// Usage: notifications_bench [--reminders 20000] [--events 2000]
#include <atomic>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench_util.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/aggregate/typed_events.h"
#include "chronicle/v1/activities.grpc.pb.h"
#include "chronicle/v1/activities_events.pb.h"
#include "chronicle/v1/contacts.grpc.pb.h"
#include "chronicle/v1/notifications.grpc.pb.h"
#include "chronicle/v1/projections.grpc.pb.h"
#include "grpc_bench.h"
#include "grpcpp/create_channel.h"

namespace chronicle::bench {
namespace {

void Check(const grpc::Status& status, const char* what) {
  if (status.ok()) return;
  std::cerr << what << ": " << status.error_message() << "\n";
  std::exit(1);
}

class NotificationsBench {
 public:
  explicit NotificationsBench(const std::string& dir)
      : server_(StartBenchServer(dir, {"contacts", "activities", "notifications"})) {
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                   grpc::InsecureChannelCredentials());
    notifications_ = v1::Notifications::NewStub(channel_);
    contacts_ = v1::Contacts::NewStub(channel_);
    auto activities = v1::Activities::NewStub(channel_);
    v1::CreateEmployeeRequest employee;
    employee.set_employee_id("bench");
    employee.mutable_employee()->set_display_name("Бенчмарк");
    employee.mutable_employee()->set_time_zone("Europe/Moscow");
    v1::Employee out;
    Check(activities->CreateEmployee(BenchContext(std::chrono::seconds(10)).get(), employee, &out),
          "CreateEmployee");
  }

  void Reminders(int count) {
    // Due a little after the appends are done; deadlines far away, so only reminders fire.
    const absl::Time due = absl::Now() + absl::Seconds(5) + absl::Milliseconds(count / 2);
    absl::Mutex mu;
    int pending = count;
    for (int i = 0; i < count; ++i) {
      v1::TaskCreated created;
      v1::Task* task = created.mutable_task();
      task->set_title(absl::StrCat("Перезвонить клиенту ", i));
      task->set_assignee("bench");
      *task->mutable_due_time() = aggregate::ToProtoTime(due + absl::Hours(1));
      task->add_reminder_offsets()->set_seconds(3600);
      eventlog::AppendRequest request;
      request.stream = aggregate::MakeStream("task", absl::StrCat("bench-", i));
      request.command_id = absl::StrCat("bench-task-", i);
      request.actor.set_user_id("bench");
      request.events.push_back(aggregate::NewEvent(created));
      server_->log().AppendAsync(std::move(request), [&](absl::StatusOr<eventlog::AppendResult> r) {
        if (!r.ok()) std::cerr << "append: " << r.status() << "\n";
        absl::MutexLock lock(&mu);
        --pending;
      });
    }
    {
      absl::MutexLock lock(&mu);
      mu.Await(absl::Condition(
          +[](int* p) { return *p == 0; }, &pending));
    }
    if (absl::Now() >= due) {
      std::cerr << "reminders: appending took too long; use fewer --reminders\n";
      std::exit(1);
    }
    absl::SleepFor(due - absl::Now());
    int64_t left = count;
    while (left > 0) {
      v1::ListScheduledJobsRequest request;
      request.set_page_size(1);
      v1::ListScheduledJobsResponse response;
      Check(notifications_->ListScheduledJobs(BenchContext(std::chrono::seconds(30)).get(), request,
                                              &response),
            "ListScheduledJobs");
      left = std::max<int64_t>(0, response.total() - count);  // the deadlines stay scheduled
      if (left > 0) absl::SleepFor(absl::Milliseconds(5));
    }
    const double seconds = absl::ToDoubleSeconds(absl::Now() - due);
    std::cout << absl::StrFormat("| %d reminders due at once | %.2f s | %.0f reminders/s |\n",
                                 count, seconds, count / seconds);
    // The other read models (timelines, log stats) still fold the burst; let them, so the next
    // measurement sees a quiet server.
    auto projections = v1::Projections::NewStub(channel_);
    for (bool caught_up = false; !caught_up;) {
      v1::ListProjectionsResponse list;
      Check(projections->ListProjections(BenchContext(std::chrono::seconds(30)).get(), {}, &list),
            "ListProjections");
      caught_up = true;
      for (const v1::Projection& p : list.projections()) caught_up = caught_up && p.lag() == 0;
      if (!caught_up) absl::SleepFor(absl::Milliseconds(100));
    }
  }

  // Two measures per event: from the CreateClient call, and from the moment the log recorded the
  // ClientCreated event (its recorded_at), to the notification arriving on the stream.
  void Latency(int events, int callers) {
    static bool rule_defined = false;
    if (!rule_defined) DefineRule();
    rule_defined = true;
    grpc::ClientContext watch;
    watch.AddMetadata("authorization", absl::StrCat("Bearer ", kBenchToken));
    v1::WatchNotificationsRequest request;
    request.set_live_only(true);
    auto stream = notifications_->WatchNotifications(&watch, request);
    absl::Mutex mu;
    std::map<std::string, absl::Time> called, recorded, received;  // by client name
    std::thread reader([&] {
      v1::Notification n;
      while (stream->Read(&n)) {
        const absl::Time now = absl::Now();
        absl::MutexLock lock(&mu);
        received[n.client()] = now;
        if (static_cast<int>(received.size()) == events) break;
      }
    });
    ++run_;
    std::atomic<int> next{0};
    std::vector<std::thread> threads;
    for (int c = 0; c < callers; ++c) {
      threads.emplace_back([&] {
        for (int i = next++; i < events; i = next++) {
          const std::string id = absl::StrCat("lat-", run_, "-", i);
          v1::CreateClientRequest create;
          create.set_client_id(id);
          create.mutable_client()->set_given_name(absl::StrCat("Клиент ", i));
          create.mutable_client()->set_owner("bench");
          v1::Client client;
          const absl::Time start = absl::Now();
          Check(contacts_->CreateClient(BenchContext(std::chrono::seconds(30)).get(), create,
                                        &client),
                "CreateClient");
          absl::MutexLock lock(&mu);
          called[client.name()] = start;
          recorded[client.name()] = aggregate::FromProtoTime(client.create_time());
        }
      });
    }
    for (auto& t : threads) t.join();
    reader.join();
    watch.TryCancel();
    std::vector<double> from_call, from_event;
    for (const auto& [client, at] : received) {
      from_call.push_back(absl::ToDoubleMilliseconds(at - called[client]));
      from_event.push_back(absl::ToDoubleMilliseconds(at - recorded[client]));
    }
    std::cout << absl::StrFormat("| %d | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms |\n",
                                 callers, events, Percentile(from_event, 0.5),
                                 Percentile(from_event, 0.99), Percentile(from_event, 0.999),
                                 Percentile(from_call, 0.5), Percentile(from_call, 0.99));
  }

 private:
  void DefineRule() {
    v1::CreateTemplateRequest tmpl;
    tmpl.set_template_id("bench-alert");
    tmpl.mutable_template_()->set_display_name("Новый клиент");
    tmpl.mutable_template_()->set_category(v1::MESSAGE_CATEGORY_INTERNAL);
    tmpl.mutable_template_()->mutable_in_app()->set_title("Новый клиент: {{client.name}}");
    v1::Template t;
    Check(notifications_->CreateTemplate(BenchContext(std::chrono::seconds(10)).get(), tmpl, &t),
          "CreateTemplate");
    v1::CreateRuleRequest rule;
    rule.set_rule_id("bench-alert");
    rule.mutable_rule()->set_display_name("Новый клиент: сообщить ответственному");
    rule.mutable_rule()->set_enabled(true);
    rule.mutable_rule()->mutable_trigger()->set_kind(v1::TRIGGER_CLIENT_CREATED);
    auto* notify = rule.mutable_rule()->add_actions()->mutable_notify_employee();
    notify->set_employee("owner");
    notify->set_template_("templates/bench-alert");
    v1::Rule r;
    Check(notifications_->CreateRule(BenchContext(std::chrono::seconds(10)).get(), rule, &r),
          "CreateRule");
  }

  std::unique_ptr<server::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Notifications::Stub> notifications_;
  std::unique_ptr<v1::Contacts::Stub> contacts_;
  int run_ = 0;  // latency runs so far: each creates clients of its own
};

}  // namespace
}  // namespace chronicle::bench

int main(int argc, char** argv) {
  CLI::App cli("Notifications service benchmark");
  int reminders = 20000;
  int events = 2000;
  std::string dir = "/tmp/chronicle-notifications-bench";
  cli.add_option("--reminders", reminders, "tasks whose reminders come due at once");
  cli.add_option("--events", events, "events per latency run");
  cli.add_option("--dir", dir, "data directory (wiped)");
  CLI11_PARSE(cli, argc, argv);
  chronicle::bench::NotificationsBench bench(dir);
  auto latency_header = [] {
    std::cout << "\n| callers | events | event recorded -> stream: p50 | p99 | p99.9 "
                 "| CreateClient called -> stream: p50 | p99 |\n"
                 "|---:|---:|---:|---:|---:|---:|---:|\n";
  };
  std::cout << "\nevent -> in-app notification, fresh server:\n";
  latency_header();
  bench.Latency(events, 1);
  bench.Latency(events, 8);
  std::cout << "\n| scenario | until the schedule was empty | rate |\n|---|---:|---:|\n";
  bench.Reminders(reminders);
  std::cout << "\nevent -> in-app notification, after the burst (its 2x" << reminders
            << " events in the projections' memtables):\n";
  latency_header();
  bench.Latency(events, 1);
  bench.Latency(events, 8);
  return 0;
}
