#include "deals/projection/cells.h"

#include "absl/strings/str_cat.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/projection/state_messages.h"

namespace chronicle::deals {

void CellSum::Add(const v1::DealCell& cell, int sign) {
  count += sign * cell.count();
  for (const v1::Money& total : cell.totals()) {
    totals[total.currency_code()] += sign * ToNanos(total);
  }
}

void CellSum::AddDeal(const v1::Money* amount, int sign) {
  count += sign;
  if (amount != nullptr && !amount->currency_code().empty()) {
    totals[amount->currency_code()] += sign * ToNanos(*amount);
  }
}

void CellSum::Add(const CellSum& other) {
  count += other.count;
  for (const auto& [currency, nanos] : other.totals) totals[currency] += nanos;
}

google::protobuf::RepeatedPtrField<v1::Money> CellSum::Totals() const {
  google::protobuf::RepeatedPtrField<v1::Money> out;
  for (const auto& [currency, nanos] : totals) {
    if (nanos != 0) *out.Add() = FromNanos(currency, nanos);
  }
  return out;
}

v1::DealCell CellSum::ToCell() const {
  v1::DealCell cell;
  cell.set_count(count);
  *cell.mutable_totals() = Totals();
  return cell;
}

absl::Status AdjustCell(projection::StateWriter& state, const std::string& key,
                        const v1::Money* amount, int sign) {
  ASSIGN_OR_RETURN(std::optional<v1::DealCell> stored,
                   projection::ReadMessage<v1::DealCell>(state, key));
  CellSum sum;
  if (stored) sum.Add(*stored);
  sum.AddDeal(amount, sign);
  if (sum.count <= 0) {
    state.Delete(key);
  } else {
    state.Put(key, sum.ToCell().SerializeAsString());
  }
  return absl::OkStatus();
}

absl::Status SumCells(projection::StateReader& state, const std::string& prefix,
                      const std::string& from, const std::string& to, CellSum* sum) {
  absl::Status parsed;
  // Scan starts strictly after its second argument: one byte short of `from` lands on it.
  const std::string start_after = from.empty() ? "" : from.substr(0, from.size() - 1);
  RETURN_IF_ERROR(
      state.Scan(prefix, start_after, [&](absl::string_view key, absl::string_view value) {
        if (key < from) return true;
        if (!to.empty() && key >= to) return false;
        v1::DealCell cell;
        if (!cell.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          parsed = absl::DataLossError(absl::StrCat("deals projection: unreadable cell"));
          return false;
        }
        sum->Add(cell);
        return true;
      }));
  return parsed;
}

}  // namespace chronicle::deals
