// Source tallies from the facts: where a client or deal came from, whether a lead qualified, one
// deal's contribution, and the upkeep of the per-month cube (SourceCube) the fold calls as deals
// and pipelines change.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_SOURCE_CUBE_H_
#define CHRONICLE_ANALYTICS_DOMAIN_SOURCE_CUBE_H_

#include "analytics/domain/facts.h"
#include "analytics/domain/scope.h"
#include "analytics/domain/source_tally.h"

namespace chronicle::analytics {

TouchKey TouchOf(const ClientFacts& client);
TouchKey TouchOf(const DealFacts& deal);

// The stages of every pipeline that qualify a lead, worked out once, not per deal.
QualifyingStages QualifyingStagesOf(const AnalyticsFacts& facts);
// A lead is qualified once marked so, won, or moved to an open stage past its pipeline's first.
bool Qualified(const DealFacts& deal, const QualifyingStages& stages);

// Adds (`sign` +1) or takes back (-1) what `deal` contributes to its row: a lead, qualified or
// not, and when won, a sale and its amount.
void TallySource(const DealFacts& deal, bool qualified, int sign, SourceTally& tally);

// Cube upkeep around a change of deal `index`: its contribution out before the change (as it was
// counted), back in after (listing the deal in its creation month the first time).
void RemoveFromSourceCube(AnalyticsFacts& facts, uint32_t index);
void AddToSourceCube(AnalyticsFacts& facts, uint32_t index);
// The stages of `pipeline` changed: which of its deals qualify is worked out again.
void RequalifySourceCube(AnalyticsFacts& facts, Sym pipeline);
// Tallies every deal again (the settings' time zone may have changed).
void RebuildSourceCube(AnalyticsFacts& facts);

// The source cube when it can answer for `scope`: no filter but the pipeline and the period, and
// months in the settings' zone. Else null, and the report reads every deal.
const SourceCube* SourceCubeFor(const AnalyticsFacts& facts, const Scope& scope);

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_SOURCE_CUBE_H_
