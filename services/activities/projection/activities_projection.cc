#include "activities/projection/activities_projection.h"

#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "activities/domain/activity.h"
#include "activities/domain/employee.h"
#include "activities/domain/events.h"
#include "activities/domain/task.h"
#include "activities/domain/task_series.h"
#include "activities/projection/index_entries.h"
#include "activities/projection/keys.h"
#include "activities/projection/timeline_entries.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/base/log.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/projection/state_messages.h"
#include "contacts/domain/client.h"
#include "deals/domain/deal.h"

namespace chronicle::activities {
namespace {

using aggregate::FromProtoTime;
using projection::FoldStored;
using projection::StateWriter;
using projection::keys::ReplaceEntries;

constexpr char kContactsPrefix[] = "contacts.";
constexpr char kDealsPrefix[] = "deals.";

absl::StatusOr<v1::Employee> EmployeeOf(StateWriter& state, const std::string& id) {
  if (id.empty()) return v1::Employee();
  ASSIGN_OR_RETURN(auto employee, projection::ReadMessage<v1::Employee>(state, keys::Employee(id)));
  return employee.value_or(v1::Employee());
}

// Moves the client's last contact of `kind` forward to `time` (never back: activities may be
// logged late, out of order).
absl::Status RecordContact(StateWriter& state, const std::string& client, const std::string& kind,
                           absl::Time time) {
  if (client.empty()) return absl::OkStatus();
  const std::string key = absl::StrCat(keys::LastContacts(IdOf(client)), kind);
  ASSIGN_OR_RETURN(std::optional<std::string> stored, state.Get(key));
  const std::string value = keys::OldestFirst(time);
  if (!stored || *stored < value) state.Put(key, value);
  return absl::OkStatus();
}

void PutTimeline(StateWriter& state, const v1::TimelineEntry& entry,
                 const std::vector<std::string>& subjects) {
  for (const auto& [key, value] : TimelineKeys(entry, subjects)) state.Put(key, value);
}

}  // namespace

absl::Status ActivitiesProjection::Apply(const v1::EventEnvelope& event, StateWriter& state) {
  const std::string& type = event.stream().type();
  const std::string& event_type = event.event_type();
  absl::Status applied;
  if (absl::StartsWith(event_type, kEventTypePrefix)) {
    if (type == kActivityStream) {
      applied = ApplyActivity(event, state);
    } else if (type == kTaskStream) {
      applied = ApplyTask(event, state);
    } else {
      applied = ApplyOwnRecord(event, state);
    }
  } else if (absl::StartsWith(event_type, kContactsPrefix)) {
    if (type == "client") applied = ApplyClient(event, state);
    if (type == "company") applied = ApplyCompany(event, state);
  } else if (absl::StartsWith(event_type, kDealsPrefix)) {
    if (type == "deal") applied = ApplyDeal(event, state);
  } else {
    applied = ApplyOther(event, state);
  }
  // An unreadable payload (a raw admin append) must not stop every other timeline: it is skipped
  // here, loudly. Commands on that aggregate fail with DATA_LOSS.
  if (absl::IsDataLoss(applied)) {
    Log(LogLevel::kWarning, "activities.projection", "event skipped",
        {{"event_type", std::string(event_type)},
         {"position", absl::StrCat(event.global_position())},
         {"error", std::string(applied.message())}});
    return absl::OkStatus();
  }
  return applied;
}

absl::Status ActivitiesProjection::ApplyActivity(const v1::EventEnvelope& event,
                                                 StateWriter& state) {
  const std::string key = keys::Activity(event.stream().id());
  ActivityState folded;
  ASSIGN_OR_RETURN(auto before, FoldStored(state, key, event, &folded, &ActivityState::activity));
  if (!folded.exists()) return absl::OkStatus();
  const v1::Activity& activity = folded.activity;
  state.Put(key, activity.SerializeAsString());
  ReplaceEntries(before ? MeetingEntries(*before) : projection::keys::Entries(),
                 MeetingEntries(activity), state);

  const bool logged = Is<v1::ActivityLogged>(event);
  v1::TimelineEntry entry = EntryFor(event);
  entry.set_kind(KindName(activity));
  // Logging names the employee who did it; later changes are the actor's.
  if (logged) entry.set_employee(activity.employee());
  ASSIGN_OR_RETURN(v1::Employee employee, EmployeeOf(state, entry.employee()));
  entry.set_department(logged ? activity.department() : employee.department());
  if (logged || Is<v1::MeetingHeld>(event)) *entry.mutable_occur_time() = activity.occur_time();
  entry.set_summary(ActivitySummary(activity, event, employee.time_zone()));
  entry.set_resource(activity.name());
  *entry.mutable_activity() = activity;
  std::vector<std::string> subjects = {keys::ClientSubject(IdOf(activity.client()))};
  if (!activity.company().empty())
    subjects.push_back(keys::CompanySubject(IdOf(activity.company())));
  if (!activity.deal().empty()) subjects.push_back(keys::DealSubject(IdOf(activity.deal())));
  PutTimeline(state, entry, subjects);

  if ((logged && activity.counts_as_contact()) || Is<v1::MeetingHeld>(event) ||
      Is<v1::WebinarAttended>(event)) {
    absl::Time when = FromProtoTime(activity.occur_time());
    if (Is<v1::WebinarAttended>(event)) when = FromProtoTime(activity.webinar().attend_time());
    RETURN_IF_ERROR(RecordContact(state, activity.client(), KindName(activity), when));
  }
  return absl::OkStatus();
}

absl::Status ActivitiesProjection::ApplyTask(const v1::EventEnvelope& event, StateWriter& state) {
  const std::string key = keys::Task(event.stream().id());
  TaskState folded;
  ASSIGN_OR_RETURN(auto before, FoldStored(state, key, event, &folded, &TaskState::task));
  if (!folded.exists()) return absl::OkStatus();
  const v1::Task& task = folded.task;
  state.Put(key, task.SerializeAsString());
  ReplaceEntries(before ? TaskEntries(*before) : projection::keys::Entries(), TaskEntries(task),
                 state);
  v1::TimelineEntry entry = EntryFor(event);
  entry.set_kind(kTaskKind);
  ASSIGN_OR_RETURN(v1::Employee employee, EmployeeOf(state, entry.employee()));
  entry.set_department(employee.department());
  entry.set_summary(TaskSummary(task, event));
  entry.set_resource(task.name());
  std::vector<std::string> subjects;
  if (!task.client().empty()) subjects.push_back(keys::ClientSubject(IdOf(task.client())));
  if (!task.deal().empty()) subjects.push_back(keys::DealSubject(IdOf(task.deal())));
  PutTimeline(state, entry, subjects);
  return absl::OkStatus();
}

absl::Status ActivitiesProjection::ApplyOwnRecord(const v1::EventEnvelope& event,
                                                  StateWriter& state) {
  const std::string& type = event.stream().type();
  if (type == kEmployeeStream) {
    const std::string key = keys::Employee(event.stream().id());
    EmployeeState folded;
    RETURN_IF_ERROR(FoldStored(state, key, event, &folded, &EmployeeState::employee).status());
    if (folded.exists()) state.Put(key, folded.employee.SerializeAsString());
  } else if (type == kTaskSeriesStream) {
    const std::string key = keys::Series(event.stream().id());
    TaskSeriesState folded;
    RETURN_IF_ERROR(FoldStored(state, key, event, &folded, &TaskSeriesState::series).status());
    if (folded.exists()) state.Put(key, folded.series.SerializeAsString());
  }
  // The catalogs (activity types, contact rules) are read by folding their one stream.
  return absl::OkStatus();
}

absl::Status ActivitiesProjection::ApplyClient(const v1::EventEnvelope& event, StateWriter& state) {
  const std::string key = keys::Client(event.stream().id());
  contacts::ClientState folded;
  ASSIGN_OR_RETURN(auto before,
                   FoldStored(state, key, event, &folded, &contacts::ClientState::card));
  if (!folded.exists()) return absl::OkStatus();
  state.Put(key, folded.card.SerializeAsString());
  ReplaceEntries(before ? ClientEntries(*before) : projection::keys::Entries(),
                 ClientEntries(folded.card), state);
  v1::TimelineEntry entry = EntryFor(event);
  entry.set_kind(kContactKind);
  ASSIGN_OR_RETURN(v1::Employee employee, EmployeeOf(state, entry.employee()));
  entry.set_department(employee.department());
  entry.set_summary(ContactSummary(event));
  entry.set_resource(folded.card.name());
  PutTimeline(state, entry, {keys::ClientSubject(event.stream().id())});
  if (Is<v1::InquiryReceived>(event)) {
    RETURN_IF_ERROR(
        RecordContact(state, folded.card.name(), "inquiry", FromProtoTime(event.occurred_at())));
  }
  return absl::OkStatus();
}

absl::Status ActivitiesProjection::ApplyCompany(const v1::EventEnvelope& event,
                                                StateWriter& state) {
  if (Is<v1::CompanyCreated>(event)) state.Put(keys::Company(event.stream().id()), "");
  v1::TimelineEntry entry = EntryFor(event);
  entry.set_kind(kContactKind);
  entry.set_summary(ContactSummary(event));
  entry.set_resource(absl::StrCat(kCompanyPrefix, event.stream().id()));
  PutTimeline(state, entry, {keys::CompanySubject(event.stream().id())});
  return absl::OkStatus();
}

absl::Status ActivitiesProjection::ApplyDeal(const v1::EventEnvelope& event, StateWriter& state) {
  const std::string key = keys::Deal(event.stream().id());
  deals::DealState folded;
  ASSIGN_OR_RETURN(auto before, FoldStored(state, key, event, &folded, &deals::DealState::deal));
  if (!folded.exists()) return absl::OkStatus();
  const v1::Deal& deal = folded.deal;
  state.Put(key, deal.SerializeAsString());
  ReplaceEntries(before ? DealEntries(*before) : projection::keys::Entries(), DealEntries(deal),
                 state);
  v1::TimelineEntry entry = EntryFor(event);
  entry.set_kind(kDealKind);
  ASSIGN_OR_RETURN(v1::Employee employee, EmployeeOf(state, entry.employee()));
  entry.set_department(employee.department());
  entry.set_summary(DealSummary(deal, event));
  entry.set_resource(deal.name());
  std::vector<std::string> subjects = {keys::DealSubject(event.stream().id())};
  if (!deal.client().empty()) subjects.push_back(keys::ClientSubject(IdOf(deal.client())));
  if (!deal.company().empty()) subjects.push_back(keys::CompanySubject(IdOf(deal.company())));
  PutTimeline(state, entry, subjects);
  return absl::OkStatus();
}

absl::Status ActivitiesProjection::ApplyOther(const v1::EventEnvelope& event, StateWriter& state) {
  const std::string& client = event.partition_key();
  if (client.empty() || event.stream().type() == "client") return absl::OkStatus();
  ASSIGN_OR_RETURN(std::optional<std::string> card, state.Get(keys::Client(client)));
  if (!card) return absl::OkStatus();
  // "notifications.MessageSent" -> kind "notification".
  absl::string_view service = event.event_type();
  service = service.substr(0, service.find('.'));
  absl::ConsumeSuffix(&service, "s");
  v1::TimelineEntry entry = EntryFor(event);
  entry.set_kind(std::string(service));
  entry.set_summary(OtherServiceSummary(event));
  PutTimeline(state, entry, {keys::ClientSubject(client)});
  return absl::OkStatus();
}

}  // namespace chronicle::activities
