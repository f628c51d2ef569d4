// The key layout of the contacts projection's state. Every key starts with a short tag and a NUL;
// variable parts are NUL-separated (ids, tokens, e-mails and phones never contain NUL), and sort
// keys are fixed-width so that RocksDB's byte order is the order a list wants. A client's old
// entries are not stored: they are recomputed from its previous card (IndexEntries is pure).
//
// clang-format off
//   c\0{id}                      client card (v1::Client, etag = stream version)
//   p\0{e164}\0{id}              phone          e\0{email}\0{id}     email
//   x\0{external id}\0{id}       external id    o\0{owner}\0{id}     owner or substitute
//   s\0{token}\0{id}             search token -> kind: n(ame), c(ompany), e(mail)
//   d\0{digits}\0{id}            each phone's E.164 digits    r\0{digits reversed}\0{id}
//   n\0{name key}\0{id}          name for duplicate detection (sorted search forms)
//   g\0{tag collation key}\0{id} tag            j\0{import job}\0{id}
//   ca\0{be64 micros}{id}        by create time, cd\0{be64 ~micros}{id} newest first
//   ns\0{collation key}\0{id}    by display name
//   lc\0{be64 ~micros}{id}       by last contact, most recent first
//   co\0{id}                     company card     cp\0{company id}\0{client id} -> role
//   ij\0{id}                     import job (v1::ImportJob)
// clang-format on
#ifndef CHRONICLE_CONTACTS_PROJECTION_KEYS_H_
#define CHRONICLE_CONTACTS_PROJECTION_KEYS_H_

#include <string>

#include "chronicle/projection/key_layout.h"

namespace chronicle::contacts::keys {

using projection::keys::kSortValueBytes;
using projection::keys::Prefix;
using projection::keys::Tagged;
using projection::keys::TrailingId;

inline std::string Card(absl::string_view id) { return Tagged("c", id); }
inline std::string Company(absl::string_view id) { return Tagged("co", id); }
inline std::string ImportJob(absl::string_view id) { return Tagged("ij", id); }

}  // namespace chronicle::contacts::keys

#endif  // CHRONICLE_CONTACTS_PROJECTION_KEYS_H_
