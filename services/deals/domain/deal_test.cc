#include "deals/domain/deal.h"

#include "deals/domain/events.h"
#include "deals/domain/pipeline.h"
#include "deals/domain/test_support.h"
#include "gtest/gtest.h"

namespace chronicle::deals {
namespace {

using testing::Fold;

const absl::Time kT0 = absl::FromUnixSeconds(1'780'000'000);

class DealTest : public ::testing::Test {
 protected:
  DealTest() {
    pipeline_ = testing::SalesPipeline();
    pipeline_.set_name("pipelines/new-sales");
    Fold(DecideDefineReason(reasons_, "expensive", "Дорого"), &reasons_);
    Fold(DecideDefineReason(reasons_, "old", "Устарело"), &reasons_);
    Fold(DecideRetireReason(reasons_, "old"), &reasons_);
  }

  CreateDealCommand Create() {
    CreateDealCommand command;
    command.name = "deals/d1";
    command.input.set_pipeline("pipelines/new-sales");
    command.input.set_client("clients/c1");
    command.input.set_title("Годовая подписка");
    command.pipeline = &pipeline_;
    command.caller = "anna";
    command.attribution.set_source("Вебинар");
    return command;
  }

  DealState Created() {
    DealState state;
    CreateDealCommand command = Create();
    v1::LineItem* item = command.input.add_line_items();
    item->set_product("Лицензия");
    item->set_quantity(3);
    item->mutable_unit_price()->set_currency_code("RUB");
    item->mutable_unit_price()->set_units(40'000);
    Fold(DecideCreateDeal(state, command), &state, kT0);
    return state;
  }

  v1::Pipeline pipeline_;
  RefusalReasonsState reasons_;
};

TEST(DealEventsTest, TypesAreNamedForTheServiceAndMessage) {
  // Stored event types: renaming them would orphan every recorded deal.
  EXPECT_EQ(EventType<v1::DealWon>(), "deals.DealWon");
  EXPECT_EQ(EventType<v1::PipelineCreated>(), "deals.PipelineCreated");
}

TEST_F(DealTest, CreatesInTheFirstOpenStageWithDefaults) {
  DealState state = Created();
  const v1::Deal& deal = state.deal;
  EXPECT_EQ(deal.name(), "deals/d1");
  EXPECT_EQ(deal.stage(), "lead");
  EXPECT_EQ(deal.stage_display_name(), "Новый лид");
  EXPECT_EQ(deal.state(), v1::DEAL_STATE_OPEN);
  EXPECT_EQ(deal.owner(), "anna");
  EXPECT_EQ(deal.amount().units(), 120'000);  // 3 x 40,000: the line items' sum
  EXPECT_EQ(deal.attribution().source(), "Вебинар");
  EXPECT_EQ(deal.etag(), "1");
  ASSERT_EQ(deal.stage_periods_size(), 1);
  EXPECT_EQ(deal.stage_periods(0).enter_time().seconds(), absl::ToUnixSeconds(kT0));
}

TEST_F(DealTest, RefusesBadInputNamingEachField) {
  CreateDealCommand command = Create();
  command.input.clear_title();
  command.input.mutable_amount()->set_currency_code("RUB");
  command.input.mutable_amount()->set_units(-5);
  command.input.set_expected_close_date("2026-02-30");
  command.input.set_client("c1");
  auto decided = DecideCreateDeal(DealState(), command);
  ASSERT_TRUE(absl::IsInvalidArgument(decided.status()));
  std::vector<std::string> fields;
  for (const auto& v : errors::FieldViolations(decided.status())) fields.push_back(v.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"deal.client", "deal.title", "deal.amount",
                                              "deal.expected_close_date"}));
  command = Create();
  command.input.set_stage("won");
  EXPECT_TRUE(absl::IsInvalidArgument(DecideCreateDeal(DealState(), command).status()));
}

TEST_F(DealTest, DuplicateGuardRefusesUnlessOverriddenAndRecordsTheOverride) {
  CreateDealCommand command = Create();
  command.open_deal_of_another = OpenDealOfAnother{"deals/d0", "igor"};
  auto refused = DecideCreateDeal(DealState(), command);
  ASSERT_TRUE(absl::IsFailedPrecondition(refused.status()));
  EXPECT_NE(refused.status().message().find("deals/d0 owned by igor"), std::string::npos);

  command.override_duplicate_guard = true;
  command.override_reason = "клиент попросил другого менеджера";
  DealState state;
  Fold(DecideCreateDeal(state, command), &state);
  EXPECT_EQ(state.deal.overrode_deal(), "deals/d0");

  // The same owner's second deal is not a conflict between managers.
  command = Create();
  command.open_deal_of_another = OpenDealOfAnother{"deals/d0", "anna"};
  EXPECT_TRUE(DecideCreateDeal(DealState(), command).ok());
}

TEST_F(DealTest, MovesRecordExactTimeInStage) {
  DealState state = Created();
  Fold(DecideMoveDeal(state, pipeline_, "qualified", "1"), &state, kT0 + absl::Hours(30));
  Fold(DecideMoveDeal(state, pipeline_, "pipelines/new-sales/stages/proposal", ""), &state,
       kT0 + absl::Hours(50));
  ASSERT_EQ(state.deal.stage_periods_size(), 3);
  const v1::StagePeriod& lead = state.deal.stage_periods(0);
  EXPECT_EQ(lead.leave_time().seconds() - lead.enter_time().seconds(), 30 * 3600);
  EXPECT_EQ(state.deal.stage_periods(1).stage_display_name(), "Квалификация");
  EXPECT_FALSE(state.deal.stage_periods(2).has_leave_time());
  // Moving where it stands writes nothing.
  EXPECT_TRUE(DecideMoveDeal(state, pipeline_, "proposal", "")->empty());
}

TEST_F(DealTest, EventsTravelWithTheirClient) {
  // Partition key = client id: on a partitioned log a client's deals stay in order with the rest
  // of its history, and readers of the client's history find them.
  auto created = DecideCreateDeal(DealState(), Create());
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->front().partition_key(), "c1");
  DealState state = Created();
  auto moved = DecideMoveDeal(state, pipeline_, "qualified", "");
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->front().partition_key(), "c1");
  auto won = DecideWinDeal(state, pipeline_, "", /*has_earlier_win=*/false, "");
  ASSERT_TRUE(won.ok());
  EXPECT_EQ(won->front().partition_key(), "c1");
  // A company's deal without a client keeps the log's default (its own stream).
  CreateDealCommand company = Create();
  company.input.clear_client();
  company.input.set_company("companies/k1");
  auto company_deal = DecideCreateDeal(DealState(), company);
  ASSERT_TRUE(company_deal.ok()) << company_deal.status();
  EXPECT_EQ(company_deal->front().partition_key(), "");
}

TEST_F(DealTest, MoveChecksEtagStageAndKind) {
  DealState state = Created();
  EXPECT_TRUE(absl::IsAborted(DecideMoveDeal(state, pipeline_, "qualified", "7").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(DecideMoveDeal(state, pipeline_, "nope", "").status()));
  auto other = DecideMoveDeal(state, pipeline_, "pipelines/tenders/stages/qualified", "");
  EXPECT_TRUE(absl::IsInvalidArgument(other.status()));
  auto closing = DecideMoveDeal(state, pipeline_, "won", "");
  ASSERT_TRUE(absl::IsInvalidArgument(closing.status()));
  EXPECT_NE(closing.status().message().find("WinDeal"), std::string::npos);
}

TEST_F(DealTest, WonDealOfAnExistingCustomerIsARepeatSale) {
  DealState state = Created();
  Fold(DecideWinDeal(state, pipeline_, "", /*has_earlier_win=*/true, ""), &state);
  EXPECT_EQ(state.deal.state(), v1::DEAL_STATE_WON);
  EXPECT_EQ(state.deal.stage(), "won");
  EXPECT_EQ(state.deal.sale_kind(), v1::SALE_KIND_REPEAT);
  EXPECT_TRUE(state.deal.has_close_time());
  auto move = DecideMoveDeal(state, pipeline_, "lead", "");
  ASSERT_TRUE(absl::IsFailedPrecondition(move.status()));
  EXPECT_NE(move.status().message().find("reopen"), std::string::npos);
}

TEST_F(DealTest, LosingNeedsAnActiveReasonAndReopenReturnsToTheLastOpenStage) {
  DealState state = Created();
  Fold(DecideMoveDeal(state, pipeline_, "proposal", ""), &state);
  EXPECT_TRUE(absl::IsInvalidArgument(
      DecideLoseDeal(state, pipeline_, reasons_, {"", "", "", ""}).status()));
  auto retired = DecideLoseDeal(state, pipeline_, reasons_, {"refusalReasons/old", "", "", ""});
  ASSERT_TRUE(absl::IsInvalidArgument(retired.status()));
  EXPECT_NE(retired.status().message().find("retired"), std::string::npos);

  Fold(DecideLoseDeal(state, pipeline_, reasons_,
                      {"refusalReasons/expensive", "сравнивают с конкурентом", "", ""}),
       &state);
  EXPECT_EQ(state.deal.state(), v1::DEAL_STATE_LOST);
  EXPECT_EQ(state.deal.lost_reason_display_name(), "Дорого");
  EXPECT_TRUE(absl::IsFailedPrecondition(
      DecideLoseDeal(state, pipeline_, reasons_, {"refusalReasons/expensive", "", "", ""})
          .status()));

  Fold(DecideReopenDeal(state, pipeline_, "", ""), &state);
  EXPECT_EQ(state.deal.state(), v1::DEAL_STATE_OPEN);
  EXPECT_EQ(state.deal.stage(), "proposal");
  EXPECT_TRUE(state.deal.lost_reason().empty());
  EXPECT_FALSE(state.deal.has_close_time());
  EXPECT_TRUE(absl::IsFailedPrecondition(DecideReopenDeal(state, pipeline_, "", "").status()));
}

TEST_F(DealTest, QualificationAndDisqualification) {
  DealState state = Created();
  Fold(DecideQualifyDeal(state, ""), &state);
  EXPECT_EQ(state.deal.qualification(), v1::QUALIFICATION_QUALIFIED);
  EXPECT_TRUE(DecideQualifyDeal(state, "")->empty());
  EXPECT_TRUE(absl::IsInvalidArgument(DecideDisqualifyDeal(state, pipeline_, "", "", "").status()));
  Fold(DecideDisqualifyDeal(state, pipeline_, "студент, нет бюджета", "", ""), &state);
  EXPECT_EQ(state.deal.qualification(), v1::QUALIFICATION_DISQUALIFIED);
  EXPECT_EQ(state.deal.state(), v1::DEAL_STATE_LOST);
  EXPECT_EQ(state.deal.stage(), "lost");
}

TEST_F(DealTest, UpdateKeepsPreviousValuesAndRefusesStageEdits) {
  DealState state = Created();
  v1::Deal input;
  input.set_title("Подписка на 2 года");
  input.set_owner("igor");
  google::protobuf::FieldMask mask;
  mask.add_paths("title");
  mask.add_paths("owner");
  auto events = DecideUpdateDeal(state, input, mask);
  ASSERT_TRUE(events.ok()) << events.status();
  v1::DealUpdated updated;
  ASSERT_TRUE(Unpack((*events)[0], &updated).ok());
  EXPECT_EQ(updated.previous().owner(), "anna");
  Fold(events, &state);
  EXPECT_EQ(state.deal.owner(), "igor");
  EXPECT_EQ(state.deal.title(), "Подписка на 2 года");
  mask.set_paths(0, "stage");
  EXPECT_TRUE(absl::IsInvalidArgument(DecideUpdateDeal(state, input, mask).status()));
}

TEST_F(DealTest, RemovedStageMovesItsDealsFollowingLaterRemovals) {
  DealState state = Created();
  v1::Pipeline after = pipeline_;
  after.mutable_stages()->DeleteSubrange(0, 2);  // lead and qualified removed
  v1::RemovedStage lead;
  lead.mutable_stage()->set_id("lead");
  lead.set_moved_to("qualified");
  *after.add_removed_stages() = lead;
  v1::RemovedStage qualified;
  qualified.mutable_stage()->set_id("qualified");
  qualified.set_moved_to("proposal");
  *after.add_removed_stages() = qualified;
  Fold(DecideStageRemovalMove(state, after, lead), &state);
  EXPECT_EQ(state.deal.stage(), "proposal");
  EXPECT_TRUE(DecideStageRemovalMove(state, after, lead)->empty());
}

}  // namespace
}  // namespace chronicle::deals
