// What closed deals add to the factor report, as plain data that can be added and taken away:
// the report's scan tallies into it, and so does the cube the fold keeps (factor_cube.h), so
// both give the same numbers by construction.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_FACTOR_TALLY_H_
#define CHRONICLE_ANALYTICS_DOMAIN_FACTOR_TALLY_H_

#include <array>
#include <cstdint>

#include "absl/container/flat_hash_map.h"

namespace chronicle::analytics {

// The factors a report can be asked about; all but kCustom are kept in the cube.
enum class FactorKind { kMeetings, kCalls, kSource, kChannel, kTemperature, kClientType, kCustom };
inline constexpr int kCubedFactors = 6;

inline bool IsNumeric(FactorKind kind) {
  return kind == FactorKind::kMeetings || kind == FactorKind::kCalls;
}

struct FactorCell {
  int64_t order = 0;  // numeric factors sort by value
  int64_t deals = 0, won = 0;
};

// Closed deals by a number standing for their factor value (a count capped at 4, a symbol or an
// enum value; the report names them), with the sums of the point-biserial correlation between
// the uncapped count x and the outcome y (won 1, lost 0). Integers, so that taking a deal back
// leaves exactly what there was.
struct FactorTally {
  absl::flat_hash_map<int64_t, FactorCell> cells;
  int64_t n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
};

struct FactorCube {
  std::array<FactorTally, kCubedFactors> by_kind;  // indexed by FactorKind
};

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_FACTOR_TALLY_H_
