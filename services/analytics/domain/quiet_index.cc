#include "analytics/domain/quiet_index.h"

#include <algorithm>

namespace chronicle::analytics {

void RemoveFromQuietIndex(AnalyticsFacts& facts, uint32_t index) {
  ClientFacts& client = facts.clients[index];
  if (client.quiet_since_listed == kNotQuietListed) return;
  auto owner = facts.quiet_index.by_owner.find(client.quiet_owner_listed);
  const int64_t since = client.quiet_since_listed;
  owner->second.clients.erase({since, client.id});
  auto day = owner->second.per_day.find(UtcDay(since));
  if (--day->second == 0) owner->second.per_day.erase(day);
  client.quiet_since_listed = kNotQuietListed;
}

void AddToQuietIndex(AnalyticsFacts& facts, uint32_t index) {
  ClientFacts& client = facts.clients[index];
  if (!client.known || client.merged || client.deleted) return;
  const LastContact last =
      LastContactOf(client, kContactKinds, std::numeric_limits<int64_t>::max());
  QuietIndex& quiet = facts.quiet_index;
  QuietIndex::Owner& owner = quiet.by_owner[client.owner];
  owner.clients.emplace(std::make_pair(last.quiet_since, client.id), index);
  ++owner.per_day[UtcDay(last.quiet_since)];
  quiet.latest = std::max({quiet.latest, last.quiet_since, client.first_contact_time});
  client.quiet_since_listed = last.quiet_since;
  client.quiet_owner_listed = client.owner;
}

}  // namespace chronicle::analytics
