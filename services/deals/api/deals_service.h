// The gRPC adapter of the deals service: authenticates each call, runs the application layer on
// the service's executor, and translates absl::Status into grpc::Status with google.rpc details.
// No domain logic lives here.
#ifndef CHRONICLE_DEALS_API_DEALS_SERVICE_H_
#define CHRONICLE_DEALS_API_DEALS_SERVICE_H_

#include "chronicle/server/unary_calls.h"
#include "chronicle/v1/deals.grpc.pb.h"
#include "deals/app/deals_app.h"

namespace chronicle::deals {

class DealsService final : public v1::Deals::CallbackService {
 public:
  // `app` and `auth` must outlive the service.
  DealsService(DealsApp* app, const server::Authenticator* auth, int threads)
      : app_(app), calls_(auth, threads) {}

  CHRONICLE_DECLARE_UNARY(CreatePipeline, CreatePipelineRequest, Pipeline)
  CHRONICLE_DECLARE_UNARY(GetPipeline, GetPipelineRequest, Pipeline)
  CHRONICLE_DECLARE_UNARY(ListPipelines, ListPipelinesRequest, ListPipelinesResponse)
  CHRONICLE_DECLARE_UNARY(UpdatePipeline, UpdatePipelineRequest, Pipeline)
  CHRONICLE_DECLARE_UNARY(AddStage, AddStageRequest, Pipeline)
  CHRONICLE_DECLARE_UNARY(UpdateStage, UpdateStageRequest, Pipeline)
  CHRONICLE_DECLARE_UNARY(ReorderStages, ReorderStagesRequest, Pipeline)
  CHRONICLE_DECLARE_UNARY(RemoveStage, RemoveStageRequest, Pipeline)
  CHRONICLE_DECLARE_UNARY(CreateRefusalReason, CreateRefusalReasonRequest, RefusalReason)
  CHRONICLE_DECLARE_UNARY(UpdateRefusalReason, UpdateRefusalReasonRequest, RefusalReason)
  CHRONICLE_DECLARE_UNARY(DeleteRefusalReason, DeleteRefusalReasonRequest, RefusalReason)
  CHRONICLE_DECLARE_UNARY(ListRefusalReasons, ListRefusalReasonsRequest, ListRefusalReasonsResponse)
  CHRONICLE_DECLARE_UNARY(CreateDeal, CreateDealRequest, Deal)
  CHRONICLE_DECLARE_UNARY(GetDeal, GetDealRequest, Deal)
  CHRONICLE_DECLARE_UNARY(UpdateDeal, UpdateDealRequest, Deal)
  CHRONICLE_DECLARE_UNARY(ListDeals, ListDealsRequest, ListDealsResponse)
  CHRONICLE_DECLARE_UNARY(ListDealEvents, ListDealEventsRequest, ListDealEventsResponse)
  CHRONICLE_DECLARE_UNARY(MoveDeal, MoveDealRequest, Deal)
  CHRONICLE_DECLARE_UNARY(WinDeal, WinDealRequest, Deal)
  CHRONICLE_DECLARE_UNARY(LoseDeal, LoseDealRequest, Deal)
  CHRONICLE_DECLARE_UNARY(ReopenDeal, ReopenDealRequest, Deal)
  CHRONICLE_DECLARE_UNARY(QualifyDeal, QualifyDealRequest, Deal)
  CHRONICLE_DECLARE_UNARY(DisqualifyDeal, DisqualifyDealRequest, Deal)
  CHRONICLE_DECLARE_UNARY(GetBoard, GetBoardRequest, Board)
  CHRONICLE_DECLARE_UNARY(GetForecast, GetForecastRequest, Forecast)
  CHRONICLE_DECLARE_UNARY(ListStalledDeals, ListStalledDealsRequest, ListStalledDealsResponse)

 private:
  DealsApp* app_;
  server::UnaryCalls calls_;
};

}  // namespace chronicle::deals

#endif  // CHRONICLE_DEALS_API_DEALS_SERVICE_H_
