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

template <typename Message>
std::string EventType() {
  return aggregate::TypedEventType<Message>(kEventTypePrefix);
}

// A new event (no ids or positions yet) carrying `payload`.
template <typename Message>
v1::EventEnvelope NewEvent(const Message& payload) {
  return aggregate::NewTypedEvent(kEventTypePrefix, payload);
}

// True when `event` is a `Message`.
template <typename Message>
bool Is(const v1::EventEnvelope& event) {
  return event.event_type() == EventType<Message>();
}

// The payload into *out; DATA_LOSS when the type matches but the payload does not parse.
template <typename Message>
absl::Status Unpack(const v1::EventEnvelope& event, Message* out) {
  return aggregate::UnpackPayload(event, out);
}

using aggregate::MakeStream;

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_DOMAIN_EVENTS_H_
