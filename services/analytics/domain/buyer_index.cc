#include "analytics/domain/buyer_index.h"

#include <algorithm>

namespace chronicle::analytics {
namespace {

// The client's row, or false when it does not count as a buyer.
bool RowOf(const ClientFacts& client, uint32_t index, BuyerRow* row) {
  if (client.purchases.empty() || client.merged) return false;
  row->client = index;
  row->purchases = static_cast<int64_t>(client.purchases.size());
  row->revenue = 0;
  for (const Purchase& purchase : client.purchases) row->revenue += purchase.amount;
  row->last_purchase = client.purchases.back().time;  // purchases are in time order
  return true;
}

}  // namespace

void RelistBuyer(AnalyticsFacts& facts, uint32_t index) {
  ClientFacts& client = facts.clients[index];
  BuyerIndex& buyers = facts.buyer_index;
  BuyerRow row;
  const bool counts = RowOf(client, index, &row);
  if (counts) buyers.latest = std::max(buyers.latest, row.last_purchase);
  if (client.buyer_row >= 0) {
    if (counts) {
      buyers.rows[client.buyer_row] = row;
      return;
    }
    // Out: the last row takes its place.
    const BuyerRow moved = buyers.rows.back();
    buyers.rows[client.buyer_row] = moved;
    facts.clients[moved.client].buyer_row = client.buyer_row;
    buyers.rows.pop_back();
    client.buyer_row = -1;
  } else if (counts) {
    client.buyer_row = static_cast<int32_t>(buyers.rows.size());
    buyers.rows.push_back(row);
  }
}

void RebuildBuyerIndex(AnalyticsFacts& facts) {
  facts.buyer_index = BuyerIndex();
  for (uint32_t index = 0; index < facts.clients.size(); ++index) {
    facts.clients[index].buyer_row = -1;
    RelistBuyer(facts, index);
  }
}

}  // namespace chronicle::analytics
