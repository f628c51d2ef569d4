// The analytics service's application layer: one method per RPC, and the lifecycle writer.
//
// Reports read the FactStore (live, or as of an instant) and call the pure report functions.
// Targets, spend and settings are events in the log like everything else; a settings change
// rebuilds the facts from the whole history in the background.
//
// The lifecycle writer compares each client's status by the rules with the one on the card and
// writes the differences to the contacts service (computed, so a manual override on the card
// still wins), every `lifecycle_interval` and after the settings change. Thread-safe.
#ifndef CHRONICLE_ANALYTICS_APP_ANALYTICS_APP_H_
#define CHRONICLE_ANALYTICS_APP_ANALYTICS_APP_H_

#include <memory>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "analytics/app/fact_store.h"
#include "chronicle/v1/analytics.pb.h"
#include "chronicle/v1/event.pb.h"

namespace grpc {
class Channel;
}

namespace chronicle::analytics {

// The streams the analytics service writes: its settings, KPI targets and channel spend.
inline constexpr char kSettingsStream[] = "analytics_settings";
inline constexpr char kKpiTargetStream[] = "kpi_target";
inline constexpr char kChannelSpendStream[] = "channel_spend";

// Where computed lifecycle statuses go: the contacts service.
class LifecycleSink {
 public:
  virtual ~LifecycleSink() = default;
  virtual absl::Status SetComputedStatus(const std::string& client, v1::LifecycleStatus status,
                                         const std::string& request_id) = 0;
};

// Calls Contacts.SetLifecycleStatus over `channel` with `token`.
std::unique_ptr<LifecycleSink> NewGrpcLifecycleSink(std::shared_ptr<grpc::Channel> channel,
                                                    std::string token);

struct AnalyticsAppOptions {
  eventlog::EventLog* log = nullptr;
  const Clock* clock = &Clock::Real();
  // How often the lifecycle writer looks for changed statuses (time alone turns REAL into LOST);
  // zero turns it off.
  absl::Duration lifecycle_interval = absl::Minutes(10);
  // How often it checks whether new events arrived since its last pass.
  absl::Duration lifecycle_poll = absl::Seconds(5);
};

class AnalyticsApp {
 public:
  explicit AnalyticsApp(const AnalyticsAppOptions& options);
  ~AnalyticsApp();

  // Starts loading the history and the lifecycle writer.
  void Start();
  void Stop();
  // While unset (before start, during shutdown), the lifecycle writer waits.
  void SetLifecycleSink(std::unique_ptr<LifecycleSink> sink);

  absl::StatusOr<v1::FunnelReport> GetFunnelReport(const v1::FunnelReportRequest& request);
  absl::StatusOr<v1::CohortReport> GetCohortReport(const v1::CohortReportRequest& request);
  absl::StatusOr<v1::ManagerReport> GetManagerReport(const v1::ManagerReportRequest& request);
  absl::StatusOr<v1::SourceReport> GetSourceReport(const v1::SourceReportRequest& request);
  absl::StatusOr<v1::RefusalReport> GetRefusalReport(const v1::RefusalReportRequest& request);
  absl::StatusOr<v1::PulseReport> GetPulseReport(const v1::PulseReportRequest& request);
  absl::StatusOr<v1::AbcReport> GetAbcReport(const v1::AbcReportRequest& request);
  absl::StatusOr<v1::RfmReport> GetRfmReport(const v1::RfmReportRequest& request);
  absl::StatusOr<v1::LifecycleReport> GetLifecycleReport(const v1::LifecycleReportRequest& request);
  absl::StatusOr<v1::NpsReport> GetNpsReport(const v1::NpsReportRequest& request);
  absl::StatusOr<v1::ListUncontactedClientsResponse> ListUncontactedClients(
      const v1::ListUncontactedClientsRequest& request);
  absl::StatusOr<v1::FactorReport> GetFactorReport(const v1::FactorReportRequest& request);

  absl::StatusOr<v1::KpiTarget> SetKpiTarget(const v1::Actor& actor,
                                             const v1::SetKpiTargetRequest& request);
  absl::StatusOr<v1::ListKpiTargetsResponse> ListKpiTargets(
      const v1::ListKpiTargetsRequest& request);
  absl::StatusOr<v1::ChannelSpend> RecordChannelSpend(const v1::Actor& actor,
                                                      const v1::RecordChannelSpendRequest& request);
  absl::StatusOr<v1::AnalyticsSettings> GetAnalyticsSettings();
  absl::StatusOr<v1::AnalyticsSettings> UpdateAnalyticsSettings(
      const v1::Actor& actor, const v1::UpdateAnalyticsSettingsRequest& request);
  v1::AnalyticsStatus GetAnalyticsStatus() { return store_.Status(); }
  absl::StatusOr<v1::AnalyticsStatus> RebuildAnalytics(const v1::RebuildAnalyticsRequest& request);

  // One pass of the lifecycle writer (tests call it directly). Returns the statuses written.
  absl::StatusOr<int> WriteLifecycleChanges();

  FactStore& store() { return store_; }

 private:
  // Runs `compute(facts, now)` on the facts the scope's as_of_time asks for.
  template <typename Response, typename Compute>
  absl::StatusOr<Response> Report(const v1::ReportScope& scope, Compute compute);
  // Appends `event` to `stream` and waits until the facts include it.
  absl::StatusOr<eventlog::AppendResult> Record(const v1::StreamId& stream,
                                                eventlog::ExpectedVersion expected,
                                                const v1::Actor& actor,
                                                const std::string& request_id,
                                                v1::EventEnvelope event);
  void LifecycleLoop();
  bool Stopping();

  const AnalyticsAppOptions options_;
  FactStore store_;
  absl::Mutex mu_;
  std::shared_ptr<LifecycleSink> sink_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool lifecycle_due_ ABSL_GUARDED_BY(mu_) = true;
  std::thread lifecycle_thread_;
};

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_APP_ANALYTICS_APP_H_
