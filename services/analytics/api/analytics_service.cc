#include "analytics/api/analytics_service.h"

namespace chronicle::analytics {

using server::Access;
using server::Into;

// Each RPC: one line naming the access it needs and the app method it runs. Reports are for every
// user; targets, spend, settings and rebuilds are the workspace's rules: admins change them.
#define CHRONICLE_UNARY(...) CHRONICLE_DEFINE_UNARY(AnalyticsService, __VA_ARGS__)
#define CHRONICLE_REPORT_RPC(Method, Request, Response)                     \
  CHRONICLE_UNARY(Method, Request, Response, Access::kAnyUser, (void)actor; \
                  return Into(app_->Method(*request), response))

CHRONICLE_REPORT_RPC(GetFunnelReport, FunnelReportRequest, FunnelReport)
CHRONICLE_REPORT_RPC(GetCohortReport, CohortReportRequest, CohortReport)
CHRONICLE_REPORT_RPC(GetManagerReport, ManagerReportRequest, ManagerReport)
CHRONICLE_REPORT_RPC(GetSourceReport, SourceReportRequest, SourceReport)
CHRONICLE_REPORT_RPC(GetRefusalReport, RefusalReportRequest, RefusalReport)
CHRONICLE_REPORT_RPC(GetPulseReport, PulseReportRequest, PulseReport)
CHRONICLE_REPORT_RPC(GetAbcReport, AbcReportRequest, AbcReport)
CHRONICLE_REPORT_RPC(GetRfmReport, RfmReportRequest, RfmReport)
CHRONICLE_REPORT_RPC(GetLifecycleReport, LifecycleReportRequest, LifecycleReport)
CHRONICLE_REPORT_RPC(GetNpsReport, NpsReportRequest, NpsReport)
CHRONICLE_REPORT_RPC(ListUncontactedClients, ListUncontactedClientsRequest,
                     ListUncontactedClientsResponse)
CHRONICLE_REPORT_RPC(GetFactorReport, FactorReportRequest, FactorReport)
CHRONICLE_REPORT_RPC(ListKpiTargets, ListKpiTargetsRequest, ListKpiTargetsResponse)
CHRONICLE_UNARY(SetKpiTarget, SetKpiTargetRequest, KpiTarget, Access::kAdmin,
                return Into(app_->SetKpiTarget(actor, *request), response))
CHRONICLE_UNARY(RecordChannelSpend, RecordChannelSpendRequest, ChannelSpend, Access::kAdmin,
                return Into(app_->RecordChannelSpend(actor, *request), response))
CHRONICLE_UNARY(GetAnalyticsSettings, GetAnalyticsSettingsRequest, AnalyticsSettings,
                Access::kAnyUser, return Into(app_->GetAnalyticsSettings(), response))
CHRONICLE_UNARY(UpdateAnalyticsSettings, UpdateAnalyticsSettingsRequest, AnalyticsSettings,
                Access::kAdmin,
                return Into(app_->UpdateAnalyticsSettings(actor, *request), response))
CHRONICLE_UNARY(GetAnalyticsStatus, GetAnalyticsStatusRequest, AnalyticsStatus, Access::kAnyUser,
                *response = app_->GetAnalyticsStatus();
                return absl::OkStatus())
CHRONICLE_UNARY(RebuildAnalytics, RebuildAnalyticsRequest, AnalyticsStatus, Access::kAdmin,
                return Into(app_->RebuildAnalytics(*request), response))

}  // namespace chronicle::analytics
