// deals_bench: the deals service through gRPC on loopback, in-process chronicled, fresh data
// directory. Prints Markdown rows for docs/benchmarks.md.
//
//   deals_bench [--dir DIR] [--deals N] [--seconds S] [--queries Q]
//
//   load:  N deals over three years (40 owners, 8 sources, 7 stages), each decided by the deals
//          domain and appended to the log in bulk; the time until the projection has them all.
//   moves: MoveDeal from 1, 8 and 32 concurrent callers for S seconds each, every caller on its
//          own deals (with the etag it read, as a frontend would).
//   board: Q GetBoard calls of five kinds (first page of 20 deals per column, counts and sums),
//          one caller, latency percentiles.
#include <atomic>
#include <filesystem>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/time/clock.h"
#include "bench_util.h"
#include "chronicle/server/server.h"
#include "chronicle/v1/deals.grpc.pb.h"
#include "chronicle/v1/projections.grpc.pb.h"
#include "deals/domain/deal.h"
#include "deals/domain/events.h"
#include "deals/domain/pipeline.h"
#include "google/protobuf/util/time_util.h"
#include "grpc_bench.h"
#include "grpcpp/create_channel.h"

namespace chronicle::bench {
namespace {

using google::protobuf::util::TimeUtil;

const char* const kOpenStages[] = {"new-lead", "qualification", "proposal", "negotiation",
                                   "payment"};
const char* const kSources[] = {"Сайт: форма заявки", "Входящий звонок", "Instagram",
                                "Рекомендация",       "Вебинар",         "Яндекс.Директ",
                                "Лид-магнит",         "Выставка"};
const absl::Time kEpoch = absl::FromUnixSeconds(1'700'000'000);  // 2023-11-14
constexpr absl::Duration kSpan = absl::Hours(24 * 365 * 3);

v1::Pipeline Funnel() {
  v1::Pipeline pipeline;
  pipeline.set_display_name("Новые продажи");
  for (int i = 0; i < 5; ++i) {
    v1::Stage* stage = pipeline.add_stages();
    stage->set_id(kOpenStages[i]);
    stage->set_display_name(kOpenStages[i]);
    stage->set_kind(v1::STAGE_KIND_OPEN);
    stage->set_probability(10 + 20 * i);
    stage->set_max_days(14);
  }
  for (auto [id, kind] : {std::pair{"won", v1::STAGE_KIND_WON}, {"lost", v1::STAGE_KIND_LOST}}) {
    v1::Stage* stage = pipeline.add_stages();
    stage->set_id(id);
    stage->set_display_name(id);
    stage->set_kind(kind);
  }
  return pipeline;
}

class Bench {
 public:
  explicit Bench(const std::string& dir) {
    server_ = StartBenchServer(dir, {"deals"});
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                   grpc::InsecureChannelCredentials());
    stub_ = v1::Deals::NewStub(channel_);
    v1::CreatePipelineRequest request;
    request.set_pipeline_id("new-sales");
    *request.mutable_pipeline() = Funnel();
    Check(stub_->CreatePipeline(Context().get(), request, &pipeline_), "pipeline");
  }

  std::unique_ptr<grpc::ClientContext> Context() const {
    return BenchContext(std::chrono::seconds(600));
  }

  static void Check(const grpc::Status& status, const char* what) {
    if (status.ok()) return;
    std::cerr << what << ": " << status.error_message() << "\n";
    std::exit(2);
  }

  static void Fold(std::vector<v1::EventEnvelope>& events, absl::Time at, deals::DealState* deal) {
    for (v1::EventEnvelope& event : events) {
      *event.mutable_occurred_at() = TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(at));
      event.set_stream_version(deal->version + 1);
      (void)deals::Evolve(event, deal);
    }
  }

  void Load(uint64_t count) {
    deals_ = count;
    const absl::Time start = absl::Now();
    constexpr int kInFlight = 2'000;
    for (uint64_t from = 0; from < count; from += kInFlight) {
      const uint64_t to = std::min(count, from + kInFlight);
      absl::BlockingCounter done(static_cast<int>(to - from));
      for (uint64_t i = from; i < to; ++i) {
        server_->log().AppendAsync(Request(i), [&done](auto result) {
          if (!result.ok()) {
            std::cerr << "load: " << result.status() << "\n";
            std::exit(2);
          }
          done.DecrementCount();
        });
      }
      done.Wait();
    }
    const double appended = absl::ToDoubleSeconds(absl::Now() - start);
    WaitForProjection();
    const double projected = absl::ToDoubleSeconds(absl::Now() - start);
    std::cout << absl::StrFormat(
        "| load %d deals (2 events each) | appended in %.1f s | projected in %.1f s (%.0f "
        "deals/s) |\n",
        count, appended, projected, count / projected);
  }

  eventlog::AppendRequest Request(uint64_t i) {
    std::mt19937_64 random(i * 7919 + 3);
    deals::DealState deal;
    deals::CreateDealCommand create;
    create.name = absl::StrCat("deals/b", i);
    create.input.set_pipeline("pipelines/new-sales");
    create.input.set_client(absl::StrCat("clients/c", i));
    create.input.set_title("Годовая подписка");
    create.input.mutable_amount()->set_currency_code("RUB");
    create.input.mutable_amount()->set_units(10'000 + 1'000 * (random() % 500));
    create.input.set_owner(absl::StrCat("manager", random() % 40));
    create.input.set_expected_close_date(
        absl::StrFormat("2026-%02d-15", static_cast<int>(1 + random() % 12)));
    create.pipeline = &pipeline_;
    create.attribution.set_source(kSources[random() % 8]);
    const absl::Time created = kEpoch + kSpan * (static_cast<double>(i) / deals_);
    std::vector<v1::EventEnvelope> events = *deals::DecideCreateDeal(deal, create);
    Fold(events, created, &deal);
    const int fate = random() % 10;  // 3 in 10 stay open, the rest close
    std::vector<v1::EventEnvelope> more;
    if (fate < 3) {
      if (fate > 0) more = *deals::DecideMoveDeal(deal, pipeline_, kOpenStages[fate + 1], "");
    } else if (fate < 5) {
      more = *deals::DecideWinDeal(deal, pipeline_, "", false, "");
    } else {
      more = *deals::DecideDisqualifyDeal(deal, pipeline_, "нет бюджета", "", "");
    }
    Fold(more, created + absl::Hours(1), &deal);
    eventlog::AppendRequest request;
    request.stream = deals::MakeStream(deals::kDealStream, absl::StrCat("b", i));
    request.expected_version = eventlog::ExpectedVersion::NoStream();
    request.command_id = absl::StrCat("bench-deal-", i);
    request.actor.set_user_id("bench");
    request.events = std::move(events);
    request.events.insert(request.events.end(), more.begin(), more.end());
    for (v1::EventEnvelope& event : request.events) {
      *event.mutable_stream() = request.stream;
      *event.mutable_actor() = request.actor;
      event.set_command_id(request.command_id);
    }
    return request;
  }

  void WaitForProjection() {
    auto projections = v1::Projections::NewStub(channel_);
    const uint64_t head = server_->log().HeadPosition();
    for (;;) {
      v1::GetProjectionRequest request;
      request.set_name("projections/deals");
      v1::Projection status;
      Check(projections->GetProjection(Context().get(), request, &status), "projection");
      if (status.position() >= head) return;
      absl::SleepFor(absl::Milliseconds(200));
    }
  }

  void Moves(int callers, double seconds, uint64_t offset) {
    CallerRun run =
        RunCallers(callers, seconds,
                   [&](int c, const std::atomic<bool>& stop, std::vector<double>& latencies) {
                     auto deals = v1::Deals::NewStub(channel_);
                     // Caller c takes every callers-th open deal and moves it four times around the
                     // open stages, with the etag of its last read, as a frontend's drag and drop
                     // would.
                     for (uint64_t i = c + offset; !stop; i += callers) {
                       v1::GetDealRequest get;
                       get.set_name(absl::StrCat("deals/b", i % deals_));  // wraps on small loads
                       v1::Deal deal;
                       Check(deals->GetDeal(Context().get(), get, &deal), "get");
                       if (deal.state() != v1::DEAL_STATE_OPEN)
                         continue;  // closed deals do not move
                       for (int move = 0; move < 4 && !stop; ++move) {
                         int next = 0;
                         while (kOpenStages[next] != deal.stage()) ++next;
                         v1::MoveDealRequest request;
                         request.set_name(deal.name());
                         request.set_stage(kOpenStages[(next + 1) % 5]);
                         request.set_etag(deal.etag());
                         const absl::Time t = absl::Now();
                         Check(deals->MoveDeal(Context().get(), request, &deal), "move");
                         latencies.push_back(absl::ToDoubleMilliseconds(absl::Now() - t));
                       }
                     }
                   });
    std::cout << absl::StrFormat("| MoveDeal, %d callers | %.0f moves/s | %.2f ms | %.2f ms |\n",
                                 callers, run.per_second(), Percentile(run.latencies_ms, 0.5),
                                 Percentile(run.latencies_ms, 0.99));
  }

  void Board(int queries) {
    struct Kind {
      const char* name;
      std::function<void(v1::GetBoardRequest*, std::mt19937_64&)> shape;
    };
    const std::vector<Kind> kinds = {
        {"whole board", [](auto*, auto&) {}},
        {"owner", [](auto* r, auto& g) { r->set_owner(absl::StrCat("manager", g() % 40)); }},
        {"source", [](auto* r, auto& g) { r->set_source(kSources[g() % 8]); }},
        {"period (random 1-365 days)",
         [](auto* r, auto& g) {
           const absl::Time from = kEpoch + absl::Hours(g() % (24 * 365 * 2));
           const absl::Time to = from + absl::Hours(24 * (1 + g() % 365)) + absl::Minutes(g() % 60);
           r->mutable_create_time_start()->set_seconds(absl::ToUnixSeconds(from));
           r->mutable_create_time_end()->set_seconds(absl::ToUnixSeconds(to));
         }},
        {"owner + source (entry scan)",
         [](auto* r, auto& g) {
           r->set_owner(absl::StrCat("manager", g() % 40));
           r->set_source(kSources[g() % 8]);
         }},
    };
    std::mt19937_64 random(42);
    for (const Kind& kind : kinds) {
      std::vector<double> latencies;
      for (int q = 0; q < queries; ++q) {
        v1::GetBoardRequest request;
        request.set_pipeline("pipelines/new-sales");
        kind.shape(&request, random);
        v1::Board board;
        const absl::Time t = absl::Now();
        Check(stub_->GetBoard(Context().get(), request, &board), "board");
        latencies.push_back(absl::ToDoubleMilliseconds(absl::Now() - t));
      }
      std::cout << absl::StrFormat("| GetBoard, %s | %.2f ms | %.2f ms | %.2f ms |\n", kind.name,
                                   Percentile(latencies, 0.5), Percentile(latencies, 0.99),
                                   Percentile(latencies, 0.999));
    }
  }

 private:
  std::unique_ptr<server::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::Deals::Stub> stub_;
  v1::Pipeline pipeline_;
  uint64_t deals_ = 1;
};

}  // namespace
}  // namespace chronicle::bench

int main(int argc, char** argv) {
  CLI::App cli("deals_bench: the deals service through gRPC on loopback");
  std::string dir = "/tmp/chronicle-deals-bench";
  uint64_t deals = 1'000'000;
  double seconds = 10;
  int queries = 2'000;
  cli.add_option("--dir", dir, "data directory (wiped)");
  cli.add_option("--deals", deals, "deals to load");
  cli.add_option("--seconds", seconds, "seconds per MoveDeal scenario");
  cli.add_option("--queries", queries, "GetBoard calls per kind");
  CLI11_PARSE(cli, argc, argv);
  chronicle::bench::Bench bench(dir);
  std::cout << "| scenario | result | | |\n|---|---|---|---|\n";
  bench.Load(deals);
  std::cout << "\n| scenario | p50 | p99 | p99.9 |\n|---|---|---|---|\n";
  bench.Board(queries);
  std::cout << "\n| scenario | throughput | p50 | p99 |\n|---|---|---|---|\n";
  uint64_t offset = 0;
  for (int callers : {1, 8, 32}) {
    bench.Moves(callers, seconds, offset);
    offset += deals / 3;  // fresh deals for each scenario
  }
  return 0;
}
