// Client writes the contacts projection has not applied yet, so that matching (intake, upsert)
// can see them without waiting for it. A batch records what it wrote and moves on; the next
// batch prunes what the projection has caught up with and consults the rest first.
// Not thread-safe: ContactsApp guards it with its match mutex.
#ifndef CHRONICLE_CONTACTS_APP_PENDING_WRITES_H_
#define CHRONICLE_CONTACTS_APP_PENDING_WRITES_H_

#include <map>
#include <string>
#include <vector>

#include "contacts/domain/client.h"

namespace chronicle::contacts {

// The match keys of a card, strongest first: "x:<external id>", "p:<e164>", "e:<email>".
std::vector<std::string> MatchKeys(const v1::Client& card);

class PendingWrites {
 public:
  // Remembers `state` as written at log `position`, with its match keys.
  void Record(const std::string& id, const ClientState& state, uint64_t position);
  // Forgets what a projection at `projected` already shows.
  void Prune(uint64_t projected);

  // The id a match key points to, or nullptr.
  const std::string* Find(const std::string& key) const;
  // The state written for `id`, or nullptr.
  const ClientState* State(const std::string& id) const;

 private:
  struct Written {
    ClientState state;
    uint64_t position = 0;
  };
  struct Key {
    std::string id;
    uint64_t position = 0;
  };
  std::map<std::string, Written> clients_;
  std::map<std::string, Key> keys_;
};

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_APP_PENDING_WRITES_H_
