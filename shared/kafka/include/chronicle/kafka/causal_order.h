// The order in which a copy of many partitions applies their messages. Kafka orders each
// partition; across partitions (and topics) a reader interleaves them as fetches happen to
// arrive, so a card's owner created in the activities topic could reach a replica after the
// inquiry written a moment later in the contacts topic, and rules would judge the inquiry without
// its owner. So every append records `after`: where each partition ended when it was written.
// A message is released only once everything before those offsets has been, in its own
// partition's order: anything acknowledged anywhere before an append began is applied before it,
// on every replica. The dependencies point only backwards in time, so nothing waits forever for
// messages that exist. Not thread-safe.
#ifndef CHRONICLE_KAFKA_CAUSAL_ORDER_H_
#define CHRONICLE_KAFKA_CAUSAL_ORDER_H_

#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "chronicle/kafka/kafka_client.h"

namespace chronicle::kafka {

template <typename Payload>
class CausalOrder {
 public:
  struct Held {
    std::string topic;
    int32_t partition = 0;
    int64_t offset = 0;
    PartitionOffsets after;  // dependencies on partitions this reader does not read are ignored
    Payload payload;
  };

  // `read` are the partitions this reader reads; `released` the next offset already released
  // (applied) in each.
  CausalOrder(const std::vector<std::pair<std::string, int32_t>>& read, PartitionOffsets released)
      : released_(std::move(released)) {
    for (const auto& where : read) queues_[where];
  }

  // Messages must come in their partition's order.
  void Add(Held held) { queues_[{held.topic, held.partition}].push_back(std::move(held)); }

  // Every message that may be applied now, in an order to apply them; counted as released.
  std::vector<Held> TakeReady() {
    std::vector<Held> ready;
    for (bool progress = true; progress;) {
      progress = false;
      for (auto& [where, queue] : queues_) {
        while (!queue.empty() && Satisfied(where, queue.front().after)) {
          released_[where] = queue.front().offset + 1;
          ready.push_back(std::move(queue.front()));
          queue.pop_front();
          progress = true;
        }
      }
    }
    return ready;
  }

  // The next offset released in each partition.
  const PartitionOffsets& released() const { return released_; }
  size_t waiting() const {
    size_t count = 0;
    for (const auto& [where, queue] : queues_) count += queue.size();
    return count;
  }

 private:
  bool Satisfied(const std::pair<std::string, int32_t>& own, const PartitionOffsets& after) const {
    for (const auto& [where, end] : after) {
      if (where == own || queues_.count(where) == 0) continue;  // own: partition order suffices
      auto found = released_.find(where);
      if ((found == released_.end() ? 0 : found->second) < end) return false;
    }
    return true;
  }

  std::map<std::pair<std::string, int32_t>, std::deque<Held>> queues_;
  PartitionOffsets released_;
};

}  // namespace chronicle::kafka

#endif  // CHRONICLE_KAFKA_CAUSAL_ORDER_H_
