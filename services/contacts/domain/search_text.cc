#include "contacts/domain/search_text.h"

#include <algorithm>
#include <map>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_replace.h"
#include "unicode/coll.h"
#include "unicode/translit.h"
#include "unicode/unistr.h"

namespace chronicle::contacts {
namespace {

// Russian-Latin/BGN first (it knows Russian orthography: "Саша" -> "Sasha"); Any-Latin then
// catches Ukrainian letters and other scripts; Latin-ASCII drops diacritics ("Müller" -> "Muller").
constexpr char kTransliteration[] = "Any-Lower; Russian-Latin/BGN; Any-Latin; Latin-ASCII";

// Built once (creation parses rules and is slow), cloned per thread (instances are not
// thread-safe).
const icu::Transliterator* SharedTransliterator() {
  static const icu::Transliterator* shared = [] {
    UErrorCode status = U_ZERO_ERROR;
    icu::Transliterator* t =
        icu::Transliterator::createInstance(kTransliteration, UTRANS_FORWARD, status);
    return U_SUCCESS(status) ? t : nullptr;
  }();
  return shared;
}

icu::Transliterator* ThreadTransliterator() {
  thread_local std::unique_ptr<icu::Transliterator> local(
      SharedTransliterator() ? SharedTransliterator()->clone() : nullptr);
  return local.get();
}

std::string ToAsciiLower(absl::string_view text) {
  // E-mails, Latin names and digits need no ICU: lower-casing is the whole transformation.
  if (std::all_of(text.begin(), text.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return absl::AsciiStrToLower(text);
  }
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (icu::Transliterator* t = ThreadTransliterator()) {
    t->transliterate(unicode);
  } else {
    unicode.toLower();
  }
  std::string out;
  unicode.toUTF8String(out);
  return out;
}

// Spellings that transliteration standards and people disagree on. Applied to the index and to
// queries alike, so both sides meet; the result is a matching key, never shown.
std::string UnifyVariants(std::string word) {
  return absl::StrReplaceAll(word, {{"iy", "i"},
                                    {"yu", "iu"},
                                    {"ya", "ia"},
                                    {"yo", "io"},
                                    {"ye", "e"},
                                    {"j", "i"},
                                    {"kh", "h"},
                                    {"x", "ks"},
                                    {"w", "v"},
                                    {"ph", "f"}});
}

// The words of `text` in search form, computed (SearchTokens memoizes it).
std::vector<std::string> Tokenize(absl::string_view text) {
  const std::string ascii = ToAsciiLower(text);
  std::vector<std::string> tokens;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    std::string unified = UnifyVariants(std::move(word));
    word.clear();
    for (const std::string& seen : tokens) {
      if (seen == unified) return;
    }
    tokens.push_back(std::move(unified));
  };
  for (char c : ascii) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      word.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
    } else if (c != '\'' && c != '`') {  // soft signs come out as apostrophes: "Ильин" = "Il'in"
      flush();
    }
  }
  flush();
  return tokens;
}

std::string ComputeCollationKey(absl::string_view text);

}  // namespace

std::vector<std::string> SearchTokens(absl::string_view text) {
  // Names repeat: a base of a million clients has a few thousand distinct surnames and given
  // names. Transliteration is the costly part of indexing a card, so each thread remembers the
  // words it has seen (short texts only; forgotten all at once when the memo grows large).
  constexpr size_t kMemoTextBytes = 48;
  constexpr size_t kMemoEntries = 1 << 16;
  thread_local absl::flat_hash_map<std::string, std::vector<std::string>> memo;
  const bool memoize = text.size() <= kMemoTextBytes;
  if (memoize) {
    if (auto it = memo.find(text); it != memo.end()) return it->second;
    if (memo.size() >= kMemoEntries) memo.clear();
  }
  std::vector<std::string> tokens = Tokenize(text);
  if (memoize) memo.emplace(std::string(text), tokens);
  return tokens;
}

std::string SearchForm(absl::string_view word) {
  std::vector<std::string> tokens = SearchTokens(word);
  return tokens.empty() ? std::string() : std::move(tokens.front());
}

const std::vector<std::string>& FullNamesOf(const std::string& search_form) {
  static const auto* table = [] {
    // Diminutive -> the names it is short for. Written in Cyrillic and turned into search forms
    // once, so the table and the index agree on spelling.
    const std::vector<std::pair<const char*, std::vector<const char*>>> kDiminutives = {
        {"Саша", {"Александр", "Александра"}},
        {"Шура", {"Александр", "Александра"}},
        {"Сашко", {"Олександр"}},
        {"Олесь", {"Олександр"}},
        {"Женя", {"Евгений", "Евгения"}},
        {"Лёша", {"Алексей"}},
        {"Алёша", {"Алексей"}},
        {"Дима", {"Дмитрий"}},
        {"Серёжа", {"Сергей"}},
        {"Андрюша", {"Андрей"}},
        {"Вова", {"Владимир"}},
        {"Володя", {"Владимир"}},
        {"Коля", {"Николай"}},
        {"Миша", {"Михаил"}},
        {"Паша", {"Павел"}},
        {"Петя", {"Пётр"}},
        {"Ваня", {"Иван"}},
        {"Костя", {"Константин"}},
        {"Слава", {"Вячеслав", "Станислав", "Ярослав"}},
        {"Витя", {"Виктор"}},
        {"Толя", {"Анатолий"}},
        {"Гоша", {"Георгий"}},
        {"Юра", {"Юрий"}},
        {"Макс", {"Максим"}},
        {"Тарасик", {"Тарас"}},
        {"Таня", {"Татьяна"}},
        {"Наташа", {"Наталья", "Наталия"}},
        {"Лена", {"Елена"}},
        {"Оля", {"Ольга"}},
        {"Катя", {"Екатерина"}},
        {"Маша", {"Мария"}},
        {"Света", {"Светлана"}},
        {"Настя", {"Анастасия"}},
        {"Ира", {"Ирина"}},
        {"Аня", {"Анна"}},
        {"Юля", {"Юлия"}},
        {"Даша", {"Дарья"}},
        {"Люда", {"Людмила"}},
        {"Галя", {"Галина"}},
        {"Валя", {"Валентина", "Валентин"}},
        {"Надя", {"Надежда"}},
        {"Ксюша", {"Ксения", "Оксана"}},
        {"Оксанка", {"Оксана"}},
    };
    auto* map = new std::map<std::string, std::vector<std::string>>();
    for (const auto& [short_form, full] : kDiminutives) {
      std::vector<std::string>& names = (*map)[SearchForm(short_form)];
      for (const char* name : full) names.push_back(SearchForm(name));
    }
    return map;
  }();
  static const std::vector<std::string> kNone;
  auto it = table->find(search_form);
  return it == table->end() ? kNone : it->second;
}

std::string CollationKey(absl::string_view text) {
  // Tags and short names repeat; remember their keys per thread (see SearchTokens).
  thread_local absl::flat_hash_map<std::string, std::string> memo;
  const bool memoize = text.size() <= 32;
  if (memoize) {
    if (auto it = memo.find(text); it != memo.end()) return it->second;
    if (memo.size() >= (1 << 16)) memo.clear();
  }
  std::string key = ComputeCollationKey(text);
  if (memoize) memo.emplace(std::string(text), key);
  return key;
}

namespace {

std::string ComputeCollationKey(absl::string_view text) {
  thread_local std::unique_ptr<icu::Collator> collator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> c(icu::Collator::createInstance(icu::Locale("ru"), status));
    if (U_SUCCESS(status)) c->setStrength(icu::Collator::SECONDARY);  // ignore case only
    return U_SUCCESS(status) ? std::move(c) : nullptr;
  }();
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  if (!collator) {
    std::string folded;
    unicode.foldCase().toUTF8String(folded);
    return folded;
  }
  std::string key(64, '\0');
  int32_t size = collator->getSortKey(unicode, reinterpret_cast<uint8_t*>(key.data()),
                                      static_cast<int32_t>(key.size()));
  if (size > static_cast<int32_t>(key.size())) {
    key.resize(size);
    size = collator->getSortKey(unicode, reinterpret_cast<uint8_t*>(key.data()), size);
  }
  key.resize(size > 0 ? size - 1 : 0);  // drop the terminating zero byte
  return key;
}

}  // namespace

}  // namespace chronicle::contacts
