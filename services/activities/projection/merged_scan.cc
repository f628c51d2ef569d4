#include "activities/projection/merged_scan.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "chronicle/errors/errors.h"

namespace chronicle::activities {

absl::StatusOr<MergedPage> ScanMerged(
    projection::StateReader& view, const std::vector<std::string>& prefixes,
    const std::string& after, size_t limit,
    const std::function<absl::StatusOr<RowVerdict>(size_t range, absl::string_view sort_key,
                                                   absl::string_view value)>& verdict) {
  // The first limit + 1 rows of each range hold the first limit + 1 rows of the union.
  std::vector<MergedRow> rows;
  for (size_t range = 0; range < prefixes.size(); ++range) {
    const std::string& prefix = prefixes[range];
    size_t taken = 0;
    absl::Status failed;
    absl::Status scanned =
        view.Scan(prefix, after.empty() ? "" : prefix + after,
                  [&](absl::string_view key, absl::string_view value) {
                    const absl::string_view sort_key = key.substr(prefix.size());
                    absl::StatusOr<RowVerdict> v = verdict(range, sort_key, value);
                    if (!v.ok()) {
                      failed = v.status();
                      return false;
                    }
                    if (*v == RowVerdict::kStop) return false;
                    if (*v == RowVerdict::kSkip) return true;
                    rows.push_back({std::string(sort_key), std::string(value), range});
                    return ++taken <= limit;
                  });
    if (!failed.ok()) return failed;
    if (!scanned.ok()) return scanned;
  }
  std::sort(rows.begin(), rows.end(),
            [](const MergedRow& a, const MergedRow& b) { return a.sort_key < b.sort_key; });
  // One event filed under two of the ranges (say, two cards since merged) shows once.
  rows.erase(
      std::unique(rows.begin(), rows.end(),
                  [](const MergedRow& a, const MergedRow& b) { return a.sort_key == b.sort_key; }),
      rows.end());
  MergedPage page;
  page.more = rows.size() > limit;
  if (page.more) rows.resize(limit);
  page.rows = std::move(rows);
  return page;
}

std::string EncodePageToken(absl::string_view sort_key) {
  return absl::WebSafeBase64Escape(sort_key);
}

absl::StatusOr<std::string> DecodePageToken(absl::string_view token, size_t size) {
  std::string decoded;
  if (token.empty()) return decoded;
  if (!absl::WebSafeBase64Unescape(token, &decoded) || (size != 0 && decoded.size() != size) ||
      decoded.empty()) {
    return errors::InvalidArgument({{"page_token", "not a token this list returned"}});
  }
  return decoded;
}

}  // namespace chronicle::activities
