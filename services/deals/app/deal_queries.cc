// Deal reads: a deal (now, or as of any past instant), its events, lists, and the sales head's
// views (board, forecast, stalled deals), all from the projection but for as-of reads.
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/projection/state_messages.h"
#include "deals/app/deals_app.h"
#include "deals/domain/events.h"
#include "deals/projection/deal_index.h"
#include "deals/projection/deals_projection.h"
#include "deals/projection/keys.h"
#include "deals/projection/queries.h"

namespace chronicle::deals {

using aggregate::FromProtoTime;

namespace {

// The pipelines a query names (one) or all of them.
absl::StatusOr<std::vector<v1::Pipeline>> PipelinesFor(projection::StateReader& state,
                                                       const std::string& name) {
  if (name.empty()) return ReadPipelines(state);
  ASSIGN_OR_RETURN(std::string id, aggregate::ParseResourceId(name, kPipelinePrefix, "pipeline"));
  ASSIGN_OR_RETURN(v1::Pipeline pipeline, ReadPipeline(state, id));
  return std::vector<v1::Pipeline>{std::move(pipeline)};
}

}  // namespace

absl::StatusOr<v1::Deal> DealsApp::GetDeal(const v1::GetDealRequest& request) {
  ASSIGN_OR_RETURN(std::string id, aggregate::ParseResourceId(request.name(), kDealPrefix, "name"));
  if (request.has_read_time()) {
    ASSIGN_OR_RETURN(DealState state, runner_.Load<DealState>(MakeStream(kDealStream, id),
                                                              FromProtoTime(request.read_time())));
    if (!state.exists()) {
      return absl::NotFoundError(absl::StrCat(request.name(), " did not exist at read_time"));
    }
    return state.deal;
  }
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kDealsProjection));
  ASSIGN_OR_RETURN(std::optional<v1::Deal> deal,
                   projection::ReadMessage<v1::Deal>(*view, keys::Deal(id)));
  if (!deal) return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  return *std::move(deal);
}

absl::Status DealsApp::ListDealEvents(const v1::ListDealEventsRequest& request,
                                      v1::ListDealEventsResponse* response) {
  ASSIGN_OR_RETURN(std::string id, aggregate::ParseResourceId(request.name(), kDealPrefix, "name"));
  return runner_.PageStream(MakeStream(kDealStream, id), request.name(), request.page_size(),
                            request.page_token(), response->mutable_events(),
                            response->mutable_next_page_token());
}

absl::Status DealsApp::ListDeals(const v1::ListDealsRequest& request,
                                 v1::ListDealsResponse* response) {
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kDealsProjection));
  return QueryDeals(*view, request, response);
}

absl::Status DealsApp::GetBoard(const v1::GetBoardRequest& request, v1::Board* board) {
  ASSIGN_OR_RETURN(std::string id,
                   aggregate::ParseResourceId(request.pipeline(), kPipelinePrefix, "pipeline"));
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kDealsProjection));
  ASSIGN_OR_RETURN(v1::Pipeline pipeline, ReadPipeline(*view, id));
  return QueryBoard(*view, pipeline, request, board);
}

absl::Status DealsApp::GetForecast(const v1::GetForecastRequest& request, v1::Forecast* forecast) {
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kDealsProjection));
  ASSIGN_OR_RETURN(std::vector<v1::Pipeline> pipelines, PipelinesFor(*view, request.pipeline()));
  return QueryForecast(*view, pipelines, request, runner_.Now(), forecast);
}

absl::Status DealsApp::ListStalledDeals(const v1::ListStalledDealsRequest& request,
                                        v1::ListStalledDealsResponse* response) {
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kDealsProjection));
  ASSIGN_OR_RETURN(std::vector<v1::Pipeline> pipelines, PipelinesFor(*view, request.pipeline()));
  return QueryStalledDeals(*view, pipelines, request, runner_.Now(), response);
}

}  // namespace chronicle::deals
