// ListTasks and ListCalendar: reads of the due-time and calendar indexes.
#include "activities/domain/events.h"
#include "activities/projection/keys.h"
#include "activities/projection/merged_scan.h"
#include "activities/projection/queries.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "chronicle/projection/state_messages.h"
#include "chronicle/query/conjunctive_filter.h"

namespace chronicle::activities {
namespace {

using aggregate::FromProtoTime;
using projection::ReadMessage;

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 1000;
constexpr absl::Duration kMaxCalendarSpan = absl::Hours(24 * 92);

const query::FilterFields& TaskFields() {
  static const auto* const fields = new query::FilterFields{
      [](const std::string& f) {
        return f == "state" || f == "priority" || f == "kind" || f == "client" || f == "deal" ||
               f == "series" || f == "due_time" || f == "create_user";
      },
      "state, priority, kind, client, deal, series, due_time, create_user",
      {"due_time"}};
  return *fields;
}

bool Matches(const v1::Task& task, const std::vector<query::Comparison>& filter) {
  for (const query::Comparison& c : filter) {
    bool ok = true;
    if (c.field == "state") ok = query::EnumMatches(v1::TaskState_descriptor(), task.state(), c);
    if (c.field == "priority") {
      ok = query::EnumMatches(v1::TaskPriority_descriptor(), task.priority(), c);
    }
    if (c.field == "kind") ok = query::EnumMatches(v1::TaskKind_descriptor(), task.kind(), c);
    if (c.field == "client") ok = query::StringMatches(task.client(), c);
    if (c.field == "deal") ok = query::StringMatches(task.deal(), c);
    if (c.field == "series") ok = query::StringMatches(task.series(), c);
    if (c.field == "create_user") ok = query::StringMatches(task.create_user(), c);
    if (c.field == "due_time") ok = query::TimeMatches(task.due_time(), true, c);
    if (!ok) return false;
  }
  return true;
}

// The end of the calendar day that contains `t` in `zone_name` (UTC when unknown).
absl::Time EndOfDay(absl::Time t, const std::string& zone_name) {
  absl::TimeZone zone = absl::UTCTimeZone();
  if (!zone_name.empty()) absl::LoadTimeZone(zone_name, &zone);
  const absl::CivilDay day = absl::ToCivilDay(t, zone);
  return absl::FromCivil(day + 1, zone);
}

}  // namespace

absl::Status ListTasks(projection::StateReader& view, const v1::ListTasksRequest& request,
                       absl::Time now, v1::ListTasksResponse* response) {
  std::vector<errors::FieldViolation> problems;
  constexpr absl::string_view kParentPrefix = "employees/";
  if (!absl::StartsWith(request.parent(), kParentPrefix) ||
      request.parent().size() == kParentPrefix.size()) {
    problems.push_back({"parent", "employees/{employee}, or employees/- for everyone"});
  }
  if (request.page_size() < 0 || request.page_size() > kMaxPageSize) {
    problems.push_back({"page_size", "0..1000 (0: 50)"});
  }
  if (!problems.empty()) return errors::InvalidArgument(problems);
  ASSIGN_OR_RETURN(std::vector<query::Comparison> filter,
                   query::ParseConjunction(request.filter(), TaskFields()));
  ASSIGN_OR_RETURN(std::string cursor, DecodePageToken(request.page_token(), 0));
  const std::string assignee = IdOf(request.parent());
  const size_t page_size = request.page_size() == 0 ? kDefaultPageSize : request.page_size();

  // Open and closed tasks sit in two due-time ranges: a view of open work reads only the first.
  const bool open_only = request.view() != v1::TASK_VIEW_UNSPECIFIED;
  std::vector<std::string> prefixes;
  for (bool open : {true, false}) {
    if (!open && open_only) continue;
    prefixes.push_back(assignee == "-" ? keys::AllTasks(open) : keys::TasksOf(assignee, open));
  }
  // Overdue: due before now. Today: due before the end of the assignee's day, at most a day away.
  const absl::Time due_limit = request.view() == v1::TASK_VIEW_OVERDUE ? now
                               : request.view() == v1::TASK_VIEW_TODAY ? now + absl::Hours(26)
                                                                       : absl::InfiniteFuture();
  std::map<std::string, v1::Task> tasks;
  ASSIGN_OR_RETURN(
      MergedPage page,
      ScanMerged(
          view, prefixes, cursor, page_size,
          [&](size_t, absl::string_view sort_key, absl::string_view) -> absl::StatusOr<RowVerdict> {
            const absl::Time due = keys::OldestFirstTime(sort_key);
            if (due >= due_limit) return RowVerdict::kStop;
            const absl::string_view id = sort_key.substr(keys::kSortValueBytes);
            ASSIGN_OR_RETURN(auto task, ReadMessage<v1::Task>(view, keys::Task(id)));
            if (!task) return RowVerdict::kSkip;
            if (request.view() == v1::TASK_VIEW_TODAY && due >= EndOfDay(now, task->time_zone())) {
              return RowVerdict::kSkip;
            }
            if (!Matches(*task, filter)) return RowVerdict::kSkip;
            const bool open =
                task->state() == v1::TASK_STATE_OPEN || task->state() == v1::TASK_STATE_IN_PROGRESS;
            task->set_overdue(open && due < now);
            tasks[std::string(sort_key)] = std::move(*task);
            return RowVerdict::kTake;
          }));
  for (const MergedRow& row : page.rows) *response->add_tasks() = std::move(tasks[row.sort_key]);
  if (page.more) response->set_next_page_token(EncodePageToken(page.rows.back().sort_key));
  return absl::OkStatus();
}

absl::Status ListCalendar(projection::StateReader& view, const v1::ListCalendarRequest& request,
                          v1::ListCalendarResponse* response) {
  std::vector<errors::FieldViolation> problems;
  if (!absl::StartsWith(request.employee(), kEmployeePrefix)) {
    problems.push_back({"employee", "required: employees/{employee}"});
  }
  const absl::Time start = FromProtoTime(request.start_time());
  const absl::Time end = FromProtoTime(request.end_time());
  if (!request.has_start_time()) problems.push_back({"start_time", "required"});
  if (!request.has_end_time() || end <= start) {
    problems.push_back({"end_time", "required, after start_time"});
  } else if (end - start > kMaxCalendarSpan) {
    problems.push_back({"end_time", "at most 92 days after start_time"});
  }
  if (!problems.empty()) return errors::InvalidArgument(problems);
  const std::string prefix = keys::Calendar(IdOf(request.employee()));
  // Every key at or after `start`: after the last possible key of the microsecond before.
  std::string after =
      absl::StrCat(prefix, keys::OldestFirst(start - absl::Microseconds(1)), "\xff");
  absl::Status failed;
  RETURN_IF_ERROR(view.Scan(prefix, after, [&](absl::string_view key, absl::string_view) {
    const absl::string_view sort_key = key.substr(prefix.size());
    const absl::Time at = keys::OldestFirstTime(sort_key);
    if (at >= end) return false;
    const char type = sort_key[keys::kSortValueBytes];
    const absl::string_view id = sort_key.substr(keys::kSortValueBytes + 1);
    v1::CalendarItem item;
    if (type == 'm') {
      auto meeting = ReadMessage<v1::Activity>(view, keys::Activity(id));
      if (!meeting.ok()) {
        failed = meeting.status();
        return false;
      }
      if (!*meeting || (!request.show_cancelled() &&
                        (*meeting)->meeting().state() == v1::MEETING_STATE_CANCELLED)) {
        return true;
      }
      item.set_kind("meeting");
      item.set_title((*meeting)->comment().empty() ? (*meeting)->meeting().place()
                                                   : (*meeting)->comment());
      item.set_client((*meeting)->client());
      *item.mutable_start_time() = (*meeting)->meeting().start_time();
      if ((*meeting)->meeting().has_end_time())
        *item.mutable_end_time() = (*meeting)->meeting().end_time();
      *item.mutable_meeting() = std::move(**meeting);
    } else {
      auto task = ReadMessage<v1::Task>(view, keys::Task(id));
      if (!task.ok()) {
        failed = task.status();
        return false;
      }
      if (!*task || (!request.show_cancelled() && (*task)->state() == v1::TASK_STATE_CANCELLED)) {
        return true;
      }
      item.set_kind("task");
      item.set_title((*task)->title());
      item.set_client((*task)->client());
      *item.mutable_start_time() = (*task)->due_time();
      *item.mutable_task() = std::move(**task);
    }
    *response->add_items() = std::move(item);
    return true;
  }));
  return failed;
}

}  // namespace chronicle::activities
