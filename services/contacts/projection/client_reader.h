// Point reads over the contacts projection: cards by id (following merges), matching lookups by
// phone, email and external id, duplicate candidates and a company's persons. Works on any
// StateReader (a snapshot view, or the projection's own writer). Not thread-safe; cheap to make.
#ifndef CHRONICLE_CONTACTS_PROJECTION_CLIENT_READER_H_
#define CHRONICLE_CONTACTS_PROJECTION_CLIENT_READER_H_

#include <optional>
#include <string>
#include <vector>

#include "chronicle/projection/projection.h"
#include "chronicle/v1/contacts.pb.h"

namespace chronicle::contacts {

class ClientReader {
 public:
  explicit ClientReader(projection::StateReader& state) : state_(state) {}

  // The stored card of `id` (merged-away and deleted ones included), or nullopt.
  absl::StatusOr<std::optional<v1::Client>> Card(absl::string_view id);
  // The card `id` resolves to: itself, or the client it was (transitively) merged into.
  absl::StatusOr<std::optional<v1::Client>> Resolve(absl::string_view id);

  // Ids of live clients with this E.164 phone / normalized email / external id, oldest key first.
  absl::StatusOr<std::vector<std::string>> ByPhone(absl::string_view e164);
  absl::StatusOr<std::vector<std::string>> ByEmail(absl::string_view email);
  absl::StatusOr<std::vector<std::string>> ByExternalId(absl::string_view external_id);

  // Likely duplicates of `card`: same phone, same email, or the same name in any spelling.
  absl::StatusOr<std::vector<v1::DuplicateCandidate>> Duplicates(const v1::Client& card,
                                                                 size_t limit);

  // Persons linked to company `id`.
  absl::StatusOr<std::vector<v1::CompanyPerson>> CompanyPersons(absl::string_view id);
  absl::StatusOr<std::optional<v1::Company>> Company(absl::string_view id);
  absl::StatusOr<std::optional<v1::ImportJob>> ImportJob(absl::string_view id);

  // Ids under a Tagged(tag, value, id) prefix, at most `limit`.
  absl::StatusOr<std::vector<std::string>> IdsUnder(const std::string& prefix, size_t limit);

 private:
  projection::StateReader& state_;
};

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_PROJECTION_CLIENT_READER_H_
