// The workspace's custom field definitions: an event-sourced aggregate on one stream
// ("custom_fields/workspace"), and the validation of values against it.
//
// Definitions change without corrupting history: a field's type is fixed at creation, option
// values never change (labels may; options are deprecated, never removed), and a retired field's
// old values stay readable. Not thread-safe; the application layer guards its copy.
#ifndef CHRONICLE_CONTACTS_DOMAIN_CUSTOM_FIELDS_H_
#define CHRONICLE_CONTACTS_DOMAIN_CUSTOM_FIELDS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "chronicle/errors/errors.h"
#include "chronicle/v1/contacts_resources.pb.h"
#include "chronicle/v1/event.pb.h"

namespace chronicle::contacts {

inline constexpr char kCustomFieldPrefix[] = "customFields/";

class FieldCatalog {
 public:
  // Folds one event of the custom_fields stream.
  absl::Status Evolve(const v1::EventEnvelope& event);

  // The definition of `key` (retired ones included), or nullptr.
  const v1::CustomField* Find(absl::string_view key) const;
  std::vector<v1::CustomField> List(bool include_retired) const;
  // Keys of live required fields.
  std::vector<std::string> RequiredKeys() const;
  uint64_t version() const { return version_; }

  // Why `value` is not acceptable for `key` now ("" when it is): unknown or retired field, wrong
  // type, unknown or deprecated option, bad date or currency.
  std::string CheckValue(absl::string_view key, const v1::CustomValue& value) const;

 private:
  std::map<std::string, v1::CustomField, std::less<>> fields_;
  uint64_t version_ = 0;
};

// Decisions. Each returns the events to append, or INVALID_ARGUMENT naming the bad fields
// (prefixed "custom_field."), ALREADY_EXISTS, NOT_FOUND or FAILED_PRECONDITION.
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideDefineField(const FieldCatalog& catalog,
                                                                 absl::string_view key,
                                                                 v1::CustomField field);
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideChangeField(
    const FieldCatalog& catalog, const v1::CustomField& field,
    const std::vector<std::string>& paths);
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideRetireField(const FieldCatalog& catalog,
                                                                 absl::string_view key);

// "customFields/{key}" -> key. INVALID_ARGUMENT naming `field` when malformed.
absl::StatusOr<std::string> ParseCustomFieldName(absl::string_view name, absl::string_view field);

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_DOMAIN_CUSTOM_FIELDS_H_
