#include "chronicle/metrics/callback_collector.h"

namespace chronicle::metrics {

void CallbackCollector::Add(std::string name, std::string help, prometheus::MetricType type,
                            Fill fill) {
  absl::MutexLock lock(&mu_);
  families_.push_back({std::move(name), std::move(help), type, std::move(fill)});
}

std::vector<prometheus::MetricFamily> CallbackCollector::Collect() const {
  absl::MutexLock lock(&mu_);
  std::vector<prometheus::MetricFamily> families;
  families.reserve(families_.size());
  for (const Family& source : families_) {
    std::vector<Sample> samples;
    source.fill(samples);
    prometheus::MetricFamily family{source.name, source.help, source.type, {}};
    for (const Sample& sample : samples) {
      prometheus::ClientMetric metric;
      for (const auto& [name, value] : sample.labels) metric.label.push_back({name, value});
      if (source.type == prometheus::MetricType::Counter) {
        metric.counter.value = sample.value;
      } else {
        metric.gauge.value = sample.value;
      }
      family.metric.push_back(std::move(metric));
    }
    families.push_back(std::move(family));
  }
  return families;
}

}  // namespace chronicle::metrics
