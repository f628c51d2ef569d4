#include "contact_rows.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "unicode/unistr.h"

namespace chronicle::cli {
namespace {

// Case-folded, trimmed, without decoration ("Телефон*:" -> "телефон"), ё as е.
std::string Fold(absl::string_view text) {
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  std::string folded;
  unicode.foldCase().toUTF8String(folded);
  folded = absl::StrReplaceAll(folded, {{"ё", "е"}, {"*", ""}, {":", ""}, {"\"", ""}});
  return std::string(absl::StripAsciiWhitespace(folded));
}

const std::map<std::string, std::string>& Synonyms() {
  static const auto* synonyms = new std::map<std::string, std::string>{
      {"фио", "full_name"},
      {"ф.и.о.", "full_name"},
      {"ф.и.о", "full_name"},
      {"піб", "full_name"},
      {"клиент", "full_name"},
      {"контакт", "full_name"},
      {"контактное лицо", "full_name"},
      {"full name", "full_name"},
      {"name", "full_name"},
      {"имя клиента", "full_name"},
      {"фамилия", "surname"},
      {"прізвище", "surname"},
      {"surname", "surname"},
      {"last name", "surname"},
      {"имя", "given_name"},
      {"ім'я", "given_name"},
      {"імя", "given_name"},
      {"first name", "given_name"},
      {"given name", "given_name"},
      {"отчество", "patronymic"},
      {"по батькові", "patronymic"},
      {"patronymic", "patronymic"},
      {"middle name", "patronymic"},
      {"email", "email"},
      {"e-mail", "email"},
      {"почта", "email"},
      {"эл. почта", "email"},
      {"электронная почта", "email"},
      {"пошта", "email"},
      {"електронна пошта", "email"},
      {"mail", "email"},
      {"ответственный", "owner"},
      {"менеджер", "owner"},
      {"відповідальний", "owner"},
      {"owner", "owner"},
      {"manager", "owner"},
      {"отдел", "team"},
      {"команда", "team"},
      {"відділ", "team"},
      {"team", "team"},
      {"теги", "tags"},
      {"метки", "tags"},
      {"тег", "tags"},
      {"tags", "tags"},
      {"мітки", "tags"},
      {"дата рождения", "birthday"},
      {"день рождения", "birthday"},
      {"дата народження", "birthday"},
      {"birthday", "birthday"},
      {"др", "birthday"},
      {"комментарий", "notes"},
      {"примечание", "notes"},
      {"заметки", "notes"},
      {"коментар", "notes"},
      {"примітка", "notes"},
      {"notes", "notes"},
      {"comment", "notes"},
      {"id", "external_id"},
      {"код", "external_id"},
      {"код клиента", "external_id"},
      {"external id", "external_id"},
      {"внешний id", "external_id"},
      {"город", "city"},
      {"місто", "city"},
      {"city", "city"},
      {"адрес", "address"},
      {"адреса", "address"},
      {"address", "address"},
      {"сайт", "website"},
      {"website", "website"},
      {"site", "website"},
      {"температура", "temperature"},
      {"temperature", "temperature"},
      {"тип клиента", "type"},
      {"тип", "type"},
      {"type", "type"},
      {"пол", "gender"},
      {"стать", "gender"},
      {"gender", "gender"},
      {"обращение", "preferred_address"},
      {"как обращаться", "preferred_address"},
  };
  return *synonyms;
}

std::string GuessField(const std::string& header) {
  const std::string folded = Fold(header);
  if (auto it = Synonyms().find(folded); it != Synonyms().end()) return it->second;
  for (const char* phone : {"телефон", "тел.", "phone", "mobile", "мобильный", "мобільний"}) {
    if (absl::StrContains(folded, phone)) return "phone";
  }
  if (absl::StrContains(folded, "mail") || absl::StrContains(folded, "почт")) return "email";
  return "ignore";
}

bool KnownField(const std::string& field) {
  static const char* const kFields[] = {
      "full_name", "surname",     "given_name",  "patronymic", "display_name",
      "phone",     "email",       "owner",       "team",       "tags",
      "birthday",  "notes",       "external_id", "city",       "address",
      "website",   "temperature", "type",        "gender",     "preferred_address",
      "ignore"};
  for (const char* known : kFields) {
    if (field == known) return true;
  }
  return false;
}

std::vector<std::string> SplitList(absl::string_view cell) {
  std::vector<std::string> items;
  for (absl::string_view item :
       absl::StrSplit(cell, absl::ByAnyChar(",;\n/"), absl::SkipWhitespace())) {
    items.emplace_back(absl::StripAsciiWhitespace(item));
  }
  return items;
}

// "08.03.1990", "8.3.1990", "08.03" (no year), "1990-03-08", "08/03/1990".
bool ParseBirthday(absl::string_view cell, std::string* out) {
  std::vector<std::string> parts = absl::StrSplit(cell, absl::ByAnyChar("./-"));
  int a, b, c;
  if (parts.size() == 3 && parts[0].size() == 4 && absl::SimpleAtoi(parts[0], &a) &&
      absl::SimpleAtoi(parts[1], &b) && absl::SimpleAtoi(parts[2], &c)) {
    *out = absl::StrFormat("%04d-%02d-%02d", a, b, c);
    return true;
  }
  if (parts.size() >= 2 && absl::SimpleAtoi(parts[0], &a) && absl::SimpleAtoi(parts[1], &b) &&
      a >= 1 && a <= 31 && b >= 1 && b <= 12) {
    if (parts.size() == 2) {
      *out = absl::StrFormat("--%02d-%02d", b, a);
      return true;
    }
    if (parts.size() == 3 && absl::SimpleAtoi(parts[2], &c) && c > 1900 && c < 2200) {
      *out = absl::StrFormat("%04d-%02d-%02d", c, b, a);
      return true;
    }
  }
  return false;
}

bool OneOf(const std::string& folded, std::initializer_list<const char*> words) {
  for (const char* word : words) {
    if (folded == word) return true;
  }
  return false;
}

// A custom field's cell as its type wants it; "" on success, else why not.
std::string ConvertCustom(const v1::CustomField& field, const std::string& cell,
                          v1::CustomValue* value) {
  const std::string folded = Fold(cell);
  auto choice_value = [&](const std::string& text, std::string* out) {
    for (const auto& option : field.options()) {
      if (Fold(option.value()) == Fold(text) || Fold(option.label()) == Fold(text)) {
        *out = option.value();
        return true;
      }
    }
    return false;
  };
  switch (field.type()) {
    case v1::CUSTOM_FIELD_TYPE_TEXT:
      value->set_text(cell);
      return "";
    case v1::CUSTOM_FIELD_TYPE_NUMBER:
    case v1::CUSTOM_FIELD_TYPE_MONEY: {
      double number;  // "150 000,50" as Russian spreadsheets write it
      const std::string plain =
          absl::StrReplaceAll(cell, {{" ", ""}, {"\xC2\xA0", ""}, {",", "."}});
      if (!absl::SimpleAtod(plain, &number)) return "not a number";
      if (field.type() == v1::CUSTOM_FIELD_TYPE_NUMBER) {
        value->set_number(number);
      } else {
        value->mutable_money()->set_currency_code("RUB");
        value->mutable_money()->set_units(static_cast<int64_t>(number));
        value->mutable_money()->set_nanos(
            static_cast<int32_t>((number - static_cast<int64_t>(number)) * 1e9));
      }
      return "";
    }
    case v1::CUSTOM_FIELD_TYPE_DATE: {
      std::string date;
      if (!ParseBirthday(cell, &date) || absl::StartsWith(date, "--"))
        return "not a date (ДД.ММ.ГГГГ)";
      value->set_date(date);
      return "";
    }
    case v1::CUSTOM_FIELD_TYPE_BOOLEAN:
      if (OneOf(folded, {"да", "так", "yes", "true", "1", "+"}))
        return (value->set_boolean(true), "");
      if (OneOf(folded, {"нет", "ні", "no", "false", "0", "-"}))
        return (value->set_boolean(false), "");
      return "not yes/no (да/нет)";
    case v1::CUSTOM_FIELD_TYPE_CHOICE: {
      std::string chosen;
      if (!choice_value(cell, &chosen)) return absl::StrCat("'", cell, "' is not an option");
      value->set_choice(chosen);
      return "";
    }
    case v1::CUSTOM_FIELD_TYPE_MULTI_CHOICE:
      for (const std::string& item : SplitList(cell)) {
        std::string chosen;
        if (!choice_value(item, &chosen)) return absl::StrCat("'", item, "' is not an option");
        value->mutable_choices()->add_values(chosen);
      }
      return "";
    default:
      return "unknown field type";
  }
}

}  // namespace

absl::StatusOr<std::vector<ColumnTarget>> MapColumns(const std::vector<std::string>& header,
                                                     const std::vector<std::string>& overrides) {
  std::vector<ColumnTarget> targets;
  for (const std::string& name : header) targets.push_back({GuessField(name), ""});
  for (const std::string& entry : overrides) {
    const size_t eq = entry.rfind('=');
    if (eq == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat("--map: '", entry, "' is not Header=field"));
    }
    const std::string column = Fold(entry.substr(0, eq));
    absl::string_view field = absl::StripAsciiWhitespace(absl::string_view(entry).substr(eq + 1));
    ColumnTarget target{std::string(field), ""};
    if (absl::ConsumePrefix(&field, "custom.")) {
      target = {"custom", std::string(field)};
    } else if (!KnownField(target.field)) {
      return absl::InvalidArgumentError(absl::StrCat("--map: unknown field '", field, "'"));
    }
    bool found = false;
    for (size_t i = 0; i < header.size(); ++i) {
      if (Fold(header[i]) == column) {
        targets[i] = target;
        found = true;
      }
    }
    if (!found) {
      return absl::InvalidArgumentError(absl::StrCat("--map: no column '", entry.substr(0, eq),
                                                     "' (columns: ", absl::StrJoin(header, ", "),
                                                     ")"));
    }
  }
  return targets;
}

absl::StatusOr<v1::Client> RowToClient(const std::vector<std::string>& header,
                                       const std::vector<ColumnTarget>& targets,
                                       const std::vector<std::string>& row,
                                       const std::map<std::string, v1::CustomField>& fields) {
  v1::Client client;
  std::vector<std::string> problems;
  std::string full_name;
  for (size_t i = 0; i < targets.size() && i < row.size(); ++i) {
    const std::string cell(absl::StripAsciiWhitespace(row[i]));
    const std::string& field = targets[i].field;
    if (cell.empty() || field == "ignore") continue;
    const std::string folded = Fold(cell);
    auto problem = [&](absl::string_view why) {
      problems.push_back(absl::StrCat(header[i], ": ", why));
    };
    if (field == "full_name")
      full_name = cell;
    else if (field == "surname")
      client.set_surname(cell);
    else if (field == "given_name")
      client.set_given_name(cell);
    else if (field == "patronymic")
      client.set_patronymic(cell);
    else if (field == "display_name")
      client.set_display_name(cell);
    else if (field == "preferred_address")
      client.set_preferred_address(cell);
    else if (field == "owner")
      client.set_owner(cell);
    else if (field == "team")
      client.set_team(cell);
    else if (field == "notes")
      client.set_notes(cell);
    else if (field == "external_id")
      client.set_external_id(cell);
    else if (field == "website")
      client.set_website(cell);
    else if (field == "city")
      client.add_addresses()->set_city(cell);
    else if (field == "address")
      client.add_addresses()->set_text(cell);
    else if (field == "phone") {
      for (const std::string& phone : SplitList(cell)) client.add_phones()->set_number(phone);
    } else if (field == "email") {
      for (const std::string& email : SplitList(cell)) client.add_emails()->set_address(email);
    } else if (field == "tags") {
      for (const std::string& tag : SplitList(cell)) client.add_tags(tag);
    } else if (field == "birthday") {
      std::string birthday;
      if (ParseBirthday(cell, &birthday))
        client.set_birthday(birthday);
      else
        problem("not a date (ДД.ММ.ГГГГ or ДД.ММ)");
    } else if (field == "temperature") {
      if (OneOf(folded, {"горячий", "гарячий", "hot"}))
        client.set_temperature(v1::TEMPERATURE_HOT);
      else if (OneOf(folded, {"теплый", "теплий", "warm"}))
        client.set_temperature(v1::TEMPERATURE_WARM);
      else if (OneOf(folded, {"холодный", "холодний", "cold"}))
        client.set_temperature(v1::TEMPERATURE_COLD);
      else
        problem("горячий, тёплый or холодный");
    } else if (field == "type") {
      if (OneOf(folded, {"юр", "юрлицо", "юр. лицо", "юридическое лицо", "юрособа",
                         "юридична особа", "legal", "company", "компания"})) {
        client.set_type(v1::CLIENT_TYPE_LEGAL_ENTITY);
      } else if (OneOf(folded, {"физ", "физлицо", "физ. лицо", "физическое лицо", "фізособа",
                                "фізична особа", "individual", "частное лицо"})) {
        client.set_type(v1::CLIENT_TYPE_INDIVIDUAL);
      } else {
        problem("юрлицо or физлицо");
      }
    } else if (field == "gender") {
      if (OneOf(folded, {"м", "муж", "мужской", "ч", "чоловіча", "male", "m"}))
        client.set_gender(v1::GENDER_MALE);
      else if (OneOf(folded, {"ж", "жен", "женский", "жіноча", "female", "f"}))
        client.set_gender(v1::GENDER_FEMALE);
      else
        problem("м or ж");
    } else if (field == "custom") {
      auto definition = fields.find(targets[i].custom_key);
      if (definition == fields.end()) {
        problem(absl::StrCat("no custom field '", targets[i].custom_key, "' in this workspace"));
        continue;
      }
      v1::CustomValue value;
      if (std::string why = ConvertCustom(definition->second, cell, &value); !why.empty()) {
        problem(why);
      } else {
        (*client.mutable_custom_fields())[targets[i].custom_key] = std::move(value);
      }
    }
  }
  if (!full_name.empty() && client.surname().empty() && client.given_name().empty()) {
    // The server splits "Иванова Александра Петровна" the same way intake does.
    client.set_display_name(full_name);
    std::vector<std::string> words = absl::StrSplit(full_name, ' ', absl::SkipWhitespace());
    const bool western = static_cast<unsigned char>(full_name[0]) < 0x80;  // "Alexandra Ivanova"
    if (words.size() == 2 && western) {
      client.set_given_name(words[0]);
      client.set_surname(words[1]);
    } else if (words.size() >= 2) {  // ФИО: Фамилия Имя Отчество
      client.set_surname(words[0]);
      client.set_given_name(words[1]);
      if (words.size() >= 3)
        client.set_patronymic(absl::StrJoin(words.begin() + 2, words.end(), " "));
    } else {
      client.set_given_name(full_name);
    }
  }
  if (!problems.empty()) return absl::InvalidArgumentError(absl::StrJoin(problems, "; "));
  return client;
}

}  // namespace chronicle::cli
