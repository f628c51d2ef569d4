// Upkeep of the lifecycle index (lifecycle_tally.h) as the fold changes clients.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_LIFECYCLE_INDEX_H_
#define CHRONICLE_ANALYTICS_DOMAIN_LIFECYCLE_INDEX_H_

#include <cstdint>

#include "analytics/domain/facts.h"
#include "analytics/domain/lifecycle_tally.h"

namespace chronicle::analytics {

// Lists client `index` as it is now, in place of how it was last listed (a no-op when nothing
// the index counts changed). The fold calls it after every change to a client.
void RelistLifecycle(AnalyticsFacts& facts, uint32_t index);
// Lists every client again, in one pass (the lifecycle rules changed, or see
// FactFolder::DeferClientIndexes).
void RebuildLifecycleIndex(AnalyticsFacts& facts);

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_LIFECYCLE_INDEX_H_
