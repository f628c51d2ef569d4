// Who has gone without contact for N days: from the quiet index the fold keeps when the request
// asks about the usual contact kinds, else from every client.
#include <algorithm>
#include <map>
#include <queue>
#include <vector>

#include "analytics/domain/quiet_index.h"
#include "analytics/domain/reports.h"
#include "analytics/domain/scope.h"
#include "analytics/domain/top_n.h"

namespace chronicle::analytics {
namespace {

constexpr int64_t kDay = 86400;

struct Quiet {
  uint32_t index;
  const ClientFacts* client;
  LastContact last;
};

// The quietest first: quiet since longest (as days_since_contact shows), then the one that
// appeared first in the log (as the index orders them).
bool Quieter(const Quiet& a, const Quiet& b) {
  return a.last.quiet_since != b.last.quiet_since ? a.last.quiet_since < b.last.quiet_since
                                                  : a.index < b.index;
}

// What the report lists and counts, by either route.
struct Found {
  std::vector<Quiet> first;  // the quietest, as far as the requested page reaches
  size_t total = 0;
  std::vector<int64_t> per_owner;  // by owner symbol
};

// Reads every client in scope.
Found FromEveryClient(const AnalyticsFacts& facts, const Scope& scope,
                      const std::vector<v1::ActivityKind>& kinds, int64_t now, int64_t cutoff,
                      size_t page_end) {
  Found found;
  found.per_owner.resize(facts.symbols.size());
  TopN<Quiet, decltype(&Quieter)> quietest(page_end, &Quieter);
  for (uint32_t index = 0; index < facts.clients.size(); ++index) {
    const ClientFacts& client = facts.clients[index];
    if (!client.known || client.merged || client.deleted ||
        !scope.InPeriod(client.first_contact_time) || !scope.ClientMatches(client) ||
        client.first_contact_time > now) {
      continue;
    }
    Quiet q{index, &client, LastContactOf(client, kinds, now)};
    if (q.last.quiet_since > cutoff) continue;
    quietest.Offer(q);
    ++found.total;
    ++found.per_owner[client.owner];
  }
  found.first = std::move(quietest).Take();
  return found;
}

// Reads the index: per owner, the days wholly before the cutoff's day from their counts and
// the cutoff's own day client by client; the page by merging the owners' lists in order.
Found FromQuietIndex(const AnalyticsFacts& facts, const Scope& scope, int64_t now, int64_t cutoff,
                     size_t page_end) {
  Found found;
  found.per_owner.resize(facts.symbols.size());
  const int64_t cutoff_day = UtcDay(cutoff);
  struct Cursor {
    QuietIndex::Owner::ClientList::const_iterator at, end;
  };
  auto later = [](const Cursor& a, const Cursor& b) { return *b.at < *a.at; };
  std::priority_queue<Cursor, std::vector<Cursor>, decltype(later)> cursors(later);
  for (const auto& [owner, list] : facts.quiet_index.by_owner) {
    if (!scope.OwnerMatches(owner, /*team_sym=*/0)) continue;  // no team filter comes here
    int64_t count = list.per_day.BeforeDayOf(cutoff);
    for (auto it = list.clients.lower_bound({cutoff_day * kDay, 0});
         it != list.clients.end() && it->first <= cutoff; ++it) {
      ++count;
    }
    found.per_owner[owner] += count;
    found.total += count;
    if (!list.clients.empty()) cursors.push({list.clients.begin(), list.clients.end()});
  }
  while (found.first.size() < page_end && !cursors.empty()) {
    Cursor cursor = cursors.top();
    cursors.pop();
    const auto [since, index] = *cursor.at;
    if (since > cutoff) continue;  // this owner has no more quiet clients
    const ClientFacts& client = facts.clients[index];
    found.first.push_back({index, &client, LastContactOf(client, kContactKinds, now)});
    if (++cursor.at != cursor.end) cursors.push(cursor);
  }
  return found;
}

// The index answers for the default contact kinds, no period and no filter but the owner, and a
// `now` no listed client is later than.
bool IndexAnswers(const AnalyticsFacts& facts, const Scope& scope,
                  const std::vector<v1::ActivityKind>& kinds, int64_t now) {
  for (v1::ActivityKind kind : kContactKinds) {
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) return false;
  }
  return kinds.size() == kContactKinds.size() && !scope.has_period && !scope.team_set &&
         !scope.source_set && scope.segment_kind == Scope::SegmentKind::kNone &&
         facts.quiet_index.latest <= now;
}

}  // namespace

absl::StatusOr<v1::ListUncontactedClientsResponse> UncontactedClients(
    const AnalyticsFacts& facts, const v1::ListUncontactedClientsRequest& request, int64_t now,
    const CubeOptions& options) {
  RequestCheck check;
  if (request.days() < 1 || request.days() > 3650) {
    check.Add("days", "required: between 1 and 3650");
  }
  std::vector<v1::ActivityKind> kinds(request.kinds().size());
  for (int i = 0; i < request.kinds_size(); ++i) {
    kinds[i] = static_cast<v1::ActivityKind>(request.kinds(i));
    if (kinds[i] == v1::ACTIVITY_KIND_UNSPECIFIED || !v1::ActivityKind_IsValid(kinds[i])) {
      check.Add(absl::StrCat("kinds[", i, "]"), "not an activity kind");
    }
  }
  if (kinds.empty()) kinds.assign(kContactKinds.begin(), kContactKinds.end());
  const size_t offset = check.PageOffset(request.page_token());
  const size_t page = check.PageSize(request.page_size());
  const Scope scope = check.ResolveScope(facts, request.scope());
  if (!check.ok()) return check.status();

  const int64_t cutoff = now - int64_t{request.days()} * kDay;
  const Found found =
      options.use_cube && IndexAnswers(facts, scope, kinds, now)
          ? FromQuietIndex(facts, scope, now, cutoff, PageEnd(offset, page))
          : FromEveryClient(facts, scope, kinds, now, cutoff, PageEnd(offset, page));
  v1::ListUncontactedClientsResponse response;
  response.set_total(found.total);
  response.set_position(facts.position);
  for (size_t i = offset; i < found.first.size(); ++i) {
    const Quiet& q = found.first[i];
    v1::UncontactedClient* client = response.add_clients();
    client->set_client(absl::StrCat("clients/", q.client->id));
    client->set_owner(facts.symbols.Name(q.client->owner));
    if (q.last.time != 0) client->mutable_last_contact_time()->set_seconds(q.last.time);
    client->set_days_since_contact((now - q.last.quiet_since) / kDay);
    client->set_last_contact_kind(q.last.kind);
  }
  std::map<std::string, int64_t> named;  // owners of one name (none, say) count together
  for (Sym owner = 0; owner < found.per_owner.size(); ++owner) {
    if (found.per_owner[owner] != 0) named[facts.symbols.Name(owner)] += found.per_owner[owner];
  }
  for (const auto& [owner, count] : named) {
    v1::Count* c = response.add_per_owner();
    c->set_key(owner);
    c->set_count(count);
  }
  response.set_next_page_token(NextPageToken(offset, page, found.total));
  return response;
}

}  // namespace chronicle::analytics
