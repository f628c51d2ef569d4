#include "csv_table.h"

#include <csv.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "unicode/ucnv.h"
#include "unicode/utf8.h"

namespace chronicle::cli {
namespace {

bool IsValidUtf8(absl::string_view text) {
  int32_t i = 0;
  const int32_t length = static_cast<int32_t>(text.size());
  while (i < length) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, length, c);
    if (c < 0) return false;
  }
  return true;
}

absl::StatusOr<std::string> FromWindows1251(absl::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(bytes.size() * 2 + 1, '\0');  // every cp1251 byte is at most 2 UTF-8 bytes...
  int32_t written =
      ucnv_convert("UTF-8", "windows-1251", out.data(), static_cast<int32_t>(out.size()),
                   bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {  // ...except a few symbols (€, №) that take 3
    out.resize(written + 1);
    status = U_ZERO_ERROR;
    written = ucnv_convert("UTF-8", "windows-1251", out.data(), static_cast<int32_t>(out.size()),
                           bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  }
  if (U_FAILURE(status)) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot decode as Windows-1251: ", u_errorName(status)));
  }
  out.resize(written);
  return out;
}

char DetectDelimiter(absl::string_view text) {
  const absl::string_view first_line = text.substr(0, text.find('\n'));
  size_t best_count = 0;
  char best = ',';
  for (char candidate : {';', ',', '\t'}) {
    const size_t count = std::count(first_line.begin(), first_line.end(), candidate);
    if (count > best_count) {
      best_count = count;
      best = candidate;
    }
  }
  return best;
}

struct ParseState {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> current;
};

void OnField(void* data, size_t length, void* state) {
  static_cast<ParseState*>(state)->current.emplace_back(static_cast<const char*>(data), length);
}

void OnRow(int, void* state) {
  auto* parse = static_cast<ParseState*>(state);
  const bool blank = parse->current.size() == 1 && parse->current[0].empty();
  if (!blank) parse->rows.push_back(std::move(parse->current));
  parse->current.clear();
}

}  // namespace

absl::StatusOr<std::string> DecodeToUtf8(absl::string_view bytes, absl::string_view encoding,
                                         std::string* used) {
  const std::string wanted = absl::AsciiStrToLower(encoding);
  if (absl::StartsWith(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);  // Excel's UTF-8 BOM
  if (wanted == "utf-8" || wanted == "utf8" || (wanted == "auto" && IsValidUtf8(bytes))) {
    if (!IsValidUtf8(bytes)) {
      return absl::InvalidArgumentError(
          "the file is not valid UTF-8 (try --encoding=windows-1251)");
    }
    *used = "utf-8";
    return std::string(bytes);
  }
  if (wanted == "auto" || wanted == "windows-1251" || wanted == "cp1251") {
    *used = "windows-1251";
    return FromWindows1251(bytes);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("--encoding: '", encoding, "' (known: auto, utf-8, windows-1251)"));
}

absl::StatusOr<CsvTable> ParseCsv(absl::string_view bytes, absl::string_view encoding,
                                  char delimiter) {
  CsvTable table;
  auto text = DecodeToUtf8(bytes, encoding, &table.encoding);
  if (!text.ok()) return text.status();
  table.delimiter = delimiter != 0 ? delimiter : DetectDelimiter(*text);

  csv_parser parser;
  if (csv_init(&parser, CSV_APPEND_NULL) != 0) return absl::InternalError("libcsv: init failed");
  std::unique_ptr<csv_parser, void (*)(csv_parser*)> cleanup(&parser, csv_free);
  csv_set_delim(&parser, static_cast<unsigned char>(table.delimiter));
  ParseState state;
  const size_t parsed = csv_parse(&parser, text->data(), text->size(), OnField, OnRow, &state);
  if (parsed != text->size() || csv_fini(&parser, OnField, OnRow, &state) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("malformed CSV near byte ", parsed, ": ", csv_strerror(csv_error(&parser))));
  }
  if (state.rows.empty()) return absl::InvalidArgumentError("the file has no header row");
  table.header = std::move(state.rows.front());
  for (std::string& name : table.header) name = std::string(absl::StripAsciiWhitespace(name));
  table.rows.reserve(state.rows.size() - 1);
  for (size_t i = 1; i < state.rows.size(); ++i) {
    state.rows[i].resize(table.header.size());
    table.rows.push_back(std::move(state.rows[i]));
  }
  return table;
}

std::string CsvLine(const std::vector<std::string>& fields, char delimiter) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line.push_back(delimiter);
    const std::string& field = fields[i];
    if (field.find_first_of(std::string("\"\r\n") + delimiter) == std::string::npos) {
      line += field;
      continue;
    }
    line.push_back('"');
    for (char c : field) {
      if (c == '"') line.push_back('"');
      line.push_back(c);
    }
    line.push_back('"');
  }
  return line;
}

}  // namespace chronicle::cli
