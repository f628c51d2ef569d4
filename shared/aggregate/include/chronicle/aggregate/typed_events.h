// Typed events: envelopes whose payload is a protobuf message and whose type is
// "<service>.<MessageName>" (for example "deals.DealWon"). Services bring these into their
// namespace in their domain/events.h.
#ifndef CHRONICLE_AGGREGATE_TYPED_EVENTS_H_
#define CHRONICLE_AGGREGATE_TYPED_EVENTS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/v1/event.pb.h"

namespace chronicle::aggregate {

// The service prefix of `Message`'s event type, from the file that defines it: every service keeps
// its events in "chronicle/v1/<service>_events.proto", so deals_events.proto gives "deals.".
template <typename Message>
const std::string& EventTypePrefix() {
  static const std::string* const prefix = [] {
    absl::string_view file = Message::descriptor()->file()->name();
    file = file.substr(file.rfind('/') + 1);
    absl::ConsumeSuffix(&file, "_events.proto");
    return new std::string(absl::StrCat(file, "."));
  }();
  return *prefix;
}

// "<service>.<MessageName>", for example "deals.DealWon".
template <typename Message>
std::string EventType() {
  return absl::StrCat(EventTypePrefix<Message>(), Message::descriptor()->name());
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

// True when `event` is a `Message`.
template <typename Message>
bool Is(const v1::EventEnvelope& event) {
  return event.event_type() == EventType<Message>();
}

// The payload of `event` into *out. DATA_LOSS when it does not parse as a `Message`.
template <typename Message>
absl::Status Unpack(const v1::EventEnvelope& event, Message* out) {
  if (!event.payload().UnpackTo(out)) {
    return absl::DataLossError(absl::StrCat("event at position ", event.global_position(), " (",
                                            event.event_type(), ") has an unreadable payload"));
  }
  return absl::OkStatus();
}

// A new event about `client` ("clients/{id}" or empty): on a partitioned log it travels with the
// client's other events (its partition key is the client id), so one client's history stays in
// order, and other services' read models file it under the client (the timeline).
template <typename Message>
v1::EventEnvelope NewClientEvent(const Message& payload, absl::string_view client) {
  v1::EventEnvelope event = NewEvent(payload);
  if (!client.empty()) event.set_partition_key(IdOf(client));
  return event;
}

inline v1::StreamId MakeStream(absl::string_view type, absl::string_view id) {
  v1::StreamId stream;
  stream.set_type(std::string(type));
  stream.set_id(std::string(id));
  return stream;
}

}  // namespace chronicle::aggregate

#endif  // CHRONICLE_AGGREGATE_TYPED_EVENTS_H_
