// chronicle projections status | rebuild
#include <iomanip>
#include <iostream>
#include <sstream>

#include "chronicle/cli/commands.h"
#include "chronicle/cli/table.h"
#include "chronicle/v1/projections.grpc.pb.h"
#include "google/protobuf/util/json_util.h"

namespace chronicle::cli {
namespace {

std::string Fixed(double value, int digits) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(digits) << value;
  return out.str();
}

std::string Progress(const v1::Projection& p) {
  if (p.state() != v1::Projection::REBUILDING) return "";
  return Fixed(p.rebuild_progress() * 100, 1) + "% (" + std::to_string(p.rebuild_position()) + ")";
}

void PrintTable(const std::vector<v1::Projection>& projections, bool json) {
  if (json) {
    for (const auto& p : projections) {
      std::string out;
      (void)google::protobuf::util::MessageToJsonString(p, &out);
      std::cout << out << "\n";
    }
    return;
  }
  Table table({"NAME", "STATE", "VERSION", "GENERATION", "POSITION", "LAG", "EVENTS/S", "REBUILD",
               "ERROR"});
  for (const auto& p : projections) {
    table.AddRow({p.name(), v1::Projection::State_Name(p.state()),
                  std::to_string(p.definition_version()), std::to_string(p.generation()),
                  std::to_string(p.position()), std::to_string(p.lag()),
                  Fixed(p.events_per_second(), 0), Progress(p), Truncate(p.last_error(), 60)});
  }
  table.Print(std::cout);
}

int Status(Client& client) {
  auto api = v1::Projections::NewStub(client.channel());
  v1::ListProjectionsResponse response;
  grpc::Status status = api->ListProjections(client.NewContext().get(), {}, &response);
  if (!status.ok()) return ReportError(status);
  PrintTable({response.projections().begin(), response.projections().end()}, client.options().json);
  return 0;
}

int Rebuild(Client& client, const std::string& name) {
  auto api = v1::Projections::NewStub(client.channel());
  v1::RebuildProjectionRequest request;
  request.set_name(name.rfind("projections/", 0) == 0 ? name : "projections/" + name);
  v1::Projection response;
  grpc::Status status = api->RebuildProjection(client.NewContext().get(), request, &response);
  if (!status.ok()) return ReportError(status);
  PrintTable({response}, client.options().json);
  return 0;
}

}  // namespace

void AddProjectionCommands(CLI::App& app, Action* selected) {
  CLI::App* group =
      app.add_subcommand("projections", "status and rebuild of read models")->require_subcommand(1);
  group->add_subcommand("status", "position, lag, rate and rebuild progress of each projection")
      ->callback([=] { *selected = Status; });
  auto* rebuild = group->add_subcommand(
      "rebuild", "replay the log into fresh state in the background, then swap it in");
  auto name = std::make_shared<std::string>();
  rebuild->add_option("name", *name, "projection name, e.g. log_stats")->required();
  rebuild->callback([=] { *selected = [=](Client& c) { return Rebuild(c, *name); }; });
}

}  // namespace chronicle::cli
