// The standard process metrics of Prometheus client libraries (process_cpu_seconds_total,
// process_resident_memory_bytes, process_virtual_memory_bytes, process_open_fds,
// process_max_fds, process_start_time_seconds), read from /proc/self at every scrape, so
// dashboards built for other exporters work unchanged. prometheus-cpp 1.0 has none of its own.
#ifndef CHRONICLE_METRICS_PROCESS_COLLECTOR_H_
#define CHRONICLE_METRICS_PROCESS_COLLECTOR_H_

#include <vector>

#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"

namespace chronicle::metrics {

class ProcessCollector : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override;
};

}  // namespace chronicle::metrics

#endif  // CHRONICLE_METRICS_PROCESS_COLLECTOR_H_
