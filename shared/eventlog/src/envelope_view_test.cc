#include "chronicle/eventlog/envelope_view.h"

#include "gmock/gmock.h"
#include "google/protobuf/wrappers.pb.h"
#include "gtest/gtest.h"

namespace chronicle::eventlog {
namespace {

using ::testing::HasSubstr;

v1::EventEnvelope FullEnvelope() {
  v1::EventEnvelope event;
  event.set_event_id("0b6f6a0e-0000-4000-8000-000000000001");
  event.mutable_stream()->set_type("client");
  event.mutable_stream()->set_id("Клиент/17");
  event.set_stream_version(300);
  event.set_global_position(1ull << 40);
  event.set_command_id("cmd-1");
  event.mutable_occurred_at()->set_seconds(1'700'000'000);
  event.mutable_occurred_at()->set_nanos(5);
  event.mutable_recorded_at()->set_seconds(-86'400);  // before 1970: a negative varint
  event.mutable_actor()->set_user_id("employees/anna");
  event.mutable_actor()->set_role("manager");
  event.set_correlation_id("corr");
  event.set_causation_id("cause");
  event.set_schema_version(2);
  event.set_event_type("chronicle.v1.Something");
  google::protobuf::StringValue payload;
  payload.set_value("Иван Петров");
  event.mutable_payload()->PackFrom(payload);
  event.set_partition_key("17");
  event.set_partition(3);
  event.set_offset(99);
  return event;
}

void ExpectSameView(const EnvelopeView& a, const EnvelopeView& b) {
  EXPECT_EQ(a.global_position, b.global_position);
  EXPECT_EQ(a.stream_version, b.stream_version);
  EXPECT_EQ(a.stream_type, b.stream_type);
  EXPECT_EQ(a.stream_id, b.stream_id);
  EXPECT_EQ(a.event_type, b.event_type);
  EXPECT_EQ(a.actor_user_id, b.actor_user_id);
  EXPECT_EQ(a.partition_key, b.partition_key);
  EXPECT_EQ(a.occurred_at_seconds, b.occurred_at_seconds);
  EXPECT_EQ(a.recorded_at_seconds, b.recorded_at_seconds);
  EXPECT_EQ(a.payload_type_url, b.payload_type_url);
  EXPECT_EQ(a.payload, b.payload);
}

TEST(EnvelopeViewTest, ScanOfTheBytesEqualsTheParsedMessage) {
  const v1::EventEnvelope event = FullEnvelope();
  const std::string bytes = event.SerializeAsString();
  EnvelopeView scanned;
  ASSERT_TRUE(ParseEnvelopeView(bytes, &scanned).ok());
  ExpectSameView(scanned, ViewOf(event));
  EXPECT_EQ(scanned.stream_id, "Клиент/17");
  EXPECT_EQ(scanned.global_position, 1ull << 40);
  EXPECT_EQ(scanned.recorded_at_seconds, -86'400);
  google::protobuf::StringValue payload;
  ASSERT_TRUE(scanned.UnpackTo(&payload).ok());
  EXPECT_EQ(payload.value(), "Иван Петров");
}

TEST(EnvelopeViewTest, UnknownFieldsOfEveryWireTypeAreSkipped) {
  // A newer writer's envelope: fields this reader does not know, before and after known ones.
  std::string bytes = FullEnvelope().SerializeAsString();
  const std::string unknown = std::string("\xf8\x06\x96\x01", 4)  // 111: varint 150
                              + std::string("\x81\x07", 2) + std::string(8, '\x01')  // 112: fixed64
                              + std::string("\x8a\x07\x03", 3) + "abc"               // 113: bytes
                              + std::string("\x95\x07", 2) +
                              std::string(4, '\x02');  // 114: fixed32
  EnvelopeView view;
  ASSERT_TRUE(ParseEnvelopeView(unknown + bytes + unknown, &view).ok());
  ExpectSameView(view, ViewOf(FullEnvelope()));
}

TEST(EnvelopeViewTest, MissingFieldsAreEmpty) {
  v1::EventEnvelope event;
  event.set_event_type("t");
  EnvelopeView view;
  ASSERT_TRUE(ParseEnvelopeView(event.SerializeAsString(), &view).ok());
  EXPECT_EQ(view.event_type, "t");
  EXPECT_EQ(view.global_position, 0u);
  EXPECT_TRUE(view.stream_id.empty());
  EXPECT_TRUE(view.payload.empty());
}

TEST(EnvelopeViewTest, MalformedBytesAreDataLoss) {
  const std::string bytes = FullEnvelope().SerializeAsString();
  EnvelopeView view;
  // Cut anywhere inside: a length or varint runs past the end (or the cut is at a field edge,
  // which is a shorter valid message; those must at least not crash).
  int rejected = 0;
  for (size_t cut = 1; cut < bytes.size(); ++cut) {
    if (!ParseEnvelopeView(absl::string_view(bytes).substr(0, cut), &view).ok()) ++rejected;
  }
  EXPECT_GT(rejected, static_cast<int>(bytes.size()) / 2);
  const absl::Status group = ParseEnvelopeView(std::string("\x0b", 1), &view);  // wire type 3
  EXPECT_EQ(group.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(ParseEnvelopeView(std::string("\x00", 1), &view).code(),
            absl::StatusCode::kDataLoss);  // field number 0
}

TEST(EnvelopeViewTest, UnpackToChecksThePayloadType) {
  v1::EventEnvelope event = FullEnvelope();
  google::protobuf::Int64Value other;
  const absl::Status status = ViewOf(event).UnpackTo(&other);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(status.message()), HasSubstr("chronicle.v1.Something"));
}

}  // namespace
}  // namespace chronicle::eventlog
