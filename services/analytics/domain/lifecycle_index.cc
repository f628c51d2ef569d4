#include "analytics/domain/lifecycle_index.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

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

// Adds (`sign` +1) or takes back (-1) the counts of `entry` in `group`, but for its instants.
void TallyCounts(LifecycleGroup& group, const LifecycleEntry& entry, int sign) {
  group.clients += sign;
  if (!entry.buyer) {
    (entry.fixed_status == v1::LIFECYCLE_STATUS_ATTRACTED ? group.attracted : group.potential) +=
        sign;
    return;
  }
  group.buyers += sign;
}

void Tally(LifecycleIndex& index, const LifecycleEntry& entry, int sign) {
  LifecycleGroup& group = index.groups[{entry.computed, entry.overridden}];
  TallyCounts(group, entry, sign);
  if (!entry.buyer) return;
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
  LifecycleIndex& lifecycle = facts.lifecycle_index;
  lifecycle = LifecycleIndex();
  // Each group's instants gathered and sorted, then appended to its counts: much cheaper than
  // adding them one by one in log order.
  struct Instants {
    std::vector<int64_t> lost_from, regular_until;
  };
  std::map<std::pair<int, int>, Instants> instants;
  for (uint32_t index = 0; index < facts.clients.size(); ++index) {
    ClientFacts& client = facts.clients[index];
    client.lifecycle_listed = EntryOf(client, facts.settings.lifecycle());
    if (!client.lifecycle_listed) continue;
    const LifecycleEntry& entry = *client.lifecycle_listed;
    const std::pair<int, int> key{entry.computed, entry.overridden};
    TallyCounts(lifecycle.groups[key], entry, +1);
    lifecycle.latest = std::max(lifecycle.latest, LatestFactOf(client));
    if (!entry.buyer) continue;
    Instants& group = instants[key];
    group.lost_from.push_back(entry.lost_from);
    if (entry.can_be_regular) group.regular_until.push_back(entry.regular_until);
  }
  for (auto& [key, group] : instants) {
    std::sort(group.lost_from.begin(), group.lost_from.end());
    std::sort(group.regular_until.begin(), group.regular_until.end());
    LifecycleGroup& counts = lifecycle.groups[key];
    for (int64_t t : group.lost_from) counts.lost_from.AddInOrder(t);
    for (int64_t t : group.regular_until) counts.regular_until.AddInOrder(t);
  }
}

}  // namespace chronicle::analytics
