#include "contacts/domain/phone.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "phonenumbers/phonenumberutil.h"

namespace chronicle::contacts {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

absl::StatusOr<PhoneNormalizer> PhoneNormalizer::Create(absl::string_view default_region) {
  std::string region = absl::AsciiStrToUpper(default_region);
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  if (util.GetCountryCodeForRegion(region) == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", default_region, "' is not a region libphonenumber knows (try RU, UA)"));
  }
  return PhoneNormalizer(std::move(region));
}

absl::StatusOr<std::string> PhoneNormalizer::ToE164(absl::string_view text) const {
  // libphonenumber parses with ICU regular expressions, slow next to everything else a write
  // does; one request often normalizes the same number twice (to match, then to decide).
  thread_local absl::flat_hash_map<std::string, absl::StatusOr<std::string>> cache;
  thread_local std::string cache_region;
  if (cache_region != region_ || cache.size() > 4096) {
    cache.clear();
    cache_region = region_;
  }
  std::string key(text);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  absl::StatusOr<std::string> result = Parse(text);
  cache.emplace(std::move(key), result);
  return result;
}

absl::StatusOr<std::string> PhoneNormalizer::Parse(absl::string_view text) const {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util.Parse(std::string(text), region_, &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
    return absl::InvalidArgumentError("not a phone number");
  }
  if (!util.IsValidNumber(number)) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a valid phone number (numbers without + are read as ", region_, ")"));
  }
  std::string e164;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  return e164;
}

}  // namespace chronicle::contacts
