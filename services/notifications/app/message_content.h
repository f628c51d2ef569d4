// What a fired job says and to whom: template values from what the projection knows of the
// job's client, manager, task and deal; who "owner", "deal_owner" and "assignee" are.
#ifndef CHRONICLE_NOTIFICATIONS_APP_MESSAGE_CONTENT_H_
#define CHRONICLE_NOTIFICATIONS_APP_MESSAGE_CONTENT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "notifications/domain/template_text.h"
#include "notifications/projection/reader.h"

namespace chronicle::notifications {

// Values for every variable the job's subjects fill; `survey_link` for NPS surveys.
absl::StatusOr<TemplateValues> ValuesFor(const v1::TriggerContext& context,
                                         NotificationsReader& reader,
                                         const v1::NotificationSettings& settings,
                                         const std::string& survey_link);

// The employee id `who` means for the job: the client's owner now, the deal's owner, the task's
// assignee, or an employee named outright. "" when there is none (a client without an owner).
absl::StatusOr<std::string> ResolveRecipient(const std::string& who,
                                             const v1::TriggerContext& context,
                                             NotificationsReader& reader);

// "24.11.2026 13:30", as people in Russia and Ukraine write it.
std::string FormatLocalTime(absl::Time t, const std::string& time_zone);

}  // namespace chronicle::notifications

#endif  // CHRONICLE_NOTIFICATIONS_APP_MESSAGE_CONTENT_H_
