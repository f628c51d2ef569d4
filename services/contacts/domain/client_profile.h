// The editable part of a client card (its "profile"): which fields it has, how input is
// normalized and validated, and how changes are applied by field path. Pure functions.
//
// Paths are top-level field names of v1::Client ("surname", "phones", "custom_fields"), or
// "custom_fields.<key>" for a single custom field.
#ifndef CHRONICLE_CONTACTS_DOMAIN_CLIENT_PROFILE_H_
#define CHRONICLE_CONTACTS_DOMAIN_CLIENT_PROFILE_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "chronicle/errors/errors.h"
#include "chronicle/v1/contacts_resources.pb.h"
#include "contacts/domain/custom_fields.h"
#include "contacts/domain/phone.h"

namespace chronicle::contacts {

// Top-level fields a caller may set, in declaration order.
const std::vector<std::string>& ProfileFields();

// Checks and expands an update mask: "*" becomes every profile field; unknown and output-only
// paths are violations of `mask_field`. Returns the paths, without duplicates.
std::vector<std::string> ExpandProfilePaths(const std::vector<std::string>& paths,
                                            absl::string_view mask_field,
                                            std::vector<errors::FieldViolation>* violations);

// Normalizes `client`'s fields named in `paths` (all profile fields when nullopt) in place, and
// records a violation (prefixed with `prefix`, e.g. "client") for each bad value: phones get their
// E.164 form and duplicates are dropped, emails are normalized, tags trimmed and deduplicated,
// custom field values checked against `catalog`, text lengths bounded, the display name derived
// from the name parts when empty.
void NormalizeProfile(const PhoneNormalizer& phones, const FieldCatalog& catalog,
                      absl::string_view prefix, const std::optional<std::set<std::string>>& paths,
                      v1::Client* client, std::vector<errors::FieldViolation>* violations);

// Phones get their E.164 form and repeats (the same number written two ways) are dropped;
// emails are normalized and deduplicated. A bad entry is a violation named `path`[i].number /
// .address and is left out. Shared by clients and companies.
void NormalizePhoneList(const PhoneNormalizer& normalizer, const std::string& path,
                        google::protobuf::RepeatedPtrField<v1::Phone>* phones,
                        std::vector<errors::FieldViolation>* violations);
void NormalizeEmailList(const std::string& path,
                        google::protobuf::RepeatedPtrField<v1::Email>* emails,
                        std::vector<errors::FieldViolation>* violations);

// Replaces `paths` of *target with their values in `source` (an absent custom field removes it).
void ApplyProfilePaths(const v1::Client& source, const std::vector<std::string>& paths,
                       v1::Client* target);

// Clears the fields a caller may not set (name, and everything computed from history).
void ClearOutputOnly(v1::Client* client);

// A copy of `client` holding only `paths`.
v1::Client TrimToPaths(const v1::Client& client, const std::vector<std::string>& paths);

// True when `a` and `b` agree on `path`.
bool SameAtPath(const v1::Client& a, const v1::Client& b, const std::string& path);

// "Иванова Александра Петровна" -> surname, given name, patronymic (East Slavic order, recognized
// by the patronymic's ending); "Alexandra Ivanova" -> given name, surname; one word -> given name.
struct NameParts {
  std::string surname;
  std::string given_name;
  std::string patronymic;
};
NameParts SplitFullName(absl::string_view full_name);

// "Surname Given Patronymic", skipping empty parts; falls back to the first email or phone.
std::string DeriveDisplayName(const v1::Client& client);

// Required custom fields `client` has no value for.
std::vector<std::string> MissingRequired(const FieldCatalog& catalog, const v1::Client& client);

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_DOMAIN_CLIENT_PROFILE_H_
