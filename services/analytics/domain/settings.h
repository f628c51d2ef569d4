// Analytics settings as a definition: checked before they are written, merged under a field mask.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_SETTINGS_H_
#define CHRONICLE_ANALYTICS_DOMAIN_SETTINGS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "chronicle/errors/errors.h"
#include "chronicle/v1/analytics_resources.pb.h"
#include "google/protobuf/field_mask.pb.h"

namespace chronicle::analytics {

// What is wrong with `settings`, field by field ("settings.abc_c_percent", ...).
std::vector<errors::FieldViolation> CheckSettings(const v1::AnalyticsSettings& settings);

// `current` with the fields `mask` names taken from `update` (every field when the mask is
// empty). INVALID_ARGUMENT naming "update_mask" for an unknown path.
absl::StatusOr<v1::AnalyticsSettings> MergeSettings(const v1::AnalyticsSettings& current,
                                                    const v1::AnalyticsSettings& update,
                                                    const google::protobuf::FieldMask& mask);

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_SETTINGS_H_
