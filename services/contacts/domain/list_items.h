// Set operations on the card's lists, with the identity each kind of item has (a phone is its
// E.164 number, an email its normalized address, a company link its company). Used by upsert,
// merge and unmerge alike.
#ifndef CHRONICLE_CONTACTS_DOMAIN_LIST_ITEMS_H_
#define CHRONICLE_CONTACTS_DOMAIN_LIST_ITEMS_H_

#include <string>
#include <vector>

#include "chronicle/v1/contacts_resources.pb.h"

namespace chronicle::contacts {

// The list fields of v1::Client that fill-in and merge treat as sets.
const std::vector<std::string>& ListFields();

// Adds to *target's list `field` the items of `source`'s list that *target lacks; records the
// added ones in *added (same field). Returns how many were added.
int AddMissingItems(const v1::Client& source, const std::string& field, v1::Client* target,
                    v1::Client* added);

// Removes from *target's list `field` the items listed in `remove`'s list.
void RemoveItems(const v1::Client& remove, const std::string& field, v1::Client* target);

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_DOMAIN_LIST_ITEMS_H_
