// The platform's own projection: how many events and streams the log holds, by event type.
// Serves GetLogStats without scanning the log.
#ifndef CHRONICLE_SERVER_LOG_STATS_PROJECTION_H_
#define CHRONICLE_SERVER_LOG_STATS_PROJECTION_H_

#include <map>

#include "chronicle/projection/projection.h"

namespace chronicle::server {

class LogStatsProjection : public projection::Projection {
 public:
  static constexpr char kName[] = "log_stats";
  std::string Name() const override { return kName; }
  uint32_t DefinitionVersion() const override { return 1; }
  absl::Status Apply(const v1::EventEnvelope& event, projection::StateWriter& state) override;
};

struct LogStatsSnapshot {
  uint64_t events = 0;
  uint64_t streams = 0;
  std::map<std::string, uint64_t> events_by_type;
};

absl::StatusOr<LogStatsSnapshot> ReadLogStats(projection::StateReader& state);

}  // namespace chronicle::server

#endif  // CHRONICLE_SERVER_LOG_STATS_PROJECTION_H_
