#include "contacts/projection/client_filter.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "chronicle/base/status_macros.h"
#include "contacts/domain/search_text.h"
#include "google/protobuf/descriptor.h"

namespace chronicle::contacts {
namespace {

using query::Comparison;
using query::EnumMatches;
using query::Holds;
using query::Order;
using query::TimeMatches;

bool CustomMatches(const v1::CustomValue& value, const Comparison& c) {
  switch (value.kind_case()) {
    case v1::CustomValue::kNumber: {
      double wanted;
      return absl::SimpleAtod(c.value, &wanted) && Holds(Order(value.number(), wanted), c.op);
    }
    case v1::CustomValue::kMoney: {
      double wanted;
      const double units = value.money().units() + value.money().nanos() / 1e9;
      return absl::SimpleAtod(c.value, &wanted) && Holds(Order(units, wanted), c.op);
    }
    case v1::CustomValue::kBoolean:
      return Holds(
          Order(std::string(value.boolean() ? "true" : "false"), absl::AsciiStrToLower(c.value)),
          c.op);
    case v1::CustomValue::kChoices: {
      bool has = false;
      for (const std::string& choice : value.choices().values()) has |= choice == c.value;
      return c.op == "!=" ? !has : has;
    }
    case v1::CustomValue::kText:
      return Holds(Order(value.text(), c.value), c.op);
    case v1::CustomValue::kDate:
      return Holds(Order(value.date(), c.value), c.op);
    case v1::CustomValue::kChoice:
      return Holds(Order(value.choice(), c.value), c.op);
    default:
      return false;
  }
}

bool ComparisonMatches(const v1::Client& card, const Comparison& c) {
  if (c.field == "owner") return Holds(Order(card.effective_owner(), c.value), c.op);
  if (c.field == "team") return Holds(Order(card.team(), c.value), c.op);
  if (c.field == "tags") {
    bool has = false;
    const std::string wanted = CollationKey(c.value);
    for (const std::string& tag : card.tags()) has |= CollationKey(tag) == wanted;
    return c.op == "!=" ? !has : has;
  }
  if (c.field == "temperature")
    return EnumMatches(v1::Temperature_descriptor(), card.temperature(), c);
  if (c.field == "lifecycle_status") {
    return EnumMatches(v1::LifecycleStatus_descriptor(), card.lifecycle_status(), c);
  }
  if (c.field == "type") return EnumMatches(v1::ClientType_descriptor(), card.type(), c);
  if (c.field == "create_time") return TimeMatches(card.create_time(), card.has_create_time(), c);
  if (c.field == "last_contact_time") {
    return TimeMatches(card.last_contact_time(), card.has_last_contact_time(), c);
  }
  const std::string key = c.field.substr(strlen("custom_fields."));
  auto it = card.custom_fields().find(key);
  if (it == card.custom_fields().end()) return c.op == "!=";
  return CustomMatches(it->second, c);
}

bool KnownField(const std::string& field) {
  static const char* const kFields[] = {"owner",
                                        "team",
                                        "tags",
                                        "temperature",
                                        "lifecycle_status",
                                        "type",
                                        "create_time",
                                        "last_contact_time"};
  for (const char* known : kFields) {
    if (field == known) return true;
  }
  return absl::StartsWith(field, "custom_fields.") && field.size() > strlen("custom_fields.");
}

}  // namespace

absl::StatusOr<ClientFilter> ClientFilter::Parse(absl::string_view text) {
  static const query::FilterFields* const kFields = new query::FilterFields{
      KnownField,
      "owner, team, tags, temperature, lifecycle_status, type, create_time, last_contact_time, "
      "custom_fields.<key>",
      {"create_time", "last_contact_time"}};
  ClientFilter filter;
  ASSIGN_OR_RETURN(filter.comparisons_, query::ParseConjunction(text, *kFields));
  return filter;
}

bool ClientFilter::Matches(const v1::Client& card) const {
  for (const Comparison& c : comparisons_) {
    if (!ComparisonMatches(card, c)) return false;
  }
  return true;
}

std::string ClientFilter::EqualityOn(absl::string_view field) const {
  return query::EqualityOn(comparisons_, field);
}

}  // namespace chronicle::contacts
