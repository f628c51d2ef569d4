// Funnel tallies from the facts: the steps of a pipeline, one deal's contribution, and the upkeep
// of the per-month cubes (FunnelCube) the fold calls as deals and pipelines change.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_FUNNEL_CUBE_H_
#define CHRONICLE_ANALYTICS_DOMAIN_FUNNEL_CUBE_H_

#include "analytics/domain/facts.h"
#include "analytics/domain/funnel_tally.h"

namespace chronicle::analytics {

// The funnel steps of `pipeline` under the current settings.
FunnelSteps FunnelStepsOf(const AnalyticsFacts& facts, Sym pipeline);

// Adds (`sign` +1) or takes back (-1) what `deal` contributes to `tally`: a deal, its outcome,
// every step up to the furthest it reached, where it was lost or waits, and its closed stays.
// `tally.steps` must have a slot per step.
void TallyDeal(const DealFacts& deal, const FunnelSteps& steps, int sign, FunnelTally& tally);

// Cube upkeep around a change of deal `index`: take its contribution out before the change,
// put it back after (adding the deal to its creation month the first time).
void RemoveFromFunnelCube(AnalyticsFacts& facts, uint32_t index);
void AddToFunnelCube(AnalyticsFacts& facts, uint32_t index);
// Tallies every deal of `pipeline` again (its stages or the settings changed).
void RebuildFunnelCube(AnalyticsFacts& facts, Sym pipeline);
void RebuildFunnelCubes(AnalyticsFacts& facts);

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_FUNNEL_CUBE_H_
