#include "chronicle/cli/table.h"

#include <algorithm>
#include <iostream>

#include "absl/time/time.h"
#include "chronicle/cli/commands.h"
#include "google/protobuf/util/json_util.h"

namespace chronicle::cli {

void PrintJson(const google::protobuf::Message& message) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  std::cout << out << "\n";
}

std::string ResourceName(const std::string& prefix, const std::string& name) {
  return name.rfind(prefix, 0) == 0 || name.find('/') != std::string::npos ? name : prefix + name;
}

std::string LocalMinute(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(t.seconds()),
                          absl::LocalTimeZone());
}

namespace {

bool IsContinuationByte(unsigned char c) { return (c & 0xc0) == 0x80; }

}  // namespace

size_t DisplayWidth(const std::string& text) {
  size_t width = 0;
  for (unsigned char c : text) width += IsContinuationByte(c) ? 0 : 1;
  return width;
}

std::string Truncate(const std::string& text, size_t width) {
  if (DisplayWidth(text) <= width || width == 0) return text;
  size_t columns = 0, end = 0;
  while (end < text.size()) {
    size_t next = end + 1;
    while (next < text.size() && IsContinuationByte(text[next])) ++next;
    if (++columns > width - 1) break;
    end = next;
  }
  return text.substr(0, end) + "…";
}

void Table::Print(std::ostream& out) const {
  std::vector<size_t> widths(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  };
  measure(header_);
  for (const auto& row : rows_) measure(row);
  auto print = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - DisplayWidth(row[i]) + 2, ' ');
    }
    out << line << "\n";
  };
  print(header_);
  for (const auto& row : rows_) print(row);
}

}  // namespace chronicle::cli
