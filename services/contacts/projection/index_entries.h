// Which index keys (see keys.h) a client card has. A pure function of the card and the names of
// its companies: the projection recomputes a card's old entries from its old card to delete them,
// so any change to what this returns must bump ContactsProjection's DefinitionVersion (a rebuild
// then writes everything afresh) or stale entries would stay behind.
#ifndef CHRONICLE_CONTACTS_PROJECTION_INDEX_ENTRIES_H_
#define CHRONICLE_CONTACTS_PROJECTION_INDEX_ENTRIES_H_

#include <map>
#include <string>

#include "chronicle/v1/contacts_resources.pb.h"

namespace chronicle::contacts {

// Search kinds stored as the value of s\0 keys.
inline constexpr char kKindName = 'n';
inline constexpr char kKindCompany = 'c';
inline constexpr char kKindEmail = 'e';

// key -> value. Merged-away and deleted clients have none: they leave lists, search and matching.
// `company_names` maps company ids to their display names.
std::map<std::string, std::string> IndexEntries(
    const v1::Client& card, const std::map<std::string, std::string>& company_names);

// The duplicate-detection name key of a card ("" when the name is too thin to compare).
std::string DuplicateNameKey(const v1::Client& card);

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_PROJECTION_INDEX_ENTRIES_H_
