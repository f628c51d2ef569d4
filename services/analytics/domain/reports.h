// The reports: pure functions of the facts, the request and the instant they are answered for
// (`now`: the real time, or the as-of time). Each validates its request first and answers
// INVALID_ARGUMENT naming the offending fields.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_REPORTS_H_
#define CHRONICLE_ANALYTICS_DOMAIN_REPORTS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "analytics/domain/facts.h"
#include "chronicle/v1/analytics.pb.h"

namespace chronicle::analytics {

// How reports the fold keeps cubes for (funnel, refusals, cohorts, pulse, sources and managers by
// month; ABC by a ranking of buyers; quiet clients by owner; lifecycle statuses by when they
// change; closed deals by factor value; buyers in one array for RFM) are answered.
struct CubeOptions {
  // Whole months (or all time) from the cube, where it knows every filter asked for; false reads
  // every deal or client (tests compare the two).
  bool use_cube = true;
};

absl::StatusOr<v1::FunnelReport> FunnelReport(const AnalyticsFacts& facts,
                                              const v1::FunnelReportRequest& request,
                                              const CubeOptions& options = {});
absl::StatusOr<v1::CohortReport> CohortReport(const AnalyticsFacts& facts,
                                              const v1::CohortReportRequest& request,
                                              const CubeOptions& options = {});
absl::StatusOr<v1::ManagerReport> ManagerReport(const AnalyticsFacts& facts,
                                                const v1::ManagerReportRequest& request,
                                                int64_t now, const CubeOptions& options = {});
absl::StatusOr<v1::SourceReport> SourceReport(const AnalyticsFacts& facts,
                                              const v1::SourceReportRequest& request,
                                              const CubeOptions& options = {});
absl::StatusOr<v1::RefusalReport> RefusalReport(const AnalyticsFacts& facts,
                                                const v1::RefusalReportRequest& request,
                                                const CubeOptions& options = {});
absl::StatusOr<v1::PulseReport> PulseReport(const AnalyticsFacts& facts,
                                            const v1::PulseReportRequest& request,
                                            const CubeOptions& options = {});
absl::StatusOr<v1::AbcReport> AbcReport(const AnalyticsFacts& facts,
                                        const v1::AbcReportRequest& request,
                                        const CubeOptions& options = {});
absl::StatusOr<v1::RfmReport> RfmReport(const AnalyticsFacts& facts,
                                        const v1::RfmReportRequest& request, int64_t now,
                                        const CubeOptions& options = {});
absl::StatusOr<v1::LifecycleReport> LifecycleReport(const AnalyticsFacts& facts,
                                                    const v1::LifecycleReportRequest& request,
                                                    int64_t now, const CubeOptions& options = {});
absl::StatusOr<v1::NpsReport> NpsReport(const AnalyticsFacts& facts,
                                        const v1::NpsReportRequest& request);
absl::StatusOr<v1::ListUncontactedClientsResponse> UncontactedClients(
    const AnalyticsFacts& facts, const v1::ListUncontactedClientsRequest& request, int64_t now,
    const CubeOptions& options = {});
absl::StatusOr<v1::FactorReport> FactorReport(const AnalyticsFacts& facts,
                                              const v1::FactorReportRequest& request,
                                              const CubeOptions& options = {});

// The lifecycle status `rules` give `client` at `now` (see LifecycleRules in the proto).
v1::LifecycleStatus RuleLifecycle(const ClientFacts& client, const v1::LifecycleRules& rules,
                                  int64_t now);

// Clients whose last computed status (as written to their card) differs from what the rules
// say at `now`: client id and the new status. Deleted and merged clients are left alone.
std::vector<std::pair<std::string, v1::LifecycleStatus>> LifecycleChanges(
    const AnalyticsFacts& facts, int64_t now);

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_REPORTS_H_
