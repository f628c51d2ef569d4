#include "contacts/domain/custom_fields.h"

#include <cmath>
#include <cstring>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "contacts/domain/events.h"

namespace chronicle::contacts {
namespace {

using errors::FieldViolation;

bool IsValidKey(absl::string_view key) {
  if (key.empty() || key.size() > 63 || !(key[0] >= 'a' && key[0] <= 'z')) return false;
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

bool IsChoice(v1::CustomFieldType type) {
  return type == v1::CUSTOM_FIELD_TYPE_CHOICE || type == v1::CUSTOM_FIELD_TYPE_MULTI_CHOICE;
}

// Checks the parts of a definition that must hold whatever its history.
void CheckDefinition(const v1::CustomField& field, std::vector<FieldViolation>* violations) {
  if (field.display_name().empty()) {
    violations->push_back({"custom_field.display_name", "required"});
  } else if (field.display_name().size() > 200) {
    violations->push_back({"custom_field.display_name", "at most 200 bytes"});
  }
  if (IsChoice(field.type()) && field.options().empty()) {
    violations->push_back({"custom_field.options", "a choice list needs at least one option"});
  }
  if (!IsChoice(field.type()) && !field.options().empty()) {
    violations->push_back({"custom_field.options", "only choice lists have options"});
  }
  std::set<std::string> values;
  for (int i = 0; i < field.options_size(); ++i) {
    const v1::CustomFieldOption& option = field.options(i);
    const std::string path = absl::StrCat("custom_field.options[", i, "].value");
    if (option.value().empty() || option.value().size() > 200) {
      violations->push_back({path, "required, at most 200 bytes"});
    } else if (!values.insert(option.value()).second) {
      violations->push_back({path, absl::StrCat("'", option.value(), "' appears twice")});
    }
  }
  if (field.segmentation() && (field.type() != v1::CUSTOM_FIELD_TYPE_CHOICE || !field.required())) {
    violations->push_back(
        {"custom_field.segmentation", "a segmentation field is a required single choice list"});
  }
}

bool IsIsoDate(absl::string_view text) {
  absl::Time t;
  std::string error;
  return text.size() == 10 && absl::ParseTime("%Y-%m-%d", std::string(text), &t, &error);
}

std::string CheckOption(const v1::CustomField& field, const std::string& value) {
  for (const v1::CustomFieldOption& option : field.options()) {
    if (option.value() != value) continue;
    return option.deprecated() ? absl::StrCat("option '", value, "' is deprecated") : "";
  }
  return absl::StrCat("'", value, "' is not an option of this field");
}

}  // namespace

absl::Status FieldCatalog::Evolve(const v1::EventEnvelope& event) {
  version_ = event.stream_version();
  if (Is<v1::CustomFieldDefined>(event)) {
    v1::CustomFieldDefined defined;
    if (auto s = Unpack(event, &defined); !s.ok()) return s;
    v1::CustomField& field = fields_[defined.field().name().substr(strlen(kCustomFieldPrefix))];
    field = defined.field();
    *field.mutable_create_time() = event.occurred_at();
  } else if (Is<v1::CustomFieldChanged>(event)) {
    v1::CustomFieldChanged changed;
    if (auto s = Unpack(event, &changed); !s.ok()) return s;
    auto it = fields_.find(changed.field().name().substr(strlen(kCustomFieldPrefix)));
    if (it == fields_.end()) return absl::OkStatus();
    for (const std::string& path : changed.paths()) {
      if (path == "display_name") it->second.set_display_name(changed.field().display_name());
      if (path == "required") it->second.set_required(changed.field().required());
      if (path == "options") *it->second.mutable_options() = changed.field().options();
    }
  } else if (Is<v1::CustomFieldRetired>(event)) {
    v1::CustomFieldRetired retired;
    if (auto s = Unpack(event, &retired); !s.ok()) return s;
    auto it = fields_.find(retired.key());
    if (it != fields_.end()) it->second.set_retired(true);
  }
  for (auto& [key, field] : fields_) field.set_etag(absl::StrCat(version_));
  return absl::OkStatus();
}

const v1::CustomField* FieldCatalog::Find(absl::string_view key) const {
  auto it = fields_.find(key);
  return it == fields_.end() ? nullptr : &it->second;
}

std::vector<v1::CustomField> FieldCatalog::List(bool include_retired) const {
  std::vector<v1::CustomField> out;
  for (const auto& [key, field] : fields_) {
    if (include_retired || !field.retired()) out.push_back(field);
  }
  return out;
}

std::vector<std::string> FieldCatalog::RequiredKeys() const {
  std::vector<std::string> keys;
  for (const auto& [key, field] : fields_) {
    if (field.required() && !field.retired()) keys.push_back(key);
  }
  return keys;
}

std::string FieldCatalog::CheckValue(absl::string_view key, const v1::CustomValue& value) const {
  const v1::CustomField* field = Find(key);
  if (field == nullptr) return "no such custom field (define it first)";
  if (field->retired()) return "this custom field is retired";
  using Kind = v1::CustomValue::KindCase;
  static const std::map<v1::CustomFieldType, std::pair<Kind, const char*>> kExpected = {
      {v1::CUSTOM_FIELD_TYPE_TEXT, {Kind::kText, "text"}},
      {v1::CUSTOM_FIELD_TYPE_NUMBER, {Kind::kNumber, "number"}},
      {v1::CUSTOM_FIELD_TYPE_MONEY, {Kind::kMoney, "money"}},
      {v1::CUSTOM_FIELD_TYPE_DATE, {Kind::kDate, "date"}},
      {v1::CUSTOM_FIELD_TYPE_BOOLEAN, {Kind::kBoolean, "boolean"}},
      {v1::CUSTOM_FIELD_TYPE_CHOICE, {Kind::kChoice, "choice"}},
      {v1::CUSTOM_FIELD_TYPE_MULTI_CHOICE, {Kind::kChoices, "choices"}},
  };
  const auto& [kind, kind_name] = kExpected.at(field->type());
  if (value.kind_case() != kind) return absl::StrCat("this field takes a ", kind_name, " value");
  switch (kind) {
    case Kind::kText:
      return value.text().size() > 10'000 ? "at most 10000 bytes" : "";
    case Kind::kNumber:
      return std::isfinite(value.number()) ? "" : "must be a finite number";
    case Kind::kMoney:
      if (value.money().currency_code().size() != 3) return "currency_code: 3-letter ISO 4217 code";
      if (value.money().nanos() <= -1'000'000'000 || value.money().nanos() >= 1'000'000'000 ||
          (value.money().units() > 0 && value.money().nanos() < 0) ||
          (value.money().units() < 0 && value.money().nanos() > 0)) {
        return "nanos: within (-1e9, 1e9), same sign as units";
      }
      return "";
    case Kind::kDate:
      return IsIsoDate(value.date()) ? "" : "date: YYYY-MM-DD";
    case Kind::kChoice:
      return CheckOption(*field, value.choice());
    case Kind::kChoices:
      for (const std::string& choice : value.choices().values()) {
        if (std::string why = CheckOption(*field, choice); !why.empty()) return why;
      }
      return "";
    default:
      return "";
  }
}

absl::StatusOr<std::vector<v1::EventEnvelope>> DecideDefineField(const FieldCatalog& catalog,
                                                                 absl::string_view key,
                                                                 v1::CustomField field) {
  std::vector<FieldViolation> violations;
  if (!IsValidKey(key)) {
    violations.push_back({"custom_field_id", "must match [a-z][a-z0-9_]{0,62}"});
  }
  if (field.type() == v1::CUSTOM_FIELD_TYPE_UNSPECIFIED) {
    violations.push_back({"custom_field.type", "required"});
  }
  CheckDefinition(field, &violations);
  if (!violations.empty()) return errors::InvalidArgument(violations);
  if (catalog.Find(key) != nullptr) {
    return absl::AlreadyExistsError(absl::StrCat("custom field '", key, "' exists"));
  }
  field.set_name(absl::StrCat(kCustomFieldPrefix, key));
  field.clear_retired();
  field.clear_etag();
  field.clear_create_time();
  v1::CustomFieldDefined defined;
  *defined.mutable_field() = std::move(field);
  return std::vector<v1::EventEnvelope>{NewEvent(defined)};
}

absl::StatusOr<std::vector<v1::EventEnvelope>> DecideChangeField(
    const FieldCatalog& catalog, const v1::CustomField& field,
    const std::vector<std::string>& paths) {
  auto key = ParseCustomFieldName(field.name(), "custom_field.name");
  if (!key.ok()) return key.status();
  const v1::CustomField* current = catalog.Find(*key);
  if (current == nullptr) return absl::NotFoundError(absl::StrCat(field.name(), " not found"));
  if (current->retired()) {
    return absl::FailedPreconditionError(absl::StrCat(field.name(), " is retired"));
  }
  std::vector<FieldViolation> violations;
  if (paths.empty()) violations.push_back({"update_mask", "required"});
  v1::CustomField next = *current;
  for (const std::string& path : paths) {
    if (path == "display_name") {
      next.set_display_name(field.display_name());
    } else if (path == "required") {
      next.set_required(field.required());
    } else if (path == "options") {
      *next.mutable_options() = field.options();
      for (const v1::CustomFieldOption& old : current->options()) {
        bool kept = false;
        for (const v1::CustomFieldOption& option : field.options())
          kept |= option.value() == old.value();
        if (!kept) {
          violations.push_back(
              {"custom_field.options",
               absl::StrCat("option '", old.value(),
                            "' is in use by history: deprecate it, do not remove")});
        }
      }
    } else {
      violations.push_back(
          {"update_mask", absl::StrCat("'", path,
                                       "' cannot change (updatable: display_name, required, "
                                       "options; the type is fixed)")});
    }
  }
  CheckDefinition(next, &violations);
  if (!violations.empty()) return errors::InvalidArgument(violations);
  v1::CustomFieldChanged changed;
  *changed.mutable_field() = next;
  for (const std::string& path : paths) changed.add_paths(path);
  return std::vector<v1::EventEnvelope>{NewEvent(changed)};
}

absl::StatusOr<std::vector<v1::EventEnvelope>> DecideRetireField(const FieldCatalog& catalog,
                                                                 absl::string_view key) {
  const v1::CustomField* current = catalog.Find(key);
  if (current == nullptr) {
    return absl::NotFoundError(absl::StrCat(kCustomFieldPrefix, key, " not found"));
  }
  if (current->retired()) return std::vector<v1::EventEnvelope>{};
  v1::CustomFieldRetired retired;
  retired.set_key(std::string(key));
  return std::vector<v1::EventEnvelope>{NewEvent(retired)};
}

absl::StatusOr<std::string> ParseCustomFieldName(absl::string_view name, absl::string_view field) {
  if (!absl::ConsumePrefix(&name, kCustomFieldPrefix) || !IsValidKey(name)) {
    return errors::InvalidArgument(
        {{std::string(field), "must be customFields/{key}, key [a-z][a-z0-9_]{0,62}"}});
  }
  return std::string(name);
}

}  // namespace chronicle::contacts
