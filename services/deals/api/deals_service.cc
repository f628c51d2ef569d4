#include "deals/api/deals_service.h"

namespace chronicle::deals {

using server::Access;
using server::Into;

// Each RPC: one line naming the access it needs and the app method it runs. Pipeline and refusal
// reason definitions are the workspace's rules: admins change them.
#define CHRONICLE_UNARY(...) CHRONICLE_DEFINE_UNARY(DealsService, __VA_ARGS__)

CHRONICLE_UNARY(CreatePipeline, CreatePipelineRequest, Pipeline, Access::kAdmin,
                return Into(app_->CreatePipeline(actor, *request), response))
CHRONICLE_UNARY(GetPipeline, GetPipelineRequest, Pipeline, Access::kAnyUser,
                return Into(app_->GetPipeline(*request), response))
CHRONICLE_UNARY(ListPipelines, ListPipelinesRequest, ListPipelinesResponse, Access::kAnyUser,
                return app_->ListPipelines(*request, response))
CHRONICLE_UNARY(UpdatePipeline, UpdatePipelineRequest, Pipeline, Access::kAdmin,
                return Into(app_->UpdatePipeline(actor, *request), response))
CHRONICLE_UNARY(AddStage, AddStageRequest, Pipeline, Access::kAdmin,
                return Into(app_->AddStage(actor, *request), response))
CHRONICLE_UNARY(UpdateStage, UpdateStageRequest, Pipeline, Access::kAdmin,
                return Into(app_->UpdateStage(actor, *request), response))
CHRONICLE_UNARY(ReorderStages, ReorderStagesRequest, Pipeline, Access::kAdmin,
                return Into(app_->ReorderStages(actor, *request), response))
CHRONICLE_UNARY(RemoveStage, RemoveStageRequest, Pipeline, Access::kAdmin,
                return Into(app_->RemoveStage(actor, *request), response))
CHRONICLE_UNARY(CreateRefusalReason, CreateRefusalReasonRequest, RefusalReason, Access::kAdmin,
                return Into(app_->CreateRefusalReason(actor, *request), response))
CHRONICLE_UNARY(UpdateRefusalReason, UpdateRefusalReasonRequest, RefusalReason, Access::kAdmin,
                return Into(app_->UpdateRefusalReason(actor, *request), response))
CHRONICLE_UNARY(DeleteRefusalReason, DeleteRefusalReasonRequest, RefusalReason, Access::kAdmin,
                return Into(app_->DeleteRefusalReason(actor, *request), response))
CHRONICLE_UNARY(ListRefusalReasons, ListRefusalReasonsRequest, ListRefusalReasonsResponse,
                Access::kAnyUser, return app_->ListRefusalReasons(*request, response))
CHRONICLE_UNARY(CreateDeal, CreateDealRequest, Deal, Access::kAnyUser,
                return Into(app_->CreateDeal(actor, *request), response))
CHRONICLE_UNARY(GetDeal, GetDealRequest, Deal, Access::kAnyUser,
                return Into(app_->GetDeal(*request), response))
CHRONICLE_UNARY(UpdateDeal, UpdateDealRequest, Deal, Access::kAnyUser,
                return Into(app_->UpdateDeal(actor, *request), response))
CHRONICLE_UNARY(ListDeals, ListDealsRequest, ListDealsResponse, Access::kAnyUser,
                return app_->ListDeals(*request, response))
CHRONICLE_UNARY(ListDealEvents, ListDealEventsRequest, ListDealEventsResponse, Access::kAnyUser,
                return app_->ListDealEvents(*request, response))
CHRONICLE_UNARY(MoveDeal, MoveDealRequest, Deal, Access::kAnyUser,
                return Into(app_->MoveDeal(actor, *request), response))
CHRONICLE_UNARY(WinDeal, WinDealRequest, Deal, Access::kAnyUser,
                return Into(app_->WinDeal(actor, *request), response))
CHRONICLE_UNARY(LoseDeal, LoseDealRequest, Deal, Access::kAnyUser,
                return Into(app_->LoseDeal(actor, *request), response))
CHRONICLE_UNARY(ReopenDeal, ReopenDealRequest, Deal, Access::kAnyUser,
                return Into(app_->ReopenDeal(actor, *request), response))
CHRONICLE_UNARY(QualifyDeal, QualifyDealRequest, Deal, Access::kAnyUser,
                return Into(app_->QualifyDeal(actor, *request), response))
CHRONICLE_UNARY(DisqualifyDeal, DisqualifyDealRequest, Deal, Access::kAnyUser,
                return Into(app_->DisqualifyDeal(actor, *request), response))
CHRONICLE_UNARY(GetBoard, GetBoardRequest, Board, Access::kAnyUser,
                return app_->GetBoard(*request, response))
CHRONICLE_UNARY(GetForecast, GetForecastRequest, Forecast, Access::kAnyUser,
                return app_->GetForecast(*request, response))
CHRONICLE_UNARY(ListStalledDeals, ListStalledDealsRequest, ListStalledDealsResponse,
                Access::kAnyUser, return app_->ListStalledDeals(*request, response))

#undef CHRONICLE_UNARY

}  // namespace chronicle::deals
