// Every buyer in one contiguous array (buyer_index.h keeps it up to date): what RFM scores, read
// without visiting a million client records and their purchase lists.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_BUYER_TALLY_H_
#define CHRONICLE_ANALYTICS_DOMAIN_BUYER_TALLY_H_

#include <cstdint>
#include <limits>
#include <vector>

namespace chronicle::analytics {

struct BuyerRow {
  int64_t last_purchase = 0;
  int64_t revenue = 0;  // minor units, over every purchase
  int64_t purchases = 0;
  uint32_t client = 0;  // index into AnalyticsFacts::clients
};

// The buyers that count (any purchase, not merged), in no particular order. It answers for RFM
// without a period or filter at a `now` at or after `latest`.
struct BuyerIndex {
  std::vector<BuyerRow> rows;
  int64_t latest = std::numeric_limits<int64_t>::min();  // the latest purchase ever listed
};

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_BUYER_TALLY_H_
