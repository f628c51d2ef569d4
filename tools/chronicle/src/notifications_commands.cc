// chronicle notifications inbox | watch | rules | jobs | deliveries: what reached an employee,
// what the automation does, what is scheduled, and what could not be delivered.
#include <iostream>

#include "absl/strings/str_cat.h"
#include "chronicle/cli/commands.h"
#include "chronicle/cli/table.h"
#include "chronicle/v1/notifications.grpc.pb.h"

namespace chronicle::cli {
namespace {

std::string Suffix(const std::string& enum_name, const std::string& prefix) {
  return enum_name.rfind(prefix, 0) == 0 ? enum_name.substr(prefix.size()) : enum_name;
}

int Inbox(Client& client, const std::string& employee, bool unread, int limit) {
  auto api = v1::Notifications::NewStub(client.channel());
  v1::ListNotificationsRequest request;
  if (!employee.empty()) request.set_parent(ResourceName("employees/", employee));
  request.set_unread_only(unread);
  request.set_page_size(limit);
  v1::ListNotificationsResponse response;
  grpc::Status status = api->ListNotifications(client.NewContext().get(), request, &response);
  if (!status.ok()) return ReportError(status);
  if (client.options().json) {
    for (const auto& n : response.notifications()) PrintJson(n);
    return 0;
  }
  Table table({"WHEN", "", "TITLE", "TEXT", "CLIENT"});
  for (const auto& n : response.notifications()) {
    table.AddRow({LocalMinute(n.create_time()), n.read() ? "" : "●", Truncate(n.title(), 48),
                  Truncate(n.body(), 48), n.client()});
  }
  table.Print(std::cout);
  std::cout << response.unread_count() << " unread\n";
  return 0;
}

int Watch(Client& client) {
  auto api = v1::Notifications::NewStub(client.channel());
  auto context = client.NewContext();
  context->set_deadline(std::chrono::system_clock::time_point::max());
  auto stream = api->WatchNotifications(context.get(), {});
  v1::Notification n;
  while (stream->Read(&n)) {
    if (client.options().json) {
      PrintJson(n);
    } else {
      std::cout << LocalMinute(n.create_time()) << "  " << n.title()
                << (n.body().empty() ? "" : "  — " + n.body()) << std::endl;
    }
  }
  return ReportError(stream->Finish());
}

int Rules(Client& client) {
  auto api = v1::Notifications::NewStub(client.channel());
  v1::ListRulesRequest request;
  request.set_page_size(1000);
  v1::ListRulesResponse response;
  grpc::Status status = api->ListRules(client.NewContext().get(), request, &response);
  if (!status.ok()) return ReportError(status);
  if (client.options().json) {
    for (const auto& r : response.rules()) PrintJson(r);
    return 0;
  }
  Table table({"RULE", "ON", "TRIGGER", "ACTIONS", "NAME"});
  for (const auto& r : response.rules()) {
    table.AddRow({r.name(), r.enabled() ? "yes" : "no",
                  Suffix(v1::TriggerKind_Name(r.trigger().kind()), "TRIGGER_"),
                  absl::StrCat(r.actions_size()), Truncate(r.display_name(), 60)});
  }
  table.Print(std::cout);
  return 0;
}

int Jobs(Client& client, int limit) {
  auto api = v1::Notifications::NewStub(client.channel());
  v1::ListScheduledJobsRequest request;
  request.set_page_size(limit);
  v1::ListScheduledJobsResponse response;
  grpc::Status status = api->ListScheduledJobs(client.NewContext().get(), request, &response);
  if (!status.ok()) return ReportError(status);
  if (client.options().json) {
    for (const auto& j : response.jobs()) PrintJson(j);
    return 0;
  }
  Table table({"DUE", "KIND", "RULE", "CLIENT", "TASK / DEAL"});
  for (const auto& j : response.jobs()) {
    table.AddRow({LocalMinute(j.due_time()), Suffix(v1::JobKind_Name(j.kind()), "JOB_"), j.rule(),
                  j.context().client(),
                  j.context().task().empty() ? j.context().deal() : j.context().task()});
  }
  table.Print(std::cout);
  std::cout << response.total() << " scheduled\n";
  return 0;
}

int Deliveries(Client& client, const std::string& filter, int limit) {
  auto api = v1::Notifications::NewStub(client.channel());
  v1::ListDeliveriesRequest request;
  request.set_filter(filter);
  request.set_page_size(limit);
  v1::ListDeliveriesResponse response;
  grpc::Status status = api->ListDeliveries(client.NewContext().get(), request, &response);
  if (!status.ok()) return ReportError(status);
  if (client.options().json) {
    for (const auto& d : response.deliveries()) PrintJson(d);
    return 0;
  }
  Table table({"CREATED", "STATE", "CHANNEL", "TO", "ATTEMPTS", "LAST ERROR", "DELIVERY"});
  for (const auto& d : response.deliveries()) {
    const std::string error =
        d.attempts().empty() ? d.suppressed_reason() : d.attempts(d.attempts_size() - 1).error();
    table.AddRow(
        {LocalMinute(d.create_time()), Suffix(v1::DeliveryState_Name(d.state()), "DELIVERY_STATE_"),
         Suffix(v1::DeliveryChannel_Name(d.channel()), "DELIVERY_CHANNEL_"),
         Truncate(d.target(), 36), absl::StrCat(d.attempts_size()), Truncate(error, 36), d.name()});
  }
  table.Print(std::cout);
  return 0;
}

}  // namespace

void AddNotificationsCommands(CLI::App& app, Action* selected) {
  CLI::App* group =
      app.add_subcommand("notifications", "in-app notifications, rules, the schedule, deliveries")
          ->require_subcommand(1);
  auto employee = std::make_shared<std::string>();
  auto unread = std::make_shared<bool>(false);
  auto limit = std::make_shared<int>(30);
  auto* inbox = group->add_subcommand("inbox", "an employee's notifications, newest first");
  inbox->add_option("employee", *employee, "the employee (default: the caller)");
  inbox->add_flag("--unread", *unread, "only unread ones");
  inbox->add_option("--limit", *limit);
  inbox->callback(
      [=] { *selected = [=](Client& c) { return Inbox(c, *employee, *unread, *limit); }; });

  group->add_subcommand("watch", "the caller's notifications as they come (Ctrl-C stops)")
      ->callback([=] { *selected = [](Client& c) { return Watch(c); }; });
  group->add_subcommand("rules", "the automation rules")->callback([=] {
    *selected = [](Client& c) { return Rules(c); };
  });

  auto* jobs = group->add_subcommand("jobs", "what the schedule holds, earliest first");
  jobs->add_option("--limit", *limit);
  jobs->callback([=] { *selected = [=](Client& c) { return Jobs(c, *limit); }; });

  auto filter = std::make_shared<std::string>();
  auto dead = std::make_shared<bool>(false);
  auto* deliveries = group->add_subcommand("deliveries", "messages and webhooks, newest first");
  deliveries->add_flag("--dead", *dead, "only dead letters (attempts exhausted)");
  deliveries->add_option("--filter", *filter,
                         "e.g. 'channel = WEBHOOK AND client = \"clients/c1\"'");
  deliveries->add_option("--limit", *limit);
  deliveries->callback([=] {
    *selected = [=](Client& c) {
      std::string f = *filter;
      if (*dead) f = f.empty() ? "state = DEAD_LETTER" : f + " AND state = DEAD_LETTER";
      return Deliveries(c, f, *limit);
    };
  });
}

}  // namespace chronicle::cli
