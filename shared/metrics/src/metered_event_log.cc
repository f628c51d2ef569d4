#include "chronicle/metrics/metered_event_log.h"

#include <chrono>
#include <utility>

namespace chronicle::metrics {
namespace {

// An append waits for a group commit's fsync: from a fraction of a millisecond to seconds on a
// struggling disk.
prometheus::Histogram::BucketBoundaries Buckets() {
  return {0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
}

// The one family (the registry hands back the same family when asked again).
prometheus::Family<prometheus::Histogram>& AppendDurations(prometheus::Registry& registry) {
  return prometheus::BuildHistogram()
      .Name("chronicle_log_append_duration_seconds")
      .Help("Time from an append's call to its durable acknowledgement, by result.")
      .Register(registry);
}

}  // namespace

MeteredEventLog::MeteredEventLog(eventlog::EventLog* inner, prometheus::Registry& registry)
    : ForwardingEventLog(inner),
      ok_(AppendDurations(registry).Add({{"result", "ok"}}, Buckets())),
      failed_(AppendDurations(registry).Add({{"result", "error"}}, Buckets())) {}

void MeteredEventLog::AppendAsync(eventlog::AppendRequest request, eventlog::AppendCallback done) {
  const auto start = std::chrono::steady_clock::now();
  target()->AppendAsync(std::move(request), [this, start, done = std::move(done)](
                                                absl::StatusOr<eventlog::AppendResult> result) {
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    (result.ok() ? ok_ : failed_).Observe(elapsed.count());
    done(std::move(result));
  });
}

}  // namespace chronicle::metrics
