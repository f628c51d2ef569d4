// Building and reading the contacts service's events: envelopes whose payload is one of the
// messages in contacts_events.proto and whose type is "contacts.<MessageName>".
#ifndef CHRONICLE_CONTACTS_DOMAIN_EVENTS_H_
#define CHRONICLE_CONTACTS_DOMAIN_EVENTS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
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
  return absl::StrCat(kEventTypePrefix, Message::descriptor()->name());
}

// A new event (no ids or positions yet) carrying `payload`.
template <typename Message>
v1::EventEnvelope NewEvent(const Message& payload) {
  v1::EventEnvelope event;
  event.set_event_type(EventType<Message>());
  event.set_schema_version(1);
  event.mutable_payload()->PackFrom(payload);
  return event;
}

// True when `event` is a `Message`; unpacks it into *out. DATA_LOSS when the type matches but the
// payload does not parse.
template <typename Message>
bool Is(const v1::EventEnvelope& event) {
  return event.event_type() == EventType<Message>();
}

template <typename Message>
absl::Status Unpack(const v1::EventEnvelope& event, Message* out) {
  if (!event.payload().UnpackTo(out)) {
    return absl::DataLossError(absl::StrCat("event at position ", event.global_position(), " (",
                                            event.event_type(), ") has an unreadable payload"));
  }
  return absl::OkStatus();
}

inline v1::StreamId MakeStream(absl::string_view type, absl::string_view id) {
  v1::StreamId stream;
  stream.set_type(std::string(type));
  stream.set_id(std::string(id));
  return stream;
}

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_DOMAIN_EVENTS_H_
