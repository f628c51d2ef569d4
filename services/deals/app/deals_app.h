// The deals service's application layer: one method per RPC. Commands load their aggregate from
// the log, decide with the domain, append with the version they decided on, and wait for the
// projection (callers read their own writes); queries read the projection. Thread-safe.
#ifndef CHRONICLE_DEALS_APP_DEALS_APP_H_
#define CHRONICLE_DEALS_APP_DEALS_APP_H_

#include <array>
#include <memory>

#include "absl/synchronization/mutex.h"
#include "chronicle/aggregate/command_runner.h"
#include "chronicle/v1/deals.pb.h"
#include "deals/domain/deal.h"
#include "deals/domain/pipeline.h"
#include "deals/domain/refusal_reasons.h"

namespace chronicle::deals {

struct DealsAppOptions {
  eventlog::EventLog* log = nullptr;
  projection::ProjectionEngine* engine = nullptr;  // runs the DealsProjection
  const Clock* clock = &Clock::Real();
};

class DealsApp {
 public:
  // Also finishes any stage removal a crash interrupted (moves the deals still in a removed stage).
  static absl::StatusOr<std::unique_ptr<DealsApp>> Create(const DealsAppOptions& options);

  absl::StatusOr<v1::Pipeline> CreatePipeline(const v1::Actor& actor,
                                              const v1::CreatePipelineRequest& request);
  absl::StatusOr<v1::Pipeline> GetPipeline(const v1::GetPipelineRequest& request);
  absl::Status ListPipelines(const v1::ListPipelinesRequest& request,
                             v1::ListPipelinesResponse* response);
  absl::StatusOr<v1::Pipeline> UpdatePipeline(const v1::Actor& actor,
                                              const v1::UpdatePipelineRequest& request);
  absl::StatusOr<v1::Pipeline> AddStage(const v1::Actor& actor, const v1::AddStageRequest& request);
  absl::StatusOr<v1::Pipeline> UpdateStage(const v1::Actor& actor,
                                           const v1::UpdateStageRequest& request);
  absl::StatusOr<v1::Pipeline> ReorderStages(const v1::Actor& actor,
                                             const v1::ReorderStagesRequest& request);
  absl::StatusOr<v1::Pipeline> RemoveStage(const v1::Actor& actor,
                                           const v1::RemoveStageRequest& request);

  absl::StatusOr<v1::RefusalReason> CreateRefusalReason(
      const v1::Actor& actor, const v1::CreateRefusalReasonRequest& request);
  absl::StatusOr<v1::RefusalReason> UpdateRefusalReason(
      const v1::Actor& actor, const v1::UpdateRefusalReasonRequest& request);
  absl::StatusOr<v1::RefusalReason> DeleteRefusalReason(
      const v1::Actor& actor, const v1::DeleteRefusalReasonRequest& request);
  absl::Status ListRefusalReasons(const v1::ListRefusalReasonsRequest& request,
                                  v1::ListRefusalReasonsResponse* response);

  absl::StatusOr<v1::Deal> CreateDeal(const v1::Actor& actor, const v1::CreateDealRequest& request);
  absl::StatusOr<v1::Deal> GetDeal(const v1::GetDealRequest& request);
  absl::StatusOr<v1::Deal> UpdateDeal(const v1::Actor& actor, const v1::UpdateDealRequest& request);
  absl::Status ListDeals(const v1::ListDealsRequest& request, v1::ListDealsResponse* response);
  absl::Status ListDealEvents(const v1::ListDealEventsRequest& request,
                              v1::ListDealEventsResponse* response);
  absl::StatusOr<v1::Deal> MoveDeal(const v1::Actor& actor, const v1::MoveDealRequest& request);
  absl::StatusOr<v1::Deal> WinDeal(const v1::Actor& actor, const v1::WinDealRequest& request);
  absl::StatusOr<v1::Deal> LoseDeal(const v1::Actor& actor, const v1::LoseDealRequest& request);
  absl::StatusOr<v1::Deal> ReopenDeal(const v1::Actor& actor, const v1::ReopenDealRequest& request);
  absl::StatusOr<v1::Deal> QualifyDeal(const v1::Actor& actor,
                                       const v1::QualifyDealRequest& request);
  absl::StatusOr<v1::Deal> DisqualifyDeal(const v1::Actor& actor,
                                          const v1::DisqualifyDealRequest& request);

  absl::Status GetBoard(const v1::GetBoardRequest& request, v1::Board* board);
  absl::Status GetForecast(const v1::GetForecastRequest& request, v1::Forecast* forecast);
  absl::Status ListStalledDeals(const v1::ListStalledDealsRequest& request,
                                v1::ListStalledDealsResponse* response);

 private:
  using DealDecision = std::function<absl::StatusOr<std::vector<v1::EventEnvelope>>(
      const DealState&, const v1::Pipeline&)>;

  explicit DealsApp(const DealsAppOptions& options);

  absl::StatusOr<PipelineState> LoadPipeline(absl::string_view id);
  // Runs a pipeline command; NOT_FOUND for an unknown pipeline.
  absl::StatusOr<v1::Pipeline> RunPipeline(const v1::Actor& actor, const std::string& name,
                                           const aggregate::Decision<PipelineState>& decide);
  // Runs a command on the deal `name`, deciding with its pipeline as it is now. `command_id`
  // (may be empty) makes it idempotent.
  absl::StatusOr<v1::Deal> RunDeal(const v1::Actor& actor, const std::string& name,
                                   const DealDecision& decide, const std::string& command_id = "");
  absl::StatusOr<RefusalReasonsState> LoadReasons();
  absl::StatusOr<v1::RefusalReason> RunReasons(
      const v1::Actor& actor, const std::string& id,
      const aggregate::Decision<RefusalReasonsState>& decide);
  // Moves every deal still in a stage the pipeline removed; idempotent.
  absl::Status SweepRemovedStages(const v1::Actor& actor, const v1::Pipeline& pipeline);
  // The client's facts, following merges; INVALID_ARGUMENT naming deal.client when unknown.
  absl::StatusOr<std::pair<std::string, v1::DealAttribution>> ResolveClient(
      const std::string& client);
  absl::Status CheckCompany(const std::string& company);
  // Another owner's open deal for `client` in `pipeline`, if any.
  absl::StatusOr<std::optional<OpenDealOfAnother>> OpenDealOfOther(const std::string& client,
                                                                   const std::string& pipeline,
                                                                   const std::string& owner);
  absl::StatusOr<bool> HasEarlierWin(const v1::Deal& deal);

  aggregate::CommandRunner runner_;
  // Creates for one client are serialized (striped by client id) so that two managers cannot both
  // pass the duplicate guard in the same instant.
  std::array<absl::Mutex, 64> client_locks_;
};

}  // namespace chronicle::deals

#endif  // CHRONICLE_DEALS_APP_DEALS_APP_H_
