// Building and reading the activities service's events: envelopes whose payload is one of the
// messages in activities_events.proto and whose type is "activities.<MessageName>".
#ifndef CHRONICLE_ACTIVITIES_DOMAIN_EVENTS_H_
#define CHRONICLE_ACTIVITIES_DOMAIN_EVENTS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "chronicle/aggregate/etag.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/aggregate/typed_events.h"
#include "chronicle/v1/activities_events.pb.h"
#include "chronicle/v1/event.pb.h"

namespace chronicle::activities {

inline constexpr char kEventTypePrefix[] = "activities.";
// Stream types of the service's aggregates.
inline constexpr char kActivityStream[] = "activity";
inline constexpr char kTaskStream[] = "task";
inline constexpr char kTaskSeriesStream[] = "task_series";
inline constexpr char kEmployeeStream[] = "employee";
inline constexpr char kActivityTypesStream[] = "activity_types";
inline constexpr char kContactRulesStream[] = "contact_rules";
inline constexpr char kWorkspaceStreamId[] = "workspace";

// Resource name prefixes.
inline constexpr char kActivityPrefix[] = "activities/";
inline constexpr char kTaskPrefix[] = "tasks/";
inline constexpr char kTaskSeriesPrefix[] = "taskSeries/";
inline constexpr char kEmployeePrefix[] = "employees/";
inline constexpr char kActivityTypePrefix[] = "activityTypes/";
inline constexpr char kContactRulePrefix[] = "contactRules/";
inline constexpr char kClientPrefix[] = "clients/";
inline constexpr char kCompanyPrefix[] = "companies/";
inline constexpr char kDealPrefix[] = "deals/";

using aggregate::CheckEtag;
using aggregate::EventType;
using aggregate::IdOf;
using aggregate::Is;
using aggregate::MakeStream;
using aggregate::NewClientEvent;
using aggregate::NewEvent;
using aggregate::Unpack;

}  // namespace chronicle::activities

#endif  // CHRONICLE_ACTIVITIES_DOMAIN_EVENTS_H_
