#include "contacts/projection/client_filter.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "chronicle/errors/errors.h"
#include "contacts/domain/search_text.h"
#include "google/protobuf/descriptor.h"

namespace chronicle::contacts {
namespace {

const char* const kOperators[] = {"<=", ">=", "!=", "=", "<", ">", ":"};

absl::Status Bad(absl::string_view why) {
  return errors::InvalidArgument({{"filter", std::string(why)}});
}

// Orders two values of one kind: -1, 0, 1.
template <typename T>
int Order(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

bool Holds(int order, const std::string& op) {
  if (op == "=" || op == ":") return order == 0;
  if (op == "!=") return order != 0;
  if (op == "<") return order < 0;
  if (op == "<=") return order <= 0;
  if (op == ">") return order > 0;
  return order >= 0;  // ">="
}

bool EnumMatches(const google::protobuf::EnumDescriptor* type, int number, const Comparison& c) {
  const auto* value = type->FindValueByNumber(number);
  const std::string name = value ? value->name() : "";
  const std::string wanted = absl::AsciiStrToUpper(c.value);
  const bool equal = name == wanted || absl::EndsWith(name, absl::StrCat("_", wanted));
  return c.op == "!=" ? !equal : equal;
}

bool TimeMatches(const google::protobuf::Timestamp& t, bool present, const Comparison& c) {
  absl::Time wanted;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, c.value, &wanted, &error)) return false;
  if (!present) return c.op == "!=";
  const absl::Time at = absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
  return Holds(Order(at, wanted), c.op);
}

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
  ClientFilter filter;
  size_t at = 0;
  auto skip_space = [&] {
    while (at < text.size() && absl::ascii_isspace(static_cast<unsigned char>(text[at]))) ++at;
  };
  auto word = [&] {
    const size_t start = at;
    while (at < text.size() &&
           (absl::ascii_isalnum(static_cast<unsigned char>(text[at])) || text[at] == '_' ||
            text[at] == '.' || text[at] == '-' || text[at] == ':' || text[at] == '+' ||
            static_cast<unsigned char>(text[at]) >= 0x80)) {
      ++at;
    }
    return std::string(text.substr(start, at - start));
  };
  skip_space();
  while (at < text.size()) {
    Comparison c;
    const size_t field_start = at;
    while (at < text.size() && (absl::ascii_isalnum(static_cast<unsigned char>(text[at])) ||
                                text[at] == '_' || text[at] == '.')) {
      ++at;
    }
    c.field = std::string(text.substr(field_start, at - field_start));
    if (!KnownField(c.field)) {
      return Bad(absl::StrCat("unknown field '", c.field, "' at offset ", field_start,
                              " (known: owner, team, tags, temperature, lifecycle_status, type, "
                              "create_time, last_contact_time, custom_fields.<key>)"));
    }
    skip_space();
    for (const char* op : kOperators) {
      if (absl::StartsWith(text.substr(at), op)) {
        c.op = op;
        at += strlen(op);
        break;
      }
    }
    if (c.op.empty()) return Bad(absl::StrCat("expected an operator after '", c.field, "'"));
    skip_space();
    if (at < text.size() && text[at] == '"') {
      const size_t close = text.find('"', at + 1);
      if (close == absl::string_view::npos) return Bad("unterminated string");
      c.value = std::string(text.substr(at + 1, close - at - 1));
      at = close + 1;
    } else {
      c.value = word();
      if (c.value.empty())
        return Bad(absl::StrCat("expected a value after '", c.field, " ", c.op, "'"));
    }
    if ((c.field == "create_time" || c.field == "last_contact_time")) {
      absl::Time t;
      std::string error;
      if (!absl::ParseTime(absl::RFC3339_full, c.value, &t, &error)) {
        return Bad(absl::StrCat(c.field, ": '", c.value, "' is not an RFC 3339 time"));
      }
    }
    filter.comparisons_.push_back(std::move(c));
    skip_space();
    if (at == text.size()) break;
    if (word() != "AND")
      return Bad(absl::StrCat("expected AND at offset ", at, " (only AND is supported)"));
    skip_space();
  }
  return filter;
}

bool ClientFilter::Matches(const v1::Client& card) const {
  for (const Comparison& c : comparisons_) {
    if (!ComparisonMatches(card, c)) return false;
  }
  return true;
}

std::string ClientFilter::EqualityOn(absl::string_view field) const {
  for (const Comparison& c : comparisons_) {
    if (c.field == field && (c.op == "=" || c.op == ":")) return c.value;
  }
  return "";
}

}  // namespace chronicle::contacts
