#include "chronicle/eventlog/envelope_view.h"

#include "absl/strings/str_cat.h"

namespace chronicle::eventlog {
namespace {

// Field numbers of the messages the view reads (proto/chronicle/v1/event.proto and the
// well-known Timestamp and Any). The round-trip test pins them to the generated code.
enum EnvelopeField {
  kStream = 2,
  kStreamVersion = 3,
  kGlobalPosition = 4,
  kOccurredAt = 6,
  kRecordedAt = 7,
  kActor = 8,
  kEventType = 12,
  kPayload = 13,
  kPartitionKey = 14,
};
enum WireType { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

// A cursor over wire-format bytes: the few primitives a scan of known fields needs.
class WireReader {
 public:
  explicit WireReader(absl::string_view bytes)
      : p_(reinterpret_cast<const uint8_t*>(bytes.data())), end_(p_ + bytes.size()) {}

  bool done() const { return p_ == end_; }

  bool ReadVarint(uint64_t* value) {
    uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) return false;
      const uint8_t byte = *p_++;
      result |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) {
        *value = result;
        return true;
      }
    }
    return false;
  }

  bool ReadTag(uint32_t* field, uint32_t* wire_type) {
    uint64_t tag = 0;
    if (!ReadVarint(&tag) || tag >> 3 == 0 || tag >> 3 > UINT32_MAX) return false;
    *field = static_cast<uint32_t>(tag >> 3);
    *wire_type = static_cast<uint32_t>(tag & 7);
    return true;
  }

  bool ReadBytes(absl::string_view* bytes) {
    uint64_t size = 0;
    if (!ReadVarint(&size) || size > static_cast<uint64_t>(end_ - p_)) return false;
    *bytes = absl::string_view(reinterpret_cast<const char*>(p_), size);
    p_ += size;
    return true;
  }

  // Skips a field of `wire_type` whose tag was just read. Groups (wire types 3 and 4) are not
  // used by proto3 messages and fail the scan.
  bool Skip(uint32_t wire_type) {
    uint64_t ignored = 0;
    absl::string_view bytes;
    switch (wire_type) {
      case kVarint:
        return ReadVarint(&ignored);
      case kFixed64:
        return Advance(8);
      case kLengthDelimited:
        return ReadBytes(&bytes);
      case kFixed32:
        return Advance(4);
      default:
        return false;
    }
  }

 private:
  bool Advance(size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) return false;
    p_ += n;
    return true;
  }

  const uint8_t* p_;
  const uint8_t* end_;
};

// Reads the message in `bytes` field by field: `on_field(field, wire_type, reader)` consumes the
// fields it knows (returning false on a malformed one) and returns -1 for the others, which are
// skipped.
template <typename OnField>
bool ScanMessage(absl::string_view bytes, OnField on_field) {
  WireReader reader(bytes);
  while (!reader.done()) {
    uint32_t field = 0;
    uint32_t wire_type = 0;
    if (!reader.ReadTag(&field, &wire_type)) return false;
    const int handled = on_field(field, wire_type, reader);
    if (handled == 0) return false;
    if (handled < 0 && !reader.Skip(wire_type)) return false;
  }
  return true;
}

// Field `number` of a submessage as a string (1 = first string field, and so on).
bool ScanString(absl::string_view message, uint32_t number, absl::string_view* out) {
  return ScanMessage(message, [&](uint32_t field, uint32_t wire_type, WireReader& reader) {
    if (field != number || wire_type != kLengthDelimited) return -1;
    return reader.ReadBytes(out) ? 1 : 0;
  });
}

bool ScanSeconds(absl::string_view timestamp, int64_t* seconds) {
  return ScanMessage(timestamp, [&](uint32_t field, uint32_t wire_type, WireReader& reader) {
    if (field != 1 || wire_type != kVarint) return -1;
    uint64_t value = 0;
    if (!reader.ReadVarint(&value)) return 0;
    *seconds = static_cast<int64_t>(value);
    return 1;
  });
}

}  // namespace

absl::Status ParseEnvelopeView(absl::string_view bytes, EnvelopeView* view) {
  *view = EnvelopeView();
  const bool ok = ScanMessage(bytes, [view](uint32_t field, uint32_t wire_type,
                                            WireReader& reader) {
    uint64_t number = 0;
    absl::string_view nested;
    if (wire_type == kVarint && (field == kStreamVersion || field == kGlobalPosition)) {
      if (!reader.ReadVarint(&number)) return 0;
      (field == kStreamVersion ? view->stream_version : view->global_position) = number;
      return 1;
    }
    if (wire_type != kLengthDelimited) return -1;
    switch (field) {
      case kStream:
        return reader.ReadBytes(&nested) && ScanString(nested, 1, &view->stream_type) &&
                       ScanString(nested, 2, &view->stream_id)
                   ? 1
                   : 0;
      case kOccurredAt:
        return reader.ReadBytes(&nested) && ScanSeconds(nested, &view->occurred_at_seconds) ? 1 : 0;
      case kRecordedAt:
        return reader.ReadBytes(&nested) && ScanSeconds(nested, &view->recorded_at_seconds) ? 1 : 0;
      case kActor:
        return reader.ReadBytes(&nested) && ScanString(nested, 1, &view->actor_user_id) ? 1 : 0;
      case kEventType:
        return reader.ReadBytes(&view->event_type) ? 1 : 0;
      case kPayload:
        return reader.ReadBytes(&nested) && ScanString(nested, 1, &view->payload_type_url) &&
                       ScanString(nested, 2, &view->payload)
                   ? 1
                   : 0;
      case kPartitionKey:
        return reader.ReadBytes(&view->partition_key) ? 1 : 0;
      default:
        return -1;
    }
  });
  if (!ok) return absl::DataLossError("event envelope: malformed wire format");
  return absl::OkStatus();
}

EnvelopeView ViewOf(const v1::EventEnvelope& event) {
  EnvelopeView view;
  view.global_position = event.global_position();
  view.stream_version = event.stream_version();
  view.stream_type = event.stream().type();
  view.stream_id = event.stream().id();
  view.event_type = event.event_type();
  view.actor_user_id = event.actor().user_id();
  view.partition_key = event.partition_key();
  view.occurred_at_seconds = event.occurred_at().seconds();
  view.recorded_at_seconds = event.recorded_at().seconds();
  view.payload_type_url = event.payload().type_url();
  view.payload = event.payload().value();
  return view;
}

absl::Status EnvelopeView::UnpackTo(google::protobuf::Message* message) const {
  const absl::string_view full_name = message->GetDescriptor()->full_name();
  const size_t slash = payload_type_url.rfind('/');
  const absl::string_view named =
      slash == absl::string_view::npos ? absl::string_view() : payload_type_url.substr(slash + 1);
  if (named != full_name ||
      !message->ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
    return absl::DataLossError(absl::StrCat("event at position ", global_position, " (", event_type,
                                            ") has an unreadable payload"));
  }
  return absl::OkStatus();
}

}  // namespace chronicle::eventlog
