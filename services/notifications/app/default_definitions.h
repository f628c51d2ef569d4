// The templates and rules a new workspace starts with (chronicled --default-rules, on by
// default): a new lead alerts its owner and gets a "contact within 15 minutes" task; a missed
// inbound call gets a call-back task; a won deal gets a "offer repeat services" task a week later
// and an NPS survey to the client after three days; a lost deal gets a follow-up a month later; a
// detractor's answer gets an "ask what went wrong" task; overdue tasks, stalled deals and client
// birthdays notify the people concerned. The lead confirmation e-mail to the client is defined
// but disabled: it needs an SMTP server.
#ifndef CHRONICLE_NOTIFICATIONS_APP_DEFAULT_DEFINITIONS_H_
#define CHRONICLE_NOTIFICATIONS_APP_DEFAULT_DEFINITIONS_H_

#include <string>
#include <utility>
#include <vector>

#include "chronicle/v1/notifications_resources.pb.h"

namespace chronicle::notifications {

// (id, template) in the order to define them.
std::vector<std::pair<std::string, v1::Template>> DefaultTemplates();
// (id, rule); rules name the default templates.
std::vector<std::pair<std::string, v1::Rule>> DefaultRules();

}  // namespace chronicle::notifications

#endif  // CHRONICLE_NOTIFICATIONS_APP_DEFAULT_DEFINITIONS_H_
