#include "contacts/projection/index_entries.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "chronicle/storage/rocksdb_util.h"
#include "contacts/domain/search_text.h"
#include "contacts/projection/keys.h"

namespace chronicle::contacts {
namespace {

uint64_t Micros(const google::protobuf::Timestamp& t) {
  return static_cast<uint64_t>(t.seconds()) * 1'000'000 + t.nanos() / 1000;
}

std::string SortKey(absl::string_view tag, uint64_t value, absl::string_view id) {
  return absl::StrCat(keys::Prefix(tag), storage::BigEndian64(value), id);
}

void AddSearch(std::map<std::string, std::string>* out, absl::string_view text, char kind,
               absl::string_view id) {
  for (const std::string& token : SearchTokens(text)) {
    out->emplace(keys::Tagged("s", token, id), std::string(1, kind));  // first kind wins
  }
}

}  // namespace

std::string DuplicateNameKey(const v1::Client& card) {
  std::vector<std::string> words;
  for (const std::string* part : {&card.surname(), &card.given_name()}) {
    if (!part->empty()) words.push_back(SearchForm(*part));
  }
  if (words.size() < 2) words = SearchTokens(card.display_name());
  if (words.size() < 2) return "";
  words.resize(2);
  std::sort(words.begin(), words.end());
  return absl::StrJoin(words, " ");
}

std::map<std::string, std::string> IndexEntries(
    const v1::Client& card, const std::map<std::string, std::string>& company_names) {
  std::map<std::string, std::string> out;
  if (card.name().empty() || card.deleted() || !card.merged_into().empty()) return out;
  const absl::string_view id = absl::string_view(card.name()).substr(card.name().find('/') + 1);
  for (const v1::Phone& phone : card.phones()) {
    out.emplace(keys::Tagged("p", phone.e164(), id), "");
    // Digits forwards (a query's prefix: "7912...") and backwards (its tail: "...6789", or the
    // national number without the country code), two keys rather than one per suffix.
    const std::string digits(absl::StripPrefix(phone.e164(), "+"));
    out.emplace(keys::Tagged("d", digits, id), "");
    out.emplace(keys::Tagged("r", std::string(digits.rbegin(), digits.rend()), id), "");
  }
  for (const v1::Email& email : card.emails()) {
    out.emplace(keys::Tagged("e", email.normalized(), id), "");
    AddSearch(&out, email.normalized(), kKindEmail, id);
  }
  const std::string parts =
      absl::StrCat(card.surname(), " ", card.given_name(), " ", card.patronymic());
  AddSearch(&out, parts, kKindName, id);
  // A display name the user set apart from the name parts ("Саша из Екатеринбурга") is searchable
  // too; one derived from the parts adds nothing.
  if (card.display_name() != absl::StripAsciiWhitespace(parts))
    AddSearch(&out, card.display_name(), kKindName, id);
  for (const v1::CompanyLink& link : card.companies()) {
    const std::string company_id(absl::StripPrefix(link.company(), "companies/"));
    out.emplace(keys::Tagged("cp", company_id, id), link.role());
    auto name = company_names.find(company_id);
    if (name != company_names.end()) AddSearch(&out, name->second, kKindCompany, id);
  }
  if (!card.external_id().empty()) out.emplace(keys::Tagged("x", card.external_id(), id), "");
  if (!card.owner().empty()) out.emplace(keys::Tagged("o", card.owner(), id), "");
  if (card.has_substitute()) out.emplace(keys::Tagged("o", card.substitute().owner(), id), "");
  for (const std::string& tag : card.tags())
    out.emplace(keys::Tagged("g", CollationKey(tag), id), "");
  if (std::string name_key = DuplicateNameKey(card); !name_key.empty()) {
    out.emplace(keys::Tagged("n", name_key, id), "");
  }
  const uint64_t created = Micros(card.create_time());
  out.emplace(SortKey("ca", created, id), "");
  out.emplace(SortKey("cd", ~created, id), "");
  out.emplace(keys::Tagged("ns", CollationKey(card.display_name()), id), "");
  if (card.has_last_contact_time()) {
    out.emplace(SortKey("lc", ~Micros(card.last_contact_time()), id), "");
  }
  return out;
}

}  // namespace chronicle::contacts
