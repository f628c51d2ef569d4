// An EventLog that times its appends (call to durable acknowledgement) into a histogram,
//   chronicle_log_append_duration_seconds{result="ok"|"error"}
// and passes everything else to the log it wraps.
#ifndef CHRONICLE_METRICS_METERED_EVENT_LOG_H_
#define CHRONICLE_METRICS_METERED_EVENT_LOG_H_

#include <memory>

#include "chronicle/eventlog/forwarding_event_log.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace chronicle::metrics {

class MeteredEventLog : public eventlog::ForwardingEventLog {
 public:
  // `inner` and `registry` must outlive this log.
  MeteredEventLog(eventlog::EventLog* inner, prometheus::Registry& registry);

  void AppendAsync(eventlog::AppendRequest request, eventlog::AppendCallback done) override;

 private:
  prometheus::Histogram& ok_;
  prometheus::Histogram& failed_;
};

}  // namespace chronicle::metrics

#endif  // CHRONICLE_METRICS_METERED_EVENT_LOG_H_
