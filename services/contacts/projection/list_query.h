// ListClients over the projection: picks the index that serves the order (or an equality filter
// on owner or tag), walks it from the page token, keeps the cards the filter accepts.
//
// One page reads at most kMaxScannedPerPage index entries: a filter that rejects almost
// everything returns a short (even empty) page with a next_page_token, as AIP-158 allows, rather
// than scanning a million cards in one call.
#ifndef CHRONICLE_CONTACTS_PROJECTION_LIST_QUERY_H_
#define CHRONICLE_CONTACTS_PROJECTION_LIST_QUERY_H_

#include "absl/time/time.h"
#include "chronicle/projection/projection.h"
#include "chronicle/v1/contacts.pb.h"

namespace chronicle::contacts {

inline constexpr size_t kMaxScannedPerPage = 20'000;
inline constexpr int kDefaultClientPageSize = 50;
inline constexpr int kMaxClientPageSize = 1000;

// INVALID_ARGUMENT (field "read_mask") when `mask` names a field Client does not have.
absl::Status CheckReadMask(const google::protobuf::FieldMask& mask);
// Trims `card` to `mask` (all of it when the mask is empty), keeping its name.
void ApplyReadMask(const google::protobuf::FieldMask& mask, v1::Client* card);

// INVALID_ARGUMENT for a bad filter, order_by, page size or page token.
absl::Status ListClients(projection::StateReader& state, const v1::ListClientsRequest& request,
                         absl::Time now, v1::ListClientsResponse* response);

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_PROJECTION_LIST_QUERY_H_
