#include "chronicle/errors/errors.h"
#include "chronicle/eventlog/event_log.h"
#include "chronicle/testing/events.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::eventlog {
namespace {

using ::chronicle::testing::Append;
using ::chronicle::testing::Stream;
using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(ValidateAppendRequestTest, AcceptsAWellFormedRequest) {
  EXPECT_TRUE(ValidateAppendRequest(Append(Stream("contact", "Иванова-42"), "cmd-1", 3)).ok());
}

TEST(ValidateAppendRequestTest, NamesEveryOffendingField) {
  AppendRequest request = Append(Stream("Contact!", ""), "", 2);
  request.events[1].set_event_type("");
  request.correlation_id = std::string(200, 'c');
  absl::Status status = ValidateAppendRequest(request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              AllOf(HasSubstr("stream.type"), HasSubstr("stream.id: required"),
                    HasSubstr("command_id: required"), HasSubstr("events[1].event_type: required"),
                    HasSubstr("correlation_id: longer than 128 bytes")));
  // The same violations travel as a google.rpc.BadRequest, for clients to show per field.
  std::vector<std::string> fields;
  for (const auto& v : errors::FieldViolations(status)) fields.push_back(v.field);
  EXPECT_THAT(fields, ::testing::ElementsAre("stream.type", "stream.id", "command_id",
                                             "correlation_id", "events[1].event_type"));
}

TEST(ValidateAppendRequestTest, RejectsEmptyOversizedAndControlCharacters) {
  AppendRequest empty = Append(Stream("deal", "1"), "c", 0);
  EXPECT_THAT(std::string(ValidateAppendRequest(empty).message()), HasSubstr("events: at least"));

  AppendRequest many = Append(Stream("deal", "1"), "c", kMaxEventsPerAppend + 1);
  EXPECT_THAT(std::string(ValidateAppendRequest(many).message()), HasSubstr("more than 1000"));

  AppendRequest big = Append(Stream("deal", "1"), "c", 1);
  big.events[0].mutable_payload()->set_value(std::string(kMaxEventBytes + 1, 'x'));
  EXPECT_THAT(std::string(ValidateAppendRequest(big).message()), HasSubstr("events[0]: larger"));

  AppendRequest nul = Append(Stream("deal", std::string("a\0b", 3)), "c", 1);
  EXPECT_THAT(std::string(ValidateAppendRequest(nul).message()),
              HasSubstr("stream.id: contains control characters"));
}

TEST(StreamNameTest, RoundTrips) {
  EXPECT_EQ(StreamName(Stream("contact", "a/b")), "contact/a/b");
  auto parsed = ParseStreamName("contact/a/b");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->type(), "contact");
  EXPECT_EQ(parsed->id(), "a/b");
  EXPECT_FALSE(ParseStreamName("contact").ok());
  EXPECT_FALSE(ParseStreamName("/x").ok());
  EXPECT_FALSE(ParseStreamName("x/").ok());
}

TEST(ExpectedVersionTest, WireForm) {
  EXPECT_TRUE(ExpectedVersion::FromWire(-1)->Matches(17));
  EXPECT_TRUE(ExpectedVersion::FromWire(0)->Matches(0));
  EXPECT_FALSE(ExpectedVersion::FromWire(0)->Matches(1));
  EXPECT_TRUE(ExpectedVersion::FromWire(5)->Matches(5));
  EXPECT_EQ(ExpectedVersion::FromWire(-2).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace chronicle::eventlog
