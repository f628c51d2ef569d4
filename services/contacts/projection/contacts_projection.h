// The contacts service's read model: client cards with their lookup, search and sort indexes,
// companies with their persons, and import jobs. Cards are folded with the same Evolve the
// aggregate uses, so a card read here equals one rebuilt from its stream.
#ifndef CHRONICLE_CONTACTS_PROJECTION_CONTACTS_PROJECTION_H_
#define CHRONICLE_CONTACTS_PROJECTION_CONTACTS_PROJECTION_H_

#include <map>
#include <string>

#include "chronicle/projection/projection.h"
#include "chronicle/v1/contacts_resources.pb.h"

namespace chronicle::contacts {

inline constexpr char kContactsProjection[] = "contacts";

class ContactsProjection : public projection::Projection {
 public:
  std::string Name() const override { return kContactsProjection; }
  // Bump when the key layout or the meaning of a stored value changes.
  uint32_t DefinitionVersion() const override { return 3; }
  absl::Status Apply(const v1::EventEnvelope& event, projection::StateWriter& state) override;

 private:
  absl::Status ApplyClient(const v1::EventEnvelope& event, projection::StateWriter& state);
  // An activity that counted as contact with a client: its last-contact time.
  absl::Status ApplyContact(const v1::EventEnvelope& event, projection::StateWriter& state);
  absl::Status ApplyCompany(const v1::EventEnvelope& event, projection::StateWriter& state);
  absl::Status ApplyImportJob(const v1::EventEnvelope& event, projection::StateWriter& state);
};

using CompanyNameMap = std::map<std::string, std::string>;  // company id -> display name

// Moves a client's index entries from those of `before` (nullptr: a new card) to those of
// `after`: deletes the stale ones, writes the new or changed. The name maps give the companies'
// names as the old entries were written and as they are now.
absl::Status ReindexClient(const v1::Client* before, const CompanyNameMap& names_before,
                           const v1::Client& after, const CompanyNameMap& names_after,
                           projection::StateWriter& state);

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_PROJECTION_CONTACTS_PROJECTION_H_
