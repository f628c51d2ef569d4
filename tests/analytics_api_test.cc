// The analytics service over gRPC on loopback, on a generated history in a real RocksDB log:
// a rebuild answers exactly like the live projection, as-of answers from what was recorded by
// then, settings changes are checked and rebuild in the background, computed lifecycle statuses
// reach the client cards while a manual override wins, and bad input writes nothing.
#include <thread>

#include "chronicle/demo/demo_history.h"
#include "chronicle/v1/analytics.grpc.pb.h"
#include "chronicle/v1/contacts.grpc.pb.h"
#include "gtest/gtest.h"
#include "support/service_api_test.h"

namespace chronicle {
namespace {

using testing::BadFields;
using testing::kAdminToken;

class AnalyticsApiTest : public testing::ServiceApiTest {
 protected:
  void SetUp() override {
    StartServer({"contacts", "deals", "activities", "analytics"});
    analytics_ = v1::Analytics::NewStub(channel_);
    contacts_ = v1::Contacts::NewStub(channel_);
    demo::DemoOptions options;
    options.clients = 300;
    options.years = 2;
    ASSERT_TRUE(demo::LoadDemoHistory(server_->log(), options).ok());
    AwaitCaughtUp();
  }

  v1::AnalyticsStatus Status() {
    v1::AnalyticsStatus status;
    EXPECT_TRUE(analytics_->GetAnalyticsStatus(Context().get(), {}, &status).ok());
    return status;
  }
  void AwaitCaughtUp() {
    const uint64_t head = Head();
    for (int i = 0; i < 400 && Status().position() < head; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    ASSERT_GE(Status().position(), head);
  }
  // Every report that has no paging, as one string, positions cleared.
  std::string AllReports() {
    std::string all;
    auto add = [&](google::protobuf::Message& m) {
      const auto* field = m.GetDescriptor()->FindFieldByName("position");
      if (field != nullptr) m.GetReflection()->ClearField(&m, field);
      all += m.Utf8DebugString();
    };
    v1::FunnelReportRequest funnel;
    funnel.mutable_scope()->set_pipeline("pipelines/new-sales");
    funnel.set_group_by("owner");
    v1::FunnelReport f;
    EXPECT_TRUE(analytics_->GetFunnelReport(Context().get(), funnel, &f).ok());
    add(f);
    v1::CohortReport c;
    EXPECT_TRUE(analytics_->GetCohortReport(Context().get(), {}, &c).ok());
    add(c);
    v1::ManagerReport m;
    EXPECT_TRUE(analytics_->GetManagerReport(Context().get(), {}, &m).ok());
    add(m);
    v1::SourceReport s;
    EXPECT_TRUE(analytics_->GetSourceReport(Context().get(), {}, &s).ok());
    add(s);
    v1::AbcReport a;
    EXPECT_TRUE(analytics_->GetAbcReport(Context().get(), {}, &a).ok());
    add(a);
    v1::RfmReport r;
    EXPECT_TRUE(analytics_->GetRfmReport(Context().get(), {}, &r).ok());
    add(r);
    v1::PulseReport p;
    EXPECT_TRUE(analytics_->GetPulseReport(Context().get(), {}, &p).ok());
    add(p);
    return all;
  }
  std::unique_ptr<v1::Analytics::Stub> analytics_;
  std::unique_ptr<v1::Contacts::Stub> contacts_;
};

TEST_F(AnalyticsApiTest, RebuildAnswersExactlyLikeTheLiveProjection) {
  const std::string live = AllReports();
  ASSERT_NE(live.find("Новый лид"), std::string::npos);
  const int64_t generation = Status().generation();

  v1::RebuildAnalyticsRequest rebuild;
  rebuild.set_reason("test");
  v1::AnalyticsStatus started;
  EXPECT_EQ(analytics_->RebuildAnalytics(Context().get(), rebuild, &started).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // managers read, admins rebuild
  ASSERT_TRUE(analytics_->RebuildAnalytics(Context(kAdminToken).get(), rebuild, &started).ok());
  for (int i = 0; i < 400 && Status().generation() == generation; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ASSERT_EQ(Status().generation(), generation + 1);
  EXPECT_EQ(Status().state(), v1::AnalyticsStatus::STATE_LIVE);
  EXPECT_GT(Status().last_rebuild_events_per_second(), 0);
  EXPECT_EQ(AllReports(), live);
}

TEST_F(AnalyticsApiTest, AsOfAnswersFromWhatWasRecordedByThen) {
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // as-of has whole seconds
  const auto before = std::chrono::system_clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  v1::RecordChannelSpendRequest spend;
  spend.mutable_spend()->set_source("Вебинар");
  spend.mutable_spend()->set_month("2026-01");
  spend.mutable_spend()->mutable_amount()->set_currency_code("RUB");
  spend.mutable_spend()->mutable_amount()->set_units(12'345);
  v1::ChannelSpend recorded;
  ASSERT_TRUE(analytics_->RecordChannelSpend(Context(kAdminToken).get(), spend, &recorded).ok());

  auto webinar_spend = [&](std::optional<std::chrono::system_clock::time_point> as_of) {
    v1::SourceReportRequest request;
    if (as_of) {
      request.mutable_scope()->mutable_as_of_time()->set_seconds(
          std::chrono::duration_cast<std::chrono::seconds>(as_of->time_since_epoch()).count());
    }
    v1::SourceReport report;
    EXPECT_TRUE(analytics_->GetSourceReport(Context().get(), request, &report).ok());
    for (const auto& row : report.rows()) {
      if (row.key() == "Вебинар") return row.spend().units();
    }
    return int64_t{-1};
  };
  EXPECT_EQ(webinar_spend(std::nullopt), 12'345);
  EXPECT_EQ(webinar_spend(before), 0);
  // Before anything was recorded there is nothing to report.
  v1::FunnelReportRequest funnel;
  funnel.mutable_scope()->set_pipeline("pipelines/new-sales");
  funnel.mutable_scope()->mutable_as_of_time()->set_seconds(1'000'000'000);
  v1::FunnelReport report;
  EXPECT_EQ(analytics_->GetFunnelReport(Context().get(), funnel, &report).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // the pipeline did not exist yet
}

TEST_F(AnalyticsApiTest, BadInputIsRefusedNamingTheFieldAndWritesNothing) {
  const uint64_t head = Head();
  v1::FunnelReportRequest funnel;
  funnel.mutable_scope()->set_pipeline("pipelines/nope");
  funnel.set_group_by("weekday");
  v1::FunnelReport report;
  grpc::Status status = analytics_->GetFunnelReport(Context().get(), funnel, &report);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadFields(status), std::vector<std::string>{"group_by"});

  v1::UpdateAnalyticsSettingsRequest update;
  update.mutable_settings()->set_abc_a_percent(90);
  update.mutable_update_mask()->add_paths("abc_a_percent");
  v1::AnalyticsSettings settings;
  status = analytics_->UpdateAnalyticsSettings(Context(kAdminToken).get(), update, &settings);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadFields(status), std::vector<std::string>{"settings.abc_c_percent"});
  update.mutable_update_mask()->set_paths(0, "abc_a_percnt");
  status = analytics_->UpdateAnalyticsSettings(Context(kAdminToken).get(), update, &settings);
  EXPECT_EQ(BadFields(status), std::vector<std::string>{"update_mask"});

  v1::SetKpiTargetRequest target;
  target.mutable_target()->set_employee("nobody");
  target.mutable_target()->set_month("2026-13");
  v1::KpiTarget set;
  status = analytics_->SetKpiTarget(Context(kAdminToken).get(), target, &set);
  EXPECT_EQ(BadFields(status), (std::vector<std::string>{"target.employee", "target.month"}));
  EXPECT_EQ(Head(), head);
  ExpectEveryRpcNeedsAToken("chronicle.v1.Analytics");
}

TEST_F(AnalyticsApiTest, SettingsRebuildAndLifecycleReachesTheCardsWhileOverridesWin) {
  // The lifecycle writer gives every client of the history its computed status, on the card.
  v1::LifecycleReport lifecycle;
  for (int i = 0; i < 400; ++i) {
    ASSERT_TRUE(analytics_->GetLifecycleReport(Context().get(), {}, &lifecycle).ok());
    if (lifecycle.pending_changes() == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(lifecycle.pending_changes(), 0);
  v1::GetClientRequest get;
  get.set_name("clients/c00001");
  v1::Client card;
  ASSERT_TRUE(contacts_->GetClient(Context().get(), get, &card).ok());
  EXPECT_NE(card.computed_lifecycle_status(), v1::LIFECYCLE_STATUS_UNSPECIFIED);

  // A person's override on the card wins in the report.
  v1::SetLifecycleStatusRequest override_request;
  override_request.set_name("clients/c00001");
  override_request.set_status(card.computed_lifecycle_status() == v1::LIFECYCLE_STATUS_REGULAR
                                  ? v1::LIFECYCLE_STATUS_LOST
                                  : v1::LIFECYCLE_STATUS_REGULAR);
  override_request.set_reason("ключевой клиент, закупает через дилера");
  ASSERT_TRUE(contacts_->SetLifecycleStatus(Context().get(), override_request, &card).ok());
  EXPECT_EQ(card.lifecycle_status(), override_request.status());
  AwaitCaughtUp();
  ASSERT_TRUE(analytics_->GetLifecycleReport(Context().get(), {}, &lifecycle).ok());
  int64_t overridden = 0;
  for (const auto& count : lifecycle.counts()) {
    overridden += count.overridden();
    if (count.status() == override_request.status()) EXPECT_EQ(count.overridden(), 1);
  }
  EXPECT_EQ(overridden, 1);

  // New rules: checked, written, and the projection rebuilt from the history in the background.
  const int64_t generation = Status().generation();
  v1::AnalyticsSettings current;
  ASSERT_TRUE(analytics_->GetAnalyticsSettings(Context().get(), {}, &current).ok());
  v1::UpdateAnalyticsSettingsRequest update;
  update.mutable_settings()->mutable_lifecycle()->set_regular_min_purchases(2);
  update.mutable_settings()->mutable_lifecycle()->set_regular_window_days(365);
  update.mutable_settings()->mutable_lifecycle()->set_lost_after_days(30);
  update.mutable_settings()->set_etag(current.etag());
  update.mutable_update_mask()->add_paths("lifecycle");
  v1::AnalyticsSettings updated;
  ASSERT_TRUE(
      analytics_->UpdateAnalyticsSettings(Context(kAdminToken).get(), update, &updated).ok());
  EXPECT_EQ(updated.lifecycle().lost_after_days(), 30);
  EXPECT_EQ(updated.abc_a_percent(), 75);  // untouched by the mask
  // The same etag again is stale.
  EXPECT_EQ(analytics_->UpdateAnalyticsSettings(Context(kAdminToken).get(), update, &updated)
                .error_code(),
            grpc::StatusCode::ABORTED);
  for (int i = 0; i < 400 && Status().generation() == generation; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_GT(Status().generation(), generation);
  v1::AnalyticsSettings read;
  ASSERT_TRUE(analytics_->GetAnalyticsSettings(Context().get(), {}, &read).ok());
  EXPECT_EQ(read.lifecycle().lost_after_days(), 30);
}

}  // namespace
}  // namespace chronicle
