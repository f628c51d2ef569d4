// A read-only view of a serialized EventEnvelope: the fields a fold dispatches on, pointing into
// the bytes, without parsing the whole message.
//
// Why: a replay of millions of events spends most of its time building EventEnvelope messages
// (a dozen strings each) that a fold reads three fields of. Scanning the wire format for those
// fields costs a fraction of that and allocates nothing. The payload stays serialized; the fold
// parses it only for the event types it handles.
#ifndef CHRONICLE_EVENTLOG_ENVELOPE_VIEW_H_
#define CHRONICLE_EVENTLOG_ENVELOPE_VIEW_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "chronicle/v1/event.pb.h"

namespace chronicle::eventlog {

struct EnvelopeView {
  uint64_t global_position = 0;
  uint64_t stream_version = 0;
  absl::string_view stream_type;
  absl::string_view stream_id;
  absl::string_view event_type;
  absl::string_view actor_user_id;
  absl::string_view partition_key;
  int64_t occurred_at_seconds = 0;
  int64_t recorded_at_seconds = 0;
  absl::string_view payload_type_url;
  absl::string_view payload;  // the payload message's serialized bytes (Any.value)

  // Parses the payload into `message`. DATA_LOSS when the payload is of another type or does not
  // parse.
  absl::Status UnpackTo(google::protobuf::Message* message) const;
};

// Scans `bytes` (a serialized EventEnvelope) into *view, whose fields point into `bytes`. Fields
// the view does not hold are skipped. DATA_LOSS when the bytes are not a well-formed message.
absl::Status ParseEnvelopeView(absl::string_view bytes, EnvelopeView* view);

// A view of an already parsed envelope; it points into `event`, which must outlive it.
EnvelopeView ViewOf(const v1::EventEnvelope& event);

}  // namespace chronicle::eventlog

#endif  // CHRONICLE_EVENTLOG_ENVELOPE_VIEW_H_
