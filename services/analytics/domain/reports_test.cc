// Reports over the generated history, each checked against values this test computes itself
// from the raw events (its own parsing and arithmetic, not the fold's or the reports').
#include "analytics/domain/reports.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>

#include "absl/strings/str_format.h"
#include "analytics/domain/client_tally.h"
#include "analytics/domain/fact_folder.h"
#include "analytics/domain/lifecycle_index.h"
#include "analytics/domain/settings.h"
#include "chronicle/demo/demo_history.h"
#include "chronicle/errors/errors.h"
#include "chronicle/v1/activities_events.pb.h"
#include "chronicle/v1/analytics_events.pb.h"
#include "chronicle/v1/contacts_events.pb.h"
#include "chronicle/v1/deals_events.pb.h"
#include "gtest/gtest.h"

namespace chronicle::analytics {
namespace {

constexpr int64_t kNow = 1'795'000'000;  // 2026-11-18

std::vector<v1::EventEnvelope> History() {
  demo::DemoOptions options;
  options.clients = 1500;
  options.years = 2;
  options.now = absl::FromUnixSeconds(kNow);
  std::vector<v1::EventEnvelope> events;
  for (const eventlog::AppendRequest& request : demo::GenerateDemoHistory(options)) {
    for (v1::EventEnvelope event : request.events) {
      event.set_global_position(events.size() + 1);
      *event.mutable_stream() = request.stream;
      *event.mutable_recorded_at() = event.occurred_at();
      events.push_back(std::move(event));
    }
  }
  return events;
}

class ReportsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    events_ = new std::vector<v1::EventEnvelope>(History());
    facts_ = new AnalyticsFacts();
    FactFolder folder(facts_);
    for (const auto& event : *events_) ASSERT_TRUE(folder.Apply(event).ok());
  }
  static void TearDownTestSuite() {
    delete events_;
    delete facts_;
  }
  template <typename Payload, typename Visit>
  static void Each(const std::string& type, Visit visit) {
    for (const auto& event : *events_) {
      if (event.event_type() != type) continue;
      Payload payload;
      ASSERT_TRUE(event.payload().UnpackTo(&payload));
      visit(event, payload);
    }
  }
  static std::vector<v1::EventEnvelope>* events_;
  static AnalyticsFacts* facts_;
};
std::vector<v1::EventEnvelope>* ReportsTest::events_ = nullptr;
AnalyticsFacts* ReportsTest::facts_ = nullptr;

// A report from a cube and the same report read fact by fact, byte for byte, both shown when
// they differ.
template <typename Report>
void ExpectSameBytes(const Report& from_cube, const Report& from_facts, const std::string& what) {
  EXPECT_EQ(from_cube.SerializeAsString(), from_facts.SerializeAsString())
      << what << "\n"
      << from_cube.DebugString() << "\nvs\n"
      << from_facts.DebugString();
}

// Folds `events` into `facts`, numbering their positions from 1 as a log would.
void FoldRenumbered(std::vector<v1::EventEnvelope>& events, AnalyticsFacts& facts) {
  FactFolder folder(&facts);
  for (size_t i = 0; i < events.size(); ++i) {
    events[i].set_global_position(i + 1);
    ASSERT_TRUE(folder.Apply(events[i]).ok());
  }
}

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const auto& v : errors::FieldViolations(status)) fields.push_back(v.field);
  return fields;
}

TEST_F(ReportsTest, FunnelCountsReachedStagesLossesAndTimeLikeTheEventsSay) {
  const std::vector<std::string> order = {"new-lead",    "qualification", "proposal",
                                          "negotiation", "payment",       "won"};
  // Per deal: the furthest stage, the outcome, and hours spent in "new-lead" when it left.
  std::map<std::string, int> furthest;
  std::map<std::string, std::string> outcome;
  std::map<std::string, int64_t> entered;
  std::vector<double> new_lead_days;
  auto index = [&](const std::string& stage) {
    return static_cast<int>(std::find(order.begin(), order.end(), stage) - order.begin());
  };
  auto leave = [&](const v1::EventEnvelope& e, const std::string& from) {
    if (from == "new-lead") {
      new_lead_days.push_back((e.occurred_at().seconds() - entered[e.stream().id()]) / 86400.0);
    }
  };
  Each<v1::DealCreated>("deals.DealCreated", [&](const auto& e, const v1::DealCreated& d) {
    furthest[e.stream().id()] = 0;
    entered[e.stream().id()] = e.occurred_at().seconds();
  });
  Each<v1::DealMoved>("deals.DealMoved", [&](const auto& e, const v1::DealMoved& m) {
    furthest[e.stream().id()] =
        std::max(furthest[e.stream().id()], index(m.transition().to_stage()));
    leave(e, m.transition().from_stage());
  });
  Each<v1::DealWon>("deals.DealWon", [&](const auto& e, const v1::DealWon& w) {
    furthest[e.stream().id()] = 5;
    outcome[e.stream().id()] = "won";
    leave(e, w.transition().from_stage());
  });
  Each<v1::DealLost>("deals.DealLost", [&](const auto& e, const v1::DealLost& l) {
    outcome[e.stream().id()] = "lost";
    leave(e, l.transition().from_stage());
  });
  std::vector<int64_t> reached(6), lost_here(6);
  for (const auto& [deal, stage] : furthest) {
    for (int i = 0; i <= stage; ++i) ++reached[i];
    if (outcome[deal] == "lost") ++lost_here[stage];
  }
  std::sort(new_lead_days.begin(), new_lead_days.end());

  v1::FunnelReportRequest request;
  request.mutable_scope()->set_pipeline("pipelines/new-sales");
  auto report = FunnelReport(*facts_, request);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->groups_size(), 1);
  const v1::FunnelGroup& group = report->groups(0);
  ASSERT_EQ(group.steps_size(), 6);
  EXPECT_EQ(group.deals(), static_cast<int64_t>(furthest.size()));
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(group.steps(i).step(), order[i]);
    EXPECT_EQ(group.steps(i).reached(), reached[i]) << order[i];
    EXPECT_EQ(group.steps(i).lost_here(), lost_here[i]) << order[i];
  }
  EXPECT_EQ(group.steps(0).display_name(), "Новый лид");
  EXPECT_EQ(group.steps(0).timed_deals(), static_cast<int64_t>(new_lead_days.size()));
  const double median = new_lead_days.size() % 2 ? new_lead_days[new_lead_days.size() / 2]
                                                 : (new_lead_days[new_lead_days.size() / 2 - 1] +
                                                    new_lead_days[new_lead_days.size() / 2]) /
                                                       2;
  EXPECT_NEAR(group.steps(0).median_days(), median, 1.0 / 24);  // hour buckets
  // The bottleneck is the open step with the worst conversion to the next.
  int worst = 0;
  for (int i = 1; i < 5; ++i) {
    if (reached[i + 1] * reached[worst] < reached[worst + 1] * reached[i]) worst = i;
  }
  EXPECT_EQ(group.bottleneck_step(), order[worst]);
  EXPECT_TRUE(group.steps(worst).bottleneck());

  // Merging stages into one step through the settings.
  AnalyticsFacts merged_facts;
  FactFolder folder(&merged_facts);
  for (const auto& event : *events_) ASSERT_TRUE(folder.Apply(event).ok());
  (*merged_facts.settings.mutable_stage_steps())["proposal"] = "Работа с КП";
  (*merged_facts.settings.mutable_stage_steps())["negotiation"] = "Работа с КП";
  auto merged = FunnelReport(merged_facts, request);
  ASSERT_TRUE(merged.ok());
  ASSERT_EQ(merged->groups(0).steps_size(), 5);
  EXPECT_EQ(merged->groups(0).steps(2).step(), "Работа с КП");
  EXPECT_EQ(merged->groups(0).steps(2).reached(), reached[2]);
  EXPECT_EQ(merged->groups(0).steps(3).reached(), reached[4]);
}

TEST_F(ReportsTest, FunnelFromTheMonthCubeEqualsTheFunnelFromEveryDeal) {
  ASSERT_EQ(facts_->funnel_cubes.count(facts_->symbols.Find("new-sales")), 1u);
  constexpr int64_t kDay = 86400;
  // No period, whole months, periods cutting months at both ends, a quarter, an empty one.
  const std::vector<std::pair<int64_t, int64_t>> periods = {
      {0, 0},
      {1'764'536'400, 1'767'214'800},  // 2025-12-01 .. 2026-01-01 in Moscow
      {kNow - 400 * kDay + 12345, kNow - 100 * kDay - 999},
      {kNow - 91 * kDay, 0},
      {kNow + kDay, kNow + 2 * kDay},
  };
  for (const std::string group_by : {"", "month"}) {
    for (const auto& [start, end] : periods) {
      v1::FunnelReportRequest request;
      request.mutable_scope()->set_pipeline("pipelines/new-sales");
      request.set_group_by(group_by);
      if (start != 0) request.mutable_scope()->mutable_start_time()->set_seconds(start);
      if (end != 0) request.mutable_scope()->mutable_end_time()->set_seconds(end);
      auto from_cube = FunnelReport(*facts_, request);
      auto from_deals = FunnelReport(*facts_, request, {.use_cube = false});
      ASSERT_TRUE(from_cube.ok() && from_deals.ok());
      ExpectSameBytes(*from_cube, *from_deals,
                      absl::StrCat("group_by '", group_by, "' from ", start, " to ", end));
    }
  }
}

TEST_F(ReportsTest, RefusalsFromTheMonthCubeEqualTheRefusalsFromEveryDeal) {
  constexpr int64_t kDay = 86400;
  // A copy with some lost deals reopened and lost again later, in another month or the same:
  // the cube's upkeep must take each loss back out.
  AnalyticsFacts facts;
  std::vector<v1::EventEnvelope> events = *events_;
  int reopened = 0;
  for (const v1::EventEnvelope& lost : *events_) {
    if (lost.event_type() != "deals.DealLost" || reopened++ % 7 != 0) continue;
    v1::DealLost payload;
    ASSERT_TRUE(lost.payload().UnpackTo(&payload));
    v1::DealReopened reopen;
    reopen.mutable_transition()->set_from_stage(payload.transition().to_stage());
    reopen.mutable_transition()->set_to_stage(payload.transition().from_stage());
    v1::EventEnvelope again = lost;
    again.set_event_type("deals.DealReopened");
    again.mutable_payload()->PackFrom(reopen);
    again.mutable_occurred_at()->set_seconds(lost.occurred_at().seconds() + kDay);
    events.push_back(again);
    v1::EventEnvelope relost = lost;
    relost.mutable_occurred_at()->set_seconds(lost.occurred_at().seconds() +
                                              (reopened % 2 ? 2 : 40) * kDay);
    events.push_back(relost);
  }
  ASSERT_GT(reopened, 50);
  ASSERT_NO_FATAL_FAILURE(FoldRenumbered(events, facts));
  const std::vector<std::pair<int64_t, int64_t>> periods = {
      {0, 0},
      {1'764'536'400, 1'767'214'800},  // 2025-12-01 .. 2026-01-01 in Moscow
      {kNow - 400 * kDay + 12345, kNow - 100 * kDay - 999},
      {kNow - 91 * kDay, 0},
  };
  for (const auto& [start, end] : periods) {
    v1::RefusalReportRequest request;
    if (start != 0) request.mutable_scope()->mutable_start_time()->set_seconds(start);
    if (end != 0) request.mutable_scope()->mutable_end_time()->set_seconds(end);
    auto from_cube = RefusalReport(facts, request);
    auto from_deals = RefusalReport(facts, request, {.use_cube = false});
    ASSERT_TRUE(from_cube.ok() && from_deals.ok());
    EXPECT_GT(from_deals->lost(), 0);
    ExpectSameBytes(*from_cube, *from_deals, absl::StrCat("from ", start, " to ", end));
  }
}

TEST_F(ReportsTest, ReportsFromTheCubesEqualTheReportsFromEveryFact) {
  constexpr int64_t kDay = 86400;
  // Cohorts, pulse, sources, managers and ABC. A copy of the history with the changes the
  // cubes' upkeep must follow: won deals reopened and won again in another month or the same,
  // clients merged (and some unmerged) or given to another owner, earlier inquiries moving a
  // client to an earlier cohort, tasks reassigned, a change of time zone halfway that rebuilds
  // the cubes, and a new first stage that changes which leads qualify.
  std::vector<v1::EventEnvelope> events(*events_);
  const size_t halfway = events.size() / 2;
  std::vector<v1::EventEnvelope> later;
  int seen = 0;
  for (const v1::EventEnvelope& event : *events_) {
    ++seen;
    v1::EventEnvelope copy = event;
    auto at = [&](int64_t seconds) -> v1::EventEnvelope& {
      copy.mutable_occurred_at()->set_seconds(seconds);
      return copy;
    };
    if (event.event_type() == "deals.DealWon" && seen % 5 == 0) {
      v1::DealWon won;
      ASSERT_TRUE(event.payload().UnpackTo(&won));
      v1::DealReopened reopen;
      reopen.mutable_transition()->set_from_stage(won.transition().to_stage());
      reopen.mutable_transition()->set_to_stage(won.transition().from_stage());
      copy.set_event_type("deals.DealReopened");
      copy.mutable_payload()->PackFrom(reopen);
      later.push_back(at(event.occurred_at().seconds() + kDay));
      later.push_back(event);
      later.back().mutable_occurred_at()->set_seconds(event.occurred_at().seconds() +
                                                      (seen % 2 ? 2 : 40) * kDay);
    } else if (event.event_type() == "activities.ActivityLogged" && seen % 3 == 0) {
      // The same meeting or call logged again at the end of the log, when the deal it came
      // before has long closed.
      later.push_back(event);
    } else if (event.event_type() == "activities.TaskCreated" && seen % 7 == 0) {
      v1::TaskReassigned reassigned;
      reassigned.set_assignee(seen % 2 ? "anna.petrova" : "igor.sidorenko");
      copy.set_event_type("activities.TaskReassigned");
      copy.mutable_payload()->PackFrom(reassigned);
      later.push_back(at(event.occurred_at().seconds() + kDay));
    } else if (event.event_type() == "contacts.ClientCreated" && seen % 17 == 0) {
      v1::OwnerChanged changed;
      changed.set_owner("igor.sidorenko");
      copy.set_event_type("contacts.OwnerChanged");
      copy.mutable_payload()->PackFrom(changed);
      later.push_back(at(event.occurred_at().seconds() + 5 * kDay));
    } else if (event.event_type() == "contacts.ClientCreated") {
      if (seen % 11 == 0) {
        copy.set_event_type("contacts.ClientMerged");
        copy.mutable_payload()->PackFrom(v1::ClientMerged());
        later.push_back(at(event.occurred_at().seconds() + 3 * kDay));
        if (seen % 2 == 0) {
          copy.set_event_type("contacts.ClientUnmerged");
          later.push_back(at(event.occurred_at().seconds() + 9 * kDay));
        }
      } else if (seen % 19 == 0) {
        // The card turns hot after its deals have closed: the factor cube moves them.
        v1::ClientUpdated updated;
        updated.mutable_changes()->set_temperature(v1::TEMPERATURE_HOT);
        updated.mutable_changes()->set_type(v1::CLIENT_TYPE_LEGAL_ENTITY);
        updated.add_paths("temperature");
        updated.add_paths("type");
        copy.set_event_type("contacts.ClientUpdated");
        copy.mutable_payload()->PackFrom(updated);
        later.push_back(at(event.occurred_at().seconds() + 300 * kDay));
      } else if (seen % 23 == 0 || seen % 29 == 0) {
        // The lifecycle writer's status, or a manager's by hand.
        v1::LifecycleStatusChanged status;
        status.set_status(seen % 23 == 0 ? v1::LIFECYCLE_STATUS_REAL
                                         : v1::LIFECYCLE_STATUS_REGULAR);
        status.set_manual(seen % 29 == 0);
        copy.set_event_type("contacts.LifecycleStatusChanged");
        copy.mutable_payload()->PackFrom(status);
        later.push_back(at(event.occurred_at().seconds() + 2 * kDay));
      } else if (seen % 13 == 0) {
        v1::InquiryReceived inquiry;
        inquiry.mutable_attribution()->set_utm_source("yandex-direct");
        copy.set_event_type("contacts.InquiryReceived");
        copy.mutable_payload()->PackFrom(inquiry);
        later.push_back(at(event.occurred_at().seconds() - 45 * kDay));
      }
    }
  }
  events.insert(events.end(), later.begin(), later.end());
  v1::AnalyticsSettingsChanged zone;
  *zone.mutable_settings() = facts_->settings;
  zone.mutable_settings()->set_time_zone("Asia/Yekaterinburg");
  zone.mutable_settings()->mutable_lifecycle()->set_lost_after_days(200);
  zone.mutable_settings()->mutable_lifecycle()->set_regular_min_purchases(3);
  v1::EventEnvelope settings_changed = events[halfway];
  settings_changed.set_event_type("analytics.AnalyticsSettingsChanged");
  settings_changed.mutable_payload()->PackFrom(zone);
  events.insert(events.begin() + halfway, settings_changed);
  // A stage before the first: the old first stage now qualifies the leads that reached it.
  const auto created = std::find_if(events.begin(), events.end(), [](const auto& event) {
    return event.event_type() == "deals.PipelineCreated";
  });
  ASSERT_NE(created, events.end());
  v1::StageAdded triage;
  triage.mutable_stage()->set_id("triage");
  triage.mutable_stage()->set_display_name("Разбор");
  triage.mutable_stage()->set_kind(v1::STAGE_KIND_OPEN);
  v1::EventEnvelope stage_added = *created;
  stage_added.set_event_type("deals.StageAdded");
  stage_added.mutable_payload()->PackFrom(triage);
  events.insert(events.begin() + events.size() * 3 / 4, stage_added);

  AnalyticsFacts facts;
  ASSERT_NO_FATAL_FAILURE(FoldRenumbered(events, facts));
  ASSERT_EQ(facts.client_cube.time_zone, "Asia/Yekaterinburg");
  const std::vector<std::pair<int64_t, int64_t>> periods = {
      {0, 0},
      {1'764'532'800, 1'767'211'200},  // 2025-12-01 .. 2026-01-01 in Yekaterinburg
      {kNow - 400 * kDay + 12345, kNow - 100 * kDay - 999},
      {kNow - 91 * kDay, 0},
      {kNow + kDay, kNow + 2 * kDay},
  };
  auto expect_same = [](const auto& from_cube, const auto& from_clients, const std::string& what) {
    ASSERT_TRUE(from_cube.ok() && from_clients.ok()) << what;
    ExpectSameBytes(*from_cube, *from_clients, what);
  };
  for (const auto& [start, end] : periods) {
    v1::ReportScope scope;
    if (start != 0) scope.mutable_start_time()->set_seconds(start);
    if (end != 0) scope.mutable_end_time()->set_seconds(end);
    const std::string period = absl::StrCat(" from ", start, " to ", end);
    for (const std::string cohort_by : {"month", "source"}) {
      for (int months : {0, 3, kMaxCohortMonths}) {
        v1::CohortReportRequest request;
        *request.mutable_scope() = scope;
        request.set_cohort_by(cohort_by);
        request.set_months(months);
        expect_same(CohortReport(facts, request), CohortReport(facts, request, {.use_cube = false}),
                    absl::StrCat("cohorts by ", cohort_by, ", ", months, " months", period));
      }
    }
    v1::PulseReportRequest pulse;
    *pulse.mutable_scope() = scope;
    expect_same(PulseReport(facts, pulse), PulseReport(facts, pulse, {.use_cube = false}),
                "pulse" + period);
    v1::ManagerReportRequest managers;
    *managers.mutable_scope() = scope;
    expect_same(ManagerReport(facts, managers, kNow),
                ManagerReport(facts, managers, kNow, {.use_cube = false}), "managers" + period);
    for (const std::string pipeline : {"", "pipelines/new-sales"}) {
      for (const std::string group_by : {"source", "channel", "landing", "campaign"}) {
        v1::SourceReportRequest sources;
        *sources.mutable_scope() = scope;
        sources.mutable_scope()->set_pipeline(pipeline);
        sources.set_group_by(group_by);
        expect_same(SourceReport(facts, sources), SourceReport(facts, sources, {.use_cube = false}),
                    absl::StrCat("sources by ", group_by, " in '", pipeline, "'", period));
      }
    }
  }
  // The ABC ranking the fold keeps, read page by page, with the settings' shares and others.
  for (double a_percent : {0.0, 50.0}) {
    std::string token;
    int pages = 0;
    do {
      v1::AbcReportRequest abc;
      if (a_percent != 0) {
        abc.set_a_percent(a_percent);
        abc.set_b_percent(30);
        abc.set_c_percent(20);
      }
      abc.set_page_size(pages % 2 == 0 ? 100 : 37);
      abc.set_page_token(token);
      auto from_ranking = AbcReport(facts, abc);
      expect_same(from_ranking, AbcReport(facts, abc, {.use_cube = false}),
                  absl::StrCat("abc with A at ", a_percent, "%, page ", pages));
      ASSERT_TRUE(from_ranking.ok());
      token = from_ranking->next_page_token();
    } while (!token.empty() && ++pages < 20);
    EXPECT_GT(pages, 3);
  }
  // Quiet clients from the index the fold keeps: everyone's and one owner's, a page at a time,
  // at a `now` no listed client is later than; and the kinds, periods and filters it leaves to
  // the scan still answer.
  ASSERT_LE(facts.quiet_index.latest, kNow);
  for (int days : {1, 30, 90, 400}) {
    for (const std::string owner : {"", "igor.sidorenko", "nobody"}) {
      std::string token;
      int pages = 0;
      do {
        v1::ListUncontactedClientsRequest quiet;
        quiet.set_days(days);
        quiet.mutable_scope()->set_owner(owner);
        quiet.set_page_size(pages % 2 == 0 ? 50 : 13);
        quiet.set_page_token(token);
        auto from_index = UncontactedClients(facts, quiet, kNow);
        expect_same(from_index, UncontactedClients(facts, quiet, kNow, {.use_cube = false}),
                    absl::StrCat("quiet for ", days, " days, owner '", owner, "', page ", pages));
        ASSERT_TRUE(from_index.ok());
        if (owner == "nobody") EXPECT_EQ(from_index->total(), 0);  // not the clients of no one
        token = from_index->next_page_token();
      } while (!token.empty() && ++pages < 5);
    }
  }
  // Lifecycle statuses from the index, now and as time passes with no new facts: buyers leave
  // the regular window and become lost.
  // (Some deals are won again after kNow: the index answers from the latest purchase on.)
  const int64_t settled = std::max(kNow, facts.lifecycle_index.latest);
  for (int64_t later_days : {0, 1, 45, 200, 3000}) {
    const int64_t now = settled + later_days * kDay + 4321;
    v1::LifecycleReportRequest lifecycle;
    expect_same(LifecycleReport(facts, lifecycle, now),
                LifecycleReport(facts, lifecycle, now, {.use_cube = false}),
                absl::StrCat("lifecycle ", later_days, " days on"));
  }
  v1::LifecycleReportRequest lifecycle;
  auto statuses = LifecycleReport(facts, lifecycle, settled);
  ASSERT_TRUE(statuses.ok());
  int64_t overridden = 0, regular = 0, lost = 0;
  for (const v1::LifecycleCount& count : statuses->counts()) {
    overridden += count.overridden();
    if (count.status() == v1::LIFECYCLE_STATUS_REGULAR) regular = count.by_rules();
    if (count.status() == v1::LIFECYCLE_STATUS_LOST) lost = count.by_rules();
  }
  EXPECT_GT(overridden, 0);
  EXPECT_GT(regular, 0);
  EXPECT_GT(lost, 0);
  EXPECT_GT(statuses->pending_changes(), 0);

  // Closed deals by factor from the cube, against the scan, and for a factor, a period and a
  // filter the cube leaves to the scan.
  for (const std::string factor :
       {"meetings", "calls", "source", "channel", "temperature", "client_type"}) {
    v1::FactorReportRequest request;
    request.set_factor(factor);
    expect_same(FactorReport(facts, request), FactorReport(facts, request, {.use_cube = false}),
                "factor " + factor);
  }
  v1::FactorReportRequest hot;
  hot.set_factor("temperature");
  auto by_temperature = FactorReport(facts, hot);
  ASSERT_TRUE(by_temperature.ok());
  EXPECT_TRUE(std::any_of(by_temperature->rows().begin(), by_temperature->rows().end(),
                          [](const auto& row) { return row.value() == "TEMPERATURE_HOT"; }));

  // RFM from the buyer index, page by page and by segment, against the buyers read client by
  // client; and at a `now` before the latest purchase, where the index leaves it to the scan.
  for (const std::string segment : {"", "champions", "lost"}) {
    std::string token;
    int pages = 0;
    do {
      v1::RfmReportRequest rfm;
      rfm.set_segment_filter(segment);
      rfm.set_page_size(pages % 2 == 0 ? 50 : 17);
      rfm.set_page_token(token);
      auto from_index = RfmReport(facts, rfm, settled);
      expect_same(from_index, RfmReport(facts, rfm, settled, {.use_cube = false}),
                  absl::StrCat("rfm '", segment, "' page ", pages));
      ASSERT_TRUE(from_index.ok());
      token = from_index->next_page_token();
    } while (!token.empty() && ++pages < 4);
  }
  ASSERT_GT(facts.buyer_index.latest, kNow - 30 * kDay);
  expect_same(RfmReport(facts, {}, kNow - 30 * kDay),
              RfmReport(facts, {}, kNow - 30 * kDay, {.use_cube = false}), "rfm a month back");

  // Folded with the indexes deferred and built in one pass at the end (as a load or a rebuild
  // does), the indexes answer alike.
  AnalyticsFacts bulk;
  {
    FactFolder folder(&bulk);
    folder.DeferClientIndexes();
    for (const v1::EventEnvelope& event : events) ASSERT_TRUE(folder.Apply(event).ok());
    folder.BuildDeferredIndexes();
  }
  ASSERT_LE(bulk.quiet_index.latest, kNow);
  ASSERT_EQ(bulk.lifecycle_index.latest, facts.lifecycle_index.latest);
  for (int days : {1, 30, 400}) {
    v1::ListUncontactedClientsRequest quiet;
    quiet.set_days(days);
    quiet.set_page_size(100);
    expect_same(UncontactedClients(bulk, quiet, kNow), UncontactedClients(facts, quiet, kNow),
                absl::StrCat("quiet for ", days, " days, indexes built at the end"));
  }
  for (int64_t later_days : {0, 45, 200}) {
    const int64_t now = settled + later_days * kDay;
    expect_same(LifecycleReport(bulk, {}, now), LifecycleReport(facts, {}, now),
                absl::StrCat("lifecycle ", later_days, " days on, indexes built at the end"));
  }
  for (const std::string factor : {"meetings", "temperature"}) {
    v1::FactorReportRequest request;
    request.set_factor(factor);
    expect_same(FactorReport(bulk, request), FactorReport(facts, request),
                "factor " + factor + ", the cube built at the end");
  }
  expect_same(RfmReport(bulk, {}, settled), RfmReport(facts, {}, settled),
              "rfm, the buyer index built at the end");

  v1::ListUncontactedClientsRequest quiet;
  quiet.set_days(30);
  quiet.add_kinds(v1::ACTIVITY_KIND_MEETING);
  auto meetings_only = UncontactedClients(facts, quiet, kNow);
  quiet.clear_kinds();
  auto all_kinds = UncontactedClients(facts, quiet, kNow);
  ASSERT_TRUE(meetings_only.ok() && all_kinds.ok());
  EXPECT_GT(meetings_only->total(), all_kinds->total());

  // The whole history has buyers, returning buyers and merged clients left out.
  v1::PulseReportRequest everything;
  auto pulse = PulseReport(facts, everything);
  int64_t buyers = 0, new_clients = 0;
  for (const v1::PulseMonth& month : pulse->months()) {
    buyers += month.buyers();
    new_clients += month.new_clients();
  }
  EXPECT_GT(buyers, 100);
  EXPECT_LT(new_clients, 1500);
}

// Purchases per client, independently: won deals (amount and when won) and purchases not tied
// to a deal (their items, when they occurred).
std::map<std::string, std::vector<std::pair<int64_t, int64_t>>> PurchasesByClient(
    const std::vector<v1::EventEnvelope>& events) {
  std::map<std::string, int64_t> amount_of_deal;
  std::map<std::string, std::string> client_of_deal;
  std::map<std::string, std::vector<std::pair<int64_t, int64_t>>> purchases;  // time, amount
  for (const auto& e : events) {
    if (e.event_type() == "deals.DealCreated") {
      v1::DealCreated d;
      e.payload().UnpackTo(&d);
      amount_of_deal[e.stream().id()] = d.deal().amount().units() * 100;
      client_of_deal[e.stream().id()] = d.deal().client().substr(8);
    } else if (e.event_type() == "deals.DealWon") {
      purchases[client_of_deal[e.stream().id()]].push_back(
          {e.occurred_at().seconds(), amount_of_deal[e.stream().id()]});
    } else if (e.event_type() == "activities.ActivityLogged") {
      v1::ActivityLogged a;
      e.payload().UnpackTo(&a);
      if (!a.activity().has_purchase() || !a.activity().deal().empty()) continue;
      int64_t amount = 0;
      for (const auto& item : a.activity().purchase().items()) {
        amount += static_cast<int64_t>(item.price().units() * 100 * item.quantity());
      }
      purchases[a.activity().client().substr(8)].push_back(
          {a.activity().occur_time().seconds(), amount});
    }
  }
  return purchases;
}

// Revenue per client, independently: the sum of its purchases.
std::map<std::string, int64_t> RevenueByClient(const std::vector<v1::EventEnvelope>& events) {
  std::map<std::string, int64_t> revenue;
  for (const auto& [client, purchases] : PurchasesByClient(events)) {
    for (const auto& [time, amount] : purchases) revenue[client] += amount;
  }
  return revenue;
}

TEST_F(ReportsTest, RfmScoresQuintilesAndNamesSegments) {
  constexpr int64_t kDay = 86400;
  struct Buyer {
    std::string id;
    int64_t days = 0, purchases = 0, revenue = 0;
    int r = 0, f = 0, m = 0;
    std::string segment;
  };
  std::vector<Buyer> buyers;
  for (const auto& [client, purchases] : PurchasesByClient(*events_)) {
    Buyer buyer;
    buyer.id = client;
    int64_t last = 0;
    for (const auto& [time, amount] : purchases) {
      if (time > kNow) continue;
      last = std::max(last, time);
      ++buyer.purchases;
      buyer.revenue += amount;
    }
    buyer.days = (kNow - last) / kDay;
    if (buyer.purchases > 0) buyers.push_back(buyer);
  }
  ASSERT_GT(buyers.size(), 100u);
  // A score is 1 + the fifth of the buyers strictly below (fewer days is better).
  auto score = [&](auto value_of, const Buyer& buyer) {
    size_t below = 0;
    for (const Buyer& other : buyers) below += value_of(other) < value_of(buyer);
    return 1 + static_cast<int>(5 * below / buyers.size());
  };
  std::map<std::string, int64_t> per_segment;
  for (Buyer& buyer : buyers) {
    buyer.r = score([](const Buyer& b) { return -b.days; }, buyer);
    buyer.f = score([](const Buyer& b) { return b.purchases; }, buyer);
    buyer.m = score([](const Buyer& b) { return b.revenue; }, buyer);
    const int r = buyer.r, f = buyer.f;
    buyer.segment = r >= 4 && f >= 4   ? "champions"
                    : r >= 3 && f >= 3 ? "loyal"
                    : r >= 4 && f <= 1 ? "new"
                    : r >= 4           ? "potential_loyalists"
                    : f >= 4           ? "cant_lose"
                    : f >= 3           ? "at_risk"
                    : r == 1           ? "lost"
                    : r == 2           ? "hibernating"
                                       : "need_attention";
    ++per_segment[buyer.segment];
  }
  std::sort(buyers.begin(), buyers.end(), [](const Buyer& x, const Buyer& y) {
    const int xs = x.r * 100 + x.f * 10 + x.m, ys = y.r * 100 + y.f * 10 + y.m;
    return xs != ys ? xs > ys : x.id < y.id;
  });

  v1::RfmReportRequest request;
  request.set_page_size(25);
  auto report = RfmReport(*facts_, request, kNow);
  ASSERT_TRUE(report.ok()) << report.status();
  std::map<std::string, int64_t> reported;
  for (const v1::RfmSegment& segment : report->segments()) {
    reported[segment.segment()] = segment.clients();
  }
  EXPECT_EQ(reported, per_segment);
  ASSERT_EQ(report->clients_size(), 25);
  for (int i = 0; i < 25; ++i) {
    const v1::RfmClient& client = report->clients(i);
    EXPECT_EQ(client.client(), "clients/" + buyers[i].id) << i;
    EXPECT_EQ(client.segment(), buyers[i].segment) << i;
    EXPECT_EQ(client.days_since_purchase(), buyers[i].days) << i;
    EXPECT_EQ(client.purchases(), buyers[i].purchases) << i;
  }
  // One segment, its second page.
  request.set_segment_filter("lost");
  request.set_page_size(10);
  request.set_page_token("o10");
  auto lost = RfmReport(*facts_, request, kNow);
  ASSERT_TRUE(lost.ok());
  std::vector<std::string> expected;
  for (const Buyer& buyer : buyers) {
    if (buyer.segment == "lost") expected.push_back("clients/" + buyer.id);
  }
  ASSERT_GT(expected.size(), 20u);
  for (int i = 0; i < lost->clients_size(); ++i) {
    EXPECT_EQ(lost->clients(i).client(), expected[10 + i]);
  }
  EXPECT_EQ(lost->clients_size(), 10);
}

TEST_F(ReportsTest, AbcClassesFollowRevenueShares) {
  std::vector<std::pair<int64_t, std::string>> ranked;
  int64_t total = 0;
  for (const auto& [client, revenue] : RevenueByClient(*events_)) {
    ranked.push_back({-revenue, client});
    total += revenue;
  }
  std::sort(ranked.begin(), ranked.end());
  std::map<char, int64_t> count;
  int64_t before = 0;
  for (const auto& [negative, client] : ranked) {
    const double share = 100.0 * before / total;
    ++count[share < 75 ? 'A' : share < 95 ? 'B' : 'C'];
    before += -negative;
  }
  v1::AbcReportRequest request;
  request.set_page_size(3);
  auto report = AbcReport(*facts_, request);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->classes(0).clients(), count['A']);
  EXPECT_EQ(report->classes(1).clients(), count['B']);
  EXPECT_EQ(report->classes(2).clients(), count['C']);
  EXPECT_EQ(count['A'] + count['B'] + count['C'], static_cast<int64_t>(ranked.size()));
  ASSERT_EQ(report->clients_size(), 3);
  EXPECT_EQ(report->clients(0).client(), "clients/" + ranked[0].second);
  EXPECT_EQ(report->clients(0).revenue().units(), -ranked[0].first / 100);
  EXPECT_EQ(report->next_page_token(), "o3");

  // Other shares for one query; shares that do not add up are refused, naming the field.
  request.set_a_percent(50);
  request.set_b_percent(30);
  request.set_c_percent(10);
  auto bad = AbcReport(*facts_, request);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(bad.status()), std::vector<std::string>{"c_percent"});
}

TEST_F(ReportsTest, CohortsAndPulseCountClientsBuyersAndRevenueByMonth) {
  const absl::TimeZone moscow = [] {
    absl::TimeZone zone;
    absl::LoadTimeZone("Europe/Moscow", &zone);
    return zone;
  }();
  auto month = [&](int64_t t) {
    const absl::CivilSecond c = moscow.At(absl::FromUnixSeconds(t)).cs;
    return absl::StrFormat("%04d-%02d", c.year(), c.month());
  };
  std::map<std::string, std::string> cohort_of;  // client -> month of first contact
  Each<v1::ClientCreated>("contacts.ClientCreated", [&](const auto& e, const v1::ClientCreated& c) {
    cohort_of[e.stream().id()] =
        month(std::min(e.occurred_at().seconds(), c.first_touch().time().seconds()));
  });
  const std::map<std::string, int64_t> revenue = RevenueByClient(*events_);
  std::map<std::string, int64_t> clients, buyers, cohort_revenue;
  for (const auto& [client, cohort] : cohort_of) {
    ++clients[cohort];
    if (auto it = revenue.find(client); it != revenue.end()) {
      ++buyers[cohort];
      cohort_revenue[cohort] += it->second;
    }
  }
  auto report = CohortReport(*facts_, v1::CohortReportRequest());
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->rows_size(), static_cast<int>(clients.size()));
  for (const v1::CohortRow& row : report->rows()) {
    EXPECT_EQ(row.clients(), clients[row.cohort()]) << row.cohort();
    EXPECT_EQ(row.buyers(), buyers[row.cohort()]) << row.cohort();
    EXPECT_EQ(row.revenue().units() * 100, cohort_revenue[row.cohort()]) << row.cohort();
    EXPECT_EQ(row.cells_size(), 12);
  }

  // Pulse: new clients per month add up to every client; revenue to all revenue.
  auto pulse = PulseReport(*facts_, v1::PulseReportRequest());
  ASSERT_TRUE(pulse.ok());
  int64_t new_clients = 0, pulse_revenue = 0, total_revenue = 0;
  for (const auto& m : pulse->months()) {
    new_clients += m.new_clients();
    pulse_revenue += m.revenue().units() * 100;
  }
  for (const auto& [client, r] : revenue) total_revenue += r;
  EXPECT_EQ(new_clients, static_cast<int64_t>(cohort_of.size()));
  EXPECT_EQ(pulse_revenue, total_revenue);
}

TEST_F(ReportsTest, SourcesRefusalsAndNpsMatchTheEvents) {
  std::map<std::string, int64_t> leads, won_by_source, lost_by_reason, spend;
  std::map<std::string, std::string> source_of_deal;
  int64_t promoters = 0, detractors = 0, answers = 0;
  Each<v1::DealCreated>("deals.DealCreated", [&](const auto& e, const v1::DealCreated& d) {
    source_of_deal[e.stream().id()] = d.deal().attribution().source();
    ++leads[d.deal().attribution().source()];
  });
  Each<v1::DealWon>("deals.DealWon", [&](const auto& e, const v1::DealWon&) {
    ++won_by_source[source_of_deal[e.stream().id()]];
  });
  // Qualified: marked so, won, or moved to an open stage past the first ("new-lead").
  std::set<std::string> qualified_deals;
  Each<v1::DealQualified>("deals.DealQualified", [&](const auto& e, const auto&) {
    qualified_deals.insert(e.stream().id());
  });
  Each<v1::DealWon>("deals.DealWon",
                    [&](const auto& e, const auto&) { qualified_deals.insert(e.stream().id()); });
  Each<v1::DealMoved>("deals.DealMoved", [&](const auto& e, const v1::DealMoved& m) {
    if (m.transition().to_stage() != "new-lead" &&
        m.transition().to_kind() == v1::STAGE_KIND_OPEN) {
      qualified_deals.insert(e.stream().id());
    }
  });
  ASSERT_GT(qualified_deals.size(), won_by_source.size());
  std::map<std::string, int64_t> qualified;
  for (const std::string& deal : qualified_deals) ++qualified[source_of_deal[deal]];
  Each<v1::DealLost>("deals.DealLost", [&](const auto&, const v1::DealLost& l) {
    ++lost_by_reason["refusalReasons/" + l.reason().substr(l.reason().rfind('/') + 1)];
  });
  Each<v1::ActivityLogged>("activities.ActivityLogged", [&](const auto&, const auto& a) {
    if (!a.activity().has_nps()) return;
    ++answers;
    if (a.activity().nps().score() >= 9) ++promoters;
    if (a.activity().nps().score() <= 6) ++detractors;
  });
  for (const auto& e : *events_) {
    if (e.stream().type() != "channel_spend") continue;
    v1::ChannelSpendRecorded recorded;
    ASSERT_TRUE(e.payload().UnpackTo(&recorded));
    spend[recorded.spend().source()] += recorded.spend().amount().units();
  }

  auto sources = SourceReport(*facts_, v1::SourceReportRequest());
  ASSERT_TRUE(sources.ok()) << sources.status();
  ASSERT_EQ(sources->rows_size(), static_cast<int>(leads.size()));
  for (const auto& row : sources->rows()) {
    EXPECT_EQ(row.leads(), leads[row.key()]) << row.key();
    EXPECT_EQ(row.won(), won_by_source[row.key()]) << row.key();
    EXPECT_EQ(row.qualified(), qualified[row.key()]) << row.key();
    EXPECT_EQ(row.spend().units(), spend[row.key()]) << row.key();
    if (spend[row.key()] > 0) {
      EXPECT_EQ(row.cost_per_lead().units(), spend[row.key()] / row.leads()) << row.key();
    }
  }
  EXPECT_GT(spend["Яндекс.Директ"], 0);

  auto refusals = RefusalReport(*facts_, v1::RefusalReportRequest());
  ASSERT_TRUE(refusals.ok());
  ASSERT_EQ(refusals->rows_size(), static_cast<int>(lost_by_reason.size()));
  for (const auto& row : refusals->rows()) {
    EXPECT_EQ(row.deals(), lost_by_reason[row.reason()]) << row.reason();
    EXPECT_FALSE(row.display_name().empty());
  }

  auto nps = NpsReport(*facts_, v1::NpsReportRequest());
  ASSERT_TRUE(nps.ok());
  ASSERT_GT(answers, 0);
  EXPECT_EQ(nps->rows(0).answers(), answers);
  EXPECT_NEAR(nps->rows(0).nps(), 100.0 * (promoters - detractors) / answers, 1e-9);
}

TEST_F(ReportsTest, FactorAnalysisShowsMeetingsMatter) {
  v1::FactorReportRequest request;
  request.set_factor("meetings");
  auto report = FactorReport(*facts_, request);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_GE(report->rows_size(), 2);
  EXPECT_EQ(report->rows(0).value(), "0");
  EXPECT_EQ(report->rows(1).value(), "1");
  // The generator lets met clients move on likelier: the win rate with a meeting is higher,
  // and the test of independence says it is no accident.
  EXPECT_GT(report->rows(1).win_rate(), report->rows(0).win_rate());
  EXPECT_LT(report->p_value(), 0.01);
  EXPECT_GT(report->correlation(), 0);
  int64_t deals = 0;
  for (const auto& row : report->rows()) {
    deals += row.deals();
    EXPECT_LE(row.win_rate_low(), row.win_rate());
    EXPECT_GE(row.win_rate_high(), row.win_rate());
  }
  EXPECT_EQ(deals, report->deals());

  request.set_factor("source");
  auto by_source = FactorReport(*facts_, request);
  ASSERT_TRUE(by_source.ok());
  EXPECT_EQ(by_source->degrees_of_freedom(), by_source->rows_size() - 1);
}

TEST_F(ReportsTest, LifecycleRulesAndOverrides) {
  v1::LifecycleRules rules;
  rules.set_regular_min_purchases(2);
  rules.set_regular_window_days(365);
  rules.set_lost_after_days(180);
  constexpr int64_t kDay = 86400;
  ClientFacts client;
  client.known = true;
  EXPECT_EQ(RuleLifecycle(client, rules, kNow), v1::LIFECYCLE_STATUS_POTENTIAL);
  client.inquiries = 1;
  EXPECT_EQ(RuleLifecycle(client, rules, kNow), v1::LIFECYCLE_STATUS_ATTRACTED);
  client.purchases.push_back({kNow - 200 * kDay, 100});
  EXPECT_EQ(RuleLifecycle(client, rules, kNow), v1::LIFECYCLE_STATUS_LOST);
  client.purchases.push_back({kNow - 10 * kDay, 100});
  EXPECT_EQ(RuleLifecycle(client, rules, kNow), v1::LIFECYCLE_STATUS_REGULAR);
  EXPECT_EQ(RuleLifecycle(client, rules, kNow - 100 * kDay), v1::LIFECYCLE_STATUS_REAL);
  client.deleted = true;
  EXPECT_EQ(RuleLifecycle(client, rules, kNow), v1::LIFECYCLE_STATUS_UNDEFINED);

  // Every client of the history gets a status to write; once written, nothing is pending.
  AnalyticsFacts facts = *facts_;
  auto changes = LifecycleChanges(facts, kNow);
  EXPECT_EQ(changes.size(), facts.clients.size());
  for (const auto& [id, status] : changes) {
    facts.clients[facts.client_index[id]].computed_lifecycle = status;
  }
  RebuildLifecycleIndex(facts);  // the statuses were set by hand, not folded in
  EXPECT_TRUE(LifecycleChanges(facts, kNow).empty());
  // A manual override wins in the report.
  facts.clients[0].override_lifecycle = v1::LIFECYCLE_STATUS_REGULAR;
  RebuildLifecycleIndex(facts);
  auto report = LifecycleReport(facts, v1::LifecycleReportRequest(), kNow);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->pending_changes(), 0);
  int64_t total = 0, overridden = 0;
  for (const auto& count : report->counts()) {
    total += count.clients();
    overridden += count.overridden();
  }
  EXPECT_EQ(total, static_cast<int64_t>(facts.clients.size()));
  EXPECT_EQ(overridden, 1);
}

TEST(LifecycleIndexTest, CountsAsEveryClientReadAtEveryInstantAfterTheFacts) {
  // Clients with up to six purchases over two years (some close enough together that they would
  // be regular past the day they are lost, some too far apart to stay regular that long), contacts,
  // and statuses written and set by hand; then the report from the index against the report from
  // every client, day after day.
  constexpr int64_t kDay = 86400;
  std::mt19937 random(7);
  AnalyticsFacts facts;
  facts.settings.mutable_lifecycle()->set_regular_min_purchases(3);
  facts.settings.mutable_lifecycle()->set_regular_window_days(365);
  facts.settings.mutable_lifecycle()->set_lost_after_days(120);
  for (int i = 0; i < 400; ++i) {
    ClientFacts& client = facts.clients[facts.ClientSlot(absl::StrCat("c", i))];
    client.known = i % 37 != 0;
    client.merged = i % 41 == 0;
    client.deleted = i % 43 == 0;
    client.inquiries = i % 3 == 0;
    if (i % 5 == 0) client.last_activity[v1::ACTIVITY_KIND_CALL] = kNow - 30 * kDay;
    const int purchases = static_cast<int>(random() % 7);
    int64_t t = kNow - 600 * kDay + static_cast<int64_t>(random() % (600 * kDay));
    for (int p = 0; p < purchases; ++p) {
      client.AddPurchase({t, 100});
      t += static_cast<int64_t>(random() % (150 * kDay));
    }
    client.computed_lifecycle = static_cast<v1::LifecycleStatus>(random() % 7);
    if (i % 9 == 0) client.override_lifecycle = v1::LIFECYCLE_STATUS_REGULAR;
  }
  RebuildLifecycleIndex(facts);
  const int64_t settled = std::max(kNow, facts.lifecycle_index.latest);
  std::set<int> statuses_seen;
  for (int64_t day = 0; day < 500; day += 3) {
    const int64_t now = settled + day * kDay + 777;
    auto from_index = LifecycleReport(facts, {}, now);
    auto from_clients = LifecycleReport(facts, {}, now, {.use_cube = false});
    ASSERT_TRUE(from_index.ok() && from_clients.ok());
    ExpectSameBytes(*from_index, *from_clients, absl::StrCat("lifecycle ", day, " days on"));
    for (const auto& count : from_clients->counts()) {
      if (count.by_rules() > 0) statuses_seen.insert(count.status());
    }
  }
  EXPECT_EQ(statuses_seen.size(), 5u);  // potential, attracted, real, regular, lost
}

TEST_F(ReportsTest, BadRequestsNameTheirFields) {
  v1::FunnelReportRequest funnel;
  funnel.mutable_scope()->set_pipeline("pipelines/nope");
  funnel.mutable_scope()->mutable_start_time()->set_seconds(kNow);
  funnel.mutable_scope()->mutable_end_time()->set_seconds(kNow - 1);
  funnel.set_group_by("weekday");
  EXPECT_EQ(Fields(FunnelReport(*facts_, funnel).status()), std::vector<std::string>{"group_by"});
  funnel.clear_group_by();
  EXPECT_EQ(Fields(FunnelReport(*facts_, funnel).status()),
            (std::vector<std::string>{"scope.end_time", "scope.pipeline"}));
  EXPECT_EQ(Fields(FunnelReport(*facts_, v1::FunnelReportRequest()).status()),
            std::vector<std::string>{"scope.pipeline"});

  v1::CohortReportRequest cohorts;
  cohorts.set_cohort_by("weekday");
  cohorts.mutable_scope()->set_segment("zodiac:leo");
  EXPECT_EQ(Fields(CohortReport(*facts_, cohorts).status()),
            (std::vector<std::string>{"cohort_by", "scope.segment"}));
  v1::ListUncontactedClientsRequest quiet;
  EXPECT_EQ(Fields(UncontactedClients(*facts_, quiet, kNow).status()),
            std::vector<std::string>{"days"});
  v1::FactorReportRequest factor;
  factor.set_factor("zodiac");
  EXPECT_EQ(Fields(FactorReport(*facts_, factor).status()), std::vector<std::string>{"factor"});

  v1::AnalyticsSettings settings = DefaultSettings();
  settings.set_abc_a_percent(80);
  settings.mutable_lifecycle()->set_regular_min_purchases(1);
  std::vector<std::string> fields;
  for (const auto& v : CheckSettings(settings)) fields.push_back(v.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"settings.abc_c_percent",
                                              "settings.lifecycle.regular_min_purchases"}));
}

TEST_F(ReportsTest, UncontactedClientsAreTheQuietestFirst) {
  v1::ListUncontactedClientsRequest request;
  request.set_days(90);
  request.set_page_size(5);
  auto response = UncontactedClients(*facts_, request, kNow);
  ASSERT_TRUE(response.ok()) << response.status();
  ASSERT_EQ(response->clients_size(), 5);
  int64_t per_owner = 0;
  for (const auto& c : response->per_owner()) per_owner += c.count();
  EXPECT_EQ(per_owner, response->total());
  for (int i = 0; i < response->clients_size(); ++i) {
    EXPECT_GE(response->clients(i).days_since_contact(), 90);
    if (i > 0) {  // the longest quiet first
      EXPECT_GE(response->clients(i - 1).days_since_contact(),
                response->clients(i).days_since_contact());
    }
  }
  // Independently: a client counts when none of its calls, meetings, e-mails or messages is
  // newer than 90 days (and it is older than that itself).
  std::map<std::string, int64_t> last, created;
  Each<v1::ClientCreated>("contacts.ClientCreated", [&](const auto& e, const v1::ClientCreated& c) {
    created[e.stream().id()] =
        std::min(e.occurred_at().seconds(), c.first_touch().time().seconds());
  });
  Each<v1::ActivityLogged>("activities.ActivityLogged", [&](const auto&, const auto& a) {
    const auto kind = a.activity().kind();
    if (kind != v1::ACTIVITY_KIND_CALL && kind != v1::ACTIVITY_KIND_MEETING) return;
    auto& t = last[a.activity().client().substr(8)];
    t = std::max(t, a.activity().occur_time().seconds());
  });
  int64_t expected = 0;
  for (const auto& [client, t] : created) {
    const int64_t quiet_since = last.count(client) ? last[client] : t;
    if (quiet_since <= kNow - 90 * 86400) ++expected;
  }
  EXPECT_EQ(response->total(), expected);

  // Pages of 5 follow one another as one page of 20 lists them.
  request.set_page_size(20);
  auto twenty = UncontactedClients(*facts_, request, kNow);
  ASSERT_TRUE(twenty.ok());
  request.set_page_size(5);
  std::string token;
  for (int page = 0; page < 4; ++page) {
    request.set_page_token(token);
    auto five = UncontactedClients(*facts_, request, kNow);
    ASSERT_TRUE(five.ok());
    for (int i = 0; i < 5; ++i) {
      EXPECT_EQ(five->clients(i).client(), twenty->clients(page * 5 + i).client());
    }
    token = five->next_page_token();
  }
}

}  // namespace
}  // namespace chronicle::analytics
