// Activities, given/when/then with no gRPC: what each kind requires, what counts as contact, and
// the meeting, complaint and webinar life cycles.
#include "activities/domain/activity.h"

#include "activities/domain/catalogs.h"
#include "activities/domain/employee.h"
#include "activities/domain/test_support.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::activities {
namespace {

using ::testing::ElementsAre;
using testing::Fold;
using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1'795'000'000);

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> out;
  for (const auto& v : errors::FieldViolations(status)) out.push_back(v.field);
  return out;
}

LogActivityCommand Call(v1::CallOutcome outcome) {
  LogActivityCommand command;
  command.input.set_client("clients/c1");
  command.input.set_employee("anna");
  command.input.mutable_call()->set_direction(v1::DIRECTION_OUTBOUND);
  command.input.mutable_call()->set_outcome(outcome);
  command.input.mutable_call()->mutable_duration()->set_seconds(240);
  command.department = "Продажи";
  command.now = kNow;
  return command;
}

TEST(ActivityTest, AConnectedCallCountsAsContactAndAnUnansweredOneDoesNot) {
  ActivityState agreed;
  Fold(DecideLogActivity(agreed, Call(v1::CALL_OUTCOME_AGREED)), &agreed, kNow);
  EXPECT_EQ(agreed.activity.kind(), v1::ACTIVITY_KIND_CALL);
  EXPECT_TRUE(agreed.activity.counts_as_contact());
  EXPECT_EQ(agreed.activity.department(), "Продажи");
  EXPECT_EQ(agreed.activity.occur_time().seconds(), absl::ToUnixSeconds(kNow));
  EXPECT_EQ(KindName(agreed.activity), "call");

  ActivityState busy;
  Fold(DecideLogActivity(busy, Call(v1::CALL_OUTCOME_BUSY)), &busy, kNow);
  EXPECT_FALSE(busy.activity.counts_as_contact());
  // The caller may say otherwise.
  LogActivityCommand forced = Call(v1::CALL_OUTCOME_BUSY);
  forced.update_last_contact = true;
  ActivityState counted;
  Fold(DecideLogActivity(counted, forced), &counted, kNow);
  EXPECT_TRUE(counted.activity.counts_as_contact());
}

TEST(ActivityTest, EventsCarryTheClientAsPartitionKey) {
  auto events = DecideLogActivity(ActivityState(), Call(v1::CALL_OUTCOME_AGREED));
  ASSERT_TRUE(events.ok());
  EXPECT_EQ((*events)[0].partition_key(), "c1");
}

TEST(ActivityTest, BadInputNamesEachField) {
  LogActivityCommand command;
  command.now = kNow;
  command.input.mutable_call()->set_outcome(v1::CALL_OUTCOME_MISSED);
  command.input.mutable_call()->set_direction(v1::DIRECTION_OUTBOUND);
  command.input.mutable_call()->set_recording_uri("ftp://pbx/1.wav");
  *command.input.mutable_occur_time() = aggregate::ToProtoTime(kNow + absl::Hours(2));
  EXPECT_THAT(Fields(DecideLogActivity(ActivityState(), command).status()),
              ElementsAre("activity.client", "activity.occur_time", "activity.call.outcome",
                          "activity.call.recording_uri"));
  LogActivityCommand both = Call(v1::CALL_OUTCOME_AGREED);
  both.input.set_note(true);
  both.input.set_comment("и звонок, и заметка сразу");
  EXPECT_THAT(Fields(DecideLogActivity(ActivityState(), both).status()),
              ElementsAre("activity.details"));
  LogActivityCommand nps;
  nps.now = kNow;
  nps.input.set_client("clients/c1");
  nps.input.mutable_nps()->set_score(11);
  EXPECT_THAT(Fields(DecideLogActivity(ActivityState(), nps).status()),
              ElementsAre("activity.nps.score"));
}

TEST(ActivityTest, APurchaseWithoutAnAmountSumsItsItems) {
  LogActivityCommand command;
  command.now = kNow;
  command.input.set_client("clients/c1");
  auto* item = command.input.mutable_purchase()->add_items();
  item->set_name("Курс «Продажи»");
  item->set_quantity(3);
  item->mutable_price()->set_currency_code("RUB");
  item->mutable_price()->set_units(14990);
  item->mutable_price()->set_nanos(500'000'000);
  ActivityState state;
  Fold(DecideLogActivity(state, command), &state, kNow);
  EXPECT_EQ(state.activity.purchase().amount().units(), 44971);
  EXPECT_EQ(state.activity.purchase().amount().nanos(), 500'000'000);
  EXPECT_TRUE(state.activity.counts_as_contact());
}

TEST(ActivityTest, NpsAnswersAreCategorized) {
  for (auto [score, category] : std::vector<std::pair<int, const char*>>{{10, "promoter"},
                                                                         {9, "promoter"},
                                                                         {8, "passive"},
                                                                         {7, "passive"},
                                                                         {6, "detractor"},
                                                                         {0, "detractor"}}) {
    LogActivityCommand command;
    command.now = kNow;
    command.input.set_client("clients/c1");
    command.input.mutable_nps()->set_score(score);
    ActivityState state;
    Fold(DecideLogActivity(state, command), &state, kNow);
    EXPECT_EQ(state.activity.nps().category(), category) << score;
  }
}

TEST(ActivityTest, APlannedMeetingIsHeldOnceAndThenFinal) {
  LogActivityCommand command;
  command.now = kNow;
  command.input.set_client("clients/c1");
  *command.input.mutable_meeting()->mutable_start_time() =
      aggregate::ToProtoTime(kNow + absl::Hours(24));
  command.input.mutable_meeting()->set_place("офис клиента");
  ActivityState state;
  Fold(DecideLogActivity(state, command), &state, kNow);
  EXPECT_EQ(state.activity.meeting().state(), v1::MEETING_STATE_PLANNED);
  EXPECT_FALSE(state.activity.counts_as_contact());

  v1::Activity moved;
  *moved.mutable_meeting()->mutable_start_time() = aggregate::ToProtoTime(kNow + absl::Hours(48));
  Fold(DecideRescheduleMeeting(state, moved, ""), &state, kNow);
  EXPECT_EQ(state.activity.meeting().start_time().seconds(), absl::ToUnixSeconds(kNow) + 48 * 3600);
  EXPECT_EQ(state.activity.meeting().place(), "офис клиента");

  const absl::Time held_at = kNow + absl::Hours(49);
  Fold(DecideHoldMeeting(state, "подписали договор", std::nullopt, held_at, ""), &state, held_at);
  EXPECT_EQ(state.activity.meeting().state(), v1::MEETING_STATE_HELD);
  EXPECT_TRUE(state.activity.counts_as_contact());
  EXPECT_EQ(state.activity.occur_time().seconds(), absl::ToUnixSeconds(kNow) + 48 * 3600);
  auto cancel = DecideCancelMeeting(state, "", "");
  EXPECT_TRUE(absl::IsFailedPrecondition(cancel.status()));
  EXPECT_THAT(cancel.status().message(), HasSubstr("held already"));
}

TEST(ActivityTest, ComplaintsAreResolvedOnceWithAResolution) {
  LogActivityCommand command;
  command.now = kNow;
  command.input.set_client("clients/c1");
  command.input.mutable_complaint()->set_subject("Доставка опоздала на неделю");
  ActivityState state;
  Fold(DecideLogActivity(state, command), &state, kNow);
  EXPECT_THAT(Fields(DecideResolveComplaint(state, "", "").status()), ElementsAre("resolution"));
  Fold(DecideResolveComplaint(state, "Вернули стоимость доставки", ""), &state, kNow, "x1",
       "boris");
  EXPECT_TRUE(state.activity.complaint().resolved());
  EXPECT_EQ(state.activity.complaint().resolved_by(), "boris");
  EXPECT_TRUE(absl::IsFailedPrecondition(DecideResolveComplaint(state, "again", "").status()));
  EXPECT_TRUE(absl::IsFailedPrecondition(DecideHoldMeeting(state, "", {}, kNow, "").status()));
}

TEST(ActivityTest, CustomKindsMustBeDefinedAndActive) {
  ActivityTypesState types;
  v1::ActivityType visit;
  visit.set_display_name("Выезд замерщика");
  visit.set_counts_as_contact(true);
  Fold(DecideDefineActivityType(types, "site-visit", visit), &types, kNow, "workspace");
  EXPECT_TRUE(absl::IsInvalidArgument(DecideDefineActivityType(types, "call", visit).status()));
  EXPECT_TRUE(absl::IsAlreadyExists(DecideDefineActivityType(types, "site-visit", visit).status()));

  LogActivityCommand command;
  command.now = kNow;
  command.input.set_client("clients/c1");
  command.input.mutable_custom()->set_type("activityTypes/site-visit");
  command.custom_type = types.Find("site-visit");
  ActivityState state;
  Fold(DecideLogActivity(state, command), &state, kNow);
  EXPECT_EQ(KindName(state.activity), "site-visit");
  EXPECT_TRUE(state.activity.counts_as_contact());

  Fold(DecideRetireActivityType(types, "site-visit"), &types, kNow, "workspace");
  command.custom_type = types.Find("site-visit");
  auto retired = DecideLogActivity(ActivityState(), command);
  EXPECT_THAT(Fields(retired.status()), ElementsAre("activity.custom.type"));
}

TEST(ContactRulesTest, ARuleNamesOneSelectorAndKnownKinds) {
  ContactRulesState rules;
  v1::ContactRule rule;
  rule.set_display_name("Горячие — раз в неделю");
  rule.set_temperature(v1::TEMPERATURE_HOT);
  rule.set_interval_days(7);
  rule.add_activity_kinds("call");
  rule.add_activity_kinds("meeting");
  Fold(DecideDefineContactRule(rules, "hot-weekly", rule, ActivityTypesState()), &rules, kNow,
       "workspace");
  ASSERT_NE(rules.Find("hot-weekly"), nullptr);

  v1::ContactRule bad;
  bad.set_temperature(v1::TEMPERATURE_WARM);
  bad.set_segment_field("segment");
  bad.set_interval_days(0);
  bad.add_activity_kinds("note");
  EXPECT_THAT(Fields(DecideDefineContactRule(rules, "Bad Id", bad, ActivityTypesState()).status()),
              ElementsAre("rule_id", "rule.display_name", "rule.temperature", "rule.segment_value",
                          "rule.interval_days", "rule.activity_kinds[0]"));
}

TEST(EmployeeTest, TheDirectoryChecksIdsZonesAndKeepsDeactivatedPeople) {
  v1::Employee anna;
  anna.set_display_name("Анна Петрова");
  anna.set_time_zone("Europe/Moscow");
  for (const char* bad : {"", "-", "Anna", "a/b"}) {
    EXPECT_THAT(Fields(DecideRegisterEmployee(EmployeeState(), bad, anna).status()),
                ElementsAre("employee_id"))
        << bad;
  }
  v1::Employee lost = anna;
  lost.set_time_zone("Europe/Atlantis");
  EXPECT_THAT(Fields(DecideRegisterEmployee(EmployeeState(), "anna", lost).status()),
              ElementsAre("employee.time_zone"));
  EmployeeState state;
  Fold(DecideRegisterEmployee(state, "anna.petrova", anna), &state, kNow, "anna.petrova");
  EXPECT_EQ(state.employee.name(), "employees/anna.petrova");
  EXPECT_TRUE(state.employee.active());
  Fold(DecideSetEmployeeActive(state, false), &state, kNow, "anna.petrova");
  EXPECT_FALSE(state.employee.active());
  auto again = DecideSetEmployeeActive(state, false);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  EXPECT_TRUE(absl::IsAlreadyExists(DecideRegisterEmployee(state, "anna.petrova", anna).status()));
}

}  // namespace
}  // namespace chronicle::activities
