// The plumbing every contacts command shares: load an aggregate's state from its stream, append
// the decided events with the version the decision saw, fold them into the state the caller gets
// back, and wait until the projection shows them (so the caller reads its own writes).
// Thread-safe.
#ifndef CHRONICLE_CONTACTS_APP_COMMAND_RUNNER_H_
#define CHRONICLE_CONTACTS_APP_COMMAND_RUNNER_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "chronicle/base/clock.h"
#include "chronicle/eventlog/event_log.h"
#include "chronicle/projection/projection_engine.h"
#include "contacts/domain/client.h"

namespace chronicle::contacts {

struct Written {
  ClientState state;           // after the command
  uint64_t last_position = 0;  // 0 when nothing was appended
  bool deduplicated = false;   // the request id had been applied before: state is re-read
};

using ClientDecision =
    std::function<absl::StatusOr<std::vector<v1::EventEnvelope>>(const ClientState&)>;

class CommandRunner {
 public:
  CommandRunner(eventlog::EventLog* log, projection::ProjectionEngine* engine, const Clock* clock)
      : log_(log), engine_(engine), clock_(clock) {}

  absl::Time Now() const { return clock_->Now(); }

  // Reads a client's whole stream (optionally only the events that occurred by `as_of`) and
  // folds it.
  absl::StatusOr<ClientState> LoadClient(absl::string_view id,
                                         absl::Time as_of = absl::InfiniteFuture());

  // Load, decide, append with the loaded version; on a concurrent writer's conflict, again (a few
  // times). `command_id` (may be empty) makes the append idempotent.
  absl::StatusOr<Written> RunClient(absl::string_view id, const v1::Actor& actor,
                                    const std::string& command_id, const ClientDecision& decide);

  // Appends `events` to `stream` expecting `expected`, stamped as MakeRequest does (so the caller
  // can Fold them).
  absl::StatusOr<eventlog::AppendResult> Append(const v1::StreamId& stream,
                                                eventlog::ExpectedVersion expected,
                                                const v1::Actor& actor,
                                                const std::string& command_id,
                                                std::vector<v1::EventEnvelope>* events);

  // Many appends at once (the log commits them in groups); results in order.
  std::vector<absl::StatusOr<eventlog::AppendResult>> AppendAll(
      std::vector<eventlog::AppendRequest> requests);

  // A request for AppendAll, with envelopes stamped like Append does.
  eventlog::AppendRequest MakeRequest(const v1::StreamId& stream,
                                      eventlog::ExpectedVersion expected, const v1::Actor& actor,
                                      const std::string& command_id,
                                      std::vector<v1::EventEnvelope>* events);

  // Folds freshly appended `events` (stamped by MakeRequest) into `state`.
  static absl::Status Fold(const std::vector<v1::EventEnvelope>& events, ClientState* state);

  // Blocks until the contacts projection has applied `position` (bounded; a timeout is logged and
  // ignored: the write is durable, only the read-your-writes promise is late).
  void AwaitProjection(uint64_t position);

  eventlog::EventLog& log() { return *log_; }
  projection::ProjectionEngine& engine() { return *engine_; }

 private:
  eventlog::EventLog* log_;
  projection::ProjectionEngine* engine_;
  const Clock* clock_;
};

// A client id derived from a request id, so a retried create lands on the same stream: 32 hex
// digits of SHA-256("salt\nrequest id") in UUID layout.
std::string DerivedId(absl::string_view salt, absl::string_view request_id);

// A fresh time-ordered id (UUIDv7) for a new aggregate.
std::string NewAggregateId();

// "clients/{id}" -> id. INVALID_ARGUMENT naming `field` when malformed.
absl::StatusOr<std::string> ParseResourceId(absl::string_view name, absl::string_view prefix,
                                            absl::string_view field);

// Ids a caller may choose: [a-z0-9-]{1,63}.
bool IsValidResourceId(absl::string_view id);

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_APP_COMMAND_RUNNER_H_
