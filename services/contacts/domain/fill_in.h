// "Fill in" a card from another one, the rule shared by upsert and merge: the target keeps every
// value it has; empty fields take the source's value; lists gain the items they lack; custom
// fields the target lacks are added. Fields named in `overwrite` take the source's value outright.
#ifndef CHRONICLE_CONTACTS_DOMAIN_FILL_IN_H_
#define CHRONICLE_CONTACTS_DOMAIN_FILL_IN_H_

#include <set>
#include <string>
#include <vector>

#include "chronicle/v1/contacts_resources.pb.h"

namespace chronicle::contacts {

struct FillResult {
  v1::Client candidate;  // the target after filling in
  // What the target gained: list items it lacked, and the values of `filled_paths`.
  v1::Client gained;
  std::vector<std::string> filled_paths;  // scalar paths, "custom_fields.<key>", overwrites
};

FillResult FillIn(const v1::Client& source, const v1::Client& target,
                  const std::set<std::string>& overwrite);

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_DOMAIN_FILL_IN_H_
