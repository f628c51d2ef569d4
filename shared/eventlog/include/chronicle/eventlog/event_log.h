// The event log: the single source of truth every Chronicle service writes to and derives its
// read models from. One interface, two implementations: the embedded RocksDB log (one process,
// one total order) and, for distributed mode, Kafka (a total order per partition).
//
// Thread-safety: every method may be called from any thread concurrently.
#ifndef CHRONICLE_EVENTLOG_EVENT_LOG_H_
#define CHRONICLE_EVENTLOG_EVENT_LOG_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "chronicle/eventlog/checkpoint.h"
#include "chronicle/eventlog/expected_version.h"
#include "chronicle/v1/event.pb.h"

namespace chronicle::eventlog {

// Limits enforced on every append, so that one caller cannot stall the log for everyone.
inline constexpr size_t kMaxEventsPerAppend = 1000;
inline constexpr size_t kMaxEventBytes = 1 << 20;  // serialized payload + metadata of one event
inline constexpr size_t kMaxIdBytes = 128;         // stream id, command id, correlation ids

struct AppendRequest {
  v1::StreamId stream;
  ExpectedVersion expected_version = ExpectedVersion::Any();
  // Idempotency key: a retry with the same command id returns the first result, writes nothing.
  std::string command_id;
  std::string correlation_id;
  std::string causation_id;
  v1::Actor actor;
  // The caller sets event_type, payload and optionally occurred_at, schema_version and
  // partition_key; the log assigns ids, versions, positions and recorded_at.
  std::vector<v1::EventEnvelope> events;
  // Set only by a replica copying appends another process wrote (the Kafka log's local copy):
  // the events keep the event_id and recorded_at their writer gave them, so every replica holds
  // the same facts. Positions and stream versions are still this log's own.
  bool replicated = false;
};

struct AppendResult {
  uint64_t first_position = 0;
  uint64_t last_position = 0;
  uint64_t stream_version = 0;  // version of the stream's last event after this append
  bool deduplicated = false;    // true when the command id had been applied before
};

using AppendCallback = std::function<void(absl::StatusOr<AppendResult>)>;

// Receives events from a subscription, in log order, on the subscription's own thread.
class EventConsumer {
 public:
  virtual ~EventConsumer() = default;
  // Consecutive batches, never empty. A non-OK return stops the subscription and is passed to
  // OnStopped; the batch counts as not consumed.
  virtual absl::Status OnEvents(absl::Span<const v1::EventEnvelope> events) = 0;
  // Called once if the subscription stops on an error (a failed read or OnEvents); not called
  // when the subscription is destroyed.
  virtual void OnStopped(const absl::Status& status) {}
};

// A running subscription. Destroying it stops delivery and waits until no OnEvents call is
// running, so the consumer may be destroyed right after. Never destroy it from inside OnEvents.
class Subscription {
 public:
  virtual ~Subscription() = default;
};

class EventLog {
 public:
  virtual ~EventLog() = default;

  // Appends `request.events` to one stream atomically and durably (synced to disk before `done`
  // runs). `done` runs exactly once, on a log thread: keep it short and never block in it.
  // Errors: INVALID_ARGUMENT (bad request; see ValidateAppendRequest), ABORTED (expected version
  // does not match), ALREADY_EXISTS (command id used before for another stream),
  // RESOURCE_EXHAUSTED (disk full), UNAVAILABLE (storage failed or log closing).
  virtual void AppendAsync(AppendRequest request, AppendCallback done) = 0;

  // Blocking form of AppendAsync.
  absl::StatusOr<AppendResult> Append(AppendRequest request);

  // Up to `max_count` events with global position >= `from_position`, in order. DATA_LOSS if a
  // stored event fails its checksum.
  virtual absl::StatusOr<std::vector<v1::EventEnvelope>> ReadAll(uint64_t from_position,
                                                                 size_t max_count) = 0;

  // Like ReadAll, into *events, whose messages are reused (their allocations survive a Clear):
  // the replay path reads batch after batch into one buffer. *events is resized to what was read.
  // The default implementation delegates to ReadAll.
  virtual absl::Status ReadAllInto(uint64_t from_position, size_t max_count,
                                   std::vector<v1::EventEnvelope>* events);

  // Up to `max_count` events from `from_position` on, in order, as their serialized envelopes:
  // `visit(position, bytes)` for each; the bytes are valid until `visit` returns. For readers
  // that want a few fields of many events (see EnvelopeView) rather than whole messages: a
  // replay at the speed the log is read. DATA_LOSS as for ReadAll. The default implementation
  // serializes what ReadAllInto returns.
  virtual absl::Status ScanAll(uint64_t from_position, size_t max_count,
                               const std::function<void(uint64_t, absl::string_view)>& visit);

  // Up to `max_count` events of one stream with version >= `from_version`, in order.
  virtual absl::StatusOr<std::vector<v1::EventEnvelope>> ReadStream(const v1::StreamId& stream,
                                                                    uint64_t from_version,
                                                                    size_t max_count) = 0;

  // Current version of a stream (0 when it has no events).
  virtual absl::StatusOr<uint64_t> StreamVersion(const v1::StreamId& stream) = 0;

  // Position of the last durable event (0 for an empty log).
  virtual uint64_t HeadPosition() const = 0;

  // Delivers every event after `from` to `consumer`, catching up and then following the tail.
  // `consumer` must outlive the subscription.
  virtual std::unique_ptr<Subscription> Subscribe(const Checkpoint& from,
                                                  EventConsumer* consumer) = 0;

  // Bytes the log occupies on disk (approximate).
  virtual uint64_t StorageBytes() = 0;

  // Waits, at most `timeout`, until this log holds every append other processes had acknowledged
  // when the call began: what a reader calls before concluding that a fact another service just
  // wrote does not exist. OK at once for a log with no other writers (the embedded log);
  // DEADLINE_EXCEEDED or UNAVAILABLE when it could not make sure.
  virtual absl::Status AwaitLatest(absl::Duration timeout) { return absl::OkStatus(); }
};

// Checks what can be checked without the log's state: stream and ids well-formed, event count and
// sizes within limits, event types present. INVALID_ARGUMENT with a BadRequest-style message
// naming each offending field ("events[3].event_type: required").
absl::Status ValidateAppendRequest(const AppendRequest& request);

// "type/id": the canonical text form of a stream id.
std::string StreamName(const v1::StreamId& stream);
// Parses "type/id". INVALID_ARGUMENT when malformed.
absl::StatusOr<v1::StreamId> ParseStreamName(absl::string_view name);

}  // namespace chronicle::eventlog

#endif  // CHRONICLE_EVENTLOG_EVENT_LOG_H_
