#include "chronicle/eventlog/checkpoint.h"

#include "gtest/gtest.h"

namespace chronicle::eventlog {
namespace {

v1::EventEnvelope At(int32_t partition, uint64_t offset, uint64_t global) {
  v1::EventEnvelope event;
  event.set_partition(partition);
  event.set_offset(offset);
  event.set_global_position(global);
  return event;
}

TEST(CheckpointTest, StartsEmpty) {
  Checkpoint checkpoint;
  EXPECT_EQ(checkpoint.last_global_position(), 0u);
  EXPECT_FALSE(checkpoint.LastOffset(0).has_value());
}

TEST(CheckpointTest, AdvanceTracksEachPartition) {
  Checkpoint checkpoint;
  checkpoint.Advance(At(0, 10, 10));
  checkpoint.Advance(At(3, 7, 11));
  checkpoint.Advance(At(0, 12, 12));
  EXPECT_EQ(checkpoint.LastOffset(0), 12u);
  EXPECT_EQ(checkpoint.LastOffset(3), 7u);
  EXPECT_FALSE(checkpoint.LastOffset(1).has_value());
  EXPECT_EQ(checkpoint.last_global_position(), 12u);
}

TEST(CheckpointTest, EncodeDecodeRoundTrips) {
  Checkpoint checkpoint;
  checkpoint.Advance(At(2, 1'000'000'000'000, 5));
  checkpoint.Advance(At(0, 4, 6));
  auto decoded = Checkpoint::Decode(checkpoint.Encode());
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, checkpoint);
  EXPECT_EQ(*Checkpoint::Decode(Checkpoint().Encode()), Checkpoint());
  EXPECT_EQ(Checkpoint::AfterPosition(9).LastOffset(0), 9u);
}

TEST(CheckpointTest, RejectsMalformedBytes) {
  EXPECT_EQ(Checkpoint::Decode("abc").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(Checkpoint::Decode(std::string(12, 'x')).status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace chronicle::eventlog
