// The plumbing every command of an event-sourced aggregate shares: load the aggregate's state from
// its stream, decide, append the decided events with the version the decision saw (retrying when
// a concurrent writer got there first), fold them into the state the caller gets back, and wait
// until the service's projection shows them (so the caller reads its own writes).
//
// A `State` is a struct with a `uint64_t version` (the stream version folded so far) and a free
// function `absl::Status Evolve(const v1::EventEnvelope&, State*)` found by argument-dependent
// lookup. Thread-safe.
#ifndef CHRONICLE_AGGREGATE_COMMAND_RUNNER_H_
#define CHRONICLE_AGGREGATE_COMMAND_RUNNER_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "chronicle/base/clock.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/eventlog/event_log.h"
#include "chronicle/projection/projection_engine.h"

namespace chronicle::aggregate {

template <typename State>
struct Written {
  State state;                 // after the command
  uint64_t last_position = 0;  // 0 when nothing was appended
  bool deduplicated = false;   // the command id had been applied before: state is re-read
};

template <typename State>
using Decision = std::function<absl::StatusOr<std::vector<v1::EventEnvelope>>(const State&)>;

class CommandRunner {
 public:
  // `projection` names the projection of `engine` that commands wait for.
  CommandRunner(eventlog::EventLog* log, projection::ProjectionEngine* engine,
                std::string projection, const Clock* clock)
      : log_(log), engine_(engine), projection_(std::move(projection)), clock_(clock) {}

  absl::Time Now() const { return clock_->Now(); }

  // Calls `visit` for each event of `stream` that occurred by `as_of`, in stream order. Occurrence
  // time, not recording time: the aggregate as it stood in the world at `as_of`. For the
  // services' own commands the two are the same instant.
  absl::Status ReadStream(const v1::StreamId& stream, absl::Time as_of,
                          const std::function<absl::Status(const v1::EventEnvelope&)>& visit);

  // One page of `stream`'s events, oldest first (List*Events methods): page_size 0..1000
  // (default 100), the token is the next stream version. INVALID_ARGUMENT for a bad size or
  // token; NOT_FOUND naming `name` when the stream has no events.
  absl::Status PageStream(const v1::StreamId& stream, absl::string_view name, int page_size,
                          const std::string& page_token,
                          google::protobuf::RepeatedPtrField<v1::EventEnvelope>* events,
                          std::string* next_page_token);

  // The folded state of `stream` (as of `as_of`); a stream with no events gives State{}.
  template <typename State>
  absl::StatusOr<State> Load(const v1::StreamId& stream,
                             absl::Time as_of = absl::InfiniteFuture()) {
    State state;
    RETURN_IF_ERROR(ReadStream(
        stream, as_of, [&state](const v1::EventEnvelope& event) { return Evolve(event, &state); }));
    return state;
  }

  // Load, decide, append with the loaded version; on a concurrent writer's conflict, again (a few
  // times). `command_id` (may be empty) makes the append idempotent. Decisions that return no
  // events write nothing and return the loaded state.
  template <typename State>
  absl::StatusOr<Written<State>> Run(const v1::StreamId& stream, const v1::Actor& actor,
                                     const std::string& command_id, const Decision<State>& decide) {
    for (int attempt = 0;; ++attempt) {
      ASSIGN_OR_RETURN(State state, Load<State>(stream));
      ASSIGN_OR_RETURN(std::vector<v1::EventEnvelope> events, decide(state));
      Written<State> written;
      if (events.empty()) {
        written.state = std::move(state);
        return written;
      }
      auto result = Append(stream, ExpectedFor(state.version), actor, command_id, &events);
      if (absl::IsAborted(result.status()) && attempt < kConflictRetries) continue;
      RETURN_IF_ERROR(result.status());
      written.last_position = result->last_position;
      written.deduplicated = result->deduplicated;
      if (result->deduplicated) {
        ASSIGN_OR_RETURN(written.state, Load<State>(stream));
      } else {
        written.state = std::move(state);
        RETURN_IF_ERROR(Fold(events, &written.state));
      }
      AwaitProjection(written.last_position);
      return written;
    }
  }

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

  // A request for AppendAll, with envelopes stamped (StampedRequest) at the runner's clock.
  eventlog::AppendRequest MakeRequest(const v1::StreamId& stream,
                                      eventlog::ExpectedVersion expected, const v1::Actor& actor,
                                      const std::string& command_id,
                                      std::vector<v1::EventEnvelope>* events);

  // Folds freshly appended `events` (stamped by MakeRequest) into `state`.
  template <typename State>
  static absl::Status Fold(const std::vector<v1::EventEnvelope>& events, State* state) {
    for (v1::EventEnvelope event : events) {
      event.set_stream_version(state->version + 1);
      RETURN_IF_ERROR(Evolve(event, state));
    }
    return absl::OkStatus();
  }

  // NoStream for a state that has no events yet, else Exact(version).
  static eventlog::ExpectedVersion ExpectedFor(uint64_t version) {
    return version == 0 ? eventlog::ExpectedVersion::NoStream()
                        : eventlog::ExpectedVersion::Exact(version);
  }

  // Blocks until the projection has applied `position` (bounded; a timeout is logged and
  // ignored: the write is durable, only the read-your-writes promise is late).
  void AwaitProjection(uint64_t position);

  // Blocks until the projection has seen everything appended so far, by this process and, on a
  // log other processes write to (Kafka), by the others up to now (bounded as above).
  void CatchUp();

  // The projection's value at `key`. When there is none, catches up once and reads again: what
  // was written a moment ago (a client another service just created) may not have reached it.
  absl::StatusOr<std::optional<std::string>> ReadCaughtUp(absl::string_view key);

  eventlog::EventLog& log() { return *log_; }
  projection::ProjectionEngine& engine() { return *engine_; }

 private:
  static constexpr int kConflictRetries = 5;

  eventlog::EventLog* log_;
  projection::ProjectionEngine* engine_;
  std::string projection_;
  const Clock* clock_;
};

}  // namespace chronicle::aggregate

#endif  // CHRONICLE_AGGREGATE_COMMAND_RUNNER_H_
