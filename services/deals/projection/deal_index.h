// What one deal contributes to the deals projection's indexes and pre-aggregated cells: a pure
// function of the deal, so the projection removes a deal's old contribution by recomputing it
// from the previous card instead of storing it. Changing it changes stored state: bump
// DealsProjection's DefinitionVersion.
#ifndef CHRONICLE_DEALS_PROJECTION_DEAL_INDEX_H_
#define CHRONICLE_DEALS_PROJECTION_DEAL_INDEX_H_

#include <map>
#include <string>
#include <vector>

#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/v1/deals_resources.pb.h"

namespace chronicle::deals {

struct DealContribution {
  std::map<std::string, std::string> entries;  // index key -> value
  std::vector<std::string> board_cells;        // cells the deal counts in (with its amount)
  std::string forecast_cell;                   // "" for a closed deal
};

DealContribution ContributionOf(const v1::Deal& deal);

// The board dimensions a deal is filed under: all, and its owner, team and source when set.
std::vector<std::string> BoardDimensions(const v1::Deal& deal);

using aggregate::IdOf;

}  // namespace chronicle::deals

#endif  // CHRONICLE_DEALS_PROJECTION_DEAL_INDEX_H_
