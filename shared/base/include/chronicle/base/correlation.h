// The correlation id of the request a thread is working for: set by the gRPC layer around each
// call (from the caller's x-correlation-id, else a fresh one), stamped on every event the call
// appends and on every log line it writes, so one request can be followed from the frontend
// through the log to what it caused.
#ifndef CHRONICLE_BASE_CORRELATION_H_
#define CHRONICLE_BASE_CORRELATION_H_

#include <string>

namespace chronicle {

// Empty when the thread works for no request (a projection, the scheduler).
const std::string& CurrentCorrelationId();

// Sets the thread's correlation id for its lifetime, then restores the one before.
class CorrelationScope {
 public:
  explicit CorrelationScope(std::string id);
  ~CorrelationScope();
  CorrelationScope(const CorrelationScope&) = delete;
  CorrelationScope& operator=(const CorrelationScope&) = delete;

 private:
  std::string previous_;
};

}  // namespace chronicle

#endif  // CHRONICLE_BASE_CORRELATION_H_
