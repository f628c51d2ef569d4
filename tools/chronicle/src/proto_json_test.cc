#include "proto_json.h"

#include "chronicle/demo/demo_history.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/wrappers.pb.h"
#include "gtest/gtest.h"

namespace chronicle::cli {
namespace {

// What the protobuf library writes: the reference the fast writer must match.
std::string LibraryJson(const google::protobuf::Message& message, bool preserve_names) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = preserve_names;
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &json, options).ok());
  return json;
}

std::string FastJson(const google::protobuf::Message& message, bool preserve_names) {
  std::string json;
  AppendProtoJson(message, {.preserve_proto_field_names = preserve_names}, &json);
  return json;
}

TEST(ProtoJsonTest, EveryEventOfAGeneratedHistoryMatchesTheLibrary) {
  demo::DemoOptions options;
  options.clients = 300;  // every service's events, activities and tasks included
  int events = 0;
  for (const eventlog::AppendRequest& request : demo::GenerateDemoHistory(options)) {
    for (v1::EventEnvelope event : request.events) {
      *event.mutable_stream() = request.stream;
      event.set_global_position(++events);
      event.mutable_recorded_at()->set_nanos(120'000'000);
      for (bool preserve : {true, false}) {
        ASSERT_EQ(FastJson(event, preserve), LibraryJson(event, preserve))
            << event.event_type() << " at " << events;
      }
    }
  }
  EXPECT_GT(events, 1500);
}

TEST(ProtoJsonTest, WellKnownTypesAndAwkwardValuesMatchTheLibrary) {
  google::protobuf::Struct value;
  auto& fields = *value.mutable_fields();
  fields["text"].set_string_value("Иван <b>&</b> \"quoted\" \\ \n\t\x01\x7f ='");
  fields["number"].set_number_value(1.5e-7);
  fields["flag"].set_bool_value(true);
  fields["nothing"].set_null_value(google::protobuf::NULL_VALUE);
  fields["list"].mutable_list_value()->add_values()->set_number_value(42);
  EXPECT_EQ(FastJson(value, false), LibraryJson(value, false));

  google::protobuf::Duration duration;
  duration.set_seconds(-3);
  duration.set_nanos(-500'000'000);
  EXPECT_EQ(FastJson(duration, false), LibraryJson(duration, false));

  google::protobuf::FieldMask mask;
  mask.add_paths("display_name");
  mask.add_paths("custom_fields.first_touch");
  EXPECT_EQ(FastJson(mask, false), LibraryJson(mask, false));

  v1::EventEnvelope event;
  google::protobuf::Int64Value wrapped;
  wrapped.set_value(-9'007'199'254'740'993);
  event.mutable_payload()->PackFrom(wrapped);
  event.set_offset(UINT64_MAX);
  event.mutable_occurred_at()->set_nanos(123'456'789);
  EXPECT_EQ(FastJson(event, true), LibraryJson(event, true));
}

TEST(ProtoJsonTest, AnAnyOfAnUnlinkedTypeKeepsItsBytes) {
  v1::EventEnvelope event;
  event.mutable_payload()->set_type_url("type.googleapis.com/nobody.Knows");
  event.mutable_payload()->set_value("\x08\x01");
  EXPECT_EQ(FastJson(event, true),
            "{\"payload\":{\"@type\":\"type.googleapis.com/nobody.Knows\",\"value\":\"CAE=\"}}");
}

}  // namespace
}  // namespace chronicle::cli
