// Who has gone longest without a call, meeting, e-mail or message: the index the fold keeps so
// that the uncontacted-clients report reads one page and a few counts instead of every client.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_QUIET_INDEX_H_
#define CHRONICLE_ANALYTICS_DOMAIN_QUIET_INDEX_H_

#include <array>
#include <cstdint>

#include "analytics/domain/facts.h"
#include "analytics/domain/quiet_tally.h"

namespace chronicle::analytics {

// The activity kinds that count as contact when a request names none.
inline constexpr std::array<v1::ActivityKind, 4> kContactKinds = {
    v1::ACTIVITY_KIND_CALL, v1::ACTIVITY_KIND_MEETING, v1::ACTIVITY_KIND_EMAIL,
    v1::ACTIVITY_KIND_MESSAGE};

// A client's last contact of `kinds` at or before `now` (time 0 when none), and since when it has
// been quiet: that contact, else its first contact.
struct LastContact {
  int64_t time = 0;
  v1::ActivityKind kind = v1::ACTIVITY_KIND_UNSPECIFIED;
  int64_t quiet_since = 0;
};
template <typename Kinds>
LastContact LastContactOf(const ClientFacts& client, const Kinds& kinds, int64_t now) {
  LastContact last;
  for (v1::ActivityKind kind : kinds) {
    const int64_t t = client.last_activity[kind];
    if (t > last.time && t <= now) {  // the first kind named wins a tie
      last.time = t;
      last.kind = kind;
    }
  }
  last.quiet_since = last.time != 0 ? last.time : client.first_contact_time;
  return last;
}

// Index upkeep around a change of client `index` that may change its owner, its contacts, its
// first contact or whether it counts: out before the change, back in after.
void RemoveFromQuietIndex(AnalyticsFacts& facts, uint32_t index);
void AddToQuietIndex(AnalyticsFacts& facts, uint32_t index);
// Lists every client again, in one pass (see FactFolder::DeferClientIndexes).
void RebuildQuietIndex(AnalyticsFacts& facts);

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_QUIET_INDEX_H_
