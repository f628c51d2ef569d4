#include "chronicle/aggregate/stamped_request.h"

#include "chronicle/aggregate/proto_time.h"
#include "chronicle/base/correlation.h"
#include "chronicle/base/uuid.h"

namespace chronicle::aggregate {

eventlog::AppendRequest StampedRequest(const v1::StreamId& stream,
                                       eventlog::ExpectedVersion expected, const v1::Actor& actor,
                                       const std::string& command_id, absl::Time now,
                                       std::vector<v1::EventEnvelope>* events) {
  eventlog::AppendRequest request;
  request.stream = stream;
  request.expected_version = expected;
  request.command_id = command_id.empty() ? RandomUuid() : command_id;
  request.actor = actor;
  request.correlation_id = CurrentCorrelationId();  // the call this command serves, if any
  const google::protobuf::Timestamp stamp = ToProtoTime(now);
  for (v1::EventEnvelope& event : *events) {
    if (!event.has_occurred_at()) *event.mutable_occurred_at() = stamp;
    *event.mutable_stream() = stream;
    *event.mutable_actor() = actor;
    *event.mutable_recorded_at() = stamp;
    event.set_command_id(request.command_id);
    request.events.push_back(event);
  }
  return request;
}

}  // namespace chronicle::aggregate
