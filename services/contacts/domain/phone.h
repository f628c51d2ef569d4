// Phone numbers as matching sees them: parsed with libphonenumber against a default region, so
// "8 (912) 345-67-89", "+7 912 345 67 89" and "79123456789" are one number. Thread-safe.
#ifndef CHRONICLE_CONTACTS_DOMAIN_PHONE_H_
#define CHRONICLE_CONTACTS_DOMAIN_PHONE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chronicle::contacts {

class PhoneNormalizer {
 public:
  // `default_region` is an ISO 3166 code ("RU", "UA") used for numbers written without "+".
  // INVALID_ARGUMENT when libphonenumber does not know the region.
  static absl::StatusOr<PhoneNormalizer> Create(absl::string_view default_region);

  // The E.164 form ("+79123456789"). INVALID_ARGUMENT, with a message fit for a field violation,
  // when the text is not a valid number.
  absl::StatusOr<std::string> ToE164(absl::string_view text) const;

 private:
  explicit PhoneNormalizer(std::string region) : region_(std::move(region)) {}
  absl::StatusOr<std::string> Parse(absl::string_view text) const;
  std::string region_;
};

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_DOMAIN_PHONE_H_
