// ListStalledDeals: per open stage with a time limit, the deals that entered it before
// now - max_days (the stalled index is ordered by entry time, so the walk stops at the first
// deal still within its limit).
#include <algorithm>
#include <map>

#include "chronicle/base/status_macros.h"
#include "chronicle/projection/state_messages.h"
#include "chronicle/storage/rocksdb_util.h"
#include "deals/projection/deal_index.h"
#include "deals/projection/keys.h"
#include "deals/projection/queries.h"

namespace chronicle::deals {

absl::Status QueryStalledDeals(projection::StateReader& state,
                               const std::vector<v1::Pipeline>& pipelines,
                               const v1::ListStalledDealsRequest& request, absl::Time now,
                               v1::ListStalledDealsResponse* response) {
  std::map<std::string, std::vector<v1::StalledDeal>> by_owner;
  size_t listed = 0;
  for (const v1::Pipeline& pipeline : pipelines) {
    for (const v1::Stage& stage : pipeline.stages()) {
      if (stage.kind() != v1::STAGE_KIND_OPEN || stage.max_days() <= 0) continue;
      const std::string prefix = keys::StalledStage(IdOf(pipeline.name()), stage.id());
      const std::string cutoff = keys::OldestFirst(now - absl::Hours(24) * stage.max_days());
      std::vector<std::pair<std::string, int64_t>> found;  // deal id, entered micros
      RETURN_IF_ERROR(state.Scan(prefix, "", [&](absl::string_view key, absl::string_view owner) {
        const absl::string_view sort_value = key.substr(prefix.size(), keys::kSortValueBytes);
        if (sort_value >= cutoff || listed >= kMaxStalledDeals) return false;
        if (!request.owner().empty() && owner != request.owner()) return true;
        found.emplace_back(
            std::string(key.substr(prefix.size() + keys::kSortValueBytes)),
            static_cast<int64_t>(storage::ReadBigEndian64({sort_value.data(), sort_value.size()})));
        ++listed;
        return true;
      }));
      for (const auto& [id, entered_micros] : found) {
        ASSIGN_OR_RETURN(std::optional<v1::Deal> deal,
                         projection::ReadMessage<v1::Deal>(state, keys::Deal(id)));
        if (!deal) continue;
        v1::StalledDeal stalled;
        stalled.set_days_in_stage(
            static_cast<int32_t>((now - absl::FromUnixMicros(entered_micros)) / absl::Hours(24)));
        stalled.set_max_days(stage.max_days());
        *stalled.mutable_deal() = std::move(*deal);
        by_owner[stalled.deal().owner()].push_back(std::move(stalled));
      }
    }
  }
  for (auto& [owner, deals] : by_owner) {
    std::stable_sort(deals.begin(), deals.end(), [](const auto& a, const auto& b) {
      return a.days_in_stage() - a.max_days() > b.days_in_stage() - b.max_days();
    });
    auto* group = response->add_owners();
    group->set_owner(owner);
    for (auto& deal : deals) *group->add_deals() = std::move(deal);
  }
  return absl::OkStatus();
}

}  // namespace chronicle::deals
