// analytics_bench: a generated history of --clients clients (one deal each, lean mix: deals and
// purchases, no activities) written to a RocksDB log, then:
//  - the analytics projection loaded from the log (the same fold as a rebuild): events/s;
//  - a background rebuild beside the live projection: events/s;
//  - report queries on the live projection, in process: p50 / p99 per report.
// Results and the command line are in docs/benchmarks.md.
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include "CLI/CLI.hpp"
#include "absl/strings/str_format.h"
#include "analytics/app/analytics_app.h"
#include "bench_util.h"
#include "chronicle/demo/demo_history.h"
#include "chronicle/eventlog/rocksdb_event_log.h"
#include "chronicle/testing/temp_dir.h"
#include "funnel_tables.h"

namespace chronicle {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

template <typename Call>
void Measure(const std::string& name, int runs, Call call) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    if (!call()) {
      std::cout << name << ": failed\n";
      return;
    }
    ms.push_back(Seconds(start) * 1000);
  }
  std::cout << absl::StrFormat("| %s | %.2f ms | %.2f ms |\n", name, bench::Percentile(ms, 0.5),
                               bench::Percentile(ms, 0.99));
}

// Generates the history of `clients` and appends it with many appends in flight, so they share
// group commits as a busy server's would.
void WriteHistory(int clients, eventlog::EventLog& log) {
  demo::DemoOptions options;
  options.clients = clients;
  options.years = 3;
  options.activity_rate = 0;
  auto start = Clock::now();
  std::vector<eventlog::AppendRequest> history = demo::GenerateDemoHistory(options);
  std::cout << "generated " << history.size() << " appends in " << Seconds(start) << " s\n";
  start = Clock::now();
  std::atomic<int> pending{0};
  for (auto& request : history) {
    while (pending.load() > 4000) std::this_thread::yield();
    ++pending;
    log.AppendAsync(std::move(request), [&](absl::StatusOr<eventlog::AppendResult>) { --pending; });
  }
  while (pending.load() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::cout << "wrote " << log.HeadPosition() << " events in " << Seconds(start) << " s\n";
}

// The two halves of a rebuild measured apart: scanning the log (envelopes as bytes, no parse),
// and folding envelopes already in memory into fresh facts.
void MeasureScanAndFold(eventlog::EventLog& log, uint64_t events) {
  auto start = Clock::now();
  std::vector<std::string> envelopes;
  envelopes.reserve(events);
  for (uint64_t from = 1; from <= events;) {
    const size_t before = envelopes.size();
    if (!log.ScanAll(from, 4096,
                     [&](uint64_t, absl::string_view bytes) { envelopes.emplace_back(bytes); })
             .ok() ||
        envelopes.size() == before) {
      break;
    }
    from += envelopes.size() - before;
  }
  double seconds = Seconds(start);
  std::cout << absl::StrFormat("| the log scanned alone (copied out) | %d | %.2f s | %.0f |\n",
                               envelopes.size(), seconds, envelopes.size() / seconds);
  analytics::AnalyticsFacts facts;
  analytics::FactFolder folder(&facts);
  start = Clock::now();
  folder.DeferClientIndexes();  // as a load or a rebuild folds
  eventlog::EnvelopeView view;
  for (const std::string& bytes : envelopes) {
    if (!eventlog::ParseEnvelopeView(bytes, &view).ok() || !folder.Apply(view).ok()) return;
  }
  folder.BuildDeferredIndexes();
  seconds = Seconds(start);
  std::cout << absl::StrFormat("| the fold alone (envelopes in memory) | %d | %.2f s | %.0f |\n",
                               envelopes.size(), seconds, envelopes.size() / seconds);
}

int Run(int clients, int runs, const std::string& dir, const std::string& export_dir) {
  eventlog::RocksDbEventLogOptions log_options;
  log_options.path = dir + "/log";
  auto log = eventlog::OpenRocksDbEventLog(log_options);
  if (!log.ok()) {
    std::cerr << log.status() << "\n";
    return 1;
  }
  if ((*log)->HeadPosition() == 0) {
    WriteHistory(clients, **log);
  } else {
    std::cout << "reusing the log in " << dir << "\n";
  }
  const uint64_t events = (*log)->HeadPosition();

  MeasureScanAndFold(**log, events);
  analytics::AnalyticsAppOptions app_options;
  app_options.log = log->get();
  app_options.lifecycle_interval = absl::ZeroDuration();
  analytics::AnalyticsApp app(app_options);
  auto start = Clock::now();
  app.Start();
  if (!app.store().WaitForPosition(events, absl::Minutes(10)).ok()) return 1;
  const double load = Seconds(start);
  const v1::AnalyticsStatus loaded = app.GetAnalyticsStatus();
  std::cout << absl::StrFormat("| load at start (subscription) | %d | %.2f s | %.0f |\n", events,
                               load, events / load);
  (void)app.RebuildAnalytics({});
  // Swapped in, and the replaced generation freed (the rebuild is over only then): queries are
  // measured on a machine that is doing nothing else.
  while (app.GetAnalyticsStatus().generation() == loaded.generation() ||
         app.GetAnalyticsStatus().state() != v1::AnalyticsStatus::STATE_LIVE) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const v1::AnalyticsStatus rebuilt = app.GetAnalyticsStatus();
  std::cout << absl::StrFormat(
      "| background rebuild | %d | %.2f s | %.0f |\n", events,
      rebuilt.last_rebuild_duration().seconds() + rebuilt.last_rebuild_duration().nanos() / 1e9,
      rebuilt.last_rebuild_events_per_second());
  std::cout << "deals: " << rebuilt.deals() << ", clients: " << rebuilt.clients() << "\n\n";

  std::cout << "| report | p50 | p99 |\n|---|---:|---:|\n";
  v1::FunnelReportRequest funnel;
  funnel.mutable_scope()->set_pipeline("pipelines/new-sales");
  Measure("funnel, whole history", runs, [&] { return app.GetFunnelReport(funnel).ok(); });
  v1::FunnelReportRequest quarter = funnel;
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  quarter.mutable_scope()->mutable_start_time()->set_seconds(now - 91 * 86400);
  Measure("funnel, last quarter", runs, [&] { return app.GetFunnelReport(quarter).ok(); });
  v1::FunnelReportRequest by_month = funnel;
  by_month.set_group_by("month");
  Measure("funnel by cohort month", runs, [&] { return app.GetFunnelReport(by_month).ok(); });
  if (!export_dir.empty()) {
    const auto export_start = Clock::now();
    absl::TimeZone zone;
    if (!absl::LoadTimeZone("Europe/Moscow", &zone)) return 1;  // the settings' default
    if (absl::Status s = bench::ExportFunnelTables(**log, zone, export_dir); !s.ok()) {
      std::cerr << s << "\n";
      return 1;
    }
    // The same question's answer from the projection, in the shape the SQL gives it.
    std::ofstream answer(export_dir + "/chronicle.csv");
    const absl::StatusOr<v1::FunnelReport> report = app.GetFunnelReport(by_month);
    if (!report.ok()) return 1;
    for (const v1::FunnelGroup& group : report->groups()) {
      for (int step = 0; step < group.steps_size(); ++step) {
        if (group.steps(step).reached() == 0) continue;
        answer << group.key() << "," << step << "," << group.steps(step).reached() << "\n";
      }
    }
    std::cout << "exported the CSV tables to " << export_dir << " in " << Seconds(export_start)
              << " s\n";
  }
  Measure("cohorts", runs, [&] { return app.GetCohortReport({}).ok(); });
  Measure("sources", runs, [&] { return app.GetSourceReport({}).ok(); });
  Measure("refusals", runs, [&] { return app.GetRefusalReport({}).ok(); });
  Measure("pulse", runs, [&] { return app.GetPulseReport({}).ok(); });
  Measure("managers", runs, [&] { return app.GetManagerReport({}).ok(); });
  Measure("abc", runs, [&] { return app.GetAbcReport({}).ok(); });
  // RFM and the factor report read every client or deal per query; the rest read indexes.
  Measure("rfm", runs, [&] { return app.GetRfmReport({}).ok(); });
  Measure("lifecycle", runs, [&] { return app.GetLifecycleReport({}).ok(); });
  Measure("nps", runs, [&] { return app.GetNpsReport({}).ok(); });
  v1::ListUncontactedClientsRequest uncontacted;
  uncontacted.set_days(30);
  Measure("uncontacted 30 days", runs,
          [&] { return app.ListUncontactedClients(uncontacted).ok(); });
  v1::FactorReportRequest factor;
  factor.set_factor("meetings");
  Measure("factor: meetings", runs, [&] { return app.GetFactorReport(factor).ok(); });
  return 0;
}

}  // namespace
}  // namespace chronicle

int main(int argc, char** argv) {
  CLI::App cli{"analytics_bench: load, rebuild and report latency on a generated history"};
  int clients = 1'000'000;
  int runs = 50;
  std::string dir;
  cli.add_option("--clients", clients, "clients, one deal each (1,000,000)");
  cli.add_option("--runs", runs, "queries per report (50)");
  cli.add_option("--dir", dir, "where the log goes (a temp dir); a log already there is reused");
  std::string export_dir;
  cli.add_option("--export-csv", export_dir,
                 "also write the deals as CSV tables there, and this report's funnel by cohort "
                 "month, for bench/funnel_peers.sh");
  CLI11_PARSE(cli, argc, argv);
  chronicle::testing::TempDir temp;
  return chronicle::Run(clients, runs, dir.empty() ? temp.path() : dir, export_dir);
}
