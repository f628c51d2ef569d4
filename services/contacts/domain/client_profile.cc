#include "contacts/domain/client_profile.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "contacts/domain/email.h"
#include "contacts/domain/search_text.h"
#include "google/protobuf/util/field_mask_util.h"
#include "google/protobuf/util/message_differencer.h"

namespace chronicle::contacts {
namespace {

using errors::FieldViolation;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr size_t kMaxText = 1000;
constexpr size_t kMaxNotes = 20'000;
constexpr int kMaxListItems = 100;
constexpr char kCustomFieldsPath[] = "custom_fields";

bool IsCustomFieldPath(absl::string_view path, std::string* key) {
  if (!absl::ConsumePrefix(&path, "custom_fields.")) return false;
  *key = std::string(path);
  return true;
}

// Bounds every string and list inside `message` (Addresses, Family, Links included).
void CheckSizes(const Message& message, const std::string& path,
                std::vector<FieldViolation>* violations) {
  const Reflection& reflection = *message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string field_path = absl::StrCat(path, ".", field->name());
    const size_t limit = field->name() == "notes" ? kMaxNotes : kMaxText;
    if (field->is_map()) continue;  // custom fields are checked against their definitions
    if (field->is_repeated()) {
      const int size = reflection.FieldSize(message, field);
      if (size > kMaxListItems) {
        violations->push_back({field_path, absl::StrCat("at most ", kMaxListItems, " items")});
        continue;
      }
      for (int i = 0; i < size; ++i) {
        const std::string item = absl::StrCat(field_path, "[", i, "]");
        if (field->type() == FieldDescriptor::TYPE_STRING &&
            reflection.GetRepeatedString(message, field, i).size() > kMaxText) {
          violations->push_back({item, absl::StrCat("at most ", kMaxText, " bytes")});
        } else if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
          CheckSizes(reflection.GetRepeatedMessage(message, field, i), item, violations);
        }
      }
    } else if (field->type() == FieldDescriptor::TYPE_STRING &&
               reflection.GetString(message, field).size() > limit) {
      violations->push_back({field_path, absl::StrCat("at most ", limit, " bytes")});
    } else if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
      CheckSizes(reflection.GetMessage(message, field), field_path, violations);
    }
  }
}

bool IsBirthday(absl::string_view text) {
  absl::Time t;
  std::string error;
  if (absl::ConsumePrefix(&text, "--")) {
    return text.size() == 5 && absl::ParseTime("%Y-%m-%d", absl::StrCat("2000-", text), &t, &error);
  }
  return text.size() == 10 && absl::ParseTime("%Y-%m-%d", std::string(text), &t, &error);
}

// Trims and drops empty and repeated entries (case-insensitively, in any script).
void NormalizeWordList(google::protobuf::RepeatedPtrField<std::string>* list) {
  std::vector<std::string> kept;
  std::set<std::string> keys;
  for (const std::string& raw : *list) {
    std::string item(absl::StripAsciiWhitespace(raw));
    if (!item.empty() && keys.insert(CollationKey(item)).second) kept.push_back(std::move(item));
  }
  list->Clear();
  for (std::string& item : kept) *list->Add() = std::move(item);
}

void CheckEnums(const v1::Client& client, const std::string& path, const std::set<std::string>& in,
                std::vector<FieldViolation>* violations) {
  if (in.count("type") && !v1::ClientType_IsValid(client.type())) {
    violations->push_back({path + ".type", "unknown client type"});
  }
  if (in.count("gender") && !v1::Gender_IsValid(client.gender())) {
    violations->push_back({path + ".gender", "unknown gender"});
  }
  if (in.count("temperature") && !v1::Temperature_IsValid(client.temperature())) {
    violations->push_back({path + ".temperature", "unknown temperature"});
  }
}

bool HasEnding(absl::string_view word, std::initializer_list<absl::string_view> endings) {
  // Names arrive capitalized ("Иванова"); endings are lower case in any case we care about.
  for (absl::string_view ending : endings) {
    if (absl::EndsWith(word, ending)) return true;
  }
  return false;
}

bool IsPatronymic(absl::string_view word) {
  return HasEnding(word, {"вич", "вна", "чна", "ична", "івна", "ївна", "ич", "оглы", "кызы"});
}

bool LooksLikeSurname(absl::string_view word) {
  return HasEnding(word, {"ов",   "ова",  "ев",   "ева",  "ёв",   "ёва", "ин", "ина", "ын", "ына",
                          "ский", "ская", "цкий", "цкая", "енко", "ук",  "юк", "чук", "ых", "их"});
}

}  // namespace

void NormalizePhoneList(const PhoneNormalizer& normalizer, const std::string& path,
                        google::protobuf::RepeatedPtrField<v1::Phone>* phones,
                        std::vector<FieldViolation>* violations) {
  std::vector<v1::Phone> kept;
  for (int i = 0; i < phones->size(); ++i) {
    v1::Phone phone = phones->Get(i);
    auto e164 = normalizer.ToE164(phone.number().empty() ? phone.e164() : phone.number());
    if (!e164.ok()) {
      violations->push_back(
          {absl::StrCat(path, "[", i, "].number"), std::string(e164.status().message())});
      continue;
    }
    phone.set_e164(*e164);
    if (phone.number().empty()) phone.set_number(*e164);
    bool seen = false;
    for (const v1::Phone& k : kept) seen |= k.e164() == phone.e164();
    if (!seen) kept.push_back(std::move(phone));
  }
  phones->Clear();
  for (v1::Phone& phone : kept) *phones->Add() = std::move(phone);
}

void NormalizeEmailList(const std::string& path,
                        google::protobuf::RepeatedPtrField<v1::Email>* emails,
                        std::vector<FieldViolation>* violations) {
  std::vector<v1::Email> kept;
  for (int i = 0; i < emails->size(); ++i) {
    v1::Email email = emails->Get(i);
    auto normalized =
        NormalizeEmail(email.address().empty() ? email.normalized() : email.address());
    if (!normalized.ok()) {
      violations->push_back(
          {absl::StrCat(path, "[", i, "].address"), std::string(normalized.status().message())});
      continue;
    }
    email.set_normalized(*normalized);
    if (email.address().empty()) email.set_address(*normalized);
    email.set_address(std::string(absl::StripAsciiWhitespace(email.address())));
    bool seen = false;
    for (const v1::Email& k : kept) seen |= k.normalized() == email.normalized();
    if (!seen) kept.push_back(std::move(email));
  }
  emails->Clear();
  for (v1::Email& email : kept) *emails->Add() = std::move(email);
}

const std::vector<std::string>& ProfileFields() {
  static const std::vector<std::string> fields = {
      "type",        "surname",      "given_name",
      "patronymic",  "display_name", "preferred_address",
      "birthday",    "gender",       "family",
      "interests",   "notes",        "tags",
      "links",       "addresses",    "website",
      "phones",      "emails",       "owner",
      "team",        "temperature",  "custom_fields",
      "external_id", "companies"};
  return fields;
}

std::vector<std::string> ExpandProfilePaths(const std::vector<std::string>& paths,
                                            absl::string_view mask_field,
                                            std::vector<FieldViolation>* violations) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& path) {
    if (std::find(out.begin(), out.end(), path) == out.end()) out.push_back(path);
  };
  for (const std::string& path : paths) {
    std::string key;
    if (path == "*") {
      for (const std::string& field : ProfileFields()) add(field);
    } else if (IsCustomFieldPath(path, &key) && !key.empty()) {
      add(path);
    } else if (std::find(ProfileFields().begin(), ProfileFields().end(), path) !=
               ProfileFields().end()) {
      add(path);
    } else {
      violations->push_back(
          {std::string(mask_field), absl::StrCat("'", path, "' is not an editable client field")});
    }
  }
  if (paths.empty()) violations->push_back({std::string(mask_field), "required"});
  return out;
}

void NormalizeProfile(const PhoneNormalizer& phones, const FieldCatalog& catalog,
                      absl::string_view prefix, const std::optional<std::set<std::string>>& paths,
                      v1::Client* client, std::vector<FieldViolation>* violations) {
  const std::string path(prefix);
  const size_t first_new = violations->size();
  std::set<std::string> in;
  std::set<std::string> custom_keys;
  if (paths) {
    for (const std::string& p : *paths) {
      std::string key;
      if (IsCustomFieldPath(p, &key)) {
        custom_keys.insert(key);
      } else {
        in.insert(p);
      }
    }
  } else {
    in.insert(ProfileFields().begin(), ProfileFields().end());
  }
  if (in.count(kCustomFieldsPath)) {
    for (const auto& [key, value] : client->custom_fields()) custom_keys.insert(key);
  }
  if (paths) {
    CheckSizes(TrimToPaths(*client, std::vector<std::string>(in.begin(), in.end())), path,
               violations);
  } else {
    CheckSizes(*client, path, violations);  // every field is in scope: no copy needed
  }
  CheckEnums(*client, path, in, violations);
  if (in.count("phones")) {
    NormalizePhoneList(phones, path + ".phones", client->mutable_phones(), violations);
  }
  if (in.count("emails"))
    NormalizeEmailList(path + ".emails", client->mutable_emails(), violations);
  if (in.count("tags")) NormalizeWordList(client->mutable_tags());
  if (in.count("interests")) NormalizeWordList(client->mutable_interests());
  if (in.count("birthday") && !client->birthday().empty() && !IsBirthday(client->birthday())) {
    violations->push_back({path + ".birthday", "YYYY-MM-DD, or --MM-DD without a year"});
  }
  for (const v1::CompanyLink& link : client->companies()) {
    if (in.count("companies") && !absl::StartsWith(link.company(), "companies/")) {
      violations->push_back({path + ".companies", "each company is companies/{id}"});
      break;
    }
  }
  for (const std::string& key : custom_keys) {
    auto it = client->custom_fields().find(key);
    if (it == client->custom_fields().end()) continue;  // removal
    if (std::string why = catalog.CheckValue(key, it->second); !why.empty()) {
      violations->push_back({absl::StrCat(path, ".custom_fields.", key), why});
    }
  }
  for (const char* name : {"surname", "given_name", "patronymic", "display_name", "owner", "team",
                           "external_id", "preferred_address", "website"}) {
    if (!in.count(name)) continue;
    const FieldDescriptor* field = v1::Client::descriptor()->FindFieldByName(name);
    const std::string& value = client->GetReflection()->GetString(*client, field);
    const std::string stripped(absl::StripAsciiWhitespace(value));
    if (stripped != value) client->GetReflection()->SetString(client, field, stripped);
  }
  // With an empty prefix the fields are the request's own ("phones[0].number").
  for (size_t i = first_new; i < violations->size(); ++i) {
    std::string& field = (*violations)[i].field;
    if (!field.empty() && field[0] == '.') field.erase(0, 1);
  }
}

void ApplyProfilePaths(const v1::Client& source, const std::vector<std::string>& paths,
                       v1::Client* target) {
  google::protobuf::FieldMask top_level;
  for (const std::string& path : paths) {
    std::string key;
    if (IsCustomFieldPath(path, &key)) {
      auto it = source.custom_fields().find(key);
      if (it == source.custom_fields().end()) {
        target->mutable_custom_fields()->erase(key);
      } else {
        (*target->mutable_custom_fields())[key] = it->second;
      }
    } else {
      top_level.add_paths(path);
    }
  }
  if (top_level.paths_size() == 0) return;
  google::protobuf::util::FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(source, top_level, options, target);
}

void ClearOutputOnly(v1::Client* client) {
  // Every field that is not a profile field, found once from the descriptor.
  static const std::vector<const FieldDescriptor*> output_only = [] {
    std::vector<const FieldDescriptor*> fields;
    const auto* descriptor = v1::Client::descriptor();
    for (int i = 0; i < descriptor->field_count(); ++i) {
      const FieldDescriptor* field = descriptor->field(i);
      const auto& editable = ProfileFields();
      if (std::find(editable.begin(), editable.end(), field->name()) == editable.end()) {
        fields.push_back(field);
      }
    }
    return fields;
  }();
  const Reflection& reflection = *client->GetReflection();
  for (const FieldDescriptor* field : output_only) reflection.ClearField(client, field);
}

v1::Client TrimToPaths(const v1::Client& client, const std::vector<std::string>& paths) {
  v1::Client trimmed;
  ApplyProfilePaths(client, paths, &trimmed);
  return trimmed;
}

bool SameAtPath(const v1::Client& a, const v1::Client& b, const std::string& path) {
  return google::protobuf::util::MessageDifferencer::Equals(TrimToPaths(a, {path}),
                                                            TrimToPaths(b, {path}));
}

NameParts SplitFullName(absl::string_view full_name) {
  std::vector<std::string> words =
      absl::StrSplit(full_name, absl::ByAnyChar(" \t\n,"), absl::SkipWhitespace());
  NameParts parts;
  if (words.size() == 1) {
    parts.given_name = words[0];
  } else if (words.size() == 2) {
    if (IsPatronymic(words[1])) {
      parts = {"", words[0], words[1]};
    } else if (LooksLikeSurname(words[0]) && !LooksLikeSurname(words[1])) {
      parts = {words[0], words[1], ""};
    } else {
      parts = {words[1], words[0], ""};
    }
  } else if (words.size() >= 3) {
    if (IsPatronymic(words[1]) && !IsPatronymic(words[2])) {
      parts = {absl::StrJoin(words.begin() + 2, words.end(), " "), words[0], words[1]};
    } else {
      parts = {words[0], words[1], absl::StrJoin(words.begin() + 2, words.end(), " ")};
    }
  }
  return parts;
}

std::string DeriveDisplayName(const v1::Client& client) {
  std::vector<absl::string_view> parts;
  for (const std::string* part : {&client.surname(), &client.given_name(), &client.patronymic()}) {
    if (!part->empty()) parts.push_back(*part);
  }
  if (!parts.empty()) return absl::StrJoin(parts, " ");
  if (client.emails_size() > 0) return client.emails(0).address();
  if (client.phones_size() > 0) return client.phones(0).number();
  return "";
}

std::vector<std::string> MissingRequired(const FieldCatalog& catalog, const v1::Client& client) {
  std::vector<std::string> missing;
  for (const std::string& key : catalog.RequiredKeys()) {
    if (!client.custom_fields().count(key)) missing.push_back(key);
  }
  return missing;
}

}  // namespace chronicle::contacts
