// contacts_bench: the contacts service through gRPC on loopback, in-process chronicled, fresh data
// directory. Prints Markdown rows for docs/benchmarks.md.
//
//   contacts_bench [--dir DIR] [--clients N] [--seconds S] [--queries Q] [--search-only]
//
//   create: CreateClient from 1, 8 and 32 concurrent callers for S seconds each.
//   load:   N synthetic clients through BatchWriteClients (500 per call, 4 calls in flight).
//   search: Q queries of six kinds against the N clients, one caller, latency percentiles.
#include <atomic>
#include <filesystem>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench_util.h"
#include "chronicle/server/server.h"
#include "chronicle/v1/contacts.grpc.pb.h"
#include "grpc_bench.h"
#include "grpcpp/create_channel.h"

namespace chronicle::bench {
namespace {

const char* const kSurnames[] = {"Иванов",   "Петров",  "Смирнов",   "Кузнецов", "Соколов",
                                 "Морозов",  "Волков",  "Лебедев",   "Козлов",   "Новиков",
                                 "Федоров",  "Орлов",   "Коваленко", "Шевченко", "Бондаренко",
                                 "Ткаченко", "Мельник", "Кравченко", "Олейник",  "Поляков"};
const char* const kGiven[] = {"Александр", "Дмитрий", "Сергей", "Андрей", "Олег",  "Тарас",
                              "Игорь",     "Максим",  "Анна",   "Елена",  "Ольга", "Наталья",
                              "Марина",    "Оксана",  "Ирина",  "Юлия"};

struct Person {
  std::string surname, given, phone_digits;
};

Person MakePerson(uint64_t i) {
  std::mt19937_64 random(i * 7919 + 17);
  Person p{kSurnames[random() % 20], kGiven[random() % 16], absl::StrFormat("79%09d", i)};
  return p;
}

v1::Client ToClient(uint64_t i) {
  const Person p = MakePerson(i);
  v1::Client client;
  client.set_surname(p.surname);
  client.set_given_name(p.given);
  client.add_phones()->set_number("+" + p.phone_digits);
  client.add_emails()->set_address(absl::StrCat("client", i, "@example.ru"));
  client.set_owner(absl::StrCat("manager", i % 40));
  return client;
}

class Bench {
 public:
  Bench(const std::string& dir, bool reuse) {
    server_ = StartBenchServer(dir, {"contacts"}, reuse);
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                   grpc::InsecureChannelCredentials());
  }

  std::unique_ptr<grpc::ClientContext> Context() const {
    return BenchContext(std::chrono::seconds(120));
  }

  void Create(int callers, double seconds) {
    std::atomic<uint64_t> next{500'000'000};
    CallerRun run = RunCallers(
        callers, seconds, [&](int, const std::atomic<bool>& stop, std::vector<double>& latencies) {
          auto contacts = v1::Contacts::NewStub(channel_);
          while (!stop) {
            v1::CreateClientRequest request;
            *request.mutable_client() = ToClient(next++);
            v1::Client created;
            const absl::Time t = absl::Now();
            grpc::Status status = contacts->CreateClient(Context().get(), request, &created);
            if (!status.ok()) {
              std::cerr << "create: " << status.error_message() << "\n";
              std::exit(2);
            }
            latencies.push_back(absl::ToDoubleMilliseconds(absl::Now() - t));
          }
        });
    std::cout << absl::StrFormat(
        "| CreateClient, %d callers | %.0f cards/s | %.2f ms | %.2f ms |\n", callers,
        run.per_second(), Percentile(run.latencies_ms, 0.5), Percentile(run.latencies_ms, 0.99));
  }

  void Load(uint64_t clients) {
    std::atomic<uint64_t> next_batch{0};
    const uint64_t batches = (clients + 499) / 500;
    const absl::Time start = absl::Now();
    std::vector<std::thread> threads;
    for (int w = 0; w < 4; ++w) {
      threads.emplace_back([&] {
        auto contacts = v1::Contacts::NewStub(channel_);
        for (uint64_t b; (b = next_batch++) < batches;) {
          v1::BatchWriteClientsRequest request;
          for (uint64_t i = b * 500; i < std::min(clients, b * 500 + 500); ++i) {
            auto* write = request.add_writes();
            write->set_mode(v1::ClientWrite::CREATE);
            *write->mutable_client() = ToClient(i);
          }
          v1::BatchWriteClientsResponse response;
          grpc::Status status = contacts->BatchWriteClients(Context().get(), request, &response);
          if (!status.ok()) {
            std::cerr << "load: " << status.error_message() << "\n";
            std::exit(2);
          }
          if (b % 200 == 0)
            std::cerr << "loaded " << b * 500 << "/" << clients << "\r" << std::flush;
        }
      });
    }
    for (auto& t : threads) t.join();
    const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);
    std::cout << absl::StrFormat(
        "| BatchWriteClients (500 per call, 4 in flight), %d clients | %.0f cards/s | %.0f s total "
        "|\n",
        clients, clients / elapsed, elapsed);
  }

  void Search(uint64_t clients, int queries) {
    auto contacts = v1::Contacts::NewStub(channel_);
    std::mt19937_64 random(42);
    struct Kind {
      const char* name;
      std::function<std::string(const Person&, uint64_t)> query;
      std::vector<double> latencies;
      size_t results = 0;
    };
    std::vector<Kind> kinds = {
        {"surname, Cyrillic (\"Ковален\")",
         [](const Person& p, uint64_t) { return p.surname.substr(0, 14); }},
        {"surname and name (\"Шевченко Анна\")",
         [](const Person& p, uint64_t) { return p.surname + " " + p.given; }},
        {"Latin spelling (\"Shevchenko Anna\")",
         [](const Person& p, uint64_t) {
           static const std::map<std::string, std::string> latin = {{"Шевченко", "Shevchenko"},
                                                                    {"Иванов", "Ivanov"},
                                                                    {"Петров", "Petrov"},
                                                                    {"Орлов", "Orlov"}};
           auto it = latin.find(p.surname);
           return it == latin.end() ? std::string("Ivanov Oleg") : it->second + " Olga";
         }},
        {"last 4 phone digits", [](const Person& p, uint64_t) { return p.phone_digits.substr(7); }},
        {"whole phone, Russian style",
         [](const Person& p, uint64_t) {
           return absl::StrCat("8 (", p.phone_digits.substr(1, 3), ") ",
                               p.phone_digits.substr(4, 3), "-", p.phone_digits.substr(7, 2), "-",
                               p.phone_digits.substr(9));
         }},
        {"email",
         [](const Person&, uint64_t i) { return absl::StrCat("client", i, "@example.ru"); }},
    };
    for (int q = 0; q < queries; ++q) {
      Kind& kind = kinds[q % kinds.size()];
      const uint64_t i = random() % clients;
      v1::SearchClientsRequest request;
      request.set_query(kind.query(MakePerson(i), i));
      v1::SearchClientsResponse response;
      const absl::Time t = absl::Now();
      grpc::Status status = contacts->SearchClients(Context().get(), request, &response);
      kind.latencies.push_back(absl::ToDoubleMilliseconds(absl::Now() - t));
      if (!status.ok()) {
        std::cerr << "search: " << status.error_message() << "\n";
        std::exit(2);
      }
      kind.results += response.results_size();
    }
    std::vector<double> all;
    for (Kind& kind : kinds) {
      all.insert(all.end(), kind.latencies.begin(), kind.latencies.end());
      const size_t n = kind.latencies.size();
      std::cout << absl::StrFormat(
          "| %s | %.2f ms | %.2f ms | %.2f ms | %.1f |\n", kind.name,
          Percentile(kind.latencies, 0.5), Percentile(kind.latencies, 0.95),
          Percentile(kind.latencies, 0.99), static_cast<double>(kind.results) / n);
    }
    std::cout << absl::StrFormat("| all %d queries | %.2f ms | %.2f ms | %.2f ms | |\n", queries,
                                 Percentile(all, 0.5), Percentile(all, 0.95),
                                 Percentile(all, 0.99));
  }

 private:
  std::unique_ptr<server::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace
}  // namespace chronicle::bench

int main(int argc, char** argv) {
  std::string dir = "/tmp/chronicle-contacts-bench";
  uint64_t clients = 1'000'000;
  double seconds = 5;
  int queries = 6000;
  bool search_only = false;
  CLI::App app{"contacts_bench: card creation rate and search latency through gRPC"};
  app.add_option("--dir", dir, "scratch data directory (wiped)");
  app.add_option("--clients", clients, "clients to load before searching (default 1,000,000)");
  app.add_option("--seconds", seconds, "duration of each CreateClient scenario");
  app.add_option("--queries", queries, "search queries to time");
  app.add_flag("--search-only", search_only,
               "reuse the data directory of an earlier run (same --clients) and only search");
  CLI11_PARSE(app, argc, argv);
  chronicle::bench::Bench bench(dir, search_only);
  if (!search_only) {
    std::cout << "| scenario | rate | p50 | p99 |\n|---|---:|---:|---:|\n";
    for (int callers : {1, 8, 32}) bench.Create(callers, seconds);
    bench.Load(clients);
  }
  std::cout
      << "\n| query kind | p50 | p95 | p99 | results per query |\n|---|---:|---:|---:|---:|\n";
  bench.Search(clients, queries);
  return 0;
}
