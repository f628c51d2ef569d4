#include "contacts/domain/company.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "chronicle/errors/errors.h"
#include "contacts/domain/client_profile.h"
#include "contacts/domain/events.h"
#include "google/protobuf/util/field_mask_util.h"
#include "google/protobuf/util/message_differencer.h"

namespace chronicle::contacts {
namespace {

using errors::FieldViolation;
using google::protobuf::util::FieldMaskUtil;

const std::vector<std::string>& CompanyFields() {
  static const std::vector<std::string> fields = {"display_name", "tax_id",    "industry",
                                                  "website",      "addresses", "phones",
                                                  "emails",       "owner",     "notes"};
  return fields;
}

v1::Company Trim(const v1::Company& company, const std::vector<std::string>& paths) {
  v1::Company out;
  google::protobuf::FieldMask mask;
  for (const std::string& path : paths) mask.add_paths(path);
  FieldMaskUtil::MergeOptions options;
  options.set_replace_repeated_fields(true);
  options.set_replace_message_fields(true);
  FieldMaskUtil::MergeMessageTo(company, mask, options, &out);
  return out;
}

// Normalizes phones and emails and checks the rest; violations named "company.<field>".
void Normalize(const PhoneNormalizer& normalizer, v1::Company* company,
               std::vector<FieldViolation>* violations) {
  NormalizePhoneList(normalizer, "company.phones", company->mutable_phones(), violations);
  NormalizeEmailList("company.emails", company->mutable_emails(), violations);
  const std::string tax_id(absl::StripAsciiWhitespace(company->tax_id()));
  if (!std::all_of(tax_id.begin(), tax_id.end(), [](char c) { return absl::ascii_isalnum(c); })) {
    violations->push_back({"company.tax_id", "letters and digits only"});
  }
  company->set_tax_id(tax_id);
  for (const std::string* text :
       {&company->display_name(), &company->industry(), &company->website(), &company->owner()}) {
    if (text->size() > 1000) violations->push_back({"company", "text fields: at most 1000 bytes"});
  }
  if (company->notes().size() > 20'000)
    violations->push_back({"company.notes", "at most 20000 bytes"});
}

}  // namespace

absl::Status EvolveCompany(const v1::EventEnvelope& event, CompanyState* state) {
  state->version = event.stream_version();
  if (Is<v1::CompanyCreated>(event)) {
    v1::CompanyCreated created;
    if (auto s = Unpack(event, &created); !s.ok()) return s;
    state->card = created.company();
    state->card.set_name(absl::StrCat(kCompanyPrefix, event.stream().id()));
    *state->card.mutable_create_time() = event.occurred_at();
  } else if (Is<v1::CompanyUpdated>(event)) {
    v1::CompanyUpdated updated;
    if (auto s = Unpack(event, &updated); !s.ok()) return s;
    google::protobuf::FieldMask mask;
    for (const std::string& path : updated.paths()) mask.add_paths(path);
    FieldMaskUtil::MergeOptions options;
    options.set_replace_repeated_fields(true);
    options.set_replace_message_fields(true);
    FieldMaskUtil::MergeMessageTo(updated.changes(), mask, options, &state->card);
  }
  *state->card.mutable_update_time() = event.recorded_at();
  state->card.set_etag(absl::StrCat(state->version));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::EventEnvelope>> DecideCreateCompany(const PhoneNormalizer& phones,
                                                                   const std::string& name,
                                                                   v1::Company input) {
  v1::Company company = Trim(input, CompanyFields());
  std::vector<FieldViolation> violations;
  Normalize(phones, &company, &violations);
  if (company.display_name().empty()) violations.push_back({"company.display_name", "required"});
  if (!violations.empty()) return errors::InvalidArgument(violations);
  v1::CompanyCreated created;
  *created.mutable_company() = std::move(company);
  return std::vector<v1::EventEnvelope>{NewEvent(created)};
}

absl::StatusOr<std::vector<v1::EventEnvelope>> DecideUpdateCompany(
    const PhoneNormalizer& phones, const CompanyState& state, const v1::Company& input,
    const std::vector<std::string>& paths) {
  if (!state.exists()) return absl::NotFoundError("company not found");
  if (!input.etag().empty() && input.etag() != absl::StrCat(state.version)) {
    return absl::AbortedError(absl::StrCat("etag ", input.etag(), " is stale: ", state.card.name(),
                                           " is at ", state.version));
  }
  std::vector<FieldViolation> violations;
  std::vector<std::string> expanded;
  for (const std::string& path : paths) {
    if (path == "*") {
      expanded = CompanyFields();
    } else if (std::find(CompanyFields().begin(), CompanyFields().end(), path) ==
               CompanyFields().end()) {
      violations.push_back(
          {"update_mask", absl::StrCat("'", path, "' is not an editable company field")});
    } else {
      expanded.push_back(path);
    }
  }
  if (paths.empty()) violations.push_back({"update_mask", "required"});
  v1::Company candidate = state.card;
  v1::Company changes = Trim(input, expanded);
  Normalize(phones, &changes, &violations);
  if (std::find(expanded.begin(), expanded.end(), "display_name") != expanded.end() &&
      changes.display_name().empty()) {
    violations.push_back({"company.display_name", "required"});
  }
  if (!violations.empty()) return errors::InvalidArgument(violations);
  v1::CompanyUpdated updated;
  for (const std::string& path : expanded) {
    if (google::protobuf::util::MessageDifferencer::Equals(Trim(state.card, {path}),
                                                           Trim(changes, {path}))) {
      continue;
    }
    updated.add_paths(path);
  }
  if (updated.paths().empty()) return std::vector<v1::EventEnvelope>{};
  const std::vector<std::string> changed(updated.paths().begin(), updated.paths().end());
  *updated.mutable_changes() = Trim(changes, changed);
  *updated.mutable_previous() = Trim(state.card, changed);
  return std::vector<v1::EventEnvelope>{NewEvent(updated)};
}

}  // namespace chronicle::contacts
