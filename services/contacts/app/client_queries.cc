// ContactsApp: reads of clients (get, as-of, list, search, history, duplicates).
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "contacts/app/contacts_app.h"
#include "contacts/domain/client_profile.h"
#include "contacts/domain/events.h"
#include "contacts/projection/client_reader.h"
#include "contacts/projection/contacts_projection.h"
#include "contacts/projection/duplicate_groups.h"
#include "contacts/projection/list_query.h"
#include "contacts/projection/search.h"

namespace chronicle::contacts {
namespace {

constexpr int kMaxMergeHops = 32;

}  // namespace

absl::StatusOr<v1::Client> ContactsApp::GetClient(const v1::GetClientRequest& request) {
  ASSIGN_OR_RETURN(std::string id, ParseResourceId(request.name(), kClientPrefix, "name"));
  ASSIGN_OR_RETURN(auto catalog, catalog_.Current());
  v1::Client card;
  if (request.has_read_time()) {
    // As of an instant: fold each stream up to it, following merges as they stood then.
    const absl::Time as_of = absl::FromUnixSeconds(request.read_time().seconds()) +
                             absl::Nanoseconds(request.read_time().nanos());
    for (int hop = 0;; ++hop) {
      ASSIGN_OR_RETURN(ClientState state, runner_.LoadClient(id, as_of));
      if (!state.exists() || hop == kMaxMergeHops) {
        return absl::NotFoundError(absl::StrCat(request.name(), " did not exist at that time"));
      }
      if (state.card.merged_into().empty()) {
        card = PresentCard(std::move(state.card), as_of);
        break;
      }
      id = std::string(absl::StripPrefix(state.card.merged_into(), kClientPrefix));
    }
  } else {
    ASSIGN_OR_RETURN(auto view, runner_.engine().View(kContactsProjection));
    ASSIGN_OR_RETURN(std::optional<v1::Client> found, ClientReader(*view).Resolve(id));
    if (!found) {
      // Not projected yet, or never written: the stream is authoritative.
      ASSIGN_OR_RETURN(ClientState state, runner_.LoadClient(id));
      if (!state.exists()) return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
      found = std::move(state.card);
    }
    card = Present(std::move(*found), *catalog);
  }
  if (card.deleted()) return absl::NotFoundError(absl::StrCat(request.name(), " was deleted"));
  RETURN_IF_ERROR(CheckReadMask(request.read_mask()));
  ApplyReadMask(request.read_mask(), &card);
  return card;
}

absl::Status ContactsApp::ListClients(const v1::ListClientsRequest& request,
                                      v1::ListClientsResponse* response) {
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kContactsProjection));
  RETURN_IF_ERROR(contacts::ListClients(*view, request, runner_.Now(), response));
  ASSIGN_OR_RETURN(auto catalog, catalog_.Current());
  for (v1::Client& card : *response->mutable_clients()) {
    for (std::string& key : MissingRequired(*catalog, card))
      card.add_missing_required_fields(std::move(key));
  }
  return absl::OkStatus();
}

absl::Status ContactsApp::SearchClients(const v1::SearchClientsRequest& request,
                                        v1::SearchClientsResponse* response) {
  if (request.page_size() < 0 || request.page_size() > 100) {
    return errors::InvalidArgument({{"page_size", "must be between 0 and 100"}});
  }
  if (request.query().size() > 200)
    return errors::InvalidArgument({{"query", "at most 200 bytes"}});
  const size_t limit = request.page_size() == 0 ? 20 : request.page_size();
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kContactsProjection));
  ASSIGN_OR_RETURN(std::vector<SearchHit> hits,
                   contacts::SearchClients(*view, phones_, request.query(), limit));
  ClientReader reader(*view);
  for (SearchHit& hit : hits) {
    ASSIGN_OR_RETURN(std::optional<v1::Client> card, reader.Card(hit.id));
    if (!card) continue;
    auto* result = response->add_results();
    *result->mutable_client() = PresentCard(std::move(*card), runner_.Now());
    result->set_score(hit.score);
    for (std::string& kind : hit.matched) result->add_matched(std::move(kind));
  }
  return absl::OkStatus();
}

absl::Status ContactsApp::ListClientEvents(const v1::ListClientEventsRequest& request,
                                           v1::ListClientEventsResponse* response) {
  ASSIGN_OR_RETURN(std::string id, ParseResourceId(request.name(), kClientPrefix, "name"));
  return runner_.PageStream(MakeStream(kClientStream, id), request.name(), request.page_size(),
                            request.page_token(), response->mutable_events(),
                            response->mutable_next_page_token());
}

absl::Status ContactsApp::ListDuplicateGroups(const v1::ListDuplicateGroupsRequest& request,
                                              v1::ListDuplicateGroupsResponse* response) {
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kContactsProjection));
  return contacts::ListDuplicateGroups(*view, request, runner_.Now(), response);
}

absl::Status ContactsApp::FindDuplicates(const v1::FindDuplicatesRequest& request,
                                         v1::FindDuplicatesResponse* response) {
  ASSIGN_OR_RETURN(std::string id, ParseResourceId(request.name(), kClientPrefix, "name"));
  if (request.page_size() < 0 || request.page_size() > 100) {
    return errors::InvalidArgument({{"page_size", "must be between 0 and 100"}});
  }
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kContactsProjection));
  ClientReader reader(*view);
  ASSIGN_OR_RETURN(std::optional<v1::Client> card, reader.Resolve(id));
  if (!card || card->deleted())
    return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  ASSIGN_OR_RETURN(auto candidates,
                   reader.Duplicates(*card, request.page_size() == 0 ? 20 : request.page_size()));
  for (v1::DuplicateCandidate& candidate : candidates) {
    *candidate.mutable_client() =
        PresentCard(std::move(*candidate.mutable_client()), runner_.Now());
    *response->add_candidates() = std::move(candidate);
  }
  return absl::OkStatus();
}

}  // namespace chronicle::contacts
