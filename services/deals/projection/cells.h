// Pre-aggregated cells (v1::DealCell): a count and per-currency sums, kept exact in nano-units.
#ifndef CHRONICLE_DEALS_PROJECTION_CELLS_H_
#define CHRONICLE_DEALS_PROJECTION_CELLS_H_

#include <map>
#include <string>

#include "chronicle/projection/projection.h"
#include "chronicle/v1/deals_projection.pb.h"
#include "deals/domain/money.h"

namespace chronicle::deals {

// An accumulating cell while a query or the projection works on it.
struct CellSum {
  int64_t count = 0;
  std::map<std::string, Nanos> totals;  // by currency

  void Add(const v1::DealCell& cell, int sign = 1);
  // One deal with `amount` (may be unset: counted, not summed).
  void AddDeal(const v1::Money* amount, int sign = 1);
  void Add(const CellSum& other);
  v1::DealCell ToCell() const;
  // Per-currency totals as Money, sorted by currency.
  google::protobuf::RepeatedPtrField<v1::Money> Totals() const;
};

// Adds (sign +1) or removes (-1) one deal with `amount` to the cell at `key`; an emptied cell is
// deleted. DATA_LOSS for an unreadable stored cell.
absl::Status AdjustCell(projection::StateWriter& state, const std::string& key,
                        const v1::Money* amount, int sign);

// Sums every cell under `prefix` whose key is within [from, to) (empty `to`: to the end).
absl::Status SumCells(projection::StateReader& state, const std::string& prefix,
                      const std::string& from, const std::string& to, CellSum* sum);

}  // namespace chronicle::deals

#endif  // CHRONICLE_DEALS_PROJECTION_CELLS_H_
