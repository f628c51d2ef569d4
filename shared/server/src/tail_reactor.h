// Server-streaming TailEvents: a log subscription feeding a gRPC write stream, one write in flight
// at a time. When the client falls behind, the subscription thread waits (bounded queue), so a
// slow reader never makes the server buffer the whole log.
#ifndef CHRONICLE_SERVER_TAIL_REACTOR_H_
#define CHRONICLE_SERVER_TAIL_REACTOR_H_

#include <functional>
#include <memory>
#include <string>

#include "chronicle/eventlog/event_log.h"
#include "chronicle/server/queued_write_reactor.h"
#include "chronicle/v1/event.pb.h"

namespace chronicle::server {

class TailReactor : public QueuedWriteReactor<v1::EventEnvelope>, public eventlog::EventConsumer {
 public:
  // Finishes at once with `auth` if it is an error; otherwise subscribes after `from`.
  // `on_done` runs once, just before the reactor deletes itself.
  TailReactor(eventlog::EventLog* log, const eventlog::Checkpoint& from, std::string event_type,
              const absl::Status& auth, std::function<void(TailReactor*)> on_done);

  absl::Status OnEvents(absl::Span<const v1::EventEnvelope> events) override;
  void OnStopped(const absl::Status& status) override;
  void OnDone() override;

 private:
  const std::string event_type_;
  const std::function<void(TailReactor*)> on_done_;
  std::unique_ptr<eventlog::Subscription> subscription_;
};

}  // namespace chronicle::server

#endif  // CHRONICLE_SERVER_TAIL_REACTOR_H_
