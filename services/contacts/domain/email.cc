#include "contacts/domain/email.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"

namespace chronicle::contacts {

absl::StatusOr<std::string> NormalizeEmail(absl::string_view text) {
  std::string address = absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
  const size_t at = address.rfind('@');
  const auto invalid = [] { return absl::InvalidArgumentError("not an e-mail address"); };
  if (address.size() > 254 || at == std::string::npos || at == 0 || at > 64) return invalid();
  const absl::string_view domain = absl::string_view(address).substr(at + 1);
  const size_t dot = domain.rfind('.');
  if (dot == absl::string_view::npos || dot == 0 || dot + 1 == domain.size()) return invalid();
  for (char c : address) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c)) || c == ',' || c == ';' || c == '<' ||
        c == '>') {
      return invalid();
    }
  }
  if (absl::StrContains(domain, "..") || address.find('@') != at) return invalid();
  return address;
}

}  // namespace chronicle::contacts
