// chronicled: the event log, the projection engines and every gRPC service of this process,
// started together and shut down in order. Data directory layout:
//   DATA_DIR/log/                    the embedded event log
//   DATA_DIR/projections/platform/   the platform's projections (log_stats)
//   DATA_DIR/admin.token             generated admin token, when no tokens are configured
#ifndef CHRONICLE_SERVER_SERVER_H_
#define CHRONICLE_SERVER_SERVER_H_

#include <memory>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "chronicle/eventlog/event_log.h"
#include "chronicle/server/config.h"

namespace chronicle::server {

class Server {
 public:
  // Opens the data directory, starts the projections and the gRPC server. Writes start-up notes
  // (where it listens, a newly generated admin token) to `out`.
  static absl::StatusOr<std::unique_ptr<Server>> Start(const ServerConfig& config,
                                                       std::ostream& out);
  virtual ~Server() = default;

  // The port actually bound (useful with port 0).
  virtual int port() const = 0;
  // The Prometheus endpoint's port; 0 when the config names none.
  virtual int metrics_port() const = 0;
  // The event log this process writes to (for loaders such as the demo data set).
  virtual eventlog::EventLog& log() = 0;
  // Stops accepting calls, gives running calls `grace` to finish and cancels the rest, stops the
  // projections, then closes the log after its queued appends are durable. Idempotent.
  virtual void Shutdown(absl::Duration grace) = 0;
};

}  // namespace chronicle::server

#endif  // CHRONICLE_SERVER_SERVER_H_
