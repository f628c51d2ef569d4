#include "notifications/domain/template_text.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace chronicle::notifications {
namespace {

// Walks `text`, calling on_text for literal runs and on_variable for each {{name}}. Returns an
// error description for an unclosed "{{" or a stray "}}".
template <typename OnText, typename OnVariable>
std::string Scan(absl::string_view text, OnText on_text, OnVariable on_variable) {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t open = text.find("{{", pos);
    const size_t stray = text.find("}}", pos);
    if (stray != absl::string_view::npos && (open == absl::string_view::npos || stray < open)) {
      return absl::StrCat("'}}' at offset ", stray, " closes nothing");
    }
    if (open == absl::string_view::npos) {
      on_text(text.substr(pos));
      return "";
    }
    on_text(text.substr(pos, open - pos));
    const size_t close = text.find("}}", open + 2);
    if (close == absl::string_view::npos) {
      return absl::StrCat("'{{' at offset ", open, " is never closed");
    }
    on_variable(absl::StripAsciiWhitespace(text.substr(open + 2, close - open - 2)));
    pos = close + 2;
  }
  return "";
}

}  // namespace

const std::vector<std::string>& TemplateVariables() {
  static const auto* const variables = new std::vector<std::string>{
      "client.name",   "client.preferred_name", "client.phone", "client.email",  "manager.name",
      "manager.phone", "manager.email",         "task.title",   "task.deadline", "deal.title",
      "deal.stage",    "deal.amount",           "survey.link",  "nps.score",     "workspace.name"};
  return *variables;
}

std::vector<errors::FieldViolation> CheckTemplateText(absl::string_view text,
                                                      const std::string& field) {
  std::vector<errors::FieldViolation> violations;
  const auto& known = TemplateVariables();
  const std::string syntax = Scan(
      text, [](absl::string_view) {},
      [&](absl::string_view name) {
        if (std::find(known.begin(), known.end(), name) == known.end()) {
          violations.push_back({field, absl::StrCat("unknown variable {{", name,
                                                    "}}; known: ", absl::StrJoin(known, ", "))});
        }
      });
  if (!syntax.empty()) violations.push_back({field, syntax});
  return violations;
}

std::string RenderTemplate(absl::string_view text, const TemplateValues& values) {
  std::string out;
  Scan(
      text, [&](absl::string_view literal) { absl::StrAppend(&out, literal); },
      [&](absl::string_view name) {
        auto it = values.find(name);
        if (it != values.end()) absl::StrAppend(&out, it->second);
      });
  return out;
}

}  // namespace chronicle::notifications
