#include "chronicle/query/conjunctive_filter.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "chronicle/errors/errors.h"

namespace chronicle::query {
namespace {

// Longest first, so "<=" is not read as "<".
const char* const kOperators[] = {"<=", ">=", "!=", "=", "<", ">", ":"};

absl::Status Bad(absl::string_view why) {
  return errors::InvalidArgument({{"filter", std::string(why)}});
}

bool IsWordChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return absl::ascii_isalnum(u) || c == '_' || c == '.' || c == '-' || c == ':' || c == '+' ||
         u >= 0x80;
}

bool IsFieldChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

// A cursor over the filter text.
struct Cursor {
  absl::string_view text;
  size_t at = 0;

  bool done() const { return at >= text.size(); }
  void SkipSpace() {
    while (!done() && absl::ascii_isspace(static_cast<unsigned char>(text[at]))) ++at;
  }
  std::string Take(bool (*accept)(char)) {
    const size_t start = at;
    while (!done() && accept(text[at])) ++at;
    return std::string(text.substr(start, at - start));
  }
};

}  // namespace

absl::StatusOr<std::vector<Comparison>> ParseConjunction(absl::string_view text,
                                                         const FilterFields& fields) {
  std::vector<Comparison> comparisons;
  Cursor in{text};
  in.SkipSpace();
  while (!in.done()) {
    Comparison c;
    const size_t field_start = in.at;
    c.field = in.Take(IsFieldChar);
    if (!fields.known(c.field)) {
      return Bad(absl::StrCat("unknown field '", c.field, "' at offset ", field_start,
                              " (known: ", fields.known_list, ")"));
    }
    in.SkipSpace();
    for (const char* op : kOperators) {
      if (absl::StartsWith(text.substr(in.at), op)) {
        c.op = op;
        in.at += strlen(op);
        break;
      }
    }
    if (c.op.empty()) return Bad(absl::StrCat("expected an operator after '", c.field, "'"));
    in.SkipSpace();
    if (!in.done() && text[in.at] == '"') {
      const size_t close = text.find('"', in.at + 1);
      if (close == absl::string_view::npos) return Bad("unterminated string");
      c.value = std::string(text.substr(in.at + 1, close - in.at - 1));
      in.at = close + 1;
    } else {
      c.value = in.Take(IsWordChar);
      if (c.value.empty()) {
        return Bad(absl::StrCat("expected a value after '", c.field, " ", c.op, "'"));
      }
    }
    const auto& time_fields = fields.time_fields;
    if (std::find(time_fields.begin(), time_fields.end(), c.field) != time_fields.end()) {
      absl::Time t;
      std::string error;
      if (!absl::ParseTime(absl::RFC3339_full, c.value, &t, &error)) {
        return Bad(absl::StrCat(c.field, ": '", c.value, "' is not an RFC 3339 time"));
      }
    }
    comparisons.push_back(std::move(c));
    in.SkipSpace();
    if (in.done()) break;
    if (in.Take(IsWordChar) != "AND") {
      return Bad(absl::StrCat("expected AND at offset ", in.at, " (only AND is supported)"));
    }
    in.SkipSpace();
  }
  return comparisons;
}

bool Holds(int order, const std::string& op) {
  if (op == "=" || op == ":") return order == 0;
  if (op == "!=") return order != 0;
  if (op == "<") return order < 0;
  if (op == "<=") return order <= 0;
  if (op == ">") return order > 0;
  return order >= 0;  // ">="
}

bool StringMatches(const std::string& value, const Comparison& c) {
  return Holds(Order(value, c.value), c.op);
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

std::string EqualityOn(const std::vector<Comparison>& comparisons, absl::string_view field) {
  for (const Comparison& c : comparisons) {
    if (c.field == field && (c.op == "=" || c.op == ":")) return c.value;
  }
  return "";
}

}  // namespace chronicle::query
