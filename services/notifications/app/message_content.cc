#include "notifications/app/message_content.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/base/status_macros.h"
#include "notifications/domain/delivery_policy.h"
#include "notifications/domain/events.h"

namespace chronicle::notifications {
namespace {

std::string ClientOwner(const v1::Client& client) {
  return client.effective_owner().empty() ? client.owner() : client.effective_owner();
}

std::string Money(const v1::Money& money) {
  return absl::StrFormat("%d %s", money.units(), money.currency_code());
}

}  // namespace

std::string FormatLocalTime(absl::Time t, const std::string& time_zone) {
  return absl::FormatTime("%d.%m.%Y %H:%M", t, ZoneOrUtc(time_zone));
}

absl::StatusOr<TemplateValues> ValuesFor(const v1::TriggerContext& context,
                                         NotificationsReader& reader,
                                         const v1::NotificationSettings& settings,
                                         const std::string& survey_link) {
  TemplateValues values;
  values["workspace.name"] = settings.workspace_name();
  if (!survey_link.empty()) values["survey.link"] = survey_link;
  if (context.nps_score() >= 0 && !context.event_type().empty() &&
      context.event_type() == "activities.ActivityLogged") {
    values["nps.score"] = absl::StrCat(context.nps_score());
  }
  std::string manager;
  if (!context.client().empty()) {
    ASSIGN_OR_RETURN(auto client, reader.Client(IdOf(context.client())));
    if (client) {
      values["client.name"] = client->display_name();
      values["client.preferred_name"] = !client->preferred_address().empty()
                                            ? client->preferred_address()
                                        : !client->given_name().empty() ? client->given_name()
                                                                        : client->display_name();
      if (!client->phones().empty()) values["client.phone"] = client->phones(0).number();
      values["client.email"] = ClientEmail(*client);
      manager = ClientOwner(*client);
    }
  }
  if (!context.deal().empty()) {
    ASSIGN_OR_RETURN(auto deal, reader.Deal(IdOf(context.deal())));
    if (deal) {
      values["deal.title"] = deal->title();
      values["deal.stage"] = deal->stage_display_name();
      if (deal->has_amount()) values["deal.amount"] = Money(deal->amount());
      if (manager.empty()) manager = deal->owner();
    }
  }
  if (!context.task().empty()) {
    ASSIGN_OR_RETURN(auto task, reader.Task(IdOf(context.task())));
    if (task) {
      values["task.title"] = task->title();
      if (task->has_due_time()) {
        values["task.deadline"] =
            FormatLocalTime(aggregate::FromProtoTime(task->due_time()),
                            task->time_zone().empty() ? settings.time_zone() : task->time_zone());
      }
      if (manager.empty()) manager = task->assignee();
    }
  }
  if (!manager.empty()) {
    ASSIGN_OR_RETURN(auto employee, reader.Employee(manager));
    values["manager.name"] = employee ? employee->display_name() : manager;
    if (employee) {
      values["manager.phone"] = employee->phone();
      values["manager.email"] = employee->email();
    }
  }
  return values;
}

absl::StatusOr<std::string> ResolveRecipient(const std::string& who,
                                             const v1::TriggerContext& context,
                                             NotificationsReader& reader) {
  if (who == "owner") {
    if (context.client().empty()) return std::string();
    ASSIGN_OR_RETURN(auto client, reader.Client(IdOf(context.client())));
    return client ? ClientOwner(*client) : std::string();
  }
  if (who == "deal_owner") {
    if (context.deal().empty()) return std::string();
    ASSIGN_OR_RETURN(auto deal, reader.Deal(IdOf(context.deal())));
    return deal ? deal->owner() : std::string();
  }
  if (who == "assignee") {
    if (context.task().empty()) return std::string();
    ASSIGN_OR_RETURN(auto task, reader.Task(IdOf(context.task())));
    return task ? task->assignee() : std::string();
  }
  return std::string(absl::StripPrefix(who, kEmployeePrefix));
}

}  // namespace chronicle::notifications
