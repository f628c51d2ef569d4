// Spreadsheet rows to client cards: which column holds what (guessed from Russian, Ukrainian and
// English headers, or given with --map), and the conversion of each cell (dates like 08.03.1990,
// "горячий", "юрлицо", several phones in one cell, custom field values by their type).
#ifndef CHRONICLE_CLI_IMPORT_CONTACT_ROWS_H_
#define CHRONICLE_CLI_IMPORT_CONTACT_ROWS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "chronicle/v1/contacts_resources.pb.h"

namespace chronicle::cli {

struct ColumnTarget {
  // "full_name", "surname", "given_name", "patronymic", "display_name", "phone", "email",
  // "owner", "team", "tags", "birthday", "notes", "external_id", "city", "address", "website",
  // "temperature", "type", "gender", "preferred_address", "custom", or "ignore".
  std::string field;
  std::string custom_key;  // for "custom"
};

// One target per header column. `overrides` are "Header=field" (or "Header=custom.key",
// "Header=ignore") and win over the guesses. INVALID_ARGUMENT for an override naming an unknown
// header or field.
absl::StatusOr<std::vector<ColumnTarget>> MapColumns(const std::vector<std::string>& header,
                                                     const std::vector<std::string>& overrides);

// A client card from one row, or the reasons the row cannot become one (each naming its column).
// `fields` are the workspace's custom field definitions, by key.
absl::StatusOr<v1::Client> RowToClient(const std::vector<std::string>& header,
                                       const std::vector<ColumnTarget>& targets,
                                       const std::vector<std::string>& row,
                                       const std::map<std::string, v1::CustomField>& fields);

}  // namespace chronicle::cli

#endif  // CHRONICLE_CLI_IMPORT_CONTACT_ROWS_H_
