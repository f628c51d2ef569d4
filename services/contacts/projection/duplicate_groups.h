// Workspace-wide duplicate groups: walks the phone, e-mail and duplicate-name indexes in key
// order and reports every value that more than one live client shares. A page reads at most
// kMaxDuplicateScan index entries, so a clean base answers with short pages and a token.
#ifndef CHRONICLE_CONTACTS_PROJECTION_DUPLICATE_GROUPS_H_
#define CHRONICLE_CONTACTS_PROJECTION_DUPLICATE_GROUPS_H_

#include "absl/time/time.h"
#include "chronicle/projection/projection.h"
#include "chronicle/v1/contacts.pb.h"

namespace chronicle::contacts {

inline constexpr size_t kMaxDuplicateScan = 50'000;

// INVALID_ARGUMENT for a bad page size or token.
absl::Status ListDuplicateGroups(projection::StateReader& state,
                                 const v1::ListDuplicateGroupsRequest& request, absl::Time now,
                                 v1::ListDuplicateGroupsResponse* response);

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_PROJECTION_DUPLICATE_GROUPS_H_
