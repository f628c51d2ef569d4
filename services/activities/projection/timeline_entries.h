// What one event adds to the timelines: the entry a person reads (kind, who, a one-line summary
// in the workspace's language, Russian) and its index keys under each subject it concerns. Pure.
#ifndef CHRONICLE_ACTIVITIES_PROJECTION_TIMELINE_ENTRIES_H_
#define CHRONICLE_ACTIVITIES_PROJECTION_TIMELINE_ENTRIES_H_

#include <string>
#include <vector>

#include "chronicle/projection/key_layout.h"
#include "chronicle/v1/activities_resources.pb.h"
#include "chronicle/v1/contacts_resources.pb.h"
#include "chronicle/v1/deals_resources.pb.h"
#include "chronicle/v1/event.pb.h"

namespace chronicle::activities {

// Timeline kinds of entries that are not activities.
inline constexpr char kTaskKind[] = "task";
inline constexpr char kDealKind[] = "deal";
inline constexpr char kContactKind[] = "contact";

// The entry's common part: event id, position, type, time, the actor as employee.
v1::TimelineEntry EntryFor(const v1::EventEnvelope& event);

// Times read in `zone`, the employee's (UTC when unknown).
std::string ActivitySummary(const v1::Activity& activity, const v1::EventEnvelope& event,
                            const std::string& zone);
std::string TaskSummary(const v1::Task& task, const v1::EventEnvelope& event);
std::string DealSummary(const v1::Deal& deal, const v1::EventEnvelope& event);
std::string ContactSummary(const v1::EventEnvelope& event);
// Another service's event about a client: what the notifications service did (a message sent, a
// delivery attempt, a rule's action), or the event type when it is not one of those.
std::string OtherServiceSummary(const v1::EventEnvelope& event);

// The entry and its kind and employee index keys under each of `subjects`.
projection::keys::Entries TimelineKeys(const v1::TimelineEntry& entry,
                                       const std::vector<std::string>& subjects);

}  // namespace chronicle::activities

#endif  // CHRONICLE_ACTIVITIES_PROJECTION_TIMELINE_ENTRIES_H_
