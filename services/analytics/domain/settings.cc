#include "analytics/domain/settings.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "google/protobuf/util/field_mask_util.h"

namespace chronicle::analytics {

std::vector<errors::FieldViolation> CheckSettings(const v1::AnalyticsSettings& settings) {
  std::vector<errors::FieldViolation> violations;
  const std::string& currency = settings.currency_code();
  if (currency.size() != 3 || !absl::ascii_isupper(currency[0]) ||
      !absl::ascii_isupper(currency[1]) || !absl::ascii_isupper(currency[2])) {
    violations.push_back({"settings.currency_code", "an ISO 4217 code such as RUB"});
  }
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(settings.time_zone(), &zone) || settings.time_zone().empty()) {
    violations.push_back({"settings.time_zone", "an IANA time zone such as Europe/Moscow"});
  }
  const double a = settings.abc_a_percent(), b = settings.abc_b_percent(),
               c = settings.abc_c_percent();
  for (auto [field, value] : {std::pair{"settings.abc_a_percent", a},
                              {"settings.abc_b_percent", b},
                              {"settings.abc_c_percent", c}}) {
    if (!(value > 0 && value < 100)) violations.push_back({field, "between 0 and 100"});
  }
  if (std::abs(a + b + c - 100) > 1e-6) {
    violations.push_back({"settings.abc_c_percent",
                          absl::StrCat("the three shares add up to ", a + b + c, ", not 100")});
  }
  const v1::LifecycleRules& rules = settings.lifecycle();
  if (rules.regular_min_purchases() < 2) {
    violations.push_back({"settings.lifecycle.regular_min_purchases", "at least 2"});
  }
  if (rules.regular_window_days() < 1 || rules.regular_window_days() > 3650) {
    violations.push_back({"settings.lifecycle.regular_window_days", "between 1 and 3650"});
  }
  if (rules.lost_after_days() < 1 || rules.lost_after_days() > 3650) {
    violations.push_back({"settings.lifecycle.lost_after_days", "between 1 and 3650"});
  }
  for (const auto& [stage, step] : settings.stage_steps()) {
    if (stage.empty() || step.empty()) {
      violations.push_back(
          {absl::StrCat("settings.stage_steps[", stage, "]"), "stage id and step name required"});
    }
  }
  return violations;
}

absl::StatusOr<v1::AnalyticsSettings> MergeSettings(const v1::AnalyticsSettings& current,
                                                    const v1::AnalyticsSettings& update,
                                                    const google::protobuf::FieldMask& mask) {
  using google::protobuf::util::FieldMaskUtil;
  v1::AnalyticsSettings merged = current;
  if (mask.paths().empty()) {
    merged = update;
  } else {
    for (const std::string& path : mask.paths()) {
      if (path == "name" || path == "etag" ||
          !FieldMaskUtil::GetFieldDescriptors(v1::AnalyticsSettings::descriptor(), path, nullptr)) {
        return errors::InvalidArgument(
            {{"update_mask", absl::StrCat("\"", path, "\" is not a settings field")}});
      }
    }
    FieldMaskUtil::MergeOptions options;
    options.set_replace_message_fields(true);
    options.set_replace_repeated_fields(true);
    FieldMaskUtil::MergeMessageTo(update, mask, options, &merged);
  }
  merged.set_name(current.name());
  merged.clear_etag();
  return merged;
}

}  // namespace chronicle::analytics
