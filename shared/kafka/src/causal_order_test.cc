// CausalOrder against hand-made interleavings: a message waits for what its writer's `after`
// names in other partitions, keeps its own partition's order, and ignores partitions the reader
// does not read.
#include "chronicle/kafka/causal_order.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::kafka {
namespace {

using ::testing::ElementsAre;
using Order = CausalOrder<std::string>;

Order::Held Message(const std::string& topic, int64_t offset, PartitionOffsets after,
                    const std::string& name) {
  return {topic, 0, offset, std::move(after), name};
}

std::vector<std::string> Names(std::vector<Order::Held> held) {
  std::vector<std::string> names;
  for (const auto& h : held) names.push_back(h.payload);
  return names;
}

TEST(CausalOrderTest, AMessageWaitsForWhatItsWriterHadSeenElsewhere) {
  Order order({{"activities", 0}, {"contacts", 0}}, {});
  // The inquiry was written after the employee (activities offset 0) was acknowledged, but its
  // partition was fetched first.
  order.Add(Message("contacts", 0, {{{"activities", 0}, 1}, {{"contacts", 0}, 0}}, "inquiry"));
  EXPECT_TRUE(order.TakeReady().empty());
  EXPECT_EQ(order.waiting(), 1u);
  order.Add(Message("activities", 0, {}, "employee"));
  EXPECT_THAT(Names(order.TakeReady()), ElementsAre("employee", "inquiry"));
  EXPECT_EQ(order.waiting(), 0u);
  EXPECT_EQ(order.released().at({"contacts", 0}), 1);
}

TEST(CausalOrderTest, APartitionKeepsItsOrderBehindAWaitingMessage) {
  Order order({{"a", 0}, {"b", 0}}, {});
  order.Add(Message("a", 0, {{{"b", 0}, 2}}, "a0 needs b0 and b1"));
  order.Add(Message("a", 1, {}, "a1 needs nothing but follows a0"));
  order.Add(Message("b", 0, {}, "b0"));
  EXPECT_THAT(Names(order.TakeReady()), ElementsAre("b0"));
  order.Add(Message("b", 1, {{{"a", 0}, 0}}, "b1"));
  EXPECT_THAT(Names(order.TakeReady()),
              ElementsAre("b1", "a0 needs b0 and b1", "a1 needs nothing but follows a0"));
}

TEST(CausalOrderTest, ResumesFromReleasedOffsetsAndIgnoresUnreadPartitions) {
  Order order({{"a", 0}, {"b", 0}}, {{{"b", 0}, 5}});
  order.Add(Message("a", 3, {{{"b", 0}, 5}, {{"elsewhere", 0}, 99}}, "a3"));
  EXPECT_THAT(Names(order.TakeReady()), ElementsAre("a3"));
  order.Add(Message("a", 4, {{{"b", 0}, 6}}, "a4"));
  EXPECT_TRUE(order.TakeReady().empty());
}

}  // namespace
}  // namespace chronicle::kafka
