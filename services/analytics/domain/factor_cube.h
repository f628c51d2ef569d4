// A closed deal's contribution to the factor report, and the upkeep of the cube (FactorCube) the
// fold calls as deals close, reopen, and as their clients' meetings, calls and card change.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_FACTOR_CUBE_H_
#define CHRONICLE_ANALYTICS_DOMAIN_FACTOR_CUBE_H_

#include <cstdint>

#include "analytics/domain/factor_tally.h"
#include "analytics/domain/facts.h"

namespace chronicle::analytics {

// Adds (`sign` +1) or takes back (-1) closed `deal` under its value of factor `kind` (for
// kCustom, the value of custom field `custom_key` of its client).
void TallyFactor(const AnalyticsFacts& facts, const DealFacts& deal, FactorKind kind,
                 Sym custom_key, int sign, FactorTally& tally);

// Cube upkeep around a change of deal `index`, or of client `client` and so of all its deals:
// out before the change, back in after. Closed deals only; nothing while the folder defers the
// cube (see FactFolder::DeferClientIndexes).
void RemoveDealFromFactorCube(AnalyticsFacts& facts, uint32_t index);
void AddDealToFactorCube(AnalyticsFacts& facts, uint32_t index);
void RemoveClientFromFactorCube(AnalyticsFacts& facts, uint32_t client);
void AddClientToFactorCube(AnalyticsFacts& facts, uint32_t client);
// Tallies every deal again.
void RebuildFactorCube(AnalyticsFacts& facts);

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_FACTOR_CUBE_H_
