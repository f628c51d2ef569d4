// Key layout of the notifications projection (see chronicle/projection/key_layout.h).
#ifndef CHRONICLE_NOTIFICATIONS_PROJECTION_KEYS_H_
#define CHRONICLE_NOTIFICATIONS_PROJECTION_KEYS_H_

#include <string>

#include "absl/strings/str_format.h"
#include "chronicle/projection/key_layout.h"

namespace chronicle::notifications::keys {

using projection::keys::NewestFirst;
using projection::keys::OldestFirst;
using projection::keys::Prefix;
using projection::keys::Tagged;

// Definitions, by id; enabled rules by trigger kind; active subscriptions by event type.
inline std::string Rule(absl::string_view id) { return Tagged("ru", id); }
inline std::string Template(absl::string_view id) { return Tagged("te", id); }
inline std::string Subscription(absl::string_view id) { return Tagged("ws", id); }
inline std::string Settings() { return Prefix("st"); }
inline std::string TriggerPrefix(int kind) { return Prefix("rt", absl::StrFormat("%03d", kind)); }
inline std::string RuleByTrigger(int kind, absl::string_view id) {
  return Tagged("rt", absl::StrFormat("%03d", kind), id);
}
inline std::string EventTypePrefix(absl::string_view type) { return Prefix("wt", type); }
inline std::string SubscriptionByType(absl::string_view type, absl::string_view id) {
  return Tagged("wt", type, id);
}

// What rules and templates read of the other services.
inline std::string Client(absl::string_view id) { return Tagged("cl", id); }
inline std::string Employee(absl::string_view id) { return Tagged("em", id); }
inline std::string Deal(absl::string_view id) { return Tagged("dl", id); }
inline std::string Pipeline(absl::string_view id) { return Tagged("pl", id); }
inline std::string Task(absl::string_view id) { return Tagged("tk", id); }
inline std::string CustomField(absl::string_view key) { return Tagged("cf", key); }

// The schedule: due time (oldest first), job id -> v1::Job. Each job's schedule key, and the
// jobs that fired (never scheduled again).
inline std::string DuePrefix() { return Prefix("sd"); }
inline std::string Due(absl::Time due, absl::string_view job) {
  return absl::StrCat(DuePrefix(), OldestFirst(due), job);
}
inline std::string JobDue(absl::string_view job) { return Tagged("jb", job); }
inline std::string Fired(absl::string_view job) { return Tagged("fj", job); }
// The jobs a task, deal or client holds now (newline-separated ids).
inline std::string TaskJobs(absl::string_view task) { return Tagged("tj", task); }
inline std::string DealJobs(absl::string_view deal) { return Tagged("dj", deal); }
inline std::string ClientJobs(absl::string_view client) { return Tagged("bj", client); }

// In-app notifications: each recipient's, newest first -> v1::Notification; a notification's
// inbox key; unread count per recipient.
inline std::string InboxPrefix(absl::string_view recipient) { return Prefix("in", recipient); }
inline std::string Inbox(absl::string_view recipient, absl::Time time, absl::string_view id) {
  return absl::StrCat(InboxPrefix(recipient), NewestFirst(time), id);
}
inline std::string NotificationKey(absl::string_view id) { return Tagged("nt", id); }
inline std::string Unread(absl::string_view recipient) { return Tagged("un", recipient); }

// Deliveries -> v1::Delivery, and all of them newest first; surveys -> v1::Survey.
inline std::string Delivery(absl::string_view id) { return Tagged("dv", id); }
inline std::string DeliveriesPrefix() { return Prefix("dn"); }
inline std::string DeliveryByTime(absl::Time created, absl::string_view id) {
  return absl::StrCat(DeliveriesPrefix(), NewestFirst(created), id);
}
inline std::string Survey(absl::string_view id) { return Tagged("sv", id); }

}  // namespace chronicle::notifications::keys

#endif  // CHRONICLE_NOTIFICATIONS_PROJECTION_KEYS_H_
