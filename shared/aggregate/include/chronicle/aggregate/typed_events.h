// Typed events: envelopes whose payload is a protobuf message and whose type is
// "<service>.<MessageName>" (for example "deals.DealWon"). Each service wraps these with its own
// prefix in its domain/events.h.
#ifndef CHRONICLE_AGGREGATE_TYPED_EVENTS_H_
#define CHRONICLE_AGGREGATE_TYPED_EVENTS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "chronicle/v1/event.pb.h"

namespace chronicle::aggregate {

// `prefix` is the service name followed by a dot: "deals.".
template <typename Message>
std::string TypedEventType(absl::string_view prefix) {
  return absl::StrCat(prefix, Message::descriptor()->name());
}

// A new event (no ids or positions yet) carrying `payload`.
template <typename Message>
v1::EventEnvelope NewTypedEvent(absl::string_view prefix, const Message& payload) {
  v1::EventEnvelope event;
  event.set_event_type(TypedEventType<Message>(prefix));
  event.set_schema_version(1);
  event.mutable_payload()->PackFrom(payload);
  return event;
}

// The payload of `event` into *out. DATA_LOSS when it does not parse as a `Message`.
template <typename Message>
absl::Status UnpackPayload(const v1::EventEnvelope& event, Message* out) {
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

}  // namespace chronicle::aggregate

#endif  // CHRONICLE_AGGREGATE_TYPED_EVENTS_H_
