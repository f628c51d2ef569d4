// ListTimeline and GetClientEngagement: reads of the timeline indexes.
#include <map>

#include "activities/domain/activity.h"
#include "activities/domain/events.h"
#include "activities/projection/keys.h"
#include "activities/projection/merged_scan.h"
#include "activities/projection/queries.h"
#include "activities/projection/timeline_entries.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "chronicle/projection/state_messages.h"
#include "chronicle/query/conjunctive_filter.h"
#include "chronicle/storage/rocksdb_util.h"

namespace chronicle::activities {
namespace {

using aggregate::FromProtoTime;
using projection::ReadMessage;

constexpr int kDefaultPageSize = 20;
constexpr int kMaxPageSize = 500;
constexpr int kMaxMergeHops = 8;
// Engagement reads at most this many of the newest entries of a client.
constexpr int kEngagementScanLimit = 5000;
constexpr int kRecentActivitiesShown = 5;

const query::FilterFields& TimelineFields() {
  static const auto* const fields =
      new query::FilterFields{[](const std::string& f) {
                                return f == "kind" || f == "employee" || f == "department" ||
                                       f == "event_type" || f == "occur_time";
                              },
                              "kind, employee, department, event_type, occur_time",
                              {"occur_time"}};
  return *fields;
}

bool Matches(const v1::TimelineEntry& entry, const std::vector<query::Comparison>& filter) {
  for (const query::Comparison& c : filter) {
    bool ok = true;
    if (c.field == "kind") ok = query::StringMatches(entry.kind(), c);
    if (c.field == "employee") ok = query::StringMatches(entry.employee(), c);
    if (c.field == "department") ok = query::StringMatches(entry.department(), c);
    if (c.field == "event_type") ok = query::StringMatches(entry.event_type(), c);
    if (c.field == "occur_time") ok = query::TimeMatches(entry.occur_time(), true, c);
    if (!ok) return false;
  }
  return true;
}

// The newest-first bounds the filter puts on occur_time: the sort key to start after, and the
// oldest instant still wanted.
struct TimeBounds {
  std::string start_after;
  std::optional<absl::Time> oldest;
};

TimeBounds BoundsOf(const std::vector<query::Comparison>& filter) {
  TimeBounds bounds;
  for (const query::Comparison& c : filter) {
    if (c.field != "occur_time") continue;
    absl::Time t;
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, c.value, &t, &error)) continue;
    if (c.op == "<" || c.op == "<=") {
      // Newest first: entries at or before `t` sort after its complement; strictly before, after
      // every entry of the same microsecond too.
      const int64_t micros = absl::ToUnixMicros(t) - (c.op == "<" ? 1 : 0);
      std::string key = storage::BigEndian64(~static_cast<uint64_t>(micros + 1));
      key.append(keys::kSortValueBytes, '\xff');
      if (key > bounds.start_after) bounds.start_after = key;
    } else if (c.op == ">" || c.op == ">=") {
      const absl::Time oldest = c.op == ">" ? t + absl::Microseconds(1) : t;
      if (!bounds.oldest || oldest > *bounds.oldest) bounds.oldest = oldest;
    }
  }
  return bounds;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ClientSubjects(projection::StateReader& view,
                                                        const std::string& client,
                                                        v1::Client* survivor) {
  std::string id = IdOf(client);
  std::optional<v1::Client> card;
  for (int hop = 0; hop < kMaxMergeHops; ++hop) {
    ASSIGN_OR_RETURN(card, ReadMessage<v1::Client>(view, keys::Client(id)));
    if (!card) return absl::NotFoundError(absl::StrCat(client, " not found"));
    if (card->merged_into().empty()) break;
    id = IdOf(card->merged_into());
  }
  std::vector<std::string> subjects = {keys::ClientSubject(id)};
  if (survivor != nullptr) *survivor = *card;
  std::vector<std::string> pending(card->merged_from().begin(), card->merged_from().end());
  while (!pending.empty() && subjects.size() < 100) {
    const std::string merged = IdOf(pending.back());
    pending.pop_back();
    subjects.push_back(keys::ClientSubject(merged));
    ASSIGN_OR_RETURN(auto absorbed, ReadMessage<v1::Client>(view, keys::Client(merged)));
    if (absorbed)
      pending.insert(pending.end(), absorbed->merged_from().begin(), absorbed->merged_from().end());
  }
  return subjects;
}

absl::Status ListTimeline(projection::StateReader& view, const std::vector<std::string>& subjects,
                          const v1::ListTimelineRequest& request,
                          v1::ListTimelineResponse* response) {
  if (request.page_size() < 0 || request.page_size() > kMaxPageSize) {
    return errors::InvalidArgument({{"page_size", "0..500 (0: 20)"}});
  }
  const size_t page_size = request.page_size() == 0 ? kDefaultPageSize : request.page_size();
  ASSIGN_OR_RETURN(std::vector<query::Comparison> filter,
                   query::ParseConjunction(request.filter(), TimelineFields()));
  ASSIGN_OR_RETURN(std::string cursor, DecodePageToken(request.page_token(), keys::kSuffixBytes));

  // Pick the narrowest index: by kind when kinds are asked for, else by employee, else all.
  std::vector<std::string> kinds(request.kinds().begin(), request.kinds().end());
  const std::string kind = query::EqualityOn(filter, "kind");
  if (!kind.empty()) {
    if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
      return absl::OkStatus();  // kind = X AND X not among kinds: nothing
    }
    kinds = {kind};
  }
  const std::string employee = query::EqualityOn(filter, "employee");
  std::vector<std::string> prefixes;
  std::vector<std::string> subject_of;  // of each prefix: index rows point at its entries
  for (const std::string& subject : subjects) {
    if (!kinds.empty()) {
      for (const std::string& k : kinds) prefixes.push_back(keys::TimelineByKind(subject, k));
    } else if (!employee.empty()) {
      prefixes.push_back(keys::TimelineByEmployee(subject, employee));
    } else {
      prefixes.push_back(keys::Timeline(subject));
    }
    subject_of.resize(prefixes.size(), subject);
  }
  const bool indexed = !kinds.empty() || !employee.empty();
  const TimeBounds bounds = BoundsOf(filter);
  const std::string after = std::max(cursor, bounds.start_after);

  std::map<std::string, v1::TimelineEntry> entries;
  ASSIGN_OR_RETURN(
      MergedPage page,
      ScanMerged(view, prefixes, after, page_size,
                 [&](size_t range, absl::string_view suffix,
                     absl::string_view value) -> absl::StatusOr<RowVerdict> {
                   if (bounds.oldest && keys::SuffixTime(suffix) < *bounds.oldest) {
                     return RowVerdict::kStop;
                   }
                   v1::TimelineEntry entry;
                   if (indexed) {
                     ASSIGN_OR_RETURN(
                         std::optional<v1::TimelineEntry> stored,
                         ReadMessage<v1::TimelineEntry>(
                             view, absl::StrCat(keys::Timeline(subject_of[range]), suffix)));
                     if (!stored) return RowVerdict::kSkip;
                     entry = std::move(*stored);
                   } else if (!entry.ParseFromString(std::string(value))) {
                     return absl::DataLossError("activities projection: unreadable timeline entry");
                   }
                   if (!Matches(entry, filter)) return RowVerdict::kSkip;
                   entries[std::string(suffix)] = std::move(entry);
                   return RowVerdict::kTake;
                 }));
  for (const MergedRow& row : page.rows) {
    *response->add_entries() = std::move(entries[row.sort_key]);
  }
  if (page.more) response->set_next_page_token(EncodePageToken(page.rows.back().sort_key));
  return absl::OkStatus();
}

absl::StatusOr<v1::ClientEngagement> GetClientEngagement(projection::StateReader& view,
                                                         const std::string& client, int recent_days,
                                                         absl::Time now) {
  if (recent_days < 0 || recent_days > 365) {
    return errors::InvalidArgument({{"recent_days", "0..365 (0: 30)"}});
  }
  if (recent_days == 0) recent_days = 30;
  v1::Client survivor;
  ASSIGN_OR_RETURN(std::vector<std::string> subjects, ClientSubjects(view, client, &survivor));
  const v1::Client* card = &survivor;
  v1::ClientEngagement out;
  out.set_client(card->name());
  out.set_display_name(card->display_name());
  out.set_owner(card->effective_owner().empty() ? card->owner() : card->effective_owner());
  std::map<std::string, v1::EmployeeEngagement> by_employee;
  auto engagement = [&](const std::string& employee) -> v1::EmployeeEngagement& {
    v1::EmployeeEngagement& e = by_employee[employee];
    e.set_employee(employee);
    return e;
  };
  if (!out.owner().empty()) engagement(out.owner());

  for (const std::string& subject : subjects) {
    const std::string client_id = subject.substr(1);
    std::vector<std::string> deal_ids, task_ids;
    RETURN_IF_ERROR(
        view.Scan(keys::OpenDealsOf(client_id), "", [&](absl::string_view key, absl::string_view) {
          deal_ids.emplace_back(keys::TrailingId(key));
          return true;
        }));
    RETURN_IF_ERROR(view.Scan(keys::OpenTasksOfClient(client_id), "",
                              [&](absl::string_view key, absl::string_view) {
                                task_ids.emplace_back(keys::TrailingId(key));
                                return true;
                              }));
    for (const std::string& deal_id : deal_ids) {
      ASSIGN_OR_RETURN(auto deal, ReadMessage<v1::Deal>(view, keys::Deal(deal_id)));
      if (!deal) continue;
      v1::DealRef* ref = engagement(deal->owner()).add_open_deals();
      ref->set_name(deal->name());
      ref->set_title(deal->title());
      ref->set_pipeline(deal->pipeline());
      ref->set_stage(deal->stage_display_name());
      ref->set_owner(deal->owner());
    }
    for (const std::string& task_id : task_ids) {
      ASSIGN_OR_RETURN(auto task, ReadMessage<v1::Task>(view, keys::Task(task_id)));
      if (!task) continue;
      task->set_overdue(FromProtoTime(task->due_time()) < now);
      *engagement(task->assignee()).add_open_tasks() = std::move(*task);
    }
  }
  // Activities of the window, newest first, across the merged cards.
  const absl::Time since = now - absl::Hours(24 * recent_days);
  std::vector<std::string> prefixes;
  for (const std::string& subject : subjects) prefixes.push_back(keys::Timeline(subject));
  ASSIGN_OR_RETURN(
      MergedPage page,
      ScanMerged(
          view, prefixes, "", kEngagementScanLimit,
          [&](size_t, absl::string_view suffix, absl::string_view) -> absl::StatusOr<RowVerdict> {
            return keys::SuffixTime(suffix) < since ? RowVerdict::kStop : RowVerdict::kTake;
          }));
  for (const MergedRow& row : page.rows) {
    v1::TimelineEntry entry;
    if (!entry.ParseFromString(row.value) || !entry.has_activity()) continue;
    if (entry.employee().empty()) continue;
    v1::EmployeeEngagement& e = engagement(entry.employee());
    if (e.recent_activity_count() == 0) *e.mutable_last_activity_time() = entry.occur_time();
    e.set_recent_activity_count(e.recent_activity_count() + 1);
    if (e.recent_activities_size() < kRecentActivitiesShown) *e.add_recent_activities() = entry;
  }
  std::vector<v1::EmployeeEngagement> list;
  for (auto& [employee, e] : by_employee) {
    if (employee.empty()) continue;
    ASSIGN_OR_RETURN(auto record, ReadMessage<v1::Employee>(view, keys::Employee(employee)));
    if (record) {
      e.set_display_name(record->display_name());
      e.set_department(record->department());
    }
    e.set_is_owner(employee == out.owner());
    list.push_back(std::move(e));
  }
  std::sort(list.begin(), list.end(),
            [](const v1::EmployeeEngagement& a, const v1::EmployeeEngagement& b) {
              return FromProtoTime(a.last_activity_time()) > FromProtoTime(b.last_activity_time());
            });
  for (auto& e : list) *out.add_employees() = std::move(e);
  if (card->has_last_contact_time()) *out.mutable_last_contact_time() = card->last_contact_time();
  return out;
}

}  // namespace chronicle::activities
