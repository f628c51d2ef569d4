// Building and reading the deals service's events: envelopes whose payload is one of the
// messages in deals_events.proto and whose type is "deals.<MessageName>".
#ifndef CHRONICLE_DEALS_DOMAIN_EVENTS_H_
#define CHRONICLE_DEALS_DOMAIN_EVENTS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "chronicle/aggregate/etag.h"
#include "chronicle/aggregate/typed_events.h"
#include "chronicle/v1/deals_events.pb.h"
#include "chronicle/v1/event.pb.h"

namespace chronicle::deals {

inline constexpr char kEventTypePrefix[] = "deals.";
// Stream types of the service's aggregates.
inline constexpr char kPipelineStream[] = "pipeline";
inline constexpr char kDealStream[] = "deal";
inline constexpr char kRefusalReasonsStream[] = "refusal_reasons";
inline constexpr char kRefusalReasonsStreamId[] = "workspace";

// Resource name prefixes.
inline constexpr char kPipelinePrefix[] = "pipelines/";
inline constexpr char kDealPrefix[] = "deals/";
inline constexpr char kRefusalReasonPrefix[] = "refusalReasons/";
inline constexpr char kClientPrefix[] = "clients/";
inline constexpr char kCompanyPrefix[] = "companies/";

using aggregate::CheckEtag;
using aggregate::EventType;
using aggregate::Is;
using aggregate::MakeStream;
using aggregate::NewEvent;
using aggregate::Unpack;

}  // namespace chronicle::deals

#endif  // CHRONICLE_DEALS_DOMAIN_EVENTS_H_
