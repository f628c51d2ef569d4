#include "analytics/domain/quiet_index.h"

#include <algorithm>
#include <tuple>
#include <vector>

namespace chronicle::analytics {
namespace {

// Marks `client` listed and returns since when it has been quiet; false when it does not count.
bool List(ClientFacts& client, QuietIndex& quiet, int64_t* since) {
  if (!client.known || client.merged || client.deleted) return false;
  *since = LastContactOf(client, kContactKinds, std::numeric_limits<int64_t>::max()).quiet_since;
  quiet.latest = std::max({quiet.latest, *since, client.first_contact_time});
  client.quiet_since_listed = *since;
  client.quiet_owner_listed = client.owner;
  return true;
}

}  // namespace

void RemoveFromQuietIndex(AnalyticsFacts& facts, uint32_t index) {
  ClientFacts& client = facts.clients[index];
  if (client.quiet_since_listed == kNotQuietListed) return;
  auto owner = facts.quiet_index.by_owner.find(client.quiet_owner_listed);
  const int64_t since = client.quiet_since_listed;
  owner->second.clients.erase({since, index});
  owner->second.per_day.Add(since, -1);
  client.quiet_since_listed = kNotQuietListed;
}

void AddToQuietIndex(AnalyticsFacts& facts, uint32_t index) {
  ClientFacts& client = facts.clients[index];
  int64_t since = 0;
  if (!List(client, facts.quiet_index, &since)) return;
  QuietIndex::Owner& owner = facts.quiet_index.by_owner[client.owner];
  owner.clients.emplace(since, index);
  owner.per_day.Add(since, +1);
}

void RebuildQuietIndex(AnalyticsFacts& facts) {
  QuietIndex& quiet = facts.quiet_index;
  quiet = QuietIndex();
  // Every client that counts, sorted, then appended at the ends of the trees: much cheaper than
  // inserting them one by one in log order.
  std::vector<std::tuple<Sym, int64_t, uint32_t>> listed;  // owner, since, index
  listed.reserve(facts.clients.size());
  for (uint32_t index = 0; index < facts.clients.size(); ++index) {
    ClientFacts& client = facts.clients[index];
    client.quiet_since_listed = kNotQuietListed;
    int64_t since = 0;
    if (List(client, quiet, &since)) listed.emplace_back(client.owner, since, index);
  }
  std::sort(listed.begin(), listed.end());
  QuietIndex::Owner* owner = nullptr;
  Sym owner_sym = 0;
  for (const auto& [sym, since, index] : listed) {
    if (owner == nullptr || sym != owner_sym) {
      owner = &quiet.by_owner[sym];
      owner_sym = sym;
    }
    owner->clients.insert(owner->clients.end(), {since, index});
    owner->per_day.AddInOrder(since);
  }
}

}  // namespace chronicle::analytics
