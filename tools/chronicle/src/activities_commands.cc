// chronicle activities timeline | who | tasks | calendar | overdue: the story of a client and the
// work planned around it, as a manager (or the colleague covering for one) reads it.
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "chronicle/cli/commands.h"
#include "chronicle/cli/table.h"
#include "chronicle/v1/activities.grpc.pb.h"
#include "google/protobuf/util/time_util.h"

namespace chronicle::cli {
namespace {

using google::protobuf::util::TimeUtil;

std::string TaskState(v1::TaskState state) {
  return v1::TaskState_Name(state).substr(sizeof("TASK_STATE_") - 1);
}

int Timeline(Client& client, const std::string& parent, const std::string& filter, int limit) {
  auto api = v1::Activities::NewStub(client.channel());
  v1::ListTimelineRequest request;
  request.set_parent(ResourceName("clients/", parent));
  request.set_filter(filter);
  request.set_page_size(std::min(limit, 500));
  v1::ListTimelineResponse response;
  grpc::Status status = api->ListTimeline(client.NewContext().get(), request, &response);
  if (!status.ok()) return ReportError(status);
  if (client.options().json) {
    for (const auto& entry : response.entries()) PrintJson(entry);
    return 0;
  }
  Table table({"WHEN", "KIND", "WHO", "WHAT"});
  for (const auto& e : response.entries()) {
    table.AddRow({LocalMinute(e.occur_time()), e.kind(), e.employee(), Truncate(e.summary(), 72)});
  }
  table.Print(std::cout);
  return 0;
}

int Who(Client& client, const std::string& name, int days) {
  auto api = v1::Activities::NewStub(client.channel());
  v1::GetClientEngagementRequest request;
  request.set_client(ResourceName("clients/", name));
  request.set_recent_days(days);
  v1::ClientEngagement engagement;
  grpc::Status status = api->GetClientEngagement(client.NewContext().get(), request, &engagement);
  if (!status.ok()) return ReportError(status);
  if (client.options().json) {
    PrintJson(engagement);
    return 0;
  }
  Table table({"EMPLOYEE", "OWNER", "OPEN TASKS", "OPEN DEALS", "ACTIVITIES", "LAST"});
  for (const auto& e : engagement.employees()) {
    table.AddRow({e.display_name().empty() ? e.employee() : e.display_name(),
                  e.is_owner() ? "yes" : "", absl::StrCat(e.open_tasks_size()),
                  absl::StrCat(e.open_deals_size()), absl::StrCat(e.recent_activity_count()),
                  LocalMinute(e.last_activity_time())});
  }
  table.Print(std::cout);
  return 0;
}

int Tasks(Client& client, const std::string& employee, const std::string& view,
          const std::string& filter, int limit) {
  auto api = v1::Activities::NewStub(client.channel());
  v1::ListTasksRequest request;
  request.set_parent(ResourceName("employees/", employee.empty() ? "-" : employee));
  request.set_view(view == "today"     ? v1::TASK_VIEW_TODAY
                   : view == "overdue" ? v1::TASK_VIEW_OVERDUE
                                       : v1::TASK_VIEW_UNSPECIFIED);
  request.set_filter(filter);
  request.set_page_size(std::min(limit, 1000));
  v1::ListTasksResponse response;
  grpc::Status status = api->ListTasks(client.NewContext().get(), request, &response);
  if (!status.ok()) return ReportError(status);
  if (client.options().json) {
    for (const auto& task : response.tasks()) PrintJson(task);
    return 0;
  }
  Table table({"DUE", "STATE", "ASSIGNEE", "TITLE", "CLIENT", "TASK"});
  for (const auto& t : response.tasks()) {
    table.AddRow({LocalMinute(t.due_time()),
                  TaskState(t.state()) + (t.overdue() ? " (overdue)" : ""), t.assignee(),
                  Truncate(t.title(), 40), t.client(), t.name()});
  }
  table.Print(std::cout);
  return 0;
}

int Calendar(Client& client, const std::string& employee, int days) {
  auto api = v1::Activities::NewStub(client.channel());
  v1::ListCalendarRequest request;
  request.set_employee(ResourceName("employees/", employee));
  const absl::Time start = absl::Now();
  *request.mutable_start_time() = TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(start));
  *request.mutable_end_time() =
      TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(start + absl::Hours(24 * days)));
  v1::ListCalendarResponse response;
  grpc::Status status = api->ListCalendar(client.NewContext().get(), request, &response);
  if (!status.ok()) return ReportError(status);
  if (client.options().json) {
    PrintJson(response);
    return 0;
  }
  Table table({"WHEN", "KIND", "TITLE", "CLIENT"});
  for (const auto& item : response.items()) {
    table.AddRow(
        {LocalMinute(item.start_time()), item.kind(), Truncate(item.title(), 48), item.client()});
  }
  table.Print(std::cout);
  return 0;
}

int Overdue(Client& client, const std::string& owner) {
  auto api = v1::Activities::NewStub(client.channel());
  v1::ListOverdueContactsRequest request;
  request.set_owner(owner);
  v1::ListOverdueContactsResponse response;
  grpc::Status status = api->ListOverdueContacts(client.NewContext().get(), request, &response);
  if (!status.ok()) return ReportError(status);
  if (client.options().json) {
    PrintJson(response);
    return 0;
  }
  Table table({"OWNER", "CLIENT", "NAME", "RULE", "LAST CONTACT", "DAYS OVERDUE"});
  for (const auto& group : response.groups()) {
    for (const auto& c : group.clients()) {
      table.AddRow({group.owner(), c.client(), Truncate(c.display_name(), 32), c.rule(),
                    LocalMinute(c.last_contact_time()),
                    absl::StrCat(c.overdue_by().seconds() / 86400)});
    }
  }
  table.Print(std::cout);
  return 0;
}

}  // namespace

void AddActivitiesCommands(CLI::App& app, Action* selected) {
  CLI::App* activities =
      app.add_subcommand("activities", "timelines, tasks, calendars, clients due for contact")
          ->require_subcommand(1);
  auto parent = std::make_shared<std::string>();
  auto filter = std::make_shared<std::string>();
  auto limit = std::make_shared<int>(30);
  auto* timeline = activities->add_subcommand("timeline", "a client's history, newest first");
  timeline->add_option("parent", *parent, "clients/{id} (or the id), companies/{id}, deals/{id}")
      ->required();
  timeline->add_option("--filter", *filter, R"(e.g. 'kind = call AND employee = "anna.petrova"')");
  timeline->add_option("--limit", *limit);
  timeline->callback(
      [=] { *selected = [=](Client& c) { return Timeline(c, *parent, *filter, *limit); }; });

  auto days = std::make_shared<int>(30);
  auto* who = activities->add_subcommand("who", "who works with a client now");
  who->add_option("client", *parent, "clients/{id} or the id")->required();
  who->add_option("--days", *days, "activities of the last N days count (default 30)");
  who->callback([=] { *selected = [=](Client& c) { return Who(c, *parent, *days); }; });

  auto employee = std::make_shared<std::string>();
  auto view = std::make_shared<std::string>();
  auto* tasks = activities->add_subcommand("tasks", "tasks by due time");
  tasks->add_option("employee", *employee, "the assignee (default: everyone)");
  tasks->add_option("--view", *view, "today or overdue")
      ->check(CLI::IsMember({"today", "overdue"}));
  tasks->add_option("--filter", *filter, "e.g. 'state = OPEN AND priority = HIGH'");
  tasks->add_option("--limit", *limit);
  tasks->callback(
      [=] { *selected = [=](Client& c) { return Tasks(c, *employee, *view, *filter, *limit); }; });

  auto* calendar = activities->add_subcommand("calendar", "an employee's next days");
  calendar->add_option("employee", *employee)->required();
  calendar->add_option("--days", *days, "how far ahead (default 30)");
  calendar->callback([=] { *selected = [=](Client& c) { return Calendar(c, *employee, *days); }; });

  auto owner = std::make_shared<std::string>();
  auto* overdue = activities->add_subcommand("overdue", "clients due for contact under the rules");
  overdue->add_option("--owner", *owner);
  overdue->callback([=] { *selected = [=](Client& c) { return Overdue(c, *owner); }; });
}

}  // namespace chronicle::cli
