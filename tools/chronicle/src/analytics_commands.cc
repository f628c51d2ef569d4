// chronicle report NAME: the analytics reports as a table, CSV or JSON, and as SVG charts or a
// self-contained HTML page. chronicle replay: the event log as JSON lines or CSV, for analysts'
// own tools.
#include <fstream>
#include <future>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "chronicle/cli/commands.h"
#include "chronicle/cli/table.h"
#include "chronicle/eventlog/event_log.h"
#include "chronicle/v1/analytics.grpc.pb.h"
#include "chronicle/v1/event_log.grpc.pb.h"
#include "proto_json.h"
#include "report_charts.h"

namespace chronicle::cli {
namespace {

struct ReportOptions {
  std::string name;
  std::string pipeline = "new-sales";
  std::string from, to, as_of;  // dates or RFC 3339 times
  std::string owner, team, source, segment, group_by, factor;
  int days = 30;
  int months = 12;
  int limit = 50;
  std::string format = "table";  // table, csv, json
  std::string svg, html;         // chart files
};

// "2026-01-31" (midnight, this machine's zone) or an RFC 3339 instant.
bool ParseWhen(const std::string& text, google::protobuf::Timestamp* out) {
  absl::Time t;
  std::string error;
  if (!absl::ParseTime("%Y-%m-%d", text, absl::LocalTimeZone(), &t, &error) &&
      !absl::ParseTime(absl::RFC3339_full, text, &t, &error)) {
    return false;
  }
  out->set_seconds(absl::ToUnixSeconds(t));
  return true;
}

std::string Percent(double share) { return absl::StrFormat("%.1f%%", 100 * share); }
std::string Rubles(const v1::Money& money) {
  return absl::StrFormat("%d %s", money.units(), money.currency_code());
}
std::string Number(double value) { return absl::StrFormat("%.1f", value); }

int Emit(const ReportOptions& options, const google::protobuf::Message& report, const Grid& grid,
         const std::string& svg) {
  if (options.format == "json") {
    PrintJson(report);
  } else if (options.format == "csv") {
    PrintCsv(grid, std::cout);
  } else {
    std::cout << grid.title << "\n";
    Table table(grid.header);
    for (const auto& row : grid.rows) table.AddRow(row);
    table.Print(std::cout);
  }
  auto write = [](const std::string& path, const std::string& text) {
    std::ofstream file(path, std::ios::binary);
    file << text;
    if (!file) {
      std::cerr << "cannot write " << path << "\n";
      return false;
    }
    std::cerr << "wrote " << path << "\n";
    return true;
  };
  if (!options.svg.empty() && !svg.empty() && !write(options.svg, svg)) return 1;
  if (!options.html.empty() && !write(options.html, HtmlPage(grid, svg))) return 1;
  return 0;
}

int Report(Client& client, const ReportOptions& options) {
  auto api = v1::Analytics::NewStub(client.channel());
  v1::ReportScope scope;
  if (!options.from.empty() && !ParseWhen(options.from, scope.mutable_start_time())) {
    std::cerr << "--from: not a date (2026-01-31) or RFC 3339 time\n";
    return 2;
  }
  if (!options.to.empty() && !ParseWhen(options.to, scope.mutable_end_time())) {
    std::cerr << "--to: not a date (2026-01-31) or RFC 3339 time\n";
    return 2;
  }
  if (!options.as_of.empty() && !ParseWhen(options.as_of, scope.mutable_as_of_time())) {
    std::cerr << "--as-of: not a date (2026-01-31) or RFC 3339 time\n";
    return 2;
  }
  scope.set_owner(options.owner);
  scope.set_team(options.team);
  scope.set_source(options.source);
  scope.set_segment(options.segment);
  Grid grid;
  std::string svg;
  const std::string& name = options.name;
  auto call = [&](auto method, auto& request, auto* response) {
    return (api.get()->*method)(client.NewContext().get(), request, response);
  };
  if (name == "funnel") {
    v1::FunnelReportRequest request;
    *request.mutable_scope() = scope;
    request.mutable_scope()->set_pipeline(ResourceName("pipelines/", options.pipeline));
    request.set_group_by(options.group_by);
    v1::FunnelReport report;
    grpc::Status status = call(&v1::Analytics::Stub::GetFunnelReport, request, &report);
    if (!status.ok()) return ReportError(status);
    grid.title = absl::StrCat("Воронка ", report.pipeline());
    grid.header = {"GROUP",     "STEP", "REACHED",  "FROM PREV",   "FROM START",
                   "LOST HERE", "OPEN", "AVG DAYS", "MEDIAN DAYS", ""};
    std::vector<Bar> bars;
    for (const auto& group : report.groups()) {
      for (const auto& step : group.steps()) {
        grid.rows.push_back({group.key(), step.display_name(), absl::StrCat(step.reached()),
                             Percent(step.conversion_from_previous()),
                             Percent(step.conversion_from_start()), absl::StrCat(step.lost_here()),
                             absl::StrCat(step.open_here()), Number(step.average_days()),
                             Number(step.median_days()), step.bottleneck() ? "◀ узкое место" : ""});
        if (report.groups_size() == 1) {
          bars.push_back(
              {step.display_name(), static_cast<double>(step.reached()),
               absl::StrCat(step.reached(), "  (", Percent(step.conversion_from_start()), ")")});
        }
      }
    }
    if (!bars.empty()) svg = BarChartSvg(grid.title, bars);
    return Emit(options, report, grid, svg);
  }
  if (name == "cohorts") {
    v1::CohortReportRequest request;
    *request.mutable_scope() = scope;
    request.set_months(options.months);
    request.set_cohort_by(options.group_by);
    v1::CohortReport report;
    grpc::Status status = call(&v1::Analytics::Stub::GetCohortReport, request, &report);
    if (!status.ok()) return ReportError(status);
    grid.title = "Когорты: конверсия в первую покупку по месяцам с первого контакта";
    grid.header = {"COHORT", "CLIENTS", "BUYERS", "CONVERSION", "REPEAT", "REVENUE"};
    std::vector<std::string> rows, columns;
    std::vector<std::vector<double>> shares;
    for (int m = 0; m < options.months; ++m) {
      grid.header.push_back(absl::StrCat("M", m));
      columns.push_back(absl::StrCat("M", m));
    }
    for (const auto& row : report.rows()) {
      std::vector<std::string> cells = {row.cohort(),
                                        absl::StrCat(row.clients()),
                                        absl::StrCat(row.buyers()),
                                        Percent(row.conversion()),
                                        Percent(row.repeat_rate()),
                                        Rubles(row.revenue())};
      rows.push_back(row.cohort());
      shares.emplace_back();
      for (const auto& cell : row.cells()) {
        cells.push_back(Percent(cell.conversion()));
        shares.back().push_back(cell.conversion());
      }
      grid.rows.push_back(std::move(cells));
    }
    svg = HeatMapSvg(grid.title, rows, columns, shares);
    return Emit(options, report, grid, svg);
  }
  if (name == "managers") {
    v1::ManagerReportRequest request;
    *request.mutable_scope() = scope;
    v1::ManagerReport report;
    grpc::Status status = call(&v1::Analytics::Stub::GetManagerReport, request, &report);
    if (!status.ok()) return ReportError(status);
    grid.title = "Менеджеры";
    grid.header = {"MANAGER",    "CALLS",    "CALLS/DAY",    "MEETINGS",   "EMAILS",
                   "TASKS DONE", "OVERDUE",  "ON TIME",      "OPEN DEALS", "WON",
                   "REVENUE",    "AVG DEAL", "RESPONSE MIN", "KPI REVENUE"};
    std::vector<Bar> bars;
    for (const auto& row : report.rows()) {
      grid.rows.push_back(
          {row.display_name().empty() ? row.employee() : row.display_name(),
           absl::StrCat(row.calls()), Number(row.calls_per_day()), absl::StrCat(row.meetings()),
           absl::StrCat(row.emails()), absl::StrCat(row.tasks_done()),
           absl::StrCat(row.tasks_overdue()), Percent(row.completion_rate()),
           absl::StrCat(row.open_deals()), absl::StrCat(row.deals_won()), Rubles(row.revenue()),
           Rubles(row.average_deal()), Number(row.median_response_minutes()),
           row.has_kpi() ? absl::StrFormat("%.0f%%", row.kpi().revenue_percent()) : ""});
      bars.push_back(
          {grid.rows.back()[0], static_cast<double>(row.revenue().units()), Rubles(row.revenue())});
    }
    svg = BarChartSvg("Выручка по менеджерам", bars);
    return Emit(options, report, grid, svg);
  }
  if (name == "sources") {
    v1::SourceReportRequest request;
    *request.mutable_scope() = scope;
    request.set_group_by(options.group_by);
    v1::SourceReport report;
    grpc::Status status = call(&v1::Analytics::Stub::GetSourceReport, request, &report);
    if (!status.ok()) return ReportError(status);
    grid.title = "Источники";
    grid.header = {"SOURCE",  "NEW CLIENTS", "LEADS",    "QUALIFIED", "WON", "CONVERSION",
                   "REVENUE", "SPEND",       "PER LEAD", "PER SALE",  "ROMI"};
    std::vector<Bar> bars;
    for (const auto& row : report.rows()) {
      grid.rows.push_back({row.key(), absl::StrCat(row.new_clients()), absl::StrCat(row.leads()),
                           absl::StrCat(row.qualified()), absl::StrCat(row.won()),
                           Percent(row.conversion()), Rubles(row.revenue()), Rubles(row.spend()),
                           Rubles(row.cost_per_lead()), Rubles(row.cost_per_sale()),
                           row.spend().units() > 0 ? Percent(row.romi()) : ""});
      bars.push_back({row.key(), static_cast<double>(row.leads()), Percent(row.conversion())});
    }
    svg = BarChartSvg("Лиды по источникам (и конверсия в продажу)", bars);
    return Emit(options, report, grid, svg);
  }
  if (name == "refusals") {
    v1::RefusalReportRequest request;
    *request.mutable_scope() = scope;
    v1::RefusalReport report;
    grpc::Status status = call(&v1::Analytics::Stub::GetRefusalReport, request, &report);
    if (!status.ok()) return ReportError(status);
    grid.title = absl::StrCat("Причины отказов (проиграно сделок: ", report.lost(), ")");
    grid.header = {"REASON", "DEALS", "SHARE", "AMOUNT", "MOSTLY AT STAGE", "MOSTLY OWNER"};
    std::vector<Bar> bars;
    for (const auto& row : report.rows()) {
      grid.rows.push_back({row.display_name(), absl::StrCat(row.deals()), Percent(row.share()),
                           Rubles(row.amount()),
                           row.by_stage().empty() ? "" : row.by_stage(0).key(),
                           row.by_owner().empty() ? "" : row.by_owner(0).key()});
      bars.push_back({row.display_name(), static_cast<double>(row.deals()), Percent(row.share())});
    }
    svg = BarChartSvg(grid.title, bars);
    return Emit(options, report, grid, svg);
  }
  if (name == "pulse") {
    v1::PulseReportRequest request;
    *request.mutable_scope() = scope;
    v1::PulseReport report;
    grpc::Status status = call(&v1::Analytics::Stub::GetPulseReport, request, &report);
    if (!status.ok()) return ReportError(status);
    grid.title = "Пульс бизнеса";
    grid.header = {"MONTH", "NEW CLIENTS", "PURCHASES", "BUYERS", "REVENUE", "AVG CHECK", "REPEAT"};
    std::vector<Bar> bars;
    for (const auto& m : report.months()) {
      grid.rows.push_back({m.month(), absl::StrCat(m.new_clients()), absl::StrCat(m.purchases()),
                           absl::StrCat(m.buyers()), Rubles(m.revenue()), Rubles(m.average_check()),
                           Percent(m.repeat_purchase_rate())});
      bars.push_back({m.month(), static_cast<double>(m.revenue().units()), Rubles(m.revenue())});
    }
    svg = BarChartSvg("Выручка по месяцам", bars);
    return Emit(options, report, grid, svg);
  }
  if (name == "abc" || name == "rfm") {
    const bool abc = name == "abc";
    v1::AbcReport abc_report;
    v1::RfmReport rfm_report;
    grpc::Status status;
    if (abc) {
      v1::AbcReportRequest request;
      *request.mutable_scope() = scope;
      request.set_page_size(options.limit);
      status = call(&v1::Analytics::Stub::GetAbcReport, request, &abc_report);
    } else {
      v1::RfmReportRequest request;
      *request.mutable_scope() = scope;
      request.set_page_size(options.limit);
      status = call(&v1::Analytics::Stub::GetRfmReport, request, &rfm_report);
    }
    if (!status.ok()) return ReportError(status);
    std::vector<Bar> bars;
    if (abc) {
      grid.title = "ABC-анализ клиентов по выручке";
      grid.header = {"CLASS", "CLIENTS", "CLIENT SHARE", "REVENUE", "REVENUE SHARE"};
      for (const auto& c : abc_report.classes()) {
        grid.rows.push_back({c.abc_class(), absl::StrCat(c.clients()), Percent(c.client_share()),
                             Rubles(c.revenue()), Percent(c.revenue_share())});
        bars.push_back(
            {c.abc_class(), static_cast<double>(c.clients()), Percent(c.revenue_share())});
      }
    } else {
      grid.title = "RFM-сегменты";
      grid.header = {"SEGMENT", "CLIENTS", "SHARE", "REVENUE"};
      for (const auto& s : rfm_report.segments()) {
        grid.rows.push_back(
            {s.segment(), absl::StrCat(s.clients()), Percent(s.share()), Rubles(s.revenue())});
        bars.push_back({s.segment(), static_cast<double>(s.clients()), Percent(s.share())});
      }
    }
    svg = BarChartSvg(grid.title, bars);
    if (abc) return Emit(options, abc_report, grid, svg);
    return Emit(options, rfm_report, grid, svg);
  }
  if (name == "lifecycle") {
    v1::LifecycleReportRequest request;
    *request.mutable_scope() = scope;
    v1::LifecycleReport report;
    grpc::Status status = call(&v1::Analytics::Stub::GetLifecycleReport, request, &report);
    if (!status.ok()) return ReportError(status);
    grid.title = "Статусы клиентов";
    grid.header = {"STATUS", "CLIENTS", "OVERRIDDEN", "BY RULES"};
    for (const auto& c : report.counts()) {
      grid.rows.push_back({v1::LifecycleStatus_Name(c.status()).substr(17),
                           absl::StrCat(c.clients()), absl::StrCat(c.overridden()),
                           absl::StrCat(c.by_rules())});
    }
    return Emit(options, report, grid, "");
  }
  if (name == "nps") {
    v1::NpsReportRequest request;
    *request.mutable_scope() = scope;
    request.set_group_by(options.group_by);
    v1::NpsReport report;
    grpc::Status status = call(&v1::Analytics::Stub::GetNpsReport, request, &report);
    if (!status.ok()) return ReportError(status);
    grid.title = "NPS";
    grid.header = {"GROUP", "ANSWERS", "PROMOTERS", "PASSIVES", "DETRACTORS", "NPS"};
    for (const auto& row : report.rows()) {
      grid.rows.push_back({row.key(), absl::StrCat(row.answers()), absl::StrCat(row.promoters()),
                           absl::StrCat(row.passives()), absl::StrCat(row.detractors()),
                           Number(row.nps())});
    }
    return Emit(options, report, grid, "");
  }
  if (name == "quiet") {
    v1::ListUncontactedClientsRequest request;
    *request.mutable_scope() = scope;
    request.set_days(options.days);
    request.set_page_size(options.limit);
    v1::ListUncontactedClientsResponse report;
    grpc::Status status = call(&v1::Analytics::Stub::ListUncontactedClients, request, &report);
    if (!status.ok()) return ReportError(status);
    grid.title = absl::StrCat("Без контакта ", options.days, "+ дней: ", report.total());
    grid.header = {"CLIENT", "OWNER", "LAST CONTACT", "DAYS"};
    for (const auto& c : report.clients()) {
      grid.rows.push_back({c.client(), c.owner(), LocalMinute(c.last_contact_time()),
                           absl::StrCat(c.days_since_contact())});
    }
    return Emit(options, report, grid, "");
  }
  if (name == "factor") {
    v1::FactorReportRequest request;
    *request.mutable_scope() = scope;
    request.set_factor(options.factor);
    v1::FactorReport report;
    grpc::Status status = call(&v1::Analytics::Stub::GetFactorReport, request, &report);
    if (!status.ok()) return ReportError(status);
    grid.title = absl::StrFormat(
        "Фактор «%s»: хи-квадрат %.1f (df %d, p = %.3g), V Крамера %.2f, корреляция %.2f",
        report.factor(), report.chi_square(), report.degrees_of_freedom(), report.p_value(),
        report.cramers_v(), report.correlation());
    grid.header = {"VALUE", "DEALS", "WON", "WIN RATE", "95% FROM", "95% TO"};
    std::vector<Bar> bars;
    for (const auto& row : report.rows()) {
      grid.rows.push_back({row.value(), absl::StrCat(row.deals()), absl::StrCat(row.won()),
                           Percent(row.win_rate()), Percent(row.win_rate_low()),
                           Percent(row.win_rate_high())});
      bars.push_back({row.value(), row.win_rate(), Percent(row.win_rate())});
    }
    svg = BarChartSvg(absl::StrCat("Доля выигранных сделок по «", report.factor(), "»"), bars);
    return Emit(options, report, grid, svg);
  }
  std::cerr << "unknown report \"" << name
            << "\": funnel, cohorts, managers, sources, refusals, pulse, abc, rfm, lifecycle, "
               "nps, quiet, factor\n";
  return 2;
}

struct ReplayOptions {
  uint64_t from = 1;
  uint64_t to = 0;  // 0: to the end of the log
  std::string since, until;
  std::string stream;  // "type" or "type/id"
  std::string type;
  std::string client;  // partition key, or the client stream's id
  std::string format = "jsonl";
};

int Replay(Client& client, const ReplayOptions& options) {
  google::protobuf::Timestamp since, until;
  if (!options.since.empty() && !ParseWhen(options.since, &since)) {
    std::cerr << "--since: not a date (2026-01-31) or RFC 3339 time\n";
    return 2;
  }
  if (!options.until.empty() && !ParseWhen(options.until, &until)) {
    std::cerr << "--until: not a date (2026-01-31) or RFC 3339 time\n";
    return 2;
  }
  const bool csv = options.format == "csv";
  if (!csv && options.format != "jsonl") {
    std::cerr << "--format: jsonl or csv\n";
    return 2;
  }
  LinkEventTypes();
  auto api = v1::EventLog::NewStub(client.channel());
  v1::ListEventsRequest request;
  request.set_from(options.from);
  request.set_event_type(options.type);
  request.set_page_size(1000);
  std::string out;
  if (csv) out = "position,recorded_at,occurred_at,stream,version,type,actor,client,payload\r\n";
  const ProtoJsonOptions json{.preserve_proto_field_names = true};
  uint64_t written = 0;
  // The next page is fetched while this one is written out: server and formatting overlap.
  auto fetch = [&api, &client](v1::ListEventsRequest page) {
    return std::async(std::launch::async, [&api, &client, page] {
      auto response = std::make_unique<v1::ListEventsResponse>();
      grpc::Status status = api->ListEvents(client.NewContext().get(), page, response.get());
      return std::make_pair(status, std::move(response));
    });
  };
  auto next = fetch(request);
  for (;;) {
    auto [status, fetched] = next.get();
    if (!status.ok()) return ReportError(status);
    const v1::ListEventsResponse& response = *fetched;
    bool done = response.next_page_token().empty();
    if (!done) {
      request.set_page_token(response.next_page_token());
      next = fetch(request);
    }
    for (const v1::EventEnvelope& event : response.events()) {
      if (options.to != 0 && event.global_position() > options.to) {
        done = true;
        break;
      }
      if (!options.until.empty() && event.recorded_at().seconds() >= until.seconds()) {
        done = true;  // recorded_at only grows along the log
        break;
      }
      if (!options.since.empty() && event.recorded_at().seconds() < since.seconds()) continue;
      const std::string stream = eventlog::StreamName(event.stream());
      if (!options.stream.empty() && stream != options.stream &&
          event.stream().type() != options.stream) {
        continue;
      }
      if (!options.client.empty() && event.partition_key() != options.client &&
          !(event.stream().type() == "client" && event.stream().id() == options.client)) {
        continue;
      }
      if (csv) {
        const std::string payload = PayloadText(event);
        absl::StrAppend(&out, event.global_position(), ",",
                        absl::FormatTime(absl::RFC3339_full,
                                         absl::FromUnixSeconds(event.recorded_at().seconds()),
                                         absl::UTCTimeZone()),
                        ",",
                        absl::FormatTime(absl::RFC3339_full,
                                         absl::FromUnixSeconds(event.occurred_at().seconds()),
                                         absl::UTCTimeZone()),
                        ",", CsvField(stream), ",", event.stream_version(), ",", event.event_type(),
                        ",", CsvField(event.actor().user_id()), ",",
                        CsvField(event.partition_key()), ",", CsvField(payload), "\r\n");
      } else {
        AppendProtoJson(event, json, &out);
        out.push_back('\n');
      }
      ++written;
    }
    if (out.size() > (1 << 20)) {
      std::cout << out;
      out.clear();
    }
    if (done) break;
  }
  if (next.valid()) next.wait();  // a page fetched ahead of a --to or --until that ended early
  std::cout << out << std::flush;
  std::cerr << written << " events\n";
  return 0;
}

}  // namespace

void AddAnalyticsCommands(CLI::App& app, Action* selected) {
  auto report_options = std::make_shared<ReportOptions>();
  auto* report = app.add_subcommand(
      "report",
      "an analytics report: funnel, cohorts, managers, sources, refusals, pulse, abc, "
      "rfm, lifecycle, nps, quiet, factor");
  report->add_option("name", report_options->name, "which report")->required();
  report->add_option("--pipeline", report_options->pipeline, "funnel: the pipeline (new-sales)");
  report->add_option("--from", report_options->from, "period start: 2026-01-01 or RFC 3339");
  report->add_option("--to", report_options->to, "period end (exclusive)");
  report->add_option("--as-of", report_options->as_of,
                     "answer from the events recorded up to this instant");
  report->add_option("--owner", report_options->owner, "one manager (employee id)");
  report->add_option("--team", report_options->team, "one team");
  report->add_option("--source", report_options->source, "one first-touch source");
  report->add_option("--segment", report_options->segment,
                     "tag:vip, type:legal_entity, temperature:hot, lifecycle:regular, "
                     "custom.<key>:<value>");
  report->add_option("--group-by", report_options->group_by,
                     "funnel: owner|source|month; sources: source|channel|landing|campaign; "
                     "cohorts: month|source; nps: month|owner|segment");
  report->add_option("--factor", report_options->factor,
                     "factor: meetings|calls|source|channel|temperature|client_type|custom.<key>");
  report->add_option("--days", report_options->days, "quiet: days without contact (30)");
  report->add_option("--months", report_options->months, "cohorts: months since (12)");
  report->add_option("--limit", report_options->limit, "abc, rfm, quiet: clients listed (50)");
  report->add_option("--format", report_options->format, "table (default), csv or json");
  report->add_option("--svg", report_options->svg, "also write the chart to this SVG file");
  report->add_option("--html", report_options->html,
                     "also write a self-contained HTML page (chart and table)");
  report->callback([=] { *selected = [=](Client& c) { return Report(c, *report_options); }; });

  auto replay_options = std::make_shared<ReplayOptions>();
  auto* replay =
      app.add_subcommand("replay", "stream events as JSON lines or CSV, for analysts' own tools");
  replay->add_option("--from", replay_options->from, "first global position (1)");
  replay->add_option("--to", replay_options->to, "last global position (the end)");
  replay->add_option("--since", replay_options->since, "recorded at or after (date or RFC 3339)");
  replay->add_option("--until", replay_options->until, "recorded before");
  replay->add_option("--stream", replay_options->stream,
                     "a stream type (deal) or stream (deal/42)");
  replay->add_option("--type", replay_options->type, "one event type (deals.DealWon)");
  replay->add_option("--client", replay_options->client, "one client's events (c00042)");
  replay->add_option("--format", replay_options->format, "jsonl (default) or csv");
  replay->callback([=] { *selected = [=](Client& c) { return Replay(c, *replay_options); }; });
}

}  // namespace chronicle::cli
