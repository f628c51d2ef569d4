// Builders for events and append requests in tests.
#ifndef CHRONICLE_TESTING_EVENTS_H_
#define CHRONICLE_TESTING_EVENTS_H_

#include <string>

#include "chronicle/eventlog/event_log.h"
#include "google/protobuf/wrappers.pb.h"

namespace chronicle::testing {

inline v1::StreamId Stream(const std::string& type, const std::string& id) {
  v1::StreamId stream;
  stream.set_type(type);
  stream.set_id(id);
  return stream;
}

// An event of `type` whose payload is a StringValue holding `text`.
inline v1::EventEnvelope NewEvent(const std::string& type, const std::string& text = "") {
  v1::EventEnvelope event;
  event.set_event_type(type);
  google::protobuf::StringValue value;
  value.set_value(text);
  event.mutable_payload()->PackFrom(value);
  return event;
}

inline eventlog::AppendRequest Append(
    const v1::StreamId& stream, const std::string& command_id, int events = 1,
    eventlog::ExpectedVersion expected = eventlog::ExpectedVersion::Any()) {
  eventlog::AppendRequest request;
  request.stream = stream;
  request.command_id = command_id;
  request.expected_version = expected;
  request.actor.set_user_id("tester");
  request.actor.set_role("admin");
  for (int i = 0; i < events; ++i) {
    request.events.push_back(NewEvent("test.Happened", command_id + "#" + std::to_string(i)));
  }
  return request;
}

}  // namespace chronicle::testing

#endif  // CHRONICLE_TESTING_EVENTS_H_
