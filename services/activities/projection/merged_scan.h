// Paging over several sorted key ranges at once: a client's timeline with the cards merged into
// it, one kind index per asked-for kind, open and closed tasks by due time. Each range is read
// only as far as the page needs; rows come back in the order of the bytes after each prefix.
#ifndef CHRONICLE_ACTIVITIES_PROJECTION_MERGED_SCAN_H_
#define CHRONICLE_ACTIVITIES_PROJECTION_MERGED_SCAN_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "chronicle/projection/projection.h"

namespace chronicle::activities {

enum class RowVerdict { kTake, kSkip, kStop };

struct MergedRow {
  std::string sort_key;  // the bytes after the prefix
  std::string value;
  size_t range = 0;  // index into the prefixes
};

struct MergedPage {
  std::vector<MergedRow> rows;  // at most `limit`, in sort key order
  bool more = false;            // a row after the last one exists
};

// Rows of `prefixes` whose sort key is greater than `after` (every row when empty), filtered by
// `verdict` (kStop ends that range), the first `limit` in sort key order.
absl::StatusOr<MergedPage> ScanMerged(
    projection::StateReader& view, const std::vector<std::string>& prefixes,
    const std::string& after, size_t limit,
    const std::function<absl::StatusOr<RowVerdict>(size_t range, absl::string_view sort_key,
                                                   absl::string_view value)>& verdict);

// Page tokens: the sort key of a page's last row, web-safe base64. INVALID_ARGUMENT naming
// page_token when it does not decode or has the wrong size (`size` 0: any).
std::string EncodePageToken(absl::string_view sort_key);
absl::StatusOr<std::string> DecodePageToken(absl::string_view token, size_t size);

}  // namespace chronicle::activities

#endif  // CHRONICLE_ACTIVITIES_PROJECTION_MERGED_SCAN_H_
