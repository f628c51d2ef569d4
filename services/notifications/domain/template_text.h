// Message text with {{variables}}: checked when a template is saved (an unknown variable or an
// unclosed brace is refused then, never discovered when a message goes out) and rendered when a
// message is made. Pure.
#ifndef CHRONICLE_NOTIFICATIONS_DOMAIN_TEMPLATE_TEXT_H_
#define CHRONICLE_NOTIFICATIONS_DOMAIN_TEMPLATE_TEXT_H_

#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "chronicle/errors/errors.h"

namespace chronicle::notifications {

// Every variable a template may use, in the order the API documents them.
const std::vector<std::string>& TemplateVariables();

// Values for rendering; a variable without a value renders as empty text.
using TemplateValues = std::map<std::string, std::string, std::less<>>;

// Violations of `text` (reported under `field`): unknown variables, unbalanced braces.
std::vector<errors::FieldViolation> CheckTemplateText(absl::string_view text,
                                                      const std::string& field);

// `text` with each {{variable}} (spaces inside the braces allowed) replaced by its value.
std::string RenderTemplate(absl::string_view text, const TemplateValues& values);

}  // namespace chronicle::notifications

#endif  // CHRONICLE_NOTIFICATIONS_DOMAIN_TEMPLATE_TEXT_H_
