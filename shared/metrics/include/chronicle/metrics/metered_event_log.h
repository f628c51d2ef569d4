// An EventLog that times its appends (call to durable acknowledgement) into a histogram,
//   chronicle_log_append_duration_seconds{result="ok"|"error"}
// and passes everything else to the log it wraps.
#ifndef CHRONICLE_METRICS_METERED_EVENT_LOG_H_
#define CHRONICLE_METRICS_METERED_EVENT_LOG_H_

#include <memory>

#include "chronicle/eventlog/event_log.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace chronicle::metrics {

class MeteredEventLog : public eventlog::EventLog {
 public:
  // `inner` and `registry` must outlive this log.
  MeteredEventLog(eventlog::EventLog* inner, prometheus::Registry& registry);

  void AppendAsync(eventlog::AppendRequest request, eventlog::AppendCallback done) override;
  absl::StatusOr<std::vector<v1::EventEnvelope>> ReadAll(uint64_t from_position,
                                                         size_t max_count) override {
    return inner_->ReadAll(from_position, max_count);
  }
  absl::Status ReadAllInto(uint64_t from_position, size_t max_count,
                           std::vector<v1::EventEnvelope>* events) override {
    return inner_->ReadAllInto(from_position, max_count, events);
  }
  absl::Status ScanAll(uint64_t from_position, size_t max_count,
                       const std::function<void(uint64_t, absl::string_view)>& visit) override {
    return inner_->ScanAll(from_position, max_count, visit);
  }
  absl::StatusOr<std::vector<v1::EventEnvelope>> ReadStream(const v1::StreamId& stream,
                                                            uint64_t from_version,
                                                            size_t max_count) override {
    return inner_->ReadStream(stream, from_version, max_count);
  }
  absl::StatusOr<uint64_t> StreamVersion(const v1::StreamId& stream) override {
    return inner_->StreamVersion(stream);
  }
  uint64_t HeadPosition() const override { return inner_->HeadPosition(); }
  std::unique_ptr<eventlog::Subscription> Subscribe(const eventlog::Checkpoint& from,
                                                    eventlog::EventConsumer* consumer) override {
    return inner_->Subscribe(from, consumer);
  }
  uint64_t StorageBytes() override { return inner_->StorageBytes(); }
  absl::Status AwaitLatest(absl::Duration timeout) override { return inner_->AwaitLatest(timeout); }

 private:
  eventlog::EventLog* const inner_;
  prometheus::Histogram& ok_;
  prometheus::Histogram& failed_;
};

}  // namespace chronicle::metrics

#endif  // CHRONICLE_METRICS_METERED_EVENT_LOG_H_
