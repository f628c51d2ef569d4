// Text as search and duplicate detection see it. Cyrillic and Latin spellings of a name meet in
// one ASCII form: "Саша Иванова" and "Sasha Ivanova" both become {"sasha", "ivanova"}.
// Thread-safe: ICU objects are cloned per thread.
#ifndef CHRONICLE_CONTACTS_DOMAIN_SEARCH_TEXT_H_
#define CHRONICLE_CONTACTS_DOMAIN_SEARCH_TEXT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace chronicle::contacts {

// The words of `text` in search form: case-folded, transliterated to ASCII (Russian and
// Ukrainian by BGN/PCGN, other scripts by ICU's Any-Latin), split at anything that is not a letter
// or digit, with common spelling variants unified ("Yuliya", "Yulia" and "Julia" all become
// "iulia"; "Aleksandr" and "Alexandr" become "aleksandr"). Order kept, duplicates dropped.
std::vector<std::string> SearchTokens(absl::string_view text);

// One word in search form (the first token of SearchTokens, or "" if it has none).
std::string SearchForm(absl::string_view word);

// The full first names a diminutive stands for, in search form: "sasha" (Саша, Sasha) gives
// {"aleksandr", "aleksandra"}, "zhenia" (Женя) gives {"evgeni", "evgenia"}. Empty for other words.
// Russian and Ukrainian everyday forms, so "Саша Иванова" finds the card of Александра Иванова.
const std::vector<std::string>& FullNamesOf(const std::string& search_form);

// A byte string whose order is the Russian collation order of `text` (ICU sort key), for sorted
// indexes: "Ёлкин" sorts after "Елагин" and before "Жуков", case ignored.
std::string CollationKey(absl::string_view text);

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_DOMAIN_SEARCH_TEXT_H_
