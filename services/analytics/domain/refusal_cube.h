// Refusal tallies from the facts: one lost deal's contribution, and the upkeep of the per-month
// cube (RefusalCube) the fold calls as deals change.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_REFUSAL_CUBE_H_
#define CHRONICLE_ANALYTICS_DOMAIN_REFUSAL_CUBE_H_

#include "analytics/domain/facts.h"
#include "analytics/domain/refusal_tally.h"

namespace chronicle::analytics {

// Adds (`sign` +1) or takes back (-1) what `deal` contributes when it is lost: one deal of its
// reason, its amount, its stage and its owner. Nothing for a deal that is not lost.
void TallyRefusal(const DealFacts& deal, int sign,
                  absl::flat_hash_map<uint32_t, RefusalTally>& reasons);

// Cube upkeep around a change of deal `index`: its contribution out before, back in after.
void RemoveFromRefusalCube(AnalyticsFacts& facts, uint32_t index);
void AddToRefusalCube(AnalyticsFacts& facts, uint32_t index);
// Tallies every lost deal again (the settings' time zone may have changed).
void RebuildRefusalCube(AnalyticsFacts& facts);

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_REFUSAL_CUBE_H_
