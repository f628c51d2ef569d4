// The deals service's read queries over its projection: board, forecast, stalled deals and the
// deal list. Each reads one consistent view (the caller opens it) and never the log.
#ifndef CHRONICLE_DEALS_PROJECTION_QUERIES_H_
#define CHRONICLE_DEALS_PROJECTION_QUERIES_H_

#include <vector>

#include "absl/time/time.h"
#include "chronicle/projection/projection.h"
#include "chronicle/v1/deals.pb.h"

namespace chronicle::deals {

inline constexpr int kDefaultBoardPageSize = 20;
inline constexpr int kMaxBoardPageSize = 200;
inline constexpr int kDefaultDealPageSize = 50;
inline constexpr int kMaxDealPageSize = 1000;
// One list page reads at most this many index entries; a filter that rejects nearly everything
// returns a short page with a next_page_token (AIP-158) instead of scanning everything at once.
inline constexpr size_t kMaxScannedPerPage = 20'000;
// Stalled deals listed at most (the most overdue first is what a sales head acts on).
inline constexpr size_t kMaxStalledDeals = 5'000;

// The pipeline stored at its id; NOT_FOUND when there is none.
absl::StatusOr<v1::Pipeline> ReadPipeline(projection::StateReader& state, absl::string_view id);
// Every pipeline, by id.
absl::StatusOr<std::vector<v1::Pipeline>> ReadPipelines(projection::StateReader& state);

// INVALID_ARGUMENT for a bad page size, token, period or stage.
absl::Status QueryBoard(projection::StateReader& state, const v1::Pipeline& pipeline,
                        const v1::GetBoardRequest& request, v1::Board* board);

absl::Status QueryForecast(projection::StateReader& state,
                           const std::vector<v1::Pipeline>& pipelines,
                           const v1::GetForecastRequest& request, absl::Time now,
                           v1::Forecast* forecast);

absl::Status QueryStalledDeals(projection::StateReader& state,
                               const std::vector<v1::Pipeline>& pipelines,
                               const v1::ListStalledDealsRequest& request, absl::Time now,
                               v1::ListStalledDealsResponse* response);

absl::Status QueryDeals(projection::StateReader& state, const v1::ListDealsRequest& request,
                        v1::ListDealsResponse* response);

}  // namespace chronicle::deals

#endif  // CHRONICLE_DEALS_PROJECTION_QUERIES_H_
