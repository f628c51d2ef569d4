// Metrics whose values live elsewhere (a projection's position, a queue's depth) and are read
// when Prometheus scrapes, rather than pushed on every change: each is a callback that fills in
// the samples of its family.
#ifndef CHRONICLE_METRICS_CALLBACK_COLLECTOR_H_
#define CHRONICLE_METRICS_CALLBACK_COLLECTOR_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"

namespace chronicle::metrics {

// One sample: label values by name, and the value.
struct Sample {
  std::map<std::string, std::string> labels;
  double value = 0;
};

class CallbackCollector : public prometheus::Collectable {
 public:
  using Fill = std::function<void(std::vector<Sample>& samples)>;

  // A gauge (or, with `counter`, a counter) family `name`; `fill` runs at every scrape, on the
  // exposer's thread, and must be thread-safe. Families may be added while scrapes run.
  void AddGauge(std::string name, std::string help, Fill fill) {
    Add(std::move(name), std::move(help), prometheus::MetricType::Gauge, std::move(fill));
  }
  void AddCounter(std::string name, std::string help, Fill fill) {
    Add(std::move(name), std::move(help), prometheus::MetricType::Counter, std::move(fill));
  }

  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  struct Family {
    std::string name, help;
    prometheus::MetricType type;
    Fill fill;
  };
  void Add(std::string name, std::string help, prometheus::MetricType type, Fill fill);

  mutable absl::Mutex mu_;
  std::vector<Family> families_ ABSL_GUARDED_BY(mu_);
};

}  // namespace chronicle::metrics

#endif  // CHRONICLE_METRICS_CALLBACK_COLLECTOR_H_
