#include "analytics/domain/lifecycle_index.h"

#include <algorithm>

namespace chronicle::analytics {
namespace {

constexpr int64_t kDay = 86400;

// The entry for `client` under `rules`, or none when it does not count (not known, merged or
// deleted). Mirrors RuleLifecycle for every instant after the client's facts.
std::optional<LifecycleEntry> EntryOf(const ClientFacts& client, const v1::LifecycleRules& rules) {
  if (!client.known || client.merged || client.deleted) return std::nullopt;
  LifecycleEntry entry;
  entry.computed = client.computed_lifecycle;
  entry.overridden = client.override_lifecycle;
  if (client.purchases.empty()) {
    const bool contacted = std::any_of(client.last_activity.begin(), client.last_activity.end(),
                                       [](int64_t t) { return t != 0; });
    entry.fixed_status = client.inquiries > 0 || client.deals > 0 || contacted
                             ? v1::LIFECYCLE_STATUS_ATTRACTED
                             : v1::LIFECYCLE_STATUS_POTENTIAL;
    return entry;
  }
  entry.buyer = true;
  // Purchases are in time order: the last is the latest, and the k-th latest decides how long
  // k of them stay in the window.
  const std::vector<Purchase>& purchases = client.purchases;
  entry.lost_from = purchases.back().time + int64_t{rules.lost_after_days()} * kDay;
  const size_t k = rules.regular_min_purchases();
  if (k <= purchases.size()) {
    entry.can_be_regular = true;
    const int64_t window_ends =
        purchases[purchases.size() - k].time + int64_t{rules.regular_window_days()} * kDay;
    entry.regular_until = std::min(window_ends, entry.lost_from);
  }
  return entry;
}

int64_t LatestFactOf(const ClientFacts& client) {
  int64_t latest = *std::max_element(client.last_activity.begin(), client.last_activity.end());
  if (!client.purchases.empty()) latest = std::max(latest, client.purchases.back().time);
  return latest;
}

void Tally(LifecycleIndex& index, const LifecycleEntry& entry, int sign) {
  LifecycleGroup& group = index.groups[{entry.computed, entry.overridden}];
  group.clients += sign;
  if (!entry.buyer) {
    (entry.fixed_status == v1::LIFECYCLE_STATUS_ATTRACTED ? group.attracted : group.potential) +=
        sign;
    return;
  }
  group.buyers += sign;
  group.lost_from.Add(entry.lost_from, sign);
  if (entry.can_be_regular) group.regular_until.Add(entry.regular_until, sign);
}

}  // namespace

void RelistLifecycle(AnalyticsFacts& facts, uint32_t index) {
  ClientFacts& client = facts.clients[index];
  std::optional<LifecycleEntry> entry = EntryOf(client, facts.settings.lifecycle());
  if (entry == client.lifecycle_listed) return;
  LifecycleIndex& lifecycle = facts.lifecycle_index;
  if (client.lifecycle_listed) Tally(lifecycle, *client.lifecycle_listed, -1);
  if (entry) {
    Tally(lifecycle, *entry, +1);
    lifecycle.latest = std::max(lifecycle.latest, LatestFactOf(client));
  }
  client.lifecycle_listed = entry;
}

void RebuildLifecycleIndex(AnalyticsFacts& facts) {
  facts.lifecycle_index = LifecycleIndex();
  for (uint32_t index = 0; index < facts.clients.size(); ++index) {
    facts.clients[index].lifecycle_listed.reset();
    RelistLifecycle(facts, index);
  }
}

}  // namespace chronicle::analytics
