#include "activities/projection/index_entries.h"

#include "activities/domain/events.h"
#include "activities/projection/keys.h"
#include "chronicle/aggregate/proto_time.h"

namespace chronicle::activities {

using aggregate::FromProtoTime;

projection::keys::Entries TaskEntries(const v1::Task& task) {
  projection::keys::Entries out;
  if (task.name().empty()) return out;
  const std::string id = IdOf(task.name());
  const bool open =
      task.state() == v1::TASK_STATE_OPEN || task.state() == v1::TASK_STATE_IN_PROGRESS;
  const std::string due = keys::OldestFirst(FromProtoTime(task.due_time()));
  out[absl::StrCat(keys::TasksOf(task.assignee(), open), due, id)] = "";
  out[absl::StrCat(keys::AllTasks(open), due, id)] = "";
  if (open && !task.client().empty()) {
    out[absl::StrCat(keys::OpenTasksOfClient(IdOf(task.client())), id)] = "";
  }
  out[absl::StrCat(keys::Calendar(task.assignee()), due, "t", id)] = "";
  return out;
}

projection::keys::Entries MeetingEntries(const v1::Activity& activity) {
  projection::keys::Entries out;
  if (activity.kind() != v1::ACTIVITY_KIND_MEETING) return out;
  const std::string start = keys::OldestFirst(FromProtoTime(activity.meeting().start_time()));
  const std::string id = IdOf(activity.name());
  out[absl::StrCat(keys::Calendar(activity.employee()), start, "m", id)] = "";
  for (const std::string& participant : activity.meeting().participants()) {
    out[absl::StrCat(keys::Calendar(participant), start, "m", id)] = "";
  }
  return out;
}

projection::keys::Entries ClientEntries(const v1::Client& client) {
  projection::keys::Entries out;
  if (client.name().empty() || client.deleted() || !client.merged_into().empty()) return out;
  const std::string owner =
      client.effective_owner().empty() ? client.owner() : client.effective_owner();
  if (!owner.empty()) out[absl::StrCat(keys::ClientsOf(owner), IdOf(client.name()))] = "";
  return out;
}

projection::keys::Entries DealEntries(const v1::Deal& deal) {
  projection::keys::Entries out;
  if (deal.name().empty() || deal.client().empty() || deal.state() != v1::DEAL_STATE_OPEN)
    return out;
  out[absl::StrCat(keys::OpenDealsOf(IdOf(deal.client())), IdOf(deal.name()))] = deal.owner();
  return out;
}

}  // namespace chronicle::activities
