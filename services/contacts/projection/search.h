// Ranked client search over the projection's token indexes. A query matches a client when every
// query word matches: a word matches the start of any word of the client's name, company or
// e-mail (in search form, so Cyrillic and Latin meet), or, when it is digits, the start or the end
// of a phone number (the last digits, or the number without its country code). Exact words outrank
// prefixes; names outrank companies and e-mails.
//
// Cost is bounded: each query word reads at most kMaxCandidatesPerWord index entries, so a
// one-letter query over a million clients answers from a sample rather than scanning them all.
#ifndef CHRONICLE_CONTACTS_PROJECTION_SEARCH_H_
#define CHRONICLE_CONTACTS_PROJECTION_SEARCH_H_

#include <string>
#include <vector>

#include "chronicle/projection/projection.h"
#include "contacts/domain/phone.h"

namespace chronicle::contacts {

inline constexpr size_t kMaxCandidatesPerWord = 1000;
inline constexpr size_t kMaxQueryWords = 6;

struct SearchHit {
  std::string id;
  double score = 0;
  std::vector<std::string> matched;  // "name", "company", "email", "phone"
};

// Best hits first, at most `limit`. INVALID_ARGUMENT when the query has no words.
absl::StatusOr<std::vector<SearchHit>> SearchClients(projection::StateReader& state,
                                                     const PhoneNormalizer& phones,
                                                     absl::string_view query, size_t limit);

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_PROJECTION_SEARCH_H_
