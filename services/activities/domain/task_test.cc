// Tasks and recurring series, given/when/then with no gRPC: deadlines in the assignee's zone, the
// state machine, reassignment history, and the occurrence window.
#include "activities/domain/task.h"

#include "activities/domain/task_series.h"
#include "activities/domain/test_support.h"
#include "chronicle/aggregate/proto_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::activities {
namespace {

using aggregate::FromProtoTime;
using aggregate::ToProtoTime;
using ::testing::ElementsAre;
using testing::Fold;
using ::testing::HasSubstr;

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2026, 11, 23, 9, 0, 0), absl::UTCTimeZone());

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> out;
  for (const auto& v : errors::FieldViolations(status)) out.push_back(v.field);
  return out;
}

CreateTaskCommand CallBack(const char* local) {
  CreateTaskCommand command;
  command.input.set_title("Перезвонить по КП");
  command.input.set_assignee("anna");
  command.input.set_client("clients/c1");
  command.input.set_due_local_time(local);
  command.input.add_reminder_offsets()->set_seconds(15 * 60);
  command.assignee_zone = "Asia/Yekaterinburg";  // +05:00
  command.now = kNow;
  return command;
}

TEST(TaskTest, ADeadlineGivenAsWallClockTimeReadsInTheAssigneesZone) {
  TaskState state;
  Fold(DecideCreateTask(state, CallBack("2026-11-23T18:30")), &state, kNow);
  EXPECT_EQ(absl::FormatTime("%H:%M", FromProtoTime(state.task.due_time()), absl::UTCTimeZone()),
            "13:30");
  EXPECT_EQ(state.task.time_zone(), "Asia/Yekaterinburg");
  EXPECT_EQ(state.task.due_local_time(), "2026-11-23T18:30:00");
  ASSERT_EQ(state.task.reminder_times_size(), 1);
  EXPECT_EQ(FromProtoTime(state.task.reminder_times(0)),
            FromProtoTime(state.task.due_time()) - absl::Minutes(15));
  EXPECT_EQ(state.task.state(), v1::TASK_STATE_OPEN);
  EXPECT_EQ(state.task.priority(), v1::TASK_PRIORITY_NORMAL);
  ASSERT_EQ(state.task.assignments_size(), 1);
  EXPECT_EQ(state.task.assignments(0).assignee(), "anna");
}

TEST(TaskTest, ADeadlineInThePastIsRefusedUnlessAllowed) {
  TaskState state;
  CreateTaskCommand command = CallBack("2026-11-23T11:00");  // 06:00 UTC, three hours ago
  auto refused = DecideCreateTask(state, command);
  EXPECT_TRUE(absl::IsInvalidArgument(refused.status()));
  EXPECT_THAT(Fields(refused.status()), ElementsAre("task.due_local_time"));
  command.allow_past_due = true;
  EXPECT_TRUE(DecideCreateTask(state, command).ok());
}

TEST(TaskTest, EveryBadFieldIsNamedAtOnce) {
  TaskState state;
  CreateTaskCommand command;
  command.now = kNow;
  command.input.set_time_zone("Mars/Olympus");
  command.input.add_reminder_offsets()->set_seconds(-60);
  auto refused = DecideCreateTask(state, command);
  EXPECT_THAT(Fields(refused.status()), ElementsAre("task.title", "task.due_time", "task.time_zone",
                                                    "task.reminder_offsets[0]", "task.assignee"));
}

TEST(TaskTest, DoneGoesBackToOpenOnlyThroughReopen) {
  TaskState state;
  Fold(DecideCreateTask(state, CallBack("2026-11-24T10:00")), &state, kNow);
  Fold(DecideStartTask(state, ""), &state, kNow);
  EXPECT_EQ(state.task.state(), v1::TASK_STATE_IN_PROGRESS);
  Fold(DecideCompleteTask(state, "договорились о встрече", ""), &state, kNow + absl::Hours(1));
  EXPECT_EQ(state.task.state(), v1::TASK_STATE_DONE);
  EXPECT_EQ(state.task.result(), "договорились о встрече");
  for (auto refused : {DecideCompleteTask(state, "", ""), DecideStartTask(state, ""),
                       DecideCancelTask(state, "", ""), DecideAssignTask(state, "boris", "", "")}) {
    EXPECT_TRUE(absl::IsFailedPrecondition(refused.status()));
    EXPECT_THAT(refused.status().message(), HasSubstr("reopen it first"));
  }
  Fold(DecideReopenTask(state, "клиент перенёс", ""), &state, kNow + absl::Hours(2));
  EXPECT_EQ(state.task.state(), v1::TASK_STATE_OPEN);
  EXPECT_TRUE(state.task.result().empty());
  EXPECT_TRUE(absl::IsFailedPrecondition(DecideReopenTask(state, "", "").status()));
}

TEST(TaskTest, ReassignmentIsKeptInTheTasksHistory) {
  TaskState state;
  Fold(DecideCreateTask(state, CallBack("2026-11-24T10:00")), &state, kNow);
  Fold(DecideAssignTask(state, "boris", "Анна в отпуске", ""), &state, kNow, "x1", "head");
  EXPECT_EQ(state.task.assignee(), "boris");
  ASSERT_EQ(state.task.assignments_size(), 2);
  EXPECT_EQ(state.task.assignments(1).by(), "head");
  EXPECT_EQ(state.task.assignments(1).reason(), "Анна в отпуске");
  auto same = DecideAssignTask(state, "boris", "", "");
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->empty());
  EXPECT_TRUE(absl::IsAborted(DecideAssignTask(state, "anna", "", "1").status()));
}

TEST(TaskTest, UpdateMovesTheDeadlineAndKeepsTheZone) {
  TaskState state;
  Fold(DecideCreateTask(state, CallBack("2026-11-24T10:00")), &state, kNow);
  UpdateTaskCommand update;
  update.input.set_due_local_time("2026-11-25T12:00");
  update.mask.add_paths("due_local_time");
  update.now = kNow;
  Fold(DecideUpdateTask(state, update), &state, kNow);
  EXPECT_EQ(state.task.due_local_time(), "2026-11-25T12:00:00");
  EXPECT_EQ(absl::FormatTime("%d %H:%M", FromProtoTime(state.task.due_time()), absl::UTCTimeZone()),
            "25 07:00");
  update.mask.set_paths(0, "assignee");
  EXPECT_THAT(Fields(DecideUpdateTask(state, update).status()), ElementsAre("update_mask"));
}

TaskSeriesState Series(const char* rrule, const char* start, absl::Time created) {
  TaskSeriesState state;
  CreateTaskSeriesCommand command;
  command.input.mutable_template_()->set_title("Поздравить с днём рождения");
  command.input.mutable_template_()->set_assignee("anna");
  command.input.mutable_template_()->set_client("clients/c1");
  command.input.set_rrule(rrule);
  command.input.set_start_local_time(start);
  command.assignee_zone = "Europe/Moscow";
  command.now = created;
  Fold(DecideCreateTaskSeries(state, command), &state, created, "s1");
  return state;
}

TEST(TaskSeriesTest, OccurrencesAreCreatedAheadWithinTheWindowOnly) {
  TaskSeriesState state = Series("FREQ=WEEKLY;BYDAY=MO", "2026-11-23T15:00", kNow);
  auto plan = PlanOccurrences(state, kNow);
  ASSERT_TRUE(plan.ok()) << plan.status();
  // 90 days from Monday 2026-11-23 09:00 UTC: Mondays up to 2027-02-15 (13 of them).
  ASSERT_EQ(plan->tasks.size(), 13u);
  EXPECT_EQ(plan->tasks[0].due_time().seconds(),
            absl::ToUnixSeconds(kNow + absl::Hours(3)));  // 15:00 Moscow is 12:00 UTC
  EXPECT_EQ(plan->tasks[0].series(), "taskSeries/s1");
  EXPECT_EQ(plan->tasks[0].name(), absl::StrCat("tasks/", OccurrenceTaskId("s1", 0)));
  Fold(plan->events, &state, kNow, "s1");
  EXPECT_EQ(state.series.generated_count(), 13);
  // A week later one more Monday enters the window.
  auto next = PlanOccurrences(state, kNow + absl::Hours(24 * 7));
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(next->tasks.size(), 1u);
  EXPECT_EQ(next->indexes[0], 13);
}

TEST(TaskSeriesTest, AYearlySeriesFromAPastBirthdaySkipsThePastAndStopsAtCount) {
  TaskSeriesState state = Series("FREQ=YEARLY;COUNT=45", "1985-12-10T10:00", kNow);
  auto plan = PlanOccurrences(state, kNow);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->tasks.size(), 1u);  // 2026-12-10 only; 41 earlier birthdays counted
  EXPECT_EQ(plan->indexes[0], 41);
  Fold(plan->events, &state, kNow, "s1");
  auto later = PlanOccurrences(state, kNow + absl::Hours(24 * 365 * 4));
  ASSERT_TRUE(later.ok());
  ASSERT_EQ(later->tasks.size(), 3u);  // 2027, 2028, 2029: the 43rd to 45th
  Fold(later->events, &state, kNow, "s1");
  EXPECT_TRUE(state.series.exhausted());
  auto none = PlanOccurrences(state, kNow + absl::Hours(24 * 365 * 10));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->tasks.empty());
  EXPECT_TRUE(none->events.empty());
}

TEST(TaskSeriesTest, BadSeriesNameEveryField) {
  TaskSeriesState state;
  CreateTaskSeriesCommand command;
  command.input.set_rrule("FREQ=MINUTELY");
  command.input.set_time_zone("Nowhere/City");
  command.now = kNow;
  auto refused = DecideCreateTaskSeries(state, command);
  EXPECT_THAT(Fields(refused.status()),
              ElementsAre("series.template.title", "series.template.assignee", "series.time_zone",
                          "series.start_local_time", "series.rrule"));
}

TEST(TaskSeriesTest, StoppedSeriesPlansNothing) {
  TaskSeriesState state = Series("FREQ=DAILY", "2026-11-24T10:00", kNow);
  Fold(DecideStopTaskSeries(state, "клиент ушёл"), &state, kNow, "s1");
  EXPECT_FALSE(state.series.active());
  auto plan = PlanOccurrences(state, kNow);
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->tasks.empty());
}

}  // namespace
}  // namespace chronicle::activities
