#include "contacts/projection/client_reader.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/projection/state_messages.h"
#include "contacts/domain/client.h"
#include "contacts/projection/index_entries.h"
#include "contacts/projection/keys.h"

namespace chronicle::contacts {
namespace {

// Merges chain A -> B -> C at most this deep; a longer chain means corrupt state.
constexpr int kMaxMergeHops = 32;
constexpr size_t kMaxMatches = 100;

}  // namespace

absl::StatusOr<std::optional<v1::Client>> ClientReader::Card(absl::string_view id) {
  return projection::ReadMessage<v1::Client>(state_, keys::Card(id));
}

absl::StatusOr<std::optional<v1::Client>> ClientReader::Resolve(absl::string_view id) {
  ASSIGN_OR_RETURN(std::optional<v1::Client> card, Card(id));
  for (int hop = 0; card && !card->merged_into().empty(); ++hop) {
    if (hop == kMaxMergeHops) {
      return absl::DataLossError(absl::StrCat("merge chain from clients/", id, " does not end"));
    }
    ASSIGN_OR_RETURN(card, Card(absl::StripPrefix(card->merged_into(), kClientPrefix)));
  }
  return card;
}

absl::StatusOr<std::vector<std::string>> ClientReader::IdsUnder(const std::string& prefix,
                                                                size_t limit) {
  std::vector<std::string> ids;
  RETURN_IF_ERROR(state_.Scan(prefix, "", [&](absl::string_view key, absl::string_view) {
    ids.emplace_back(keys::TrailingId(key));
    return ids.size() < limit;
  }));
  return ids;
}

absl::StatusOr<std::vector<std::string>> ClientReader::ByPhone(absl::string_view e164) {
  return IdsUnder(keys::Prefix("p", e164), kMaxMatches);
}

absl::StatusOr<std::vector<std::string>> ClientReader::ByEmail(absl::string_view email) {
  return IdsUnder(keys::Prefix("e", email), kMaxMatches);
}

absl::StatusOr<std::vector<std::string>> ClientReader::ByExternalId(absl::string_view id) {
  return IdsUnder(keys::Prefix("x", id), kMaxMatches);
}

absl::StatusOr<std::vector<v1::DuplicateCandidate>> ClientReader::Duplicates(const v1::Client& card,
                                                                             size_t limit) {
  const std::string self(absl::StripPrefix(card.name(), kClientPrefix));
  std::map<std::string, std::vector<std::string>> reasons;  // id -> reasons, in rule order
  auto collect = [&](const std::string& prefix, const char* reason) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<std::string> ids, IdsUnder(prefix, kMaxMatches));
    for (const std::string& id : ids) {
      auto& list = reasons[id];
      if (id != self && std::find(list.begin(), list.end(), reason) == list.end()) {
        list.push_back(reason);
      }
    }
    return absl::OkStatus();
  };
  for (const v1::Phone& phone : card.phones())
    RETURN_IF_ERROR(collect(keys::Prefix("p", phone.e164()), "phone"));
  for (const v1::Email& email : card.emails()) {
    RETURN_IF_ERROR(collect(keys::Prefix("e", email.normalized()), "email"));
  }
  if (std::string name_key = DuplicateNameKey(card); !name_key.empty()) {
    RETURN_IF_ERROR(collect(keys::Prefix("n", name_key), "name"));
  }
  std::vector<std::pair<std::string, std::vector<std::string>>> ranked;
  for (auto& [id, why] : reasons) {
    if (!why.empty()) ranked.emplace_back(id, std::move(why));
  }
  // More shared identifiers first; a shared phone or email outweighs a shared name.
  auto weight = [](const std::vector<std::string>& why) {
    int w = 0;
    for (const std::string& r : why) w += r == "name" ? 1 : 3;
    return w;
  };
  std::stable_sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
    return weight(a.second) > weight(b.second);
  });
  std::vector<v1::DuplicateCandidate> out;
  for (auto& [id, why] : ranked) {
    if (out.size() == limit) break;
    ASSIGN_OR_RETURN(std::optional<v1::Client> other, Card(id));
    if (!other) continue;
    v1::DuplicateCandidate& candidate = out.emplace_back();
    *candidate.mutable_client() = std::move(*other);
    for (std::string& r : why) candidate.add_reasons(std::move(r));
  }
  return out;
}

absl::StatusOr<std::vector<v1::CompanyPerson>> ClientReader::CompanyPersons(absl::string_view id) {
  std::vector<v1::CompanyPerson> persons;
  RETURN_IF_ERROR(
      state_.Scan(keys::Prefix("cp", id), "", [&](absl::string_view key, absl::string_view role) {
        v1::CompanyPerson& person = persons.emplace_back();
        person.set_client(absl::StrCat(kClientPrefix, keys::TrailingId(key)));
        person.set_role(std::string(role));
        return persons.size() < 1000;
      }));
  return persons;
}

absl::StatusOr<std::optional<v1::Company>> ClientReader::Company(absl::string_view id) {
  return projection::ReadMessage<v1::Company>(state_, keys::Company(id));
}

absl::StatusOr<std::optional<v1::ImportJob>> ClientReader::ImportJob(absl::string_view id) {
  return projection::ReadMessage<v1::ImportJob>(state_, keys::ImportJob(id));
}

}  // namespace chronicle::contacts
