// E-mail addresses as matching sees them: trimmed and lower-cased. Thread-safe (stateless).
#ifndef CHRONICLE_CONTACTS_DOMAIN_EMAIL_H_
#define CHRONICLE_CONTACTS_DOMAIN_EMAIL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chronicle::contacts {

// The normalized address. INVALID_ARGUMENT when it is not of the form local@domain.tld (no
// spaces, at most 254 bytes). Mailbox names are case-insensitive at every provider our users
// meet, so the whole address is lower-cased; dots and "+tags" are kept (they are not at all).
absl::StatusOr<std::string> NormalizeEmail(absl::string_view text);

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_DOMAIN_EMAIL_H_
