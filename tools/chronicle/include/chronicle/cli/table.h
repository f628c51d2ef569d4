// Plain-text tables for terminal output, aligned by display width (UTF-8 aware, so Cyrillic names
// line up). Not thread-safe.
#ifndef CHRONICLE_CLI_TABLE_H_
#define CHRONICLE_CLI_TABLE_H_

#include <ostream>
#include <string>
#include <vector>

namespace chronicle::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// Number of terminal columns `text` takes: one per code point (combining marks aside).
size_t DisplayWidth(const std::string& text);
// `text` cut to at most `width` columns, with "…" marking the cut.
std::string Truncate(const std::string& text, size_t width);

}  // namespace chronicle::cli

#endif  // CHRONICLE_CLI_TABLE_H_
