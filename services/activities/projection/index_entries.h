// The index entries each record contributes to the activities projection (see keys.h). A change
// replaces a record's old entries with its new ones (projection::keys::ReplaceEntries). Pure.
#ifndef CHRONICLE_ACTIVITIES_PROJECTION_INDEX_ENTRIES_H_
#define CHRONICLE_ACTIVITIES_PROJECTION_INDEX_ENTRIES_H_

#include "chronicle/projection/key_layout.h"
#include "chronicle/v1/activities_resources.pb.h"
#include "chronicle/v1/contacts_resources.pb.h"
#include "chronicle/v1/deals_resources.pb.h"

namespace chronicle::activities {

// By assignee and due time, everyone's by due time, open ones by client, and the calendar.
projection::keys::Entries TaskEntries(const v1::Task& task);
// A meeting on the calendar of its employee and each participant.
projection::keys::Entries MeetingEntries(const v1::Activity& activity);
// A client under its owner now, unless merged away or deleted.
projection::keys::Entries ClientEntries(const v1::Client& client);
// An open deal under its client.
projection::keys::Entries DealEntries(const v1::Deal& deal);

}  // namespace chronicle::activities

#endif  // CHRONICLE_ACTIVITIES_PROJECTION_INDEX_ENTRIES_H_
