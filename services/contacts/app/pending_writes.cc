#include "contacts/app/pending_writes.h"

namespace chronicle::contacts {

std::vector<std::string> MatchKeys(const v1::Client& card) {
  std::vector<std::string> keys;
  if (!card.external_id().empty()) keys.push_back("x:" + card.external_id());
  for (const v1::Phone& phone : card.phones()) {
    if (!phone.e164().empty()) keys.push_back("p:" + phone.e164());
  }
  for (const v1::Email& email : card.emails()) {
    if (!email.normalized().empty()) keys.push_back("e:" + email.normalized());
  }
  return keys;
}

void PendingWrites::Record(const std::string& id, const ClientState& state, uint64_t position) {
  clients_[id] = {state, position};
  if (state.card.deleted() || !state.card.merged_into().empty()) return;
  for (std::string& key : MatchKeys(state.card)) keys_[std::move(key)] = {id, position};
}

void PendingWrites::Prune(uint64_t projected) {
  for (auto it = clients_.begin(); it != clients_.end();) {
    it = it->second.position <= projected ? clients_.erase(it) : std::next(it);
  }
  for (auto it = keys_.begin(); it != keys_.end();) {
    it = it->second.position <= projected ? keys_.erase(it) : std::next(it);
  }
}

const std::string* PendingWrites::Find(const std::string& key) const {
  auto it = keys_.find(key);
  return it == keys_.end() ? nullptr : &it->second.id;
}

const ClientState* PendingWrites::State(const std::string& id) const {
  auto it = clients_.find(id);
  return it == clients_.end() ? nullptr : &it->second.state;
}

}  // namespace chronicle::contacts
