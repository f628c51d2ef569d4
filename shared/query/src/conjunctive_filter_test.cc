#include "chronicle/query/conjunctive_filter.h"

#include "gtest/gtest.h"

namespace chronicle::query {
namespace {

FilterFields Fields() {
  return {[](const std::string& f) { return f == "owner" || f == "create_time"; },
          "owner, create_time",
          {"create_time"}};
}

TEST(ConjunctiveFilterTest, ParsesQuotedAndBareValuesJoinedByAnd) {
  auto parsed = ParseConjunction(
      R"(owner = "Анна Петрова" AND create_time >= 2026-01-01T00:00:00Z AND owner != igor)",
      Fields());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->size(), 3u);
  EXPECT_EQ((*parsed)[0].value, "Анна Петрова");
  EXPECT_EQ((*parsed)[1].op, ">=");
  EXPECT_EQ((*parsed)[2].op, "!=");
  EXPECT_EQ(EqualityOn(*parsed, "owner"), "Анна Петрова");
}

TEST(ConjunctiveFilterTest, NamesTheProblem) {
  auto unknown = ParseConjunction("stage = won", Fields());
  EXPECT_TRUE(absl::IsInvalidArgument(unknown.status()));
  EXPECT_NE(unknown.status().message().find("unknown field 'stage'"), std::string::npos);
  auto bad_time = ParseConjunction("create_time > yesterday", Fields());
  EXPECT_NE(bad_time.status().message().find("not an RFC 3339 time"), std::string::npos);
  auto or_join = ParseConjunction("owner = a OR owner = b", Fields());
  EXPECT_NE(or_join.status().message().find("only AND"), std::string::npos);
  EXPECT_FALSE(ParseConjunction("owner = \"open", Fields()).ok());
  EXPECT_FALSE(ParseConjunction("owner", Fields()).ok());
}

TEST(ConjunctiveFilterTest, ComparisonSemantics) {
  EXPECT_TRUE(StringMatches("b", {"owner", ">", "a"}));
  EXPECT_FALSE(StringMatches("a", {"owner", "!=", "a"}));
  google::protobuf::Timestamp t;
  t.set_seconds(1767225600);  // 2026-01-01T00:00:00Z
  EXPECT_TRUE(TimeMatches(t, true, {"create_time", ">=", "2026-01-01T00:00:00Z"}));
  EXPECT_FALSE(TimeMatches(t, true, {"create_time", "<", "2026-01-01T00:00:00Z"}));
  EXPECT_TRUE(TimeMatches(t, false, {"create_time", "!=", "2026-01-01T00:00:00Z"}));
}

}  // namespace
}  // namespace chronicle::query
