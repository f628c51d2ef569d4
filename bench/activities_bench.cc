// Activities service benchmark through gRPC on loopback, against an in-process chronicled:
//
//   logging: LogActivity (a call, an email, a message or a note on one of --clients clients) from
//            1, 8 and 32 concurrent callers for S seconds each: activities/s, p50 and p99.
//   timeline: one client with --events activities (logged through gRPC), then ListTimeline first
//            pages (20 entries) unfiltered and filtered by kind, kinds, employee and period: p50,
//            p99 and p99.9 of --queries calls each.
//
// Usage: activities_bench [--events 10000] [--clients 200] [--seconds 5] [--queries 2000]
#include <atomic>
#include <random>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench_util.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/v1/activities.grpc.pb.h"
#include "chronicle/v1/contacts.grpc.pb.h"
#include "grpc_bench.h"
#include "grpcpp/create_channel.h"

namespace chronicle::bench {
namespace {

using Clock = std::chrono::steady_clock;

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

class ActivitiesBench {
 public:
  explicit ActivitiesBench(const std::string& dir)
      : server_(StartBenchServer(dir, {"contacts", "deals", "activities"})) {
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                   grpc::InsecureChannelCredentials());
    activities_ = v1::Activities::NewStub(channel_);
    contacts_ = v1::Contacts::NewStub(channel_);
    for (const char* id : {"bench", "anna", "igor", "olga"}) {
      v1::CreateEmployeeRequest request;
      request.set_employee_id(id);
      request.mutable_employee()->set_display_name(id);
      request.mutable_employee()->set_department("Продажи");
      request.mutable_employee()->set_time_zone("Europe/Moscow");
      v1::Employee out;
      Check(
          activities_->CreateEmployee(BenchContext(std::chrono::seconds(10)).get(), request, &out));
    }
  }

  void Clients(int count) {
    for (int i = 0; i < count; ++i) {
      v1::SubmitInquiryRequest request;
      request.set_request_id(absl::StrCat("bench-", i));
      request.set_contact_name(absl::StrCat("Клиент ", i));
      request.add_phones()->set_number(
          absl::StrFormat("+7 912 %03d-%02d-%02d", i / 10000, i / 100 % 100, i % 100));
      v1::SubmitInquiryResponse response;
      Check(contacts_->SubmitInquiry(BenchContext(std::chrono::seconds(10)).get(), request,
                                     &response));
      clients_.push_back(response.client().name());
    }
  }

  // Logs activities from `callers` threads: for `seconds`, or `total` in all when it is not 0.
  // Returns the latencies in ms.
  std::vector<double> Log(int callers, double seconds, int total, const std::string& only_client) {
    std::vector<std::vector<double>> latencies(callers);
    std::vector<std::thread> threads;
    std::atomic<bool> stop{false};
    std::atomic<int> issued{0};
    const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
    for (int c = 0; c < callers; ++c) {
      threads.emplace_back([&, c] {
        std::mt19937 random(c);
        while (!stop) {
          if (total > 0 && issued.fetch_add(1) >= total) break;
          if (total == 0 && Clock::now() >= deadline) break;
          v1::LogActivityRequest request = Sample(random, only_client);
          v1::Activity out;
          const auto start = Clock::now();
          grpc::Status status =
              activities_->LogActivity(BenchContext(std::chrono::seconds(30)).get(), request, &out);
          if (!status.ok()) {
            std::cerr << "LogActivity: " << status.error_message() << "\n";
            stop = true;
            break;
          }
          latencies[c].push_back(MillisSince(start));
        }
      });
    }
    for (auto& t : threads) t.join();
    std::vector<double> all;
    for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    return all;
  }

  void Timeline(const std::string& client, const char* label, const std::string& filter,
                std::vector<std::string> kinds, int queries) {
    std::vector<double> latencies;
    size_t entries = 0;
    for (int i = 0; i < queries; ++i) {
      v1::ListTimelineRequest request;
      request.set_parent(client);
      request.set_filter(filter);
      for (const std::string& kind : kinds) request.add_kinds(kind);
      v1::ListTimelineResponse response;
      const auto start = Clock::now();
      Check(activities_->ListTimeline(BenchContext(std::chrono::seconds(10)).get(), request,
                                      &response));
      latencies.push_back(MillisSince(start));
      entries = response.entries_size();
    }
    std::cout << absl::StrFormat("| %s | %d | %.2f ms | %.2f ms | %.2f ms |\n", label, entries,
                                 Percentile(latencies, 0.5), Percentile(latencies, 0.99),
                                 Percentile(latencies, 0.999));
  }

  const std::vector<std::string>& clients() const { return clients_; }

 private:
  v1::LogActivityRequest Sample(std::mt19937& random, const std::string& only_client) {
    static const char* const kEmployees[] = {"bench", "anna", "igor", "olga"};
    v1::LogActivityRequest request;
    v1::Activity& a = *request.mutable_activity();
    a.set_client(only_client.empty() ? clients_[random() % clients_.size()] : only_client);
    a.set_employee(kEmployees[random() % 4]);
    a.set_comment("Обсудили условия поставки, клиент просит скидку 5% при оплате до конца месяца");
    // Spread over the last year, logged after the fact as telephony and mail integrations do.
    *a.mutable_occur_time() = aggregate::ToProtoTime(
        absl::Now() - absl::Seconds(static_cast<int64_t>(random() % (365 * 24 * 3600))));
    switch (random() % 4) {
      case 0:
        a.mutable_call()->set_direction(v1::DIRECTION_OUTBOUND);
        a.mutable_call()->set_outcome(random() % 2 ? v1::CALL_OUTCOME_AGREED
                                                   : v1::CALL_OUTCOME_NO_ANSWER);
        a.mutable_call()->mutable_duration()->set_seconds(random() % 900);
        break;
      case 1:
        a.mutable_email()->set_direction(v1::DIRECTION_OUTBOUND);
        a.mutable_email()->set_subject("Коммерческое предложение");
        break;
      case 2:
        a.mutable_message()->set_direction(v1::DIRECTION_INBOUND);
        a.mutable_message()->set_channel("telegram");
        break;
      default:
        a.set_note(true);
        break;
    }
    return request;
  }

  static void Check(const grpc::Status& status) {
    if (!status.ok()) {
      std::cerr << "bench: " << status.error_message() << "\n";
      std::exit(1);
    }
  }

  std::unique_ptr<server::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Activities::Stub> activities_;
  std::unique_ptr<v1::Contacts::Stub> contacts_;
  std::vector<std::string> clients_;
};

}  // namespace
}  // namespace chronicle::bench

int main(int argc, char** argv) {
  CLI::App cli("activities_bench: activity logging rate and timeline latency through gRPC");
  int events = 10000, clients = 200, queries = 2000;
  double seconds = 5;
  std::string dir = "/tmp/chronicle-activities-bench";
  cli.add_option("--events", events, "activities on the timeline client");
  cli.add_option("--clients", clients, "clients the logging load spreads over");
  cli.add_option("--seconds", seconds, "seconds per logging run");
  cli.add_option("--queries", queries, "timeline queries per filter");
  cli.add_option("--dir", dir, "data directory (wiped)");
  CLI11_PARSE(cli, argc, argv);

  using chronicle::bench::Percentile;
  chronicle::bench::ActivitiesBench bench(dir);
  bench.Clients(clients + 1);
  const std::string heavy = bench.clients().back();

  std::cout << "| LogActivity | activities/s | p50 | p99 |\n|---|---:|---:|---:|\n";
  for (int callers : {1, 8, 32}) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<double> latencies = bench.Log(callers, seconds, 0, "");
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << absl::StrFormat("| %d callers | %.0f | %.2f ms | %.2f ms |\n", callers,
                                 latencies.size() / elapsed, Percentile(latencies, 0.5),
                                 Percentile(latencies, 0.99));
  }
  const auto load = std::chrono::steady_clock::now();
  bench.Log(32, 0, events, heavy);
  std::cout << absl::StrFormat(
      "\n%d activities logged on %s in %.1f s\n\n", events, heavy,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - load).count());

  std::cout
      << "| ListTimeline first page | entries | p50 | p99 | p99.9 |\n|---|---:|---:|---:|---:|\n";
  bench.Timeline(heavy, "no filter", "", {}, queries);
  bench.Timeline(heavy, "kind = call", "kind = call", {}, queries);
  bench.Timeline(heavy, "kinds call, email", "", {"call", "email"}, queries);
  bench.Timeline(heavy, "employee = anna", "employee = \"anna\"", {}, queries);
  const std::string month_ago =
      absl::FormatTime(absl::RFC3339_full, absl::Now() - absl::Hours(24 * 30), absl::UTCTimeZone());
  const std::string two_months_ago =
      absl::FormatTime(absl::RFC3339_full, absl::Now() - absl::Hours(24 * 60), absl::UTCTimeZone());
  bench.Timeline(
      heavy, "a month, 30 to 60 days ago",
      absl::StrCat("occur_time >= \"", two_months_ago, "\" AND occur_time < \"", month_ago, "\""),
      {}, queries);
  bench.Timeline(heavy, "kind = note AND employee = olga", "kind = note AND employee = \"olga\"",
                 {}, queries);
  return 0;
}
