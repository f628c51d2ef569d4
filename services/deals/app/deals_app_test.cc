// The deals application over a real RocksDB log and projection engine in a temp dir, with a fake
// clock so deals are created and moved across months. Board, forecast and stalled deals are
// checked against values computed here by brute force over what the test did, not by the
// projection's own code.
#include "deals/app/deals_app.h"

#include <map>
#include <random>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "chronicle/testing/log_and_engine.h"
#include "chronicle/testing/temp_dir.h"
#include "chronicle/v1/contacts_events.pb.h"
#include "deals/domain/events.h"
#include "deals/domain/test_support.h"
#include "deals/projection/deals_projection.h"
#include "gtest/gtest.h"

namespace chronicle::deals {
namespace {

const absl::Time kStart =
    absl::FromCivil(absl::CivilSecond(2026, 1, 10, 9, 0, 0), absl::UTCTimeZone());
const char* const kOwners[] = {"anna", "igor", "olga"};
const char* const kSources[] = {"Вебинар", "Яндекс.Директ", "Рекомендация"};
const char* const kOpenStages[] = {"lead", "qualified", "proposal"};

// What the test did to one deal, for the brute-force answers.
struct Truth {
  std::string name;
  std::string owner, source, stage;
  int64_t amount = 0;  // RUB units
  absl::Time created;
  absl::Time entered;
  std::string close_date;
  bool open = true;
};

class DealsAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::Status opened = store_.Open(dir_.path(), &clock_, std::make_unique<DealsProjection>());
    ASSERT_TRUE(opened.ok()) << opened;
    auto app = DealsApp::Create({store_.log.get(), store_.engine.get(), &clock_});
    ASSERT_TRUE(app.ok()) << app.status();
    app_ = std::move(*app);
    admin_.set_user_id("root");
    admin_.set_role("admin");
    v1::CreatePipelineRequest pipeline;
    pipeline.set_pipeline_id("new-sales");
    *pipeline.mutable_pipeline() = testing::SalesPipeline();
    ASSERT_TRUE(app_->CreatePipeline(admin_, pipeline).ok());
  }

  void TearDown() override { app_.reset(); }

  // A contacts client card, as the contacts service would have written it.
  void AddClient(const std::string& id, const std::string& source) {
    v1::ClientCreated created;
    created.mutable_client()->set_given_name("Анна");
    created.mutable_first_touch()->set_first_visit_source(source);
    created.mutable_first_touch()->set_utm_campaign("spring");
    eventlog::AppendRequest request;
    request.stream = MakeStream("client", id);
    request.command_id = "client-" + id;
    request.actor = admin_;
    request.events.push_back(NewEvent(created));
    ASSERT_TRUE(store_.log->Append(std::move(request)).ok());
  }

  v1::Deal CreateDeal(const std::string& client, const std::string& owner, int64_t amount,
                      const std::string& close_date = "") {
    v1::CreateDealRequest request;
    request.mutable_deal()->set_pipeline("pipelines/new-sales");
    request.mutable_deal()->set_client(absl::StrCat("clients/", client));
    request.mutable_deal()->set_title("Подписка");
    request.mutable_deal()->set_owner(owner);
    request.mutable_deal()->set_expected_close_date(close_date);
    request.mutable_deal()->mutable_amount()->set_currency_code("RUB");
    request.mutable_deal()->mutable_amount()->set_units(amount);
    request.set_override_duplicate_guard(true);
    auto deal = app_->CreateDeal(Actor(owner), request);
    EXPECT_TRUE(deal.ok()) << deal.status();
    return deal.value_or(v1::Deal());
  }

  v1::Actor Actor(const std::string& user) {
    v1::Actor actor;
    actor.set_user_id(user);
    actor.set_role("manager");
    return actor;
  }

  // Creates `n` deals over ~5 months with random owners, amounts and stages.
  std::vector<Truth> History(int n) {
    std::mt19937 random(7);
    std::vector<Truth> truth;
    for (int i = 0; i < n; ++i) {
      clock_.Advance(absl::Minutes(60 + random() % (60 * 60)));  // up to 2.5 days apart
      Truth t;
      t.source = kSources[random() % 3];
      AddClient(absl::StrCat("c", i), t.source);
      t.owner = kOwners[random() % 3];
      t.amount = 10'000 + 1'000 * (random() % 90);
      const absl::CivilDay close =
          absl::ToCivilDay(clock_.Now(), absl::UTCTimeZone()) + static_cast<int>(random() % 120);
      t.close_date = absl::FormatCivilTime(close);
      const v1::Deal deal = CreateDeal(absl::StrCat("c", i), t.owner, t.amount, t.close_date);
      t.name = deal.name();
      t.created = t.entered = clock_.Now();
      t.stage = "lead";
      const int move = random() % 5;  // 0..2 open stages, 3 won, 4 lost
      if (move == 1 || move == 2) {
        v1::MoveDealRequest request;
        request.set_name(t.name);
        request.set_stage(kOpenStages[move]);
        EXPECT_TRUE(app_->MoveDeal(Actor(t.owner), request).ok());
        t.stage = kOpenStages[move];
      } else if (move == 3) {
        v1::WinDealRequest request;
        request.set_name(t.name);
        EXPECT_TRUE(app_->WinDeal(Actor(t.owner), request).ok());
        t.stage = "won";
        t.open = false;
      }
      truth.push_back(t);
    }
    return truth;
  }

  chronicle::testing::TempDir dir_;
  FakeClock clock_{kStart};
  chronicle::testing::LogAndEngine store_;
  std::unique_ptr<DealsApp> app_;
  v1::Actor admin_;
};

TEST_F(DealsAppTest, BoardMatchesBruteForceForAnyPeriodAndFilter) {
  const std::vector<Truth> truth = History(150);
  std::mt19937 random(11);
  const absl::Time end_of_history = clock_.Now();
  for (int round = 0; round < 40; ++round) {
    v1::GetBoardRequest request;
    request.set_pipeline("pipelines/new-sales");
    request.set_only_counts(true);
    // Random periods: from hours to months, at arbitrary (not midnight) instants.
    const absl::Duration span = end_of_history - kStart;
    const absl::Time from = kStart + span * ((random() % 1000) / 1000.0);
    const absl::Time to = from + absl::Minutes(random() % (60 * 24 * 90));
    if (round % 4 != 0) {
      request.mutable_create_time_start()->set_seconds(absl::ToUnixSeconds(from));
      request.mutable_create_time_end()->set_seconds(absl::ToUnixSeconds(to));
    }
    if (round % 3 == 1) request.set_owner(kOwners[random() % 3]);
    if (round % 5 == 2) request.set_source(kSources[random() % 3]);
    v1::Board board;
    ASSERT_TRUE(app_->GetBoard(request, &board).ok());
    std::map<std::string, std::pair<int64_t, int64_t>> expected;  // stage -> count, sum
    for (const Truth& t : truth) {
      if (request.has_create_time_start() && (t.created < from || t.created >= to)) continue;
      if (!request.owner().empty() && t.owner != request.owner()) continue;
      if (!request.source().empty() && t.source != request.source()) continue;
      expected[t.stage].first += 1;
      expected[t.stage].second += t.amount;
    }
    for (const v1::Board::Column& column : board.columns()) {
      SCOPED_TRACE(absl::StrCat("round ", round, " stage ", column.stage().id()));
      EXPECT_EQ(column.deal_count(), expected[column.stage().id()].first);
      const int64_t sum = column.totals().empty() ? 0 : column.totals(0).units();
      EXPECT_EQ(sum, expected[column.stage().id()].second);
    }
  }
}

TEST_F(DealsAppTest, BoardPagesEachColumnNewestFirst) {
  const std::vector<Truth> truth = History(60);
  std::vector<std::string> expected;
  for (auto it = truth.rbegin(); it != truth.rend(); ++it) {
    if (it->stage == "lead" && it->owner == "anna") expected.push_back(it->name);
  }
  std::vector<std::string> seen;
  v1::GetBoardRequest request;
  request.set_pipeline("pipelines/new-sales");
  request.set_stage("lead");
  request.set_owner("anna");
  request.set_page_size(3);
  do {
    v1::Board board;
    ASSERT_TRUE(app_->GetBoard(request, &board).ok());
    ASSERT_EQ(board.columns_size(), 1);
    for (const v1::Deal& deal : board.columns(0).deals()) seen.push_back(deal.name());
    request.set_page_token(board.columns(0).next_page_token());
  } while (!request.page_token().empty());
  EXPECT_EQ(seen, expected);
}

TEST_F(DealsAppTest, ForecastWeighsOpenDealsByStageProbability) {
  const std::vector<Truth> truth = History(80);
  const std::map<std::string, int> probability = {
      {"lead", 10}, {"qualified", 30}, {"proposal", 60}};
  v1::GetForecastRequest request;
  request.set_start_month("2026-01");
  request.set_end_month("2026-12");
  v1::Forecast forecast;
  ASSERT_TRUE(app_->GetForecast(request, &forecast).ok());
  std::map<std::pair<std::string, std::string>, std::pair<int64_t, double>> expected;
  for (const Truth& t : truth) {
    if (!t.open) continue;
    auto& row = expected[{t.close_date.substr(0, 7), t.owner}];
    row.first += t.amount;
    row.second += t.amount * probability.at(t.stage) / 100.0;
  }
  ASSERT_EQ(static_cast<size_t>(forecast.rows_size()), expected.size());
  for (const v1::Forecast::Row& row : forecast.rows()) {
    const auto& want = expected[{row.month(), row.owner()}];
    EXPECT_EQ(row.amount().units(), want.first) << row.month() << " " << row.owner();
    EXPECT_NEAR(row.weighted().units() + row.weighted().nanos() / 1e9, want.second, 1e-6);
  }
}

TEST_F(DealsAppTest, StalledDealsAreThoseBeyondTheirStageLimit) {
  const std::vector<Truth> truth = History(50);
  clock_.Advance(absl::Hours(24 * 3));
  const std::map<std::string, int> limit = {{"lead", 2}, {"qualified", 7}};
  v1::ListStalledDealsResponse response;
  ASSERT_TRUE(app_->ListStalledDeals({}, &response).ok());
  std::map<std::string, std::set<std::string>> expected, seen;
  for (const Truth& t : truth) {
    auto it = limit.find(t.stage);
    if (it != limit.end() && clock_.Now() - t.entered > absl::Hours(24) * it->second) {
      expected[t.owner].insert(t.name);
    }
  }
  for (const auto& group : response.owners()) {
    for (const auto& stalled : group.deals()) {
      seen[group.owner()].insert(stalled.deal().name());
      EXPECT_GT(stalled.days_in_stage(), stalled.max_days() - 1);
    }
  }
  EXPECT_EQ(seen, expected);
  EXPECT_FALSE(expected.empty());
}

TEST_F(DealsAppTest, RemovingAStageMovesItsDealsAndHistoryKeepsTheOldName) {
  AddClient("c1", "Вебинар");
  const v1::Deal deal = CreateDeal("c1", "anna", 50'000);
  clock_.Advance(absl::Hours(1));
  v1::RemoveStageRequest remove;
  remove.set_pipeline("pipelines/new-sales");
  remove.set_stage_id("lead");
  remove.set_move_deals_to("qualified");
  auto pipeline = app_->RemoveStage(admin_, remove);
  ASSERT_TRUE(pipeline.ok()) << pipeline.status();
  v1::GetDealRequest get;
  get.set_name(deal.name());
  auto moved = app_->GetDeal(get);
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->stage(), "qualified");
  EXPECT_EQ(moved->stage_periods(0).stage_display_name(), "Новый лид");
  EXPECT_EQ(moved->attribution().source(), "Вебинар");
  EXPECT_EQ(moved->attribution().campaign(), "spring");
  // The pipeline as it was before the edit is still readable.
  v1::GetPipelineRequest before;
  before.set_name("pipelines/new-sales");
  before.mutable_read_time()->set_seconds(absl::ToUnixSeconds(kStart));
  auto old = app_->GetPipeline(before);
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->stages(0).id(), "lead");
}

}  // namespace
}  // namespace chronicle::deals
