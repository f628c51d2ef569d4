#include "deals/domain/pipeline.h"

#include "chronicle/errors/errors.h"
#include "deals/domain/events.h"
#include "deals/domain/test_support.h"
#include "gtest/gtest.h"

namespace chronicle::deals {
namespace {

using testing::Fold;
using testing::SalesPipeline;

PipelineState Created() {
  PipelineState state;
  Fold(DecideCreatePipeline(state, "pipelines/new-sales", SalesPipeline()), &state,
       absl::FromUnixSeconds(1'780'000'000), "new-sales");
  return state;
}

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const auto& v : errors::FieldViolations(status)) fields.push_back(v.field);
  return fields;
}

TEST(PipelineTest, CreatesWithStagesInOrder) {
  PipelineState state = Created();
  EXPECT_EQ(state.pipeline.name(), "pipelines/new-sales");
  ASSERT_EQ(state.pipeline.stages_size(), 5);
  EXPECT_EQ(state.pipeline.stages(2).id(), "proposal");
  EXPECT_EQ(state.pipeline.etag(), "1");
  EXPECT_EQ(DecideCreatePipeline(state, "pipelines/new-sales", SalesPipeline()).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST(PipelineTest, RefusesBadDefinitionsNamingEveryField) {
  v1::Pipeline bad = SalesPipeline();
  bad.clear_display_name();
  bad.mutable_stages(1)->set_probability(140);
  bad.mutable_stages(2)->set_id("Proposal!");
  bad.mutable_stages()->RemoveLast();  // no lost stage
  auto decided = DecideCreatePipeline(PipelineState(), "pipelines/p", bad);
  ASSERT_TRUE(absl::IsInvalidArgument(decided.status()));
  EXPECT_EQ(Fields(decided.status()),
            (std::vector<std::string>{"pipeline.display_name", "pipeline.stages[1].probability",
                                      "pipeline.stages[2].id", "pipeline.stages"}));
  EXPECT_NE(decided.status().message().find("needs at least a lost stage"), std::string::npos);
}

TEST(PipelineTest, AddsRenamesReordersAndRemovesStages) {
  PipelineState state = Created();
  v1::Stage meeting;
  meeting.set_id("meeting");
  meeting.set_display_name("Встреча");
  meeting.set_kind(v1::STAGE_KIND_OPEN);
  meeting.set_probability(45);
  Fold(DecideAddStage(state, meeting, 2, "1"), &state);
  EXPECT_EQ(state.pipeline.stages(2).id(), "meeting");
  EXPECT_EQ(state.pipeline.stages(3).id(), "proposal");

  v1::Stage renamed;
  renamed.set_id("meeting");
  renamed.set_display_name("Встреча в офисе");
  google::protobuf::FieldMask mask;
  mask.add_paths("display_name");
  Fold(DecideUpdateStage(state, renamed, mask, ""), &state);
  EXPECT_EQ(FindStage(state.pipeline, "meeting")->display_name(), "Встреча в офисе");
  EXPECT_EQ(FindStage(state.pipeline, "meeting")->probability(), 45);
  mask.set_paths(0, "kind");
  EXPECT_TRUE(absl::IsInvalidArgument(DecideUpdateStage(state, renamed, mask, "").status()));

  Fold(DecideReorderStages(state, {"lead", "meeting", "qualified", "proposal", "won", "lost"}, ""),
       &state);
  EXPECT_EQ(state.pipeline.stages(1).id(), "meeting");
  EXPECT_TRUE(absl::IsInvalidArgument(DecideReorderStages(state, {"lead"}, "").status()));

  Fold(DecideRemoveStage(state, "meeting", "qualified", ""), &state);
  EXPECT_EQ(FindStage(state.pipeline, "meeting"), nullptr);
  ASSERT_EQ(state.pipeline.removed_stages_size(), 1);
  EXPECT_EQ(state.pipeline.removed_stages(0).moved_to(), "qualified");
  // A removed stage's id is never reused: history would change meaning.
  EXPECT_TRUE(absl::IsInvalidArgument(DecideAddStage(state, meeting, -1, "").status()));
}

TEST(PipelineTest, RemovalKeepsKindsAndAtLeastOneStageOfEach) {
  PipelineState state = Created();
  auto to_closed = DecideRemoveStage(state, "proposal", "won", "");
  EXPECT_EQ(Fields(to_closed.status()), std::vector<std::string>{"move_deals_to"});
  auto last_lost = DecideRemoveStage(state, "lost", "lead", "");
  EXPECT_TRUE(absl::IsInvalidArgument(last_lost.status()));
  EXPECT_TRUE(absl::IsAborted(DecideRemoveStage(state, "proposal", "lead", "7").status()));
  EXPECT_TRUE(absl::IsNotFound(DecideRemoveStage(PipelineState(), "a", "b", "").status()));
}

TEST(PipelineTest, ResolvesStageReferencesOnlyWithinThePipeline) {
  PipelineState state = Created();
  EXPECT_EQ((*ResolveStage(state.pipeline, "pipelines/new-sales/stages/won", "stage"))->id(),
            "won");
  auto other = ResolveStage(state.pipeline, "pipelines/tenders/stages/won", "stage");
  ASSERT_TRUE(absl::IsInvalidArgument(other.status()));
  EXPECT_NE(other.status().message().find("belongs to pipelines/tenders"), std::string::npos);
  EXPECT_TRUE(absl::IsInvalidArgument(ResolveStage(state.pipeline, "nope", "stage").status()));
}

}  // namespace
}  // namespace chronicle::deals
