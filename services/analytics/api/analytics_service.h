// The gRPC adapter of the analytics service: authenticates each call, runs the application layer
// on the service's executor, and translates absl::Status into grpc::Status with google.rpc
// details. No domain logic lives here.
#ifndef CHRONICLE_ANALYTICS_API_ANALYTICS_SERVICE_H_
#define CHRONICLE_ANALYTICS_API_ANALYTICS_SERVICE_H_

#include "analytics/app/analytics_app.h"
#include "chronicle/server/unary_calls.h"
#include "chronicle/v1/analytics.grpc.pb.h"

namespace chronicle::analytics {

class AnalyticsService final : public v1::Analytics::CallbackService {
 public:
  // `app` and `auth` must outlive the service.
  AnalyticsService(AnalyticsApp* app, const server::Authenticator* auth, int threads)
      : app_(app), calls_(auth, threads) {}

  CHRONICLE_DECLARE_UNARY(GetFunnelReport, FunnelReportRequest, FunnelReport)
  CHRONICLE_DECLARE_UNARY(GetCohortReport, CohortReportRequest, CohortReport)
  CHRONICLE_DECLARE_UNARY(GetManagerReport, ManagerReportRequest, ManagerReport)
  CHRONICLE_DECLARE_UNARY(GetSourceReport, SourceReportRequest, SourceReport)
  CHRONICLE_DECLARE_UNARY(GetRefusalReport, RefusalReportRequest, RefusalReport)
  CHRONICLE_DECLARE_UNARY(GetPulseReport, PulseReportRequest, PulseReport)
  CHRONICLE_DECLARE_UNARY(GetAbcReport, AbcReportRequest, AbcReport)
  CHRONICLE_DECLARE_UNARY(GetRfmReport, RfmReportRequest, RfmReport)
  CHRONICLE_DECLARE_UNARY(GetLifecycleReport, LifecycleReportRequest, LifecycleReport)
  CHRONICLE_DECLARE_UNARY(GetNpsReport, NpsReportRequest, NpsReport)
  CHRONICLE_DECLARE_UNARY(ListUncontactedClients, ListUncontactedClientsRequest,
                          ListUncontactedClientsResponse)
  CHRONICLE_DECLARE_UNARY(GetFactorReport, FactorReportRequest, FactorReport)
  CHRONICLE_DECLARE_UNARY(SetKpiTarget, SetKpiTargetRequest, KpiTarget)
  CHRONICLE_DECLARE_UNARY(ListKpiTargets, ListKpiTargetsRequest, ListKpiTargetsResponse)
  CHRONICLE_DECLARE_UNARY(RecordChannelSpend, RecordChannelSpendRequest, ChannelSpend)
  CHRONICLE_DECLARE_UNARY(GetAnalyticsSettings, GetAnalyticsSettingsRequest, AnalyticsSettings)
  CHRONICLE_DECLARE_UNARY(UpdateAnalyticsSettings, UpdateAnalyticsSettingsRequest,
                          AnalyticsSettings)
  CHRONICLE_DECLARE_UNARY(GetAnalyticsStatus, GetAnalyticsStatusRequest, AnalyticsStatus)
  CHRONICLE_DECLARE_UNARY(RebuildAnalytics, RebuildAnalyticsRequest, AnalyticsStatus)

 private:
  AnalyticsApp* app_;
  server::UnaryCalls calls_;
};

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_API_ANALYTICS_SERVICE_H_
