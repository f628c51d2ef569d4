// Building and reading the contacts service's events: envelopes whose payload is one of the
// messages in contacts_events.proto and whose type is "contacts.<MessageName>".
#ifndef CHRONICLE_CONTACTS_DOMAIN_EVENTS_H_
#define CHRONICLE_CONTACTS_DOMAIN_EVENTS_H_

#include <string>

#include "absl/status/status.h"
#include "chronicle/aggregate/typed_events.h"
#include "chronicle/v1/contacts_events.pb.h"
#include "chronicle/v1/event.pb.h"

namespace chronicle::contacts {

inline constexpr char kEventTypePrefix[] = "contacts.";
// Stream types of the service's aggregates.
inline constexpr char kClientStream[] = "client";
inline constexpr char kCompanyStream[] = "company";
inline constexpr char kCustomFieldsStream[] = "custom_fields";
inline constexpr char kCustomFieldsStreamId[] = "workspace";
inline constexpr char kImportJobStream[] = "import_job";

using aggregate::EventType;
using aggregate::Is;
using aggregate::MakeStream;
using aggregate::NewEvent;
using aggregate::Unpack;

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_DOMAIN_EVENTS_H_
