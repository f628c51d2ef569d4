// The activities application over a real RocksDB log and projection engine in a temp dir, with a
// fake clock: clients falling overdue for contact under the workspace's rules as days pass, and
// recurring tasks' occurrences entering the window. Expected values are counted by hand.
#include "activities/app/activities_app.h"

#include "activities/projection/activities_projection.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/aggregate/typed_events.h"
#include "chronicle/testing/log_and_engine.h"
#include "chronicle/testing/temp_dir.h"
#include "chronicle/v1/contacts_events.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::activities {
namespace {

using ::testing::ElementsAre;

class ActivitiesAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::Status opened =
        store_.Open(dir_.path(), &clock_, std::make_unique<ActivitiesProjection>());
    ASSERT_TRUE(opened.ok()) << opened;
    ActivitiesAppOptions options;
    options.log = store_.log.get();
    options.engine = store_.engine.get();
    options.clock = &clock_;
    options.occurrence_interval = absl::ZeroDuration();
    auto app = ActivitiesApp::Create(options);
    ASSERT_TRUE(app.ok()) << app.status();
    app_ = std::move(*app);
    admin_.set_user_id("root");
    admin_.set_role("admin");
    anna_.set_user_id("anna");
    v1::CreateEmployeeRequest employee;
    employee.set_employee_id("anna");
    employee.mutable_employee()->set_display_name("Анна");
    employee.mutable_employee()->set_time_zone("Europe/Moscow");
    ASSERT_TRUE(app_->CreateEmployee(admin_, employee).ok());
  }

  void TearDown() override { app_.reset(); }

  // A contacts client card owned by anna, as the contacts service would have written it.
  void AddClient(const std::string& id, v1::Temperature temperature,
                 const std::string& segment = "") {
    v1::ClientCreated created;
    created.mutable_client()->set_given_name(id);
    created.mutable_client()->set_owner("anna");
    created.mutable_client()->set_temperature(temperature);
    if (!segment.empty())
      (*created.mutable_client()->mutable_custom_fields())["segment"].set_choice(segment);
    eventlog::AppendRequest request;
    request.stream = aggregate::MakeStream("client", id);
    request.command_id = "client-" + id;
    request.actor = admin_;
    request.events.push_back(aggregate::NewEvent(created));
    auto appended = store_.log->Append(std::move(request));
    ASSERT_TRUE(appended.ok()) << appended.status();
  }

  void Rule(const char* id, v1::Temperature temperature, int days, std::vector<std::string> kinds,
            const char* segment = "") {
    v1::CreateContactRuleRequest request;
    request.set_rule_id(id);
    request.mutable_rule()->set_display_name(id);
    request.mutable_rule()->set_temperature(temperature);
    if (*segment) {
      request.mutable_rule()->set_segment_field("segment");
      request.mutable_rule()->set_segment_value(segment);
    }
    request.mutable_rule()->set_interval_days(days);
    for (const std::string& kind : kinds) request.mutable_rule()->add_activity_kinds(kind);
    auto created = app_->CreateContactRule(admin_, request);
    ASSERT_TRUE(created.ok()) << created.status();
  }

  void Call(const std::string& client, v1::CallOutcome outcome) {
    v1::LogActivityRequest request;
    request.mutable_activity()->set_client("clients/" + client);
    request.mutable_activity()->mutable_call()->set_direction(v1::DIRECTION_OUTBOUND);
    request.mutable_activity()->mutable_call()->set_outcome(outcome);
    auto logged = app_->LogActivity(anna_, request);
    ASSERT_TRUE(logged.ok()) << logged.status();
  }

  // "client: days overdue" of anna's overdue clients, longest overdue first.
  std::vector<std::string> Overdue() {
    v1::ListOverdueContactsRequest request;
    request.set_owner("anna");
    v1::ListOverdueContactsResponse response;
    absl::Status status = app_->ListOverdueContacts(request, &response);
    EXPECT_TRUE(status.ok()) << status;
    std::vector<std::string> out;
    for (const auto& group : response.groups()) {
      for (const auto& c : group.clients()) {
        out.push_back(absl::StrCat(c.client().substr(sizeof("clients/") - 1), ": ",
                                   c.overdue_by().seconds() / 86400, " ",
                                   c.rule().substr(sizeof("contactRules/") - 1)));
      }
    }
    return out;
  }

  testing::TempDir dir_;
  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2026, 11, 2, 9, 0, 0), absl::UTCTimeZone())};
  chronicle::testing::LogAndEngine store_;
  std::unique_ptr<ActivitiesApp> app_;
  v1::Actor admin_, anna_;
};

TEST_F(ActivitiesAppTest, ClientsFallOverdueForContactByTheirRule) {
  AddClient("hot", v1::TEMPERATURE_HOT);
  AddClient("warm", v1::TEMPERATURE_WARM);
  AddClient("cold", v1::TEMPERATURE_COLD);
  AddClient("vip", v1::TEMPERATURE_COLD, "VIP");
  Rule("hot-weekly", v1::TEMPERATURE_HOT, 7, {"call", "meeting"});
  Rule("warm-biweekly", v1::TEMPERATURE_WARM, 14, {});
  Rule("vip-weekly", v1::TEMPERATURE_UNSPECIFIED, 7, {}, "VIP");
  EXPECT_THAT(Overdue(), ElementsAre());

  clock_.Advance(absl::Hours(24 * 9));      // day 9: hot and vip (7 days) are 2 days overdue
  Call("hot", v1::CALL_OUTCOME_NO_ANSWER);  // not a contact: nobody answered
  EXPECT_THAT(Overdue(), ElementsAre("hot: 2 hot-weekly", "vip: 2 vip-weekly"));
  Call("hot", v1::CALL_OUTCOME_AGREED);
  EXPECT_THAT(Overdue(), ElementsAre("vip: 2 vip-weekly"));

  clock_.Advance(absl::Hours(24 * 8));  // day 17: hot's call was 8 days ago, warm's 14 days passed
  EXPECT_THAT(Overdue(),
              ElementsAre("vip: 10 vip-weekly", "warm: 3 warm-biweekly", "hot: 1 hot-weekly"));
  // A note does not count for the hot rule, which counts calls and meetings only.
  v1::LogActivityRequest note;
  note.mutable_activity()->set_client("clients/hot");
  note.mutable_activity()->set_note(true);
  note.mutable_activity()->set_comment("Клиент просил не звонить до понедельника");
  note.set_update_last_contact(true);
  ASSERT_TRUE(app_->LogActivity(anna_, note).ok());
  EXPECT_THAT(Overdue(),
              ElementsAre("vip: 10 vip-weekly", "warm: 3 warm-biweekly", "hot: 1 hot-weekly"));
  // Only one rule asked for.
  v1::ListOverdueContactsRequest only;
  only.set_rule("contactRules/warm-biweekly");
  v1::ListOverdueContactsResponse response;
  ASSERT_TRUE(app_->ListOverdueContacts(only, &response).ok());
  EXPECT_EQ(response.total(), 1);
}

TEST_F(ActivitiesAppTest, OccurrencesEnterTheWindowAsDaysPass) {
  v1::CreateTaskSeriesRequest request;
  request.mutable_series()->mutable_template_()->set_title("Еженедельный отчёт клиенту");
  request.mutable_series()->set_rrule("FREQ=WEEKLY;BYDAY=MO,TH");
  request.mutable_series()->set_start_local_time("2026-11-02T12:00");  // a Monday, 09:00 UTC
  auto series = app_->CreateTaskSeries(anna_, request);
  ASSERT_TRUE(series.ok()) << series.status();
  // From Monday 2026-11-02 12:00 Moscow (now) to 2027-01-31 (90 days): 13 Mondays (Nov 2 to
  // Jan 25) and 13 Thursdays (Nov 5 to Jan 28).
  EXPECT_EQ(series->generated_count(), 26);
  EXPECT_EQ(*app_->GenerateOccurrences(), 0);  // nothing new in the same instant
  clock_.Advance(absl::Hours(24 * 7));
  EXPECT_EQ(*app_->GenerateOccurrences(), 2);  // Monday Feb 1 and Thursday Feb 4 entered
  clock_.Advance(absl::Hours(24 * 2));         // Wednesday Nov 11, 12:00 Moscow
  v1::ListTasksRequest overdue;
  overdue.set_parent("employees/anna");
  overdue.set_view(v1::TASK_VIEW_OVERDUE);
  v1::ListTasksResponse tasks;
  ASSERT_TRUE(app_->ListTasks(overdue, &tasks).ok());
  EXPECT_EQ(tasks.tasks_size(), 3);  // Nov 2, 5 and 9
}

}  // namespace
}  // namespace chronicle::activities
