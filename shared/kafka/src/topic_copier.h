// The copy side of the Kafka event log: reads every partition of the topics, releases their
// messages in causal order (causal_order.h), applies each append to the local log with the local
// log's own checks, saves the offsets reached once what they cover is durable, and reports each
// append's verdict. One thread of its own. See kafka_event_log.h for why it works this way.
#ifndef CHRONICLE_KAFKA_TOPIC_COPIER_H_
#define CHRONICLE_KAFKA_TOPIC_COPIER_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "chronicle/eventlog/event_log.h"
#include "chronicle/kafka/append_record.h"
#include "chronicle/kafka/causal_order.h"
#include "chronicle/kafka/kafka_client.h"

namespace chronicle::kafka {

class TopicCopier {
 public:
  // Called on the copier's thread with each append's verdict, once it is durable in the copy.
  using OnVerdict =
      std::function<void(const std::string& append_id, absl::StatusOr<eventlog::AppendResult>)>;

  struct Counts {
    uint64_t copied = 0;  // appends applied (a retried command's message counts, as a no-op)
    uint64_t voided = 0;  // refused by the checks
    uint64_t copy_retries = 0;
    uint64_t fetch_errors = 0;
    std::map<std::string, int64_t> lag;  // "topic/partition" -> messages not yet copied
  };

  // Starts copying from `offsets` (the next offset of each partition; the beginning where none)
  // into `copy`, which must outlive this. Progress is saved to `offsets_path`.
  TopicCopier(eventlog::EventLog* copy, std::unique_ptr<Consumer> consumer,
              std::string offsets_path, PartitionOffsets offsets, OnVerdict on_verdict);
  ~TopicCopier();  // stops the thread; what was read and not applied is read again next start

  // The partitions copied.
  const std::vector<std::pair<std::string, int32_t>>& partitions() const {
    return consumer_->partitions();
  }
  // Waits until the copy has applied everything before `ends` in each partition. False when
  // `deadline` passed first.
  bool AwaitCopied(const PartitionOffsets& ends, absl::Time deadline);
  Counts counts();

 private:
  using Order = CausalOrder<std::optional<DecodedAppend>>;

  void Run();
  void CopyInCausalOrder(const std::vector<Message>& messages);
  bool CopyBatch(const std::vector<DecodedAppend>& appends,
                 std::vector<absl::StatusOr<eventlog::AppendResult>>* verdicts);
  void SaveOffsets();

  eventlog::EventLog* const copy_;
  const std::unique_ptr<Consumer> consumer_;  // used by the copier's thread only
  const std::string offsets_path_;
  const OnVerdict on_verdict_;
  Order order_;                   // the copier's thread's
  bool offsets_unsaved_ = false;  // the copier's thread's: the copy is ahead of the file

  absl::Mutex mu_;
  PartitionOffsets copied_ ABSL_GUARDED_BY(mu_);  // as of the last durable batch
  std::map<std::string, int64_t> lag_ ABSL_GUARDED_BY(mu_);

  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> copied_count_{0}, voided_{0}, copy_retries_{0}, fetch_errors_{0};
  std::thread thread_;
};

}  // namespace chronicle::kafka

#endif  // CHRONICLE_KAFKA_TOPIC_COPIER_H_
