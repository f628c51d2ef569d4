// The activities projection's queries: the employee directory, timelines, engagement ("who
// works with this client now"), task lists, calendars and clients overdue for contact. Each
// reads one consistent view.
#ifndef CHRONICLE_ACTIVITIES_PROJECTION_QUERIES_H_
#define CHRONICLE_ACTIVITIES_PROJECTION_QUERIES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "chronicle/projection/projection.h"
#include "chronicle/v1/activities.pb.h"

namespace chronicle::activities {

// The timeline subjects of a client: itself and every card merged into it, recursively. A card
// merged away reads as the one it was merged into, whose card goes to *survivor when given.
// NOT_FOUND naming `client` when unknown.
absl::StatusOr<std::vector<std::string>> ClientSubjects(projection::StateReader& view,
                                                        const std::string& client,
                                                        v1::Client* survivor = nullptr);

// One page of the timeline of `subjects`, newest first (ListTimeline).
absl::Status ListTimeline(projection::StateReader& view, const std::vector<std::string>& subjects,
                          const v1::ListTimelineRequest& request,
                          v1::ListTimelineResponse* response);

absl::StatusOr<v1::ClientEngagement> GetClientEngagement(projection::StateReader& view,
                                                         const std::string& client, int recent_days,
                                                         absl::Time now);

absl::Status ListEmployees(projection::StateReader& view, const v1::ListEmployeesRequest& request,
                           v1::ListEmployeesResponse* response);

absl::Status ListTasks(projection::StateReader& view, const v1::ListTasksRequest& request,
                       absl::Time now, v1::ListTasksResponse* response);

absl::Status ListCalendar(projection::StateReader& view, const v1::ListCalendarRequest& request,
                          v1::ListCalendarResponse* response);

// Clients overdue for contact under `rules` (active ones), per owner, longest overdue first.
absl::Status ListOverdueContacts(projection::StateReader& view,
                                 const std::vector<v1::ContactRule>& rules,
                                 const v1::ListOverdueContactsRequest& request, absl::Time now,
                                 v1::ListOverdueContactsResponse* response);

}  // namespace chronicle::activities

#endif  // CHRONICLE_ACTIVITIES_PROJECTION_QUERIES_H_
