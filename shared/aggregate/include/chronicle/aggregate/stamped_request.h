// An append request with its envelopes stamped the way every write of the services is: stream,
// actor, command id, recorded_at, and occurred_at where the decider left it unset. The command
// runner and writers that need no aggregate (analytics' settings, targets, spend) share it.
#ifndef CHRONICLE_AGGREGATE_STAMPED_REQUEST_H_
#define CHRONICLE_AGGREGATE_STAMPED_REQUEST_H_

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "chronicle/eventlog/event_log.h"

namespace chronicle::aggregate {

// Stamps `*events` in place (the caller may fold them) and returns the request appending copies
// of them. An empty `command_id` gets a random one: the log wants every append named.
eventlog::AppendRequest StampedRequest(const v1::StreamId& stream,
                                       eventlog::ExpectedVersion expected, const v1::Actor& actor,
                                       const std::string& command_id, absl::Time now,
                                       std::vector<v1::EventEnvelope>* events);

}  // namespace chronicle::aggregate

#endif  // CHRONICLE_AGGREGATE_STAMPED_REQUEST_H_
