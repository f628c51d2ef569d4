// chronicle.v1.EventLog over gRPC: translates requests into event-log calls and statuses back.
// Appends finish from the log's commit callback, so no gRPC thread waits for an fsync.
#ifndef CHRONICLE_SERVER_EVENT_LOG_SERVICE_H_
#define CHRONICLE_SERVER_EVENT_LOG_SERVICE_H_

#include "chronicle/eventlog/event_log.h"
#include "chronicle/projection/projection_engine.h"
#include "chronicle/server/auth.h"
#include "chronicle/server/queued_write_reactor.h"
#include "chronicle/v1/event_log.grpc.pb.h"
#include "tail_reactor.h"

namespace chronicle::server {

class EventLogService final : public v1::EventLog::CallbackService {
 public:
  EventLogService(eventlog::EventLog* log, projection::ProjectionEngine* engine,
                  const Authenticator* auth)
      : log_(log), engine_(engine), auth_(auth) {}

  grpc::ServerUnaryReactor* AppendEvents(grpc::CallbackServerContext* context,
                                         const v1::AppendEventsRequest* request,
                                         v1::AppendEventsResponse* response) override;
  grpc::ServerUnaryReactor* ListEvents(grpc::CallbackServerContext* context,
                                       const v1::ListEventsRequest* request,
                                       v1::ListEventsResponse* response) override;
  grpc::ServerWriteReactor<v1::EventEnvelope>* TailEvents(
      grpc::CallbackServerContext* context, const v1::TailEventsRequest* request) override;
  grpc::ServerUnaryReactor* GetLogStats(grpc::CallbackServerContext* context,
                                        const v1::GetLogStatsRequest* request,
                                        v1::LogStats* response) override;

  // Ends every open TailEvents stream, and any opened later, with UNAVAILABLE: a graceful
  // shutdown need not wait out its grace period for streams that never end by themselves.
  void StopStreams();

 private:
  absl::Status List(const v1::ListEventsRequest& request, v1::ListEventsResponse* response);
  absl::Status Stats(v1::LogStats* response);

  OpenStreams<TailReactor> streams_{
      absl::UnavailableError("chronicled is shutting down; reconnect and resume the tail")};

  eventlog::EventLog* const log_;
  projection::ProjectionEngine* const engine_;
  const Authenticator* const auth_;
};

}  // namespace chronicle::server

#endif  // CHRONICLE_SERVER_EVENT_LOG_SERVICE_H_
