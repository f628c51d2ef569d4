// chronicle deals board | list | get | forecast | stalled: the funnel as a sales head reads it.
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "chronicle/cli/commands.h"
#include "chronicle/cli/table.h"
#include "chronicle/v1/deals.grpc.pb.h"

namespace chronicle::cli {
namespace {

std::string Money(const v1::Money& money) {
  if (money.currency_code().empty()) return "";
  return absl::StrFormat("%d %s", money.units(), money.currency_code());
}

std::string Totals(const google::protobuf::RepeatedPtrField<v1::Money>& totals) {
  std::vector<std::string> parts;
  for (const v1::Money& total : totals) parts.push_back(Money(total));
  return absl::StrJoin(parts, ", ");
}

void PrintDeals(const std::vector<v1::Deal>& deals) {
  Table table({"DEAL", "TITLE", "STAGE", "AMOUNT", "OWNER", "CLIENT", "SOURCE"});
  for (const v1::Deal& d : deals) {
    table.AddRow({d.name(), Truncate(d.title(), 32), d.stage_display_name(), Money(d.amount()),
                  d.owner(), d.client().empty() ? d.company() : d.client(),
                  Truncate(d.attribution().source(), 24)});
  }
  table.Print(std::cout);
}

struct BoardOptions {
  std::string pipeline, owner, team, source;
  int deals = 0;
};

int Board(Client& client, const BoardOptions& options) {
  auto api = v1::Deals::NewStub(client.channel());
  v1::GetBoardRequest request;
  request.set_pipeline(ResourceName("pipelines/", options.pipeline));
  request.set_owner(options.owner);
  request.set_team(options.team);
  request.set_source(options.source);
  request.set_page_size(options.deals);
  request.set_only_counts(options.deals == 0);
  v1::Board board;
  grpc::Status status = api->GetBoard(client.NewContext().get(), request, &board);
  if (!status.ok()) return ReportError(status);
  if (client.options().json) {
    PrintJson(board);
    return 0;
  }
  Table table({"STAGE", "KIND", "DEALS", "AMOUNT"});
  for (const auto& column : board.columns()) {
    table.AddRow({column.stage().display_name(),
                  v1::StageKind_Name(column.stage().kind()).substr(strlen("STAGE_KIND_")),
                  absl::StrCat(column.deal_count()), Totals(column.totals())});
  }
  table.Print(std::cout);
  for (const auto& column : board.columns()) {
    if (column.deals().empty()) continue;
    std::cout << "\n" << column.stage().display_name() << ":\n";
    PrintDeals({column.deals().begin(), column.deals().end()});
  }
  return 0;
}

int List(Client& client, const std::string& filter, int limit) {
  auto api = v1::Deals::NewStub(client.channel());
  v1::ListDealsRequest request;
  request.set_filter(filter);
  request.set_page_size(std::min(limit, 1000));
  std::vector<v1::Deal> deals;
  do {
    v1::ListDealsResponse response;
    grpc::Status status = api->ListDeals(client.NewContext().get(), request, &response);
    if (!status.ok()) return ReportError(status);
    deals.insert(deals.end(), response.deals().begin(), response.deals().end());
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty() && static_cast<int>(deals.size()) < limit);
  if (static_cast<int>(deals.size()) > limit) deals.resize(limit);
  if (client.options().json) {
    for (const auto& deal : deals) PrintJson(deal);
  } else {
    PrintDeals(deals);
  }
  return 0;
}

int Get(Client& client, const std::string& name) {
  auto api = v1::Deals::NewStub(client.channel());
  v1::GetDealRequest request;
  request.set_name(ResourceName("deals/", name));
  v1::Deal deal;
  grpc::Status status = api->GetDeal(client.NewContext().get(), request, &deal);
  if (!status.ok()) return ReportError(status);
  PrintJson(deal);
  return 0;
}

int Forecast(Client& client, const std::string& pipeline, const std::string& start,
             const std::string& end) {
  auto api = v1::Deals::NewStub(client.channel());
  v1::GetForecastRequest request;
  if (!pipeline.empty()) request.set_pipeline(ResourceName("pipelines/", pipeline));
  request.set_start_month(start);
  request.set_end_month(end);
  v1::Forecast forecast;
  grpc::Status status = api->GetForecast(client.NewContext().get(), request, &forecast);
  if (!status.ok()) return ReportError(status);
  if (client.options().json) {
    PrintJson(forecast);
    return 0;
  }
  Table table({"MONTH", "OWNER", "DEALS", "AMOUNT", "WEIGHTED"});
  for (const auto& row : forecast.rows()) {
    table.AddRow({row.month().empty() ? "(no date)" : row.month(), row.owner(),
                  absl::StrCat(row.deal_count()), Money(row.amount()), Money(row.weighted())});
  }
  table.Print(std::cout);
  return 0;
}

int Stalled(Client& client, const std::string& pipeline, const std::string& owner) {
  auto api = v1::Deals::NewStub(client.channel());
  v1::ListStalledDealsRequest request;
  if (!pipeline.empty()) request.set_pipeline(ResourceName("pipelines/", pipeline));
  request.set_owner(owner);
  v1::ListStalledDealsResponse response;
  grpc::Status status = api->ListStalledDeals(client.NewContext().get(), request, &response);
  if (!status.ok()) return ReportError(status);
  if (client.options().json) {
    PrintJson(response);
    return 0;
  }
  Table table({"OWNER", "DEAL", "TITLE", "STAGE", "DAYS", "LIMIT"});
  for (const auto& group : response.owners()) {
    for (const auto& stalled : group.deals()) {
      table.AddRow({group.owner(), stalled.deal().name(), Truncate(stalled.deal().title(), 32),
                    stalled.deal().stage_display_name(), absl::StrCat(stalled.days_in_stage()),
                    absl::StrCat(stalled.max_days())});
    }
  }
  table.Print(std::cout);
  return 0;
}

}  // namespace

void AddDealsCommands(CLI::App& app, Action* selected) {
  CLI::App* deals =
      app.add_subcommand("deals", "the funnel: board, deals, forecast")->require_subcommand(1);
  auto board_options = std::make_shared<BoardOptions>();
  auto* board = deals->add_subcommand("board", "deal count and amount per stage");
  board->add_option("pipeline", board_options->pipeline, "pipeline id")->required();
  board->add_option("--owner", board_options->owner);
  board->add_option("--team", board_options->team);
  board->add_option("--source", board_options->source, "lead source (attribution)");
  board->add_option("--deals", board_options->deals, "also list this many newest deals per stage");
  board->callback([=] { *selected = [=](Client& c) { return Board(c, *board_options); }; });

  auto filter = std::make_shared<std::string>();
  auto limit = std::make_shared<int>(50);
  auto* list = deals->add_subcommand("list", "deals matching a filter, newest first");
  list->add_option("--filter", *filter, R"(e.g. 'owner = "anna.petrova" AND state = OPEN')");
  list->add_option("--limit", *limit);
  list->callback([=] { *selected = [=](Client& c) { return List(c, *filter, *limit); }; });

  auto name = std::make_shared<std::string>();
  deals->add_subcommand("get", "one deal with its stage history (JSON)")
      ->callback([=] { *selected = [=](Client& c) { return Get(c, *name); }; })
      ->add_option("name", *name, "deals/{id} or the id")
      ->required();

  auto pipeline = std::make_shared<std::string>();
  auto start = std::make_shared<std::string>();
  auto end = std::make_shared<std::string>();
  auto* forecast = deals->add_subcommand("forecast", "expected revenue by month and owner");
  forecast->add_option("--pipeline", *pipeline);
  forecast->add_option("--from", *start, "first month, YYYY-MM (default: this month)");
  forecast->add_option("--to", *end, "last month, YYYY-MM (default: 5 months on)");
  forecast->callback(
      [=] { *selected = [=](Client& c) { return Forecast(c, *pipeline, *start, *end); }; });

  auto owner = std::make_shared<std::string>();
  auto* stalled = deals->add_subcommand("stalled", "deals longer in their stage than its limit");
  stalled->add_option("--pipeline", *pipeline);
  stalled->add_option("--owner", *owner);
  stalled->callback([=] { *selected = [=](Client& c) { return Stalled(c, *pipeline, *owner); }; });
}

}  // namespace chronicle::cli
