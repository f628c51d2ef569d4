// A spreadsheet saved as CSV, read whole into memory as UTF-8: the encoding (UTF-8, with or
// without BOM, or Windows-1251 as Russian Excel saves it) and the delimiter (',', ';' or tab) are
// detected unless given. Parsing is RFC 4180 by libcsv (quoted fields, embedded newlines).
#ifndef CHRONICLE_CLI_IMPORT_CSV_TABLE_H_
#define CHRONICLE_CLI_IMPORT_CSV_TABLE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chronicle::cli {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each row padded or cut to the header's width
  std::string encoding;                        // "utf-8" or "windows-1251"
  char delimiter = ',';
};

// `encoding`: "auto", "utf-8" or "windows-1251" (also "cp1251"). `delimiter`: 0 for auto.
// INVALID_ARGUMENT for undecodable bytes, malformed CSV (with the byte offset) or no header.
absl::StatusOr<CsvTable> ParseCsv(absl::string_view bytes, absl::string_view encoding,
                                  char delimiter);

// Decodes `bytes` to UTF-8 (see ParseCsv); sets *used to the encoding it chose.
absl::StatusOr<std::string> DecodeToUtf8(absl::string_view bytes, absl::string_view encoding,
                                         std::string* used);

// One CSV line (RFC 4180 quoting where needed), without the line end.
std::string CsvLine(const std::vector<std::string>& fields, char delimiter);

}  // namespace chronicle::cli

#endif  // CHRONICLE_CLI_IMPORT_CSV_TABLE_H_
