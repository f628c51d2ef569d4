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

#define CHRONICLE_DEALS_RPC(Method, Request, Response)                   \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* context, \
                                   const v1::Request* request, v1::Response* response) override;
  CHRONICLE_DEALS_RPC(CreatePipeline, CreatePipelineRequest, Pipeline)
  CHRONICLE_DEALS_RPC(GetPipeline, GetPipelineRequest, Pipeline)
  CHRONICLE_DEALS_RPC(ListPipelines, ListPipelinesRequest, ListPipelinesResponse)
  CHRONICLE_DEALS_RPC(UpdatePipeline, UpdatePipelineRequest, Pipeline)
  CHRONICLE_DEALS_RPC(AddStage, AddStageRequest, Pipeline)
  CHRONICLE_DEALS_RPC(UpdateStage, UpdateStageRequest, Pipeline)
  CHRONICLE_DEALS_RPC(ReorderStages, ReorderStagesRequest, Pipeline)
  CHRONICLE_DEALS_RPC(RemoveStage, RemoveStageRequest, Pipeline)
  CHRONICLE_DEALS_RPC(CreateRefusalReason, CreateRefusalReasonRequest, RefusalReason)
  CHRONICLE_DEALS_RPC(UpdateRefusalReason, UpdateRefusalReasonRequest, RefusalReason)
  CHRONICLE_DEALS_RPC(DeleteRefusalReason, DeleteRefusalReasonRequest, RefusalReason)
  CHRONICLE_DEALS_RPC(ListRefusalReasons, ListRefusalReasonsRequest, ListRefusalReasonsResponse)
  CHRONICLE_DEALS_RPC(CreateDeal, CreateDealRequest, Deal)
  CHRONICLE_DEALS_RPC(GetDeal, GetDealRequest, Deal)
  CHRONICLE_DEALS_RPC(UpdateDeal, UpdateDealRequest, Deal)
  CHRONICLE_DEALS_RPC(ListDeals, ListDealsRequest, ListDealsResponse)
  CHRONICLE_DEALS_RPC(ListDealEvents, ListDealEventsRequest, ListDealEventsResponse)
  CHRONICLE_DEALS_RPC(MoveDeal, MoveDealRequest, Deal)
  CHRONICLE_DEALS_RPC(WinDeal, WinDealRequest, Deal)
  CHRONICLE_DEALS_RPC(LoseDeal, LoseDealRequest, Deal)
  CHRONICLE_DEALS_RPC(ReopenDeal, ReopenDealRequest, Deal)
  CHRONICLE_DEALS_RPC(QualifyDeal, QualifyDealRequest, Deal)
  CHRONICLE_DEALS_RPC(DisqualifyDeal, DisqualifyDealRequest, Deal)
  CHRONICLE_DEALS_RPC(GetBoard, GetBoardRequest, Board)
  CHRONICLE_DEALS_RPC(GetForecast, GetForecastRequest, Forecast)
  CHRONICLE_DEALS_RPC(ListStalledDeals, ListStalledDealsRequest, ListStalledDealsResponse)
#undef CHRONICLE_DEALS_RPC

 private:
  DealsApp* app_;
  server::UnaryCalls calls_;
};

}  // namespace chronicle::deals

#endif  // CHRONICLE_DEALS_API_DEALS_SERVICE_H_
