#include "contacts/projection/duplicate_groups.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "contacts/domain/client.h"
#include "contacts/projection/client_reader.h"
#include "contacts/projection/keys.h"

namespace chronicle::contacts {
namespace {

constexpr size_t kMaxClientsShown = 20;

struct Index {
  const char* tag;
  const char* reason;
};
constexpr Index kIndexes[] = {{"p", "phone"}, {"e", "email"}, {"n", "name"}};

// A token is the index number and the last key read, so the next page starts right after it.
std::string Token(size_t index, absl::string_view last_key) {
  return absl::WebSafeBase64Escape(absl::StrCat(index, "\n", last_key));
}

}  // namespace

absl::Status ListDuplicateGroups(projection::StateReader& state,
                                 const v1::ListDuplicateGroupsRequest& request, absl::Time now,
                                 v1::ListDuplicateGroupsResponse* response) {
  if (request.page_size() < 0 || request.page_size() > 500) {
    return errors::InvalidArgument({{"page_size", "must be between 0 and 500"}});
  }
  const int page_size = request.page_size() == 0 ? 50 : request.page_size();
  size_t first_index = 0;
  std::string start_after;
  if (!request.page_token().empty()) {
    std::string raw;
    const size_t newline = absl::WebSafeBase64Unescape(request.page_token(), &raw)
                               ? raw.find('\n')
                               : std::string::npos;
    if (newline != 1 || raw[0] < '0' || raw[0] > '2') {
      return errors::InvalidArgument(
          {{"page_token", "not a token returned by ListDuplicateGroups"}});
    }
    first_index = raw[0] - '0';
    start_after = raw.substr(2);
  }
  ClientReader reader(state);
  size_t scanned = 0;
  absl::Status failure;
  // Reports the run of `ids` sharing `shared` when it is a group; false on a read error.
  auto emit = [&](const Index& index, const std::string& shared,
                  const std::vector<std::string>& ids) {
    if (ids.size() < 2) return true;
    v1::DuplicateGroup* group = response->add_groups();
    group->set_reason(index.reason);
    group->set_shared(shared);
    for (size_t i = 0; i < ids.size() && i < kMaxClientsShown; ++i) {
      auto card = reader.Card(ids[i]);
      if (!card.ok()) {
        failure = card.status();
        return false;
      }
      if (*card) *group->add_clients() = PresentCard(std::move(**card), now);
    }
    return true;
  };
  const auto full = [&] { return response->groups_size() >= page_size; };
  for (size_t i = first_index; i < std::size(kIndexes); ++i) {
    const Index& index = kIndexes[i];
    const std::string prefix = keys::Prefix(index.tag);
    std::string shared;
    std::vector<std::string> ids;
    std::string resume;  // set when the page ends inside this index: the run to start from
    RETURN_IF_ERROR(state.Scan(prefix, i == first_index ? start_after : "",
                               [&](absl::string_view key, absl::string_view) {
                                 const absl::string_view rest = key.substr(prefix.size());
                                 const absl::string_view value = rest.substr(0, rest.rfind('\0'));
                                 if (value != shared || ids.empty()) {
                                   if (!emit(index, shared, ids)) return false;
                                   if (full() || ++scanned > kMaxDuplicateScan) {
                                     // Every key of the next run sorts after this prefix.
                                     resume = keys::Prefix(index.tag, value);
                                     return false;
                                   }
                                   shared = std::string(value);
                                   ids.clear();
                                 }
                                 ids.emplace_back(keys::TrailingId(key));
                                 return true;
                               }));
    RETURN_IF_ERROR(failure);
    if (!resume.empty()) {
      response->set_next_page_token(Token(i, resume));
      return absl::OkStatus();
    }
    if (!emit(index, shared, ids)) return failure;
    if (full() && i + 1 < std::size(kIndexes)) {
      response->set_next_page_token(Token(i + 1, ""));
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

}  // namespace chronicle::contacts
