// The schedule inside the projection: jobs keyed by due time, each job's key, and the set of jobs
// that fired. Everything here is derived from events (the job ids too), so a rebuild reproduces
// the schedule exactly, and a job that fired is never scheduled again.
#ifndef CHRONICLE_NOTIFICATIONS_PROJECTION_SCHEDULE_H_
#define CHRONICLE_NOTIFICATIONS_PROJECTION_SCHEDULE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "chronicle/projection/projection.h"
#include "chronicle/v1/activities_resources.pb.h"
#include "chronicle/v1/contacts_resources.pb.h"
#include "chronicle/v1/deals_resources.pb.h"
#include "chronicle/v1/notifications_resources.pb.h"

namespace chronicle::notifications {

// A job's id: a UUID derived from what the job is ("reminder" of task t1 at 12:00), so the same
// job gets the same id whenever the projection derives it, and resource names built on it
// ("notifications/{job}", "deliveries/{job}") are well-formed.
std::string JobId(absl::string_view kind, absl::string_view key);

// Schedules `job` at its due time (moving it if it was scheduled at another), unless it fired.
absl::Status PutJob(const v1::Job& job, projection::StateWriter& state);
// Takes `job_id` off the schedule, if it is on it.
absl::Status RemoveJob(const std::string& job_id, projection::StateWriter& state);
// Records that `job_id` fired and takes it off the schedule.
absl::Status MarkFired(const std::string& job_id, projection::StateWriter& state);

// Makes `jobs` the jobs that `owner_key` (keys::TaskJobs and the like) holds: schedules them and
// removes those it held before and no longer does.
absl::Status ReplaceOwnedJobs(const std::string& owner_key, const std::vector<v1::Job>& jobs,
                              projection::StateWriter& state);

// A task's reminders and its deadline, as of an event recorded at `now`: none for a closed task,
// none more than a minute in the past (those within it are due at `now`). No job is ever due
// before `now`: the scheduler relies on it.
std::vector<v1::Job> TaskJobs(const v1::Task& task, absl::Time now, int depth);
// The stage time limit of an open deal whose stage has max_days.
std::vector<v1::Job> DealJobs(const v1::Deal& deal, const v1::Pipeline* pipeline, absl::Time now);
// The client's next birthday after `after`, at 09:00 in `zone`.
std::vector<v1::Job> BirthdayJobs(const v1::Client& client, absl::Time after,
                                  const absl::TimeZone& zone);

// The next date `birthday` ("YYYY-MM-DD" or "--MM-DD") falls on, at 09:00 in `zone`, after
// `after`; 29 February is kept on 28 February in other years. Nullopt when malformed.
std::optional<absl::Time> NextBirthday(const std::string& birthday, absl::Time after,
                                       const absl::TimeZone& zone);

}  // namespace chronicle::notifications

#endif  // CHRONICLE_NOTIFICATIONS_PROJECTION_SCHEDULE_H_
