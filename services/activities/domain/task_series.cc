#include "activities/domain/task_series.h"

#include "activities/domain/employee.h"
#include "activities/domain/events.h"
#include "activities/domain/task.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/base/status_macros.h"

namespace chronicle::activities {
namespace {

using aggregate::FromProtoTime;
using aggregate::ToProtoTime;
using Events = std::vector<v1::EventEnvelope>;

}  // namespace

std::string OccurrenceTaskId(absl::string_view series_id, int index) {
  return aggregate::DerivedId("occurrence", absl::StrCat(series_id, "/", index));
}

absl::Status Evolve(const v1::EventEnvelope& event, TaskSeriesState* state) {
  state->version = event.stream_version();
  v1::TaskSeries& series = state->series;
  if (Is<v1::TaskSeriesCreated>(event)) {
    v1::TaskSeriesCreated created;
    RETURN_IF_ERROR(Unpack(event, &created));
    series = created.series();
    series.set_name(absl::StrCat(kTaskSeriesPrefix, event.stream().id()));
    series.set_active(true);
    series.set_create_user(event.actor().user_id());
    *series.mutable_create_time() = event.occurred_at();
    state->created_by_command = event.command_id();
  } else if (Is<v1::TaskOccurrencesGenerated>(event)) {
    v1::TaskOccurrencesGenerated generated;
    RETURN_IF_ERROR(Unpack(event, &generated));
    series.set_generated_count(generated.count());
    if (generated.has_through()) *series.mutable_generated_through() = generated.through();
    series.set_exhausted(generated.exhausted());
  } else if (Is<v1::TaskSeriesStopped>(event)) {
    series.set_active(false);
  }
  series.set_etag(absl::StrCat(state->version));
  return absl::OkStatus();
}

absl::StatusOr<Events> DecideCreateTaskSeries(const TaskSeriesState& state,
                                              const CreateTaskSeriesCommand& command) {
  const v1::TaskSeries& in = command.input;
  std::vector<errors::FieldViolation> problems;
  for (errors::FieldViolation& p :
       CheckTaskFields(in.template_(), {"title", "description", "reminder_offsets"})) {
    p.field = absl::StrCat("series.template.", p.field.substr(sizeof("task.") - 1));
    problems.push_back(std::move(p));
  }
  if (in.template_().assignee().empty())
    problems.push_back({"series.template.assignee", "required"});
  if (in.template_().has_due_time() || !in.template_().due_local_time().empty()) {
    problems.push_back({"series.template.due_time", "not used: the rule gives the times"});
  }
  const std::string zone_name = in.time_zone().empty() ? command.assignee_zone : in.time_zone();
  absl::TimeZone zone = absl::UTCTimeZone();
  if (!zone_name.empty() && !absl::LoadTimeZone(zone_name, &zone)) {
    problems.push_back(
        {"series.time_zone", absl::StrCat("unknown IANA time zone '", zone_name, "'")});
  }
  absl::CivilSecond start;
  if (!ParseLocalTime(in.start_local_time(), &start)) {
    problems.push_back(
        {"series.start_local_time", "required: a wall-clock time like 2026-12-01T10:00:00"});
  }
  absl::StatusOr<RecurrenceRule> rule = ParseRecurrenceRule(in.rrule(), "series.rrule");
  if (!rule.ok()) {
    for (auto& p : errors::FieldViolations(rule.status())) problems.push_back(std::move(p));
  }
  if (!problems.empty()) return errors::InvalidArgument(problems);
  // A rule that can never occur (31 February) is refused now, not discovered by the generator.
  ASSIGN_OR_RETURN(Expansion first, ExpandRecurrence(*rule, start, zone, 0, absl::InfiniteFuture(),
                                                     1, "series.rrule"));
  if (first.occurrences.empty()) {
    return errors::InvalidArgument(
        {{"series.rrule", "the rule has no occurrence after the start"}});
  }
  if (state.exists()) return absl::AlreadyExistsError(absl::StrCat(state.series.name(), " exists"));
  v1::TaskSeriesCreated created;
  v1::TaskSeries& series = *created.mutable_series();
  series.set_rrule(in.rrule());
  series.set_start_local_time(FormatLocalTime(start));
  series.set_time_zone(zone_name.empty() ? "UTC" : zone_name);
  v1::Task& tmpl = *series.mutable_template_();
  const v1::Task& given = in.template_();
  tmpl.set_title(given.title());
  tmpl.set_description(given.description());
  tmpl.set_kind(given.kind() == v1::TASK_KIND_UNSPECIFIED ? v1::TASK_KIND_TODO : given.kind());
  tmpl.set_assignee(given.assignee());
  tmpl.set_client(given.client());
  tmpl.set_deal(given.deal());
  *tmpl.mutable_reminder_offsets() = given.reminder_offsets();
  tmpl.set_priority(given.priority() == v1::TASK_PRIORITY_UNSPECIFIED ? v1::TASK_PRIORITY_NORMAL
                                                                      : given.priority());
  return Events{NewClientEvent(created, tmpl.client())};
}

absl::StatusOr<Events> DecideStopTaskSeries(const TaskSeriesState& state,
                                            const std::string& reason) {
  if (!state.exists()) return absl::NotFoundError("task series not found");
  if (!state.series.active()) return Events();
  v1::TaskSeriesStopped stopped;
  stopped.set_reason(reason);
  return Events{NewClientEvent(stopped, state.series.template_().client())};
}

absl::StatusOr<OccurrencePlan> PlanOccurrences(const TaskSeriesState& state, absl::Time now) {
  OccurrencePlan plan;
  const v1::TaskSeries& series = state.series;
  if (!state.exists() || !series.active() || series.exhausted()) return plan;
  ASSIGN_OR_RETURN(RecurrenceRule rule, ParseRecurrenceRule(series.rrule(), "rrule"));
  absl::CivilSecond start;
  if (!ParseLocalTime(series.start_local_time(), &start)) {
    return absl::DataLossError(absl::StrCat(series.name(), ": stored start time is unreadable"));
  }
  absl::TimeZone zone = absl::UTCTimeZone();
  absl::LoadTimeZone(series.time_zone(), &zone);
  ASSIGN_OR_RETURN(Expansion expansion,
                   ExpandRecurrence(rule, start, zone, series.generated_count(),
                                    now + kOccurrenceWindow, kMaxOccurrencesAhead));
  if (expansion.occurrences.empty() && !expansion.exhausted) return plan;
  const absl::Time created = FromProtoTime(series.create_time());
  const std::string series_id = IdOf(series.name());
  for (const Occurrence& occurrence : expansion.occurrences) {
    if (occurrence.time < created) continue;  // before the series existed: counted, not created
    v1::Task task = series.template_();
    *task.mutable_due_time() = ToProtoTime(occurrence.time);
    task.set_time_zone(series.time_zone());
    task.set_series(series.name());
    task.set_name(absl::StrCat(kTaskPrefix, OccurrenceTaskId(series_id, occurrence.index)));
    plan.tasks.push_back(std::move(task));
    plan.indexes.push_back(occurrence.index);
  }
  v1::TaskOccurrencesGenerated generated;
  generated.set_count(expansion.occurrences.empty() ? series.generated_count()
                                                    : expansion.occurrences.back().index + 1);
  if (!expansion.occurrences.empty()) {
    *generated.mutable_through() = ToProtoTime(expansion.occurrences.back().time);
  } else if (series.has_generated_through()) {
    *generated.mutable_through() = series.generated_through();
  }
  generated.set_exhausted(expansion.exhausted);
  plan.events.push_back(NewClientEvent(generated, series.template_().client()));
  return plan;
}

}  // namespace chronicle::activities
