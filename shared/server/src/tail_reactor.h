// Server-streaming TailEvents: a log subscription feeding a gRPC write stream, one write in flight
// at a time. When the client falls behind, the subscription thread waits (bounded queue), so a
// slow reader never makes the server buffer the whole log.
#ifndef CHRONICLE_SERVER_TAIL_REACTOR_H_
#define CHRONICLE_SERVER_TAIL_REACTOR_H_

#include <deque>
#include <functional>
#include <optional>

#include "absl/synchronization/mutex.h"
#include "chronicle/eventlog/event_log.h"
#include "chronicle/v1/event.pb.h"
#include "grpcpp/support/server_callback.h"

namespace chronicle::server {

class TailReactor : public grpc::ServerWriteReactor<v1::EventEnvelope>,
                    public eventlog::EventConsumer {
 public:
  // Finishes at once with `auth` if it is an error; otherwise subscribes after `from`.
  // `on_done` runs once, just before the reactor deletes itself.
  TailReactor(eventlog::EventLog* log, const eventlog::Checkpoint& from, std::string event_type,
              const absl::Status& auth, std::function<void(TailReactor*)> on_done);

  // Ends the stream with `status` (after the write in flight, if any). Thread-safe; idempotent.
  void Stop(const absl::Status& status);

  absl::Status OnEvents(absl::Span<const v1::EventEnvelope> events) override;
  void OnStopped(const absl::Status& status) override;
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // What to do with the stream after a state change, done outside mu_ (gRPC may run reactions
  // inline, and mu_ is not reentrant).
  struct Action {
    const v1::EventEnvelope* write = nullptr;
    std::optional<grpc::Status> finish;
  };
  Action NextAction() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RequestFinish(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Perform(const Action& action);

  const std::string event_type_;
  const std::function<void(TailReactor*)> on_done_;
  std::unique_ptr<eventlog::Subscription> subscription_;

  absl::Mutex mu_;
  std::deque<v1::EventEnvelope> queue_ ABSL_GUARDED_BY(mu_);
  v1::EventEnvelope in_flight_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  std::optional<grpc::Status> finish_status_ ABSL_GUARDED_BY(mu_);  // set once finishing
  bool finish_sent_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace chronicle::server

#endif  // CHRONICLE_SERVER_TAIL_REACTOR_H_
