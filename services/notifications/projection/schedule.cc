#include "notifications/projection/schedule.h"

#include <algorithm>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/base/status_macros.h"
#include "notifications/projection/keys.h"

namespace chronicle::notifications {
namespace {

using aggregate::FromProtoTime;
using aggregate::IdOf;
using aggregate::ToProtoTime;

// A reminder set a little after its time (the form took a minute) still goes off, at once: no
// job is ever due before the event that scheduled it, which keeps the scheduler's scans short
// (see NotificationsReader::DueJobs).
constexpr absl::Duration kPastSlack = absl::Minutes(1);

v1::Job NewJob(std::string id, v1::JobKind kind, absl::Time due) {
  v1::Job job;
  job.set_id(std::move(id));
  job.set_kind(kind);
  *job.mutable_due_time() = ToProtoTime(due);
  return job;
}

}  // namespace

std::string JobId(absl::string_view kind, absl::string_view key) {
  return aggregate::DerivedId(kind, key);
}

absl::Status PutJob(const v1::Job& job, projection::StateWriter& state) {
  ASSIGN_OR_RETURN(auto fired, state.Get(keys::Fired(job.id())));
  if (fired) return absl::OkStatus();
  const std::string due_key = keys::Due(FromProtoTime(job.due_time()), job.id());
  ASSIGN_OR_RETURN(auto previous, state.Get(keys::JobDue(job.id())));
  if (previous && *previous != due_key) state.Delete(*previous);
  state.Put(due_key, job.SerializeAsString());
  state.Put(keys::JobDue(job.id()), due_key);
  return absl::OkStatus();
}

absl::Status RemoveJob(const std::string& job_id, projection::StateWriter& state) {
  ASSIGN_OR_RETURN(auto due_key, state.Get(keys::JobDue(job_id)));
  if (!due_key) return absl::OkStatus();
  state.Delete(*due_key);
  state.Delete(keys::JobDue(job_id));
  return absl::OkStatus();
}

absl::Status MarkFired(const std::string& job_id, projection::StateWriter& state) {
  if (job_id.empty()) return absl::OkStatus();
  state.Put(keys::Fired(job_id), "");
  return RemoveJob(job_id, state);
}

absl::Status ReplaceOwnedJobs(const std::string& owner_key, const std::vector<v1::Job>& jobs,
                              projection::StateWriter& state) {
  ASSIGN_OR_RETURN(auto held, state.Get(owner_key));
  std::set<std::string> now_held;
  for (const v1::Job& job : jobs) {
    now_held.insert(job.id());
    RETURN_IF_ERROR(PutJob(job, state));
  }
  if (held) {
    for (absl::string_view id : absl::StrSplit(*held, '\n', absl::SkipEmpty())) {
      if (!now_held.count(std::string(id))) RETURN_IF_ERROR(RemoveJob(std::string(id), state));
    }
  }
  if (now_held.empty()) {
    state.Delete(owner_key);
  } else {
    state.Put(owner_key, absl::StrJoin(now_held, "\n"));
  }
  return absl::OkStatus();
}

std::vector<v1::Job> TaskJobs(const v1::Task& task, absl::Time now, int depth) {
  std::vector<v1::Job> jobs;
  if (task.state() != v1::TASK_STATE_OPEN && task.state() != v1::TASK_STATE_IN_PROGRESS) {
    return jobs;
  }
  const std::string id = IdOf(task.name());
  auto context = [&](v1::Job& job) {
    job.mutable_context()->set_task(task.name());
    job.mutable_context()->set_client(task.client());
    job.mutable_context()->set_deal(task.deal());
    job.mutable_context()->set_depth(depth);
  };
  for (const auto& reminder : task.reminder_times()) {
    const absl::Time at = FromProtoTime(reminder);
    if (at < now - kPastSlack) continue;
    v1::Job job = NewJob(JobId("reminder", absl::StrCat(id, "/", absl::ToUnixSeconds(at))),
                         v1::JOB_TASK_REMINDER, std::max(at, now));
    *job.mutable_reminder_time() = reminder;
    context(job);
    jobs.push_back(std::move(job));
  }
  if (task.has_due_time()) {
    const absl::Time due = FromProtoTime(task.due_time());
    if (due >= now - kPastSlack) {
      v1::Job job = NewJob(JobId("due", absl::StrCat(id, "/", absl::ToUnixSeconds(due))),
                           v1::JOB_TASK_DUE, std::max(due, now));
      context(job);
      jobs.push_back(std::move(job));
    }
  }
  return jobs;
}

std::vector<v1::Job> DealJobs(const v1::Deal& deal, const v1::Pipeline* pipeline, absl::Time now) {
  std::vector<v1::Job> jobs;
  if (pipeline == nullptr || deal.state() != v1::DEAL_STATE_OPEN || !deal.has_stage_enter_time()) {
    return jobs;
  }
  for (const v1::Stage& stage : pipeline->stages()) {
    if (stage.id() != deal.stage() || stage.max_days() <= 0) continue;
    const absl::Time entered = FromProtoTime(deal.stage_enter_time());
    const absl::Time due = entered + absl::Hours(24) * stage.max_days();
    if (due < now - kPastSlack) break;
    v1::Job job = NewJob(JobId("stage-limit", absl::StrCat(IdOf(deal.name()), "/", stage.id(), "/",
                                                           absl::ToUnixSeconds(entered))),
                         v1::JOB_STAGE_TIME_LIMIT, std::max(due, now));
    job.mutable_context()->set_deal(deal.name());
    job.mutable_context()->set_client(deal.client());
    jobs.push_back(std::move(job));
  }
  return jobs;
}

std::optional<absl::Time> NextBirthday(const std::string& birthday, absl::Time after,
                                       const absl::TimeZone& zone) {
  // "YYYY-MM-DD" or "--MM-DD": the month and day are the last five characters.
  if (birthday.size() < 7) return std::nullopt;
  int month = 0, day = 0;
  const std::string tail = birthday.substr(birthday.size() - 5);
  if (tail[2] != '-' || !absl::SimpleAtoi(tail.substr(0, 2), &month) ||
      !absl::SimpleAtoi(tail.substr(3), &day) || month < 1 || month > 12 || day < 1 || day > 31) {
    return std::nullopt;
  }
  for (int64_t year = absl::ToCivilYear(after, zone).year();; ++year) {
    int d = day;
    // CivilDay normalizes 29 February of a common year to 1 March; keep the birthday in February.
    if (month == 2 && day == 29 && absl::CivilDay(year, 2, 29).month() != 2) d = 28;
    const absl::CivilSecond at(year, month, d, 9, 0, 0);
    if (at.month() != month) return std::nullopt;  // 31 April and the like
    const absl::Time t = absl::FromCivil(at, zone);
    if (t > after) return t;
  }
}

std::vector<v1::Job> BirthdayJobs(const v1::Client& client, absl::Time after,
                                  const absl::TimeZone& zone) {
  std::vector<v1::Job> jobs;
  if (client.birthday().empty() || client.deleted() || !client.merged_into().empty()) return jobs;
  std::optional<absl::Time> next = NextBirthday(client.birthday(), after, zone);
  if (!next) return jobs;
  v1::Job job = NewJob(JobId("birthday", absl::StrCat(IdOf(client.name()), "/",
                                                      absl::ToCivilYear(*next, zone).year())),
                       v1::JOB_CLIENT_BIRTHDAY, *next);
  job.mutable_context()->set_client(client.name());
  jobs.push_back(std::move(job));
  return jobs;
}

}  // namespace chronicle::notifications
