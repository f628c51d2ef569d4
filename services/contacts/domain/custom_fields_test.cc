#include "contacts/domain/custom_fields.h"

#include "contacts/domain/events.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::contacts {
namespace {

class FieldCatalogTest : public ::testing::Test {
 protected:
  void Given(const absl::StatusOr<std::vector<v1::EventEnvelope>>& events) {
    ASSERT_TRUE(events.ok()) << events.status();
    for (v1::EventEnvelope event : *events) {
      event.set_stream_version(catalog_.version() + 1);
      ASSERT_TRUE(catalog_.Evolve(event).ok());
    }
  }

  static v1::CustomField Choice(std::initializer_list<const char*> values) {
    v1::CustomField field;
    field.set_display_name("Источник");
    field.set_type(v1::CUSTOM_FIELD_TYPE_CHOICE);
    for (const char* value : values) field.add_options()->set_value(value);
    return field;
  }

  FieldCatalog catalog_;
};

TEST_F(FieldCatalogTest, ValuesAreCheckedAgainstTheDefinition) {
  Given(DecideDefineField(catalog_, "source", Choice({"site", "call"})));
  v1::CustomField budget;
  budget.set_display_name("Бюджет");
  budget.set_type(v1::CUSTOM_FIELD_TYPE_MONEY);
  Given(DecideDefineField(catalog_, "budget", budget));
  v1::CustomValue value;
  value.set_choice("site");
  EXPECT_EQ(catalog_.CheckValue("source", value), "");
  value.set_choice("fax");
  EXPECT_THAT(catalog_.CheckValue("source", value), ::testing::HasSubstr("not an option"));
  value.set_number(3);
  EXPECT_EQ(catalog_.CheckValue("source", value), "this field takes a choice value");
  value.mutable_money()->set_currency_code("RUB");
  value.mutable_money()->set_units(150000);
  EXPECT_EQ(catalog_.CheckValue("budget", value), "");
  EXPECT_THAT(catalog_.CheckValue("nope", value), ::testing::HasSubstr("no such custom field"));
}

TEST_F(FieldCatalogTest, DefinitionsChangeWithoutBreakingOldValues) {
  Given(DecideDefineField(catalog_, "source", Choice({"site", "call"})));
  EXPECT_TRUE(absl::IsAlreadyExists(DecideDefineField(catalog_, "source", Choice({"x"})).status()));
  // Removing an option would orphan old values: refused. Deprecating is the way.
  v1::CustomField without_call = Choice({"site"});
  without_call.set_name("customFields/source");
  EXPECT_TRUE(
      absl::IsInvalidArgument(DecideChangeField(catalog_, without_call, {"options"}).status()));
  v1::CustomField deprecated = Choice({"site", "call"});
  deprecated.set_name("customFields/source");
  deprecated.mutable_options(1)->set_deprecated(true);
  Given(DecideChangeField(catalog_, deprecated, {"options"}));
  v1::CustomValue value;
  value.set_choice("call");
  EXPECT_THAT(catalog_.CheckValue("source", value), ::testing::HasSubstr("deprecated"));
  // The type is fixed.
  deprecated.set_type(v1::CUSTOM_FIELD_TYPE_TEXT);
  EXPECT_TRUE(absl::IsInvalidArgument(DecideChangeField(catalog_, deprecated, {"type"}).status()));
  Given(DecideRetireField(catalog_, "source"));
  EXPECT_TRUE(catalog_.Find("source")->retired());
  EXPECT_TRUE(catalog_.List(false).empty());
  EXPECT_EQ(catalog_.List(true).size(), 1u);
}

TEST_F(FieldCatalogTest, SegmentationFieldsAreRequiredChoiceLists) {
  v1::CustomField segment = Choice({"b2b", "b2c"});
  segment.set_segmentation(true);
  EXPECT_TRUE(absl::IsInvalidArgument(DecideDefineField(catalog_, "segment", segment).status()));
  segment.set_required(true);
  Given(DecideDefineField(catalog_, "segment", segment));
  EXPECT_THAT(catalog_.RequiredKeys(), ::testing::ElementsAre("segment"));
  EXPECT_TRUE(absl::IsInvalidArgument(DecideDefineField(catalog_, "Bad Key", segment).status()));
}

}  // namespace
}  // namespace chronicle::contacts
