#include "contacts/projection/list_query.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "contacts/domain/client.h"
#include "contacts/domain/search_text.h"
#include "contacts/projection/client_filter.h"
#include "contacts/projection/client_reader.h"
#include "contacts/projection/keys.h"
#include "google/protobuf/util/field_mask_util.h"

namespace chronicle::contacts {
namespace {

// The index a list walks: its key prefix and how to get the client id out of a key.
struct Walk {
  std::string prefix;
  bool sorted_by_value = false;  // fixed-width sort keys (ca, cd, lc): id after 8 bytes

  std::string IdOf(absl::string_view key) const {
    return std::string(sorted_by_value ? key.substr(prefix.size() + keys::kSortValueBytes)
                                       : keys::TrailingId(key));
  }
};

absl::StatusOr<Walk> ChooseWalk(const std::string& order_by, const ClientFilter& filter) {
  if (order_by.empty()) {
    if (std::string owner = filter.EqualityOn("owner"); !owner.empty()) {
      return Walk{keys::Prefix("o", owner)};
    }
    if (std::string tag = filter.EqualityOn("tags"); !tag.empty()) {
      return Walk{keys::Prefix("g", CollationKey(tag))};
    }
    return Walk{keys::Prefix("ca"), true};
  }
  if (order_by == "create_time") return Walk{keys::Prefix("ca"), true};
  if (order_by == "create_time desc") return Walk{keys::Prefix("cd"), true};
  if (order_by == "last_contact_time desc") return Walk{keys::Prefix("lc"), true};
  if (order_by == "display_name") return Walk{keys::Prefix("ns")};
  return errors::InvalidArgument(
      {{"order_by",
        "one of: create_time, create_time desc, display_name, last_contact_time desc"}});
}

// Tokens name the query they continue, so one cannot be replayed against another.
std::string QueryFingerprint(const v1::ListClientsRequest& request) {
  return absl::StrCat(
      std::hash<std::string>()(absl::StrCat(request.filter(), "\n", request.order_by())));
}

std::string PageToken(const v1::ListClientsRequest& request, absl::string_view last_key) {
  return absl::WebSafeBase64Escape(absl::StrCat("v1\n", QueryFingerprint(request), "\n", last_key));
}

absl::StatusOr<std::string> ParsePageToken(const v1::ListClientsRequest& request) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(request.page_token(), &raw)) {
    return errors::InvalidArgument({{"page_token", "not a token returned by ListClients"}});
  }
  std::vector<std::string> parts = absl::StrSplit(raw, absl::MaxSplits('\n', 2));
  if (parts.size() != 3 || parts[0] != "v1") {
    return errors::InvalidArgument({{"page_token", "not a token returned by ListClients"}});
  }
  if (parts[1] != QueryFingerprint(request)) {
    return errors::InvalidArgument({{"page_token", "was issued for a different filter or order"}});
  }
  return parts[2];
}

}  // namespace

absl::Status CheckReadMask(const google::protobuf::FieldMask& mask) {
  if (google::protobuf::util::FieldMaskUtil::IsValidFieldMask<v1::Client>(mask)) {
    return absl::OkStatus();
  }
  return errors::InvalidArgument({{"read_mask", "names a field Client does not have"}});
}

void ApplyReadMask(const google::protobuf::FieldMask& mask, v1::Client* card) {
  if (mask.paths().empty()) return;
  google::protobuf::FieldMask keep = mask;
  keep.add_paths("name");  // a trimmed card still says which client it is
  google::protobuf::util::FieldMaskUtil::TrimMessage(keep, card);
}

absl::Status ListClients(projection::StateReader& state, const v1::ListClientsRequest& request,
                         absl::Time now, v1::ListClientsResponse* response) {
  if (request.page_size() < 0 || request.page_size() > kMaxClientPageSize) {
    return errors::InvalidArgument(
        {{"page_size", absl::StrCat("must be between 0 and ", kMaxClientPageSize)}});
  }
  const int page_size = request.page_size() == 0 ? kDefaultClientPageSize : request.page_size();
  ASSIGN_OR_RETURN(ClientFilter filter, ClientFilter::Parse(request.filter()));
  ASSIGN_OR_RETURN(Walk walk, ChooseWalk(request.order_by(), filter));
  RETURN_IF_ERROR(CheckReadMask(request.read_mask()));
  std::string start_after;
  if (!request.page_token().empty()) {
    ASSIGN_OR_RETURN(start_after, ParsePageToken(request));
  }

  ClientReader reader(state);
  absl::Status failure;
  size_t scanned = 0;
  std::string last_key;
  bool more = false;
  RETURN_IF_ERROR(
      state.Scan(walk.prefix, start_after, [&](absl::string_view key, absl::string_view) {
        if (response->clients_size() == page_size || scanned == kMaxScannedPerPage) {
          more = true;
          return false;
        }
        ++scanned;
        last_key = std::string(key);
        auto card = reader.Card(walk.IdOf(key));
        if (!card.ok()) {
          failure = card.status();
          return false;
        }
        if (!*card) return true;
        v1::Client present = PresentCard(std::move(**card), now);
        if (!filter.Matches(present)) return true;
        ApplyReadMask(request.read_mask(), &present);
        *response->add_clients() = std::move(present);
        return true;
      }));
  RETURN_IF_ERROR(failure);
  if (more) response->set_next_page_token(PageToken(request, last_key));

  if (request.show_total_size()) {
    int64_t total = 0;
    RETURN_IF_ERROR(state.Scan(walk.prefix, "", [&](absl::string_view key, absl::string_view) {
      auto card = reader.Card(walk.IdOf(key));
      if (!card.ok()) {
        failure = card.status();
        return false;
      }
      if (*card && filter.Matches(PresentCard(std::move(**card), now))) ++total;
      return true;
    }));
    RETURN_IF_ERROR(failure);
    response->set_total_size(total);
  }
  return absl::OkStatus();
}

}  // namespace chronicle::contacts
