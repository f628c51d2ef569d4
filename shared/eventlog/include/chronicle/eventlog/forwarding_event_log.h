// An EventLog that passes every call to another log: the base of logs that change a few calls
// and keep the rest, as RocksDB's StackableDB is for DB (the metered log times appends; the Kafka
// log appends through Kafka and reads from its local copy).
#ifndef CHRONICLE_EVENTLOG_FORWARDING_EVENT_LOG_H_
#define CHRONICLE_EVENTLOG_FORWARDING_EVENT_LOG_H_

#include <memory>
#include <vector>

#include "chronicle/eventlog/event_log.h"

namespace chronicle::eventlog {

class ForwardingEventLog : public EventLog {
 public:
  // `target` must outlive this log.
  explicit ForwardingEventLog(EventLog* target) : target_(target) {}

  void AppendAsync(AppendRequest request, AppendCallback done) override {
    target_->AppendAsync(std::move(request), std::move(done));
  }
  absl::StatusOr<std::vector<v1::EventEnvelope>> ReadAll(uint64_t from_position,
                                                         size_t max_count) override {
    return target_->ReadAll(from_position, max_count);
  }
  absl::Status ReadAllInto(uint64_t from_position, size_t max_count,
                           std::vector<v1::EventEnvelope>* events) override {
    return target_->ReadAllInto(from_position, max_count, events);
  }
  absl::Status ScanAll(uint64_t from_position, size_t max_count,
                       const std::function<void(uint64_t, absl::string_view)>& visit) override {
    return target_->ScanAll(from_position, max_count, visit);
  }
  absl::StatusOr<std::vector<v1::EventEnvelope>> ReadStream(const v1::StreamId& stream,
                                                            uint64_t from_version,
                                                            size_t max_count) override {
    return target_->ReadStream(stream, from_version, max_count);
  }
  absl::StatusOr<uint64_t> StreamVersion(const v1::StreamId& stream) override {
    return target_->StreamVersion(stream);
  }
  uint64_t HeadPosition() const override { return target_->HeadPosition(); }
  std::unique_ptr<Subscription> Subscribe(const Checkpoint& from,
                                          EventConsumer* consumer) override {
    return target_->Subscribe(from, consumer);
  }
  uint64_t StorageBytes() override { return target_->StorageBytes(); }
  absl::Status AwaitLatest(absl::Duration timeout) override {
    return target_->AwaitLatest(timeout);
  }

 protected:
  EventLog* target() const { return target_; }

 private:
  EventLog* const target_;
};

}  // namespace chronicle::eventlog

#endif  // CHRONICLE_EVENTLOG_FORWARDING_EVENT_LOG_H_
