// The company (legal entity) aggregate on "company/{id}" streams: a decider like the client's,
// smaller. Persons link to companies from their own cards (Client.companies); the company's
// list of persons is a projection of those links.
#ifndef CHRONICLE_CONTACTS_DOMAIN_COMPANY_H_
#define CHRONICLE_CONTACTS_DOMAIN_COMPANY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "chronicle/v1/contacts_resources.pb.h"
#include "chronicle/v1/event.pb.h"
#include "contacts/domain/phone.h"

namespace chronicle::contacts {

inline constexpr char kCompanyPrefix[] = "companies/";

struct CompanyState {
  v1::Company card;
  uint64_t version = 0;
  bool exists() const { return !card.name().empty(); }
};

absl::Status EvolveCompany(const v1::EventEnvelope& event, CompanyState* state);

// `name` is "companies/{id}". INVALID_ARGUMENT naming bad fields ("company.tax_id", ...).
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideCreateCompany(const PhoneNormalizer& phones,
                                                                   const std::string& name,
                                                                   v1::Company input);
// NOT_FOUND, ABORTED (stale etag), INVALID_ARGUMENT. No events when nothing changes.
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideUpdateCompany(
    const PhoneNormalizer& phones, const CompanyState& state, const v1::Company& input,
    const std::vector<std::string>& paths);

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_DOMAIN_COMPANY_H_
