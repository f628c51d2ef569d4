#include "contacts/projection/search.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "contacts/domain/search_text.h"
#include "contacts/projection/index_entries.h"
#include "contacts/projection/keys.h"

namespace chronicle::contacts {
namespace {

constexpr size_t kMinPhoneDigits = 4;

struct WordMatch {
  double score = 0;
  const char* kind = "";
};
using Matches = std::map<std::string, WordMatch>;  // id -> best match of one query word

double KindWeight(char kind) {
  switch (kind) {
    case kKindName: return 1.0;
    case kKindCompany: return 0.8;
    default: return 0.7;  // email
  }
}

const char* KindName(char kind) {
  switch (kind) {
    case kKindName: return "name";
    case kKindCompany: return "company";
    default: return "email";
  }
}

void Offer(Matches* matches, absl::string_view id, double score, const char* kind) {
  WordMatch& best = (*matches)[std::string(id)];
  if (score > best.score) best = {score, kind};
}

// Index entries whose token equals `word` score 2, those it only starts score 1.
absl::Status MatchWord(projection::StateReader& state, const std::string& word, Matches* matches) {
  size_t seen = 0;
  const std::string exact = keys::Prefix("s", word);
  RETURN_IF_ERROR(state.Scan(exact, "", [&](absl::string_view key, absl::string_view kind) {
    const char k = kind.empty() ? kKindName : kind[0];
    Offer(matches, keys::TrailingId(key), 2 * KindWeight(k), KindName(k));
    return ++seen < kMaxCandidatesPerWord;
  }));
  seen = 0;
  RETURN_IF_ERROR(state.Scan(keys::Tagged("s", word), "", [&](absl::string_view key, absl::string_view kind) {
    if (absl::StartsWith(key, exact)) return true;  // scored above
    const char k = kind.empty() ? kKindName : kind[0];
    Offer(matches, keys::TrailingId(key), KindWeight(k), KindName(k));
    return ++seen < kMaxCandidatesPerWord;
  }));
  return absl::OkStatus();
}

// Phones starting with `digits` (country code included) or ending with them (the last digits, or
// the national number): a prefix scan over the digits and one over the reversed digits.
absl::Status MatchDigits(projection::StateReader& state, const std::string& digits,
                         Matches* matches) {
  const double score = digits.size() >= 10 ? 3 : 1.5;
  for (const std::string& prefix : {keys::Tagged("d", digits),
                                    keys::Tagged("r", std::string(digits.rbegin(), digits.rend()))}) {
    size_t seen = 0;
    RETURN_IF_ERROR(state.Scan(prefix, "", [&](absl::string_view key, absl::string_view) {
      Offer(matches, keys::TrailingId(key), score, "phone");
      return ++seen < kMaxCandidatesPerWord;
    }));
  }
  return absl::OkStatus();
}

// The query as phone digits when it is one ("8 (912) 345-67-89" -> "79123456789"), else "".
std::string PhoneQuery(const PhoneNormalizer& phones, absl::string_view query) {
  std::string digits;
  for (char c : query) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
    } else if (!absl::ascii_isspace(static_cast<unsigned char>(c)) && c != '(' && c != ')' &&
               c != '-' && c != '+' && c != '.') {
      return "";
    }
  }
  if (digits.size() < kMinPhoneDigits) return "";
  if (auto e164 = phones.ToE164(query); e164.ok()) return e164->substr(1);
  return digits;
}

}  // namespace

absl::StatusOr<std::vector<SearchHit>> SearchClients(projection::StateReader& state,
                                                     const PhoneNormalizer& phones,
                                                     absl::string_view query, size_t limit) {
  std::vector<Matches> per_word;
  if (std::string digits = PhoneQuery(phones, query); !digits.empty()) {
    RETURN_IF_ERROR(MatchDigits(state, digits, &per_word.emplace_back()));
  } else {
    std::vector<std::string> words = SearchTokens(query);
    if (words.size() > kMaxQueryWords) words.resize(kMaxQueryWords);
    for (const std::string& word : words) {
      Matches& matches = per_word.emplace_back();
      const bool numeric = std::all_of(word.begin(), word.end(), [](char c) { return absl::ascii_isdigit(c); });
      if (numeric && word.size() >= kMinPhoneDigits) RETURN_IF_ERROR(MatchDigits(state, word, &matches));
      RETURN_IF_ERROR(MatchWord(state, word, &matches));
    }
  }
  if (per_word.empty()) return errors::InvalidArgument({{"query", "has no letters or digits"}});

  // Every word must match; start from the rarest word's matches.
  std::sort(per_word.begin(), per_word.end(),
            [](const Matches& a, const Matches& b) { return a.size() < b.size(); });
  std::vector<SearchHit> hits;
  for (const auto& [id, first] : per_word[0]) {
    SearchHit hit{id, first.score, {first.kind}};
    bool all = true;
    for (size_t w = 1; w < per_word.size() && all; ++w) {
      auto it = per_word[w].find(id);
      all = it != per_word[w].end();
      if (!all) break;
      hit.score += it->second.score;
      if (std::find(hit.matched.begin(), hit.matched.end(), it->second.kind) == hit.matched.end()) {
        hit.matched.push_back(it->second.kind);
      }
    }
    if (all) hits.push_back(std::move(hit));
  }
  std::sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  });
  if (hits.size() > limit) hits.resize(limit);
  return hits;
}

}  // namespace chronicle::contacts
