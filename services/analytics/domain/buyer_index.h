// Upkeep of the buyer index (buyer_tally.h) as the fold changes clients' purchases.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_BUYER_INDEX_H_
#define CHRONICLE_ANALYTICS_DOMAIN_BUYER_INDEX_H_

#include <cstdint>

#include "analytics/domain/buyer_tally.h"
#include "analytics/domain/facts.h"

namespace chronicle::analytics {

// Lists client `index` as it is now: its row updated, added, or removed (the last row moved into
// its place) when it stopped counting. The fold calls it after every change to a client.
void RelistBuyer(AnalyticsFacts& facts, uint32_t index);
// Lists every client again, in one pass (see FactFolder::DeferClientIndexes).
void RebuildBuyerIndex(AnalyticsFacts& facts);

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_BUYER_INDEX_H_
