#include "contacts/projection/search.h"

#include <algorithm>
#include <map>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "contacts/domain/email.h"
#include "contacts/domain/search_text.h"
#include "contacts/projection/client_reader.h"
#include "contacts/projection/index_entries.h"
#include "contacts/projection/keys.h"

namespace chronicle::contacts {
namespace {

constexpr size_t kMinPhoneDigits = 4;

struct WordMatch {
  double score = 0;
  const char* kind = "";
};
using Matches = absl::flat_hash_map<std::string, WordMatch>;  // id -> best match of one word

// One query word and the clients its index entries name.
struct WordMatches {
  std::string word;
  std::vector<std::string> alternatives;  // the word, then the full names it may stand for
  bool numeric = false;
  Matches matches;
  bool complete = true;  // false when a scan stopped at kMaxCandidatesPerWord
};

// Candidates checked against their cards for words too common to read in full.
constexpr size_t kMaxVerifiedCandidates = 2000;

double KindWeight(char kind) {
  switch (kind) {
    case kKindName:
      return 1.0;
    case kKindCompany:
      return 0.8;
    default:
      return 0.7;  // email
  }
}

const char* KindName(char kind) {
  switch (kind) {
    case kKindName:
      return "name";
    case kKindCompany:
      return "company";
    default:
      return "email";
  }
}

void Offer(Matches* matches, absl::string_view id, double score, const char* kind) {
  WordMatch& best = (*matches)[std::string(id)];
  if (score > best.score) best = {score, kind};
}

// Index entries whose token equals `word` score 2, those it only starts score 1.
absl::Status MatchWord(projection::StateReader& state, const std::string& word, WordMatches* out) {
  Matches* matches = &out->matches;
  size_t seen = 0;
  const std::string exact = keys::Prefix("s", word);
  RETURN_IF_ERROR(state.Scan(exact, "", [&](absl::string_view key, absl::string_view kind) {
    const char k = kind.empty() ? kKindName : kind[0];
    Offer(matches, keys::TrailingId(key), 2 * KindWeight(k), KindName(k));
    out->complete &= ++seen < kMaxCandidatesPerWord;
    return out->complete;
  }));
  seen = 0;
  RETURN_IF_ERROR(
      state.Scan(keys::Tagged("s", word), "", [&](absl::string_view key, absl::string_view kind) {
        if (absl::StartsWith(key, exact)) return true;  // scored above
        const char k = kind.empty() ? kKindName : kind[0];
        Offer(matches, keys::TrailingId(key), KindWeight(k), KindName(k));
        out->complete &= ++seen < kMaxCandidatesPerWord;
        return out->complete;
      }));
  return absl::OkStatus();
}

// Phones starting with `digits` (country code included) or ending with them (the last digits, or
// the national number): a prefix scan over the digits and one over the reversed digits.
absl::Status MatchDigits(projection::StateReader& state, const std::string& digits,
                         WordMatches* out) {
  Matches* matches = &out->matches;
  const double score = digits.size() >= 10 ? 3 : 1.5;
  for (const std::string& prefix :
       {keys::Tagged("d", digits),
        keys::Tagged("r", std::string(digits.rbegin(), digits.rend()))}) {
    size_t seen = 0;
    RETURN_IF_ERROR(state.Scan(prefix, "", [&](absl::string_view key, absl::string_view) {
      Offer(matches, keys::TrailingId(key), score, "phone");
      out->complete &= ++seen < kMaxCandidatesPerWord;
      return out->complete;
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

// Exact address first: an e-mail query names one mailbox, not the words in it.
absl::StatusOr<std::vector<SearchHit>> MatchEmail(projection::StateReader& state,
                                                  const std::string& email, size_t limit) {
  std::vector<SearchHit> hits;
  RETURN_IF_ERROR(
      state.Scan(keys::Prefix("e", email), "", [&](absl::string_view key, absl::string_view) {
        hits.push_back({std::string(keys::TrailingId(key)), 4, {"email"}});
        return hits.size() < limit;
      }));
  return hits;
}

// The word itself, then the full names it is a diminutive of ("sasha": aleksandr, aleksandra).
std::vector<std::string> Alternatives(const std::string& word) {
  std::vector<std::string> out = {word};
  for (const std::string& full : FullNamesOf(word)) out.push_back(full);
  return out;
}

bool IsNumber(const std::string& word) {
  return std::all_of(word.begin(), word.end(), [](char c) { return absl::ascii_isdigit(c); });
}

// Clients whose surname and given name are exactly these two words, in either order.
absl::StatusOr<std::vector<SearchHit>> MatchNamePair(projection::StateReader& state, std::string a,
                                                     std::string b, size_t limit) {
  if (b < a) std::swap(a, b);
  std::vector<SearchHit> hits;
  RETURN_IF_ERROR(state.Scan(keys::Prefix("n", absl::StrCat(a, " ", b)), "",
                             [&](absl::string_view key, absl::string_view) {
                               hits.push_back({std::string(keys::TrailingId(key)), 4, {"name"}});
                               return hits.size() < limit;
                             }));
  return hits;
}

// True when `card`'s index has an entry for `word`: a search token it starts, or phone digits.
bool CardHasWord(const std::map<std::string, std::string>& entries, const std::string& word,
                 bool numeric) {
  std::vector<std::string> prefixes = {keys::Tagged("s", word)};
  if (numeric) {
    prefixes.push_back(keys::Tagged("d", word));
    prefixes.push_back(keys::Tagged("r", std::string(word.rbegin(), word.rend())));
  }
  for (const std::string& prefix : prefixes) {
    auto it = entries.lower_bound(prefix);
    if (it != entries.end() && absl::StartsWith(it->first, prefix)) return true;
  }
  return false;
}

// Every word must match. Words whose index entries were read in full are intersected; a word too
// common to read in full (the scan hit its cap) is checked against each candidate's own card
// instead, best candidates first, so a common word never hides the client that has it.
absl::StatusOr<std::vector<SearchHit>> Combine(projection::StateReader& state,
                                               std::vector<WordMatches>& words, size_t limit) {
  std::stable_sort(words.begin(), words.end(), [](const WordMatches& a, const WordMatches& b) {
    if (a.complete != b.complete) return a.complete;
    return a.matches.size() < b.matches.size();
  });
  std::vector<std::pair<SearchHit, std::vector<const WordMatches*>>> candidates;
  for (const auto& [id, first] : words[0].matches) {
    SearchHit hit{id, first.score, {first.kind}};
    std::vector<const WordMatches*> unverified;
    bool excluded = false;
    for (size_t w = 1; w < words.size() && !excluded; ++w) {
      auto it = words[w].matches.find(id);
      if (it == words[w].matches.end()) {
        if (words[w].complete)
          excluded = true;
        else
          unverified.push_back(&words[w]);
        continue;
      }
      hit.score += it->second.score;
      if (std::find(hit.matched.begin(), hit.matched.end(), it->second.kind) == hit.matched.end()) {
        hit.matched.push_back(it->second.kind);
      }
    }
    if (!excluded) candidates.emplace_back(std::move(hit), std::move(unverified));
  }
  std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    if (a.second.size() != b.second.size()) return a.second.size() < b.second.size();
    return a.first.score != b.first.score ? a.first.score > b.first.score : a.first.id < b.first.id;
  });
  std::vector<SearchHit> hits;
  ClientReader reader(state);
  size_t checked = 0;
  for (auto& [hit, unverified] : candidates) {
    if (hits.size() == limit) break;
    if (!unverified.empty()) {
      if (++checked > kMaxVerifiedCandidates) break;
      ASSIGN_OR_RETURN(std::optional<v1::Client> card, reader.Card(hit.id));
      if (!card) continue;
      bool all = true;
      std::optional<std::map<std::string, std::string>> entries;  // built only if needed
      for (const WordMatches* word : unverified) {
        bool found = false;
        for (const std::string& alternative : word->alternatives) {
          // The exact word is one point lookup; only a prefix needs the card's own entries.
          ASSIGN_OR_RETURN(auto exact, state.Get(keys::Tagged("s", alternative, hit.id)));
          if (!exact) {
            if (!entries) entries = IndexEntries(*card, {});
            exact = CardHasWord(*entries, alternative, word->numeric)
                        ? std::optional<std::string>("")
                        : std::nullopt;
          }
          if ((found = exact.has_value())) break;
        }
        if (!found) {
          all = false;
          break;
        }
      }
      if (!all) continue;
      hit.score += unverified.size();
    }
    hits.push_back(std::move(hit));
  }
  std::sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  });
  return hits;
}

}  // namespace

absl::StatusOr<std::vector<SearchHit>> SearchClients(projection::StateReader& state,
                                                     const PhoneNormalizer& phones,
                                                     absl::string_view query, size_t limit) {
  if (absl::StrContains(query, '@')) {
    if (auto email = NormalizeEmail(query); email.ok()) return MatchEmail(state, *email, limit);
  }
  std::vector<WordMatches> words;
  if (std::string digits = PhoneQuery(phones, query); !digits.empty()) {
    WordMatches& word = words.emplace_back();
    word.word = digits;
    word.alternatives = {digits};
    word.numeric = true;
    RETURN_IF_ERROR(MatchDigits(state, digits, &word));
  } else {
    std::vector<std::string> tokens = SearchTokens(query);
    if (tokens.size() > kMaxQueryWords) tokens.resize(kMaxQueryWords);
    if (tokens.size() == 2 && !IsNumber(tokens[0]) && !IsNumber(tokens[1])) {
      // "Фамилия Имя" in either order is the commonest query; the duplicate-name index holds
      // exactly that pair, so a page of whole-word matches needs no intersection of two long
      // postings. Fewer than a page: the general path below finds prefixes and the rest.
      std::vector<SearchHit> pairs;
      for (const std::string& a : Alternatives(tokens[0])) {
        for (const std::string& b : Alternatives(tokens[1])) {
          ASSIGN_OR_RETURN(std::vector<SearchHit> found,
                           MatchNamePair(state, a, b, limit - pairs.size()));
          for (SearchHit& hit : found) pairs.push_back(std::move(hit));
          if (pairs.size() == limit) return pairs;
        }
      }
    }
    for (std::string& token : tokens) {
      WordMatches& word = words.emplace_back();
      word.word = std::move(token);
      word.numeric = IsNumber(word.word);
      if (word.numeric && word.word.size() >= kMinPhoneDigits)
        RETURN_IF_ERROR(MatchDigits(state, word.word, &word));
      word.alternatives = Alternatives(word.word);
      for (const std::string& alternative : word.alternatives) {
        RETURN_IF_ERROR(MatchWord(state, alternative, &word));
      }
    }
  }
  if (words.empty()) return errors::InvalidArgument({{"query", "has no letters or digits"}});
  return Combine(state, words, limit);
}

}  // namespace chronicle::contacts
