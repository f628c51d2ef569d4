// The client decider as given / when / then: given past events, when a command, then new events
// (or an error). No log, no gRPC.
#include "contacts/domain/client.h"

#include "absl/strings/str_cat.h"
#include "chronicle/errors/errors.h"
#include "contacts/domain/client_profile.h"
#include "contacts/domain/events.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"

namespace chronicle::contacts {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Events = std::vector<v1::EventEnvelope>;

class ClientDeciderTest : public ::testing::Test {
 protected:
  ClientDeciderTest() : phones_(*PhoneNormalizer::Create("RU")) {}

  DecideContext Context() { return {phones_, catalog_, now_}; }

  // Folds `events` into `state` as the log would number them.
  void Given(const Events& events, ClientState* state, const std::string& id = "a") {
    for (v1::EventEnvelope event : events) {
      event.mutable_stream()->set_type(kClientStream);
      event.mutable_stream()->set_id(id);
      event.set_stream_version(state->version + 1);
      *event.mutable_occurred_at() =
          google::protobuf::util::TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(now_));
      event.mutable_actor()->set_user_id("anna");
      ASSERT_TRUE(Evolve(event, state).ok());
    }
  }

  ClientState Existing(const v1::Client& input, const std::string& id = "a") {
    ClientState state;
    auto events = DecideCreate(Context(), {absl::StrCat(kClientPrefix, id), input, {}});
    EXPECT_TRUE(events.ok()) << events.status();
    Given(*events, &state, id);
    return state;
  }

  static v1::Client Person(const std::string& surname, const std::string& given,
                           const std::string& phone = "") {
    v1::Client client;
    client.set_surname(surname);
    client.set_given_name(given);
    if (!phone.empty()) client.add_phones()->set_number(phone);
    return client;
  }

  PhoneNormalizer phones_;
  FieldCatalog catalog_;
  absl::Time now_ = absl::FromUnixSeconds(1'790'000'000);
};

TEST_F(ClientDeciderTest, CreateNormalizesAndEvolveBuildsTheCard) {
  ClientState state = Existing(Person("Петров", "Олег", "8 (912) 345-67-89"));
  EXPECT_EQ(state.card.name(), "clients/a");
  EXPECT_EQ(state.card.display_name(), "Петров Олег");
  EXPECT_EQ(state.card.phones(0).e164(), "+79123456789");
  EXPECT_EQ(state.card.etag(), "1");
  EXPECT_EQ(state.card.create_user(), "anna");
}

TEST_F(ClientDeciderTest, CreateNeedsSomethingToCallTheClientBy) {
  auto events = DecideCreate(Context(), {"clients/a", v1::Client(), {}});
  ASSERT_FALSE(events.ok());
  EXPECT_THAT(
      errors::FieldViolations(events.status()),
      ElementsAre(errors::FieldViolation{"client", "a client needs a name, a phone or an email"}));
}

TEST_F(ClientDeciderTest, UpdateEmitsOnlyWhatChangedWithPreviousValues) {
  ClientState state = Existing(Person("Петров", "Олег"));
  UpdateClientCommand command;
  command.input = Person("Петров", "Олежка");
  command.paths = {"surname", "given_name"};
  auto events = DecideUpdate(Context(), state, command);
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), 1u);
  v1::ClientUpdated updated;
  ASSERT_TRUE(Unpack((*events)[0], &updated).ok());
  // The derived display name follows the name parts.
  EXPECT_THAT(updated.paths(), ElementsAre("given_name", "display_name"));
  EXPECT_EQ(updated.previous().given_name(), "Олег");
  EXPECT_EQ(updated.changes().display_name(), "Петров Олежка");

  // The same update again changes nothing: no events.
  Given(*events, &state);
  auto again = DecideUpdate(Context(), state, command);
  ASSERT_TRUE(again.ok());
  EXPECT_THAT(*again, IsEmpty());
}

TEST_F(ClientDeciderTest, UpdateRefusesStaleEtagAndOutputOnlyPaths) {
  ClientState state = Existing(Person("Петров", "Олег"));
  UpdateClientCommand command;
  command.input.set_etag("7");
  command.paths = {"notes"};
  EXPECT_TRUE(absl::IsAborted(DecideUpdate(Context(), state, command).status()));
  command.input.clear_etag();
  command.paths = {"lifecycle_status", "merged_into"};
  auto refused = DecideUpdate(Context(), state, command);
  EXPECT_EQ(errors::FieldViolations(refused.status()).size(), 2u);
}

TEST_F(ClientDeciderTest, OwnerChangesAreTheirOwnEvent) {
  v1::Client input = Person("Петров", "Олег");
  input.set_owner("igor");
  ClientState state = Existing(input);
  UpdateClientCommand command;
  command.input.set_owner("anna");
  command.paths = {"owner"};
  auto events = DecideUpdate(Context(), state, command);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_TRUE(Is<v1::OwnerChanged>((*events)[0]));
  Given(*events, &state);
  EXPECT_EQ(state.card.owner(), "anna");
}

TEST_F(ClientDeciderTest, TemporaryOwnerLapsesAtItsEnd) {
  v1::Client input = Person("Петров", "Олег");
  input.set_owner("igor");
  ClientState state = Existing(input);
  Reassign cover{"anna", "", now_ + absl::Hours(48), "vacation"};
  auto events = DecideReassign(Context(), state, cover);
  ASSERT_TRUE(events.ok());
  Given(*events, &state);
  EXPECT_EQ(PresentCard(state.card, now_ + absl::Hours(1)).effective_owner(), "anna");
  EXPECT_EQ(PresentCard(state.card, now_ + absl::Hours(49)).effective_owner(), "igor");
  cover.until = now_ - absl::Hours(1);
  EXPECT_TRUE(absl::IsInvalidArgument(DecideReassign(Context(), state, cover).status()));
}

TEST_F(ClientDeciderTest, FillInKeepsValuesAndAddsMissingItems) {
  v1::Client input = Person("Петров", "Олег", "+79123456789");
  input.add_tags("VIP");
  ClientState state = Existing(input);
  v1::Client more = Person("Petrov", "", "8 912 345 67 89");
  more.add_emails()->set_address("oleg@example.ru");
  more.add_tags("vip");
  more.add_tags("опт");
  more.set_website("example.ru");
  auto events = DecideFillIn(Context(), state, more, {}, "", "client");
  ASSERT_TRUE(events.ok()) << events.status();
  Given(*events, &state);
  EXPECT_EQ(state.card.surname(), "Петров");  // kept
  EXPECT_EQ(state.card.phones_size(), 1);     // the same number
  EXPECT_EQ(state.card.emails_size(), 1);     // added
  EXPECT_THAT(state.card.tags(), ElementsAre("VIP", "опт"));
  EXPECT_EQ(state.card.website(), "example.ru");  // filled
}

TEST_F(ClientDeciderTest, UnmergeTakesBackOnlyWhatNobodyChangedSince) {
  v1::Client a_input = Person("Иванова", "Саша", "+79123456789");
  a_input.set_website("sasha.ru");
  ClientState a = Existing(a_input, "a");
  ClientState b = Existing(Person("Ivanova", "Sasha"), "b");
  auto merge = DecideMerge(a, b);
  ASSERT_TRUE(merge.ok()) << merge.status();
  Given(merge->target_events, &b, "b");
  Given(merge->source_events, &a, "a");
  EXPECT_EQ(b.card.phones_size(), 1);
  EXPECT_EQ(b.card.website(), "sasha.ru");
  EXPECT_EQ(a.card.merged_into(), "clients/b");
  EXPECT_TRUE(absl::IsFailedPrecondition(CheckWritable(a)));

  // Someone edits the website on B after the merge: that edit is theirs and stays.
  UpdateClientCommand edit;
  edit.input.set_website("ivanova.pro");
  edit.paths = {"website"};
  Given(*DecideUpdate(Context(), b, edit), &b, "b");

  auto unmerge = DecideUnmerge(a, b);
  ASSERT_TRUE(unmerge.ok()) << unmerge.status();
  Given(unmerge->target_events, &b, "b");
  Given(unmerge->source_events, &a, "a");
  EXPECT_EQ(b.card.phones_size(), 0);
  EXPECT_EQ(b.card.website(), "ivanova.pro");
  EXPECT_THAT(b.card.merged_from(), IsEmpty());
  EXPECT_TRUE(CheckWritable(a).ok());
}

TEST_F(ClientDeciderTest, ImportRevertRestoresOrCountsConflicts) {
  ClientState state = Existing(Person("Петров", "Олег"));
  UpdateClientCommand imported;
  imported.input.set_notes("из импорта");
  imported.input.set_website("petrov.ru");
  imported.paths = {"notes", "website"};
  imported.import_job = "job1";
  Given(*DecideUpdate(Context(), state, imported), &state);
  UpdateClientCommand later;
  later.input.set_notes("позвонил, уточнил");
  later.paths = {"notes"};
  Given(*DecideUpdate(Context(), state, later), &state);

  int conflicts = 0;
  auto revert = DecideRevertImport(state, "job1", &conflicts);
  ASSERT_TRUE(revert.ok());
  Given(*revert, &state);
  EXPECT_EQ(conflicts, 1);  // the notes were changed after the import: left alone
  EXPECT_EQ(state.card.notes(), "позвонил, уточнил");
  EXPECT_EQ(state.card.website(), "");
}

TEST_F(ClientDeciderTest, ManualLifecycleOverrideWinsOverRules) {
  ClientState state = Existing(Person("Петров", "Олег"));
  v1::SetLifecycleStatusRequest rule;
  rule.set_status(v1::LIFECYCLE_STATUS_REAL);
  rule.set_computed(true);
  Given(*DecideLifecycle(state, rule), &state);
  v1::SetLifecycleStatusRequest manual;
  manual.set_status(v1::LIFECYCLE_STATUS_REGULAR);
  EXPECT_TRUE(absl::IsInvalidArgument(DecideLifecycle(state, manual).status()));  // needs a reason
  manual.set_reason("постоянный клиент с 2019 года");
  Given(*DecideLifecycle(state, manual), &state);
  rule.set_status(v1::LIFECYCLE_STATUS_LOST);
  Given(*DecideLifecycle(state, rule), &state);
  EXPECT_EQ(state.card.lifecycle_status(), v1::LIFECYCLE_STATUS_REGULAR);
  EXPECT_EQ(state.card.computed_lifecycle_status(), v1::LIFECYCLE_STATUS_LOST);
  EXPECT_EQ(state.card.lifecycle_override().by(), "anna");
  v1::SetLifecycleStatusRequest clear;
  clear.set_clear_override(true);
  Given(*DecideLifecycle(state, clear), &state);
  EXPECT_EQ(state.card.lifecycle_status(), v1::LIFECYCLE_STATUS_LOST);
}

TEST_F(ClientDeciderTest, EventsOfOtherServicesOnlyAdvanceTheVersion) {
  ClientState state = Existing(Person("Петров", "Олег"));
  v1::EventEnvelope foreign;
  foreign.set_event_type("activities.CallLogged");
  Given({foreign}, &state);
  EXPECT_EQ(state.version, 2u);
  EXPECT_EQ(state.card.display_name(), "Петров Олег");
}

TEST(SplitFullNameTest, EastSlavicAndWesternOrders) {
  auto parts = SplitFullName("Иванова Александра Петровна");
  EXPECT_EQ(parts.surname, "Иванова");
  EXPECT_EQ(parts.given_name, "Александра");
  EXPECT_EQ(parts.patronymic, "Петровна");
  parts = SplitFullName("Олег Петрович Коваленко");
  EXPECT_EQ(parts.surname, "Коваленко");
  EXPECT_EQ(parts.patronymic, "Петрович");
  parts = SplitFullName("Шевченко Тарас");
  EXPECT_EQ(parts.surname, "Шевченко");
  EXPECT_EQ(parts.given_name, "Тарас");
  parts = SplitFullName("Alexandra Ivanova");
  EXPECT_EQ(parts.given_name, "Alexandra");
  EXPECT_EQ(parts.surname, "Ivanova");
  EXPECT_EQ(SplitFullName("Саша").given_name, "Саша");
}

}  // namespace
}  // namespace chronicle::contacts
