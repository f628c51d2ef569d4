// The key layout every projection's state follows: a short tag, a NUL, then NUL-separated parts
// (ids, tokens, e-mails never contain NUL), so RocksDB's byte order groups and sorts them the way
// a prefix scan wants. Sort values are fixed-width big-endian (storage::BigEndian64).
#ifndef CHRONICLE_PROJECTION_KEY_LAYOUT_H_
#define CHRONICLE_PROJECTION_KEY_LAYOUT_H_

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "chronicle/projection/projection.h"
#include "chronicle/storage/rocksdb_util.h"

namespace chronicle::projection::keys {

inline constexpr absl::string_view kSeparator("\0", 1);

inline std::string Tagged(absl::string_view tag, absl::string_view a) {
  return absl::StrCat(tag, kSeparator, a);
}
inline std::string Tagged(absl::string_view tag, absl::string_view a, absl::string_view b) {
  return absl::StrCat(tag, kSeparator, a, kSeparator, b);
}
// The prefix under which Tagged(tag, a, *) keys sort.
inline std::string Prefix(absl::string_view tag, absl::string_view a) {
  return absl::StrCat(tag, kSeparator, a, kSeparator);
}
inline std::string Prefix(absl::string_view tag) { return absl::StrCat(tag, kSeparator); }

// The id after the last NUL of a key.
inline absl::string_view TrailingId(absl::string_view key) {
  const size_t nul = key.rfind('\0');
  return nul == absl::string_view::npos ? key : key.substr(nul + 1);
}

// Sort index keys: prefix, 8-byte big-endian sort value, id.
inline constexpr size_t kSortValueBytes = 8;

// Sort values of times: newest first is the bitwise complement of the micros since the epoch.
inline std::string NewestFirst(absl::Time t) {
  return storage::BigEndian64(~static_cast<uint64_t>(absl::ToUnixMicros(t)));
}
inline std::string OldestFirst(absl::Time t) {
  return storage::BigEndian64(static_cast<uint64_t>(absl::ToUnixMicros(t)));
}
// The times the sort values at the start of `bytes` (at least kSortValueBytes) encode.
inline absl::Time NewestFirstTime(absl::string_view bytes) {
  return absl::FromUnixMicros(static_cast<int64_t>(
      ~storage::ReadBigEndian64(std::string_view(bytes.data(), kSortValueBytes))));
}
inline absl::Time OldestFirstTime(absl::string_view bytes) {
  return absl::FromUnixMicros(static_cast<int64_t>(
      storage::ReadBigEndian64(std::string_view(bytes.data(), kSortValueBytes))));
}

// Index entries (key -> value) that a record contributes, keyed so that a change of the record
// replaces its entries: deletes those it no longer has, writes those new or changed.
using Entries = std::map<std::string, std::string>;
inline void ReplaceEntries(const Entries& before, const Entries& after,
                           projection::StateWriter& state) {
  for (const auto& [key, value] : before) {
    if (!after.count(key)) state.Delete(key);
  }
  for (const auto& [key, value] : after) {
    auto old = before.find(key);
    if (old == before.end() || old->second != value) state.Put(key, value);
  }
}

}  // namespace chronicle::projection::keys

#endif  // CHRONICLE_PROJECTION_KEY_LAYOUT_H_
