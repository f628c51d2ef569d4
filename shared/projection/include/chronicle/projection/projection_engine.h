// Runs projections over an event log, keeping their state in one RocksDB database.
//
// Guarantees:
//  - A batch of events and the checkpoint after it are written in one atomic RocksDB write, so a
//    crash never applies an event twice or skips one.
//  - Rebuild (on request, or when a projection's definition version changed) replays the log into
//    a fresh generation of state in the background; readers keep the current generation until the
//    new one has caught up with the log head, then the swap is atomic for readers.
//
// Thread-safety: all methods are thread-safe. Each projection is applied on its subscription's
// thread; readers run concurrently with it.
#ifndef CHRONICLE_PROJECTION_PROJECTION_ENGINE_H_
#define CHRONICLE_PROJECTION_PROJECTION_ENGINE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "chronicle/base/clock.h"
#include "chronicle/eventlog/event_log.h"
#include "chronicle/projection/projection.h"

namespace chronicle::projection {

struct ProjectionStatus {
  enum class State { kLive, kRebuilding, kFailed };
  std::string name;
  uint32_t definition_version = 0;
  State state = State::kLive;
  uint64_t generation = 0;
  uint64_t position = 0;       // last position applied to the state that serves reads
  uint64_t head_position = 0;  // log head when the status was taken
  double events_per_second = 0;
  uint64_t rebuild_position = 0;  // while rebuilding: how far the new generation has got
  double rebuild_progress = 0;    // 0..1
  std::string last_error;
};

// A consistent, point-in-time read of one projection's serving generation (a RocksDB snapshot):
// a generation swap while it lives does not disturb it. Release it promptly; snapshots pin data.
class ProjectionView : public StateReader {
 public:
  // Log position the state reflects.
  virtual uint64_t position() const = 0;
};

class ProjectionEngine {
 public:
  struct Options {
    std::string path;  // RocksDB directory for all projections of this engine
    eventlog::EventLog* log = nullptr;
    const Clock* clock = &Clock::Real();
    // Projection writes pause (and retry) when less than this much space would stay free: half of
    // the log's reserve, so projections can still catch up after appends were refused.
    uint64_t min_free_bytes = 0;
    // Uncompressed blocks kept in memory. Queries that walk an index (lists, search) read many
    // neighbouring keys; from the cache they cost microseconds, from disk a read and a decompress.
    size_t block_cache_bytes = 64 << 20;
  };

  static absl::StatusOr<std::unique_ptr<ProjectionEngine>> Open(Options options);
  virtual ~ProjectionEngine() = default;

  // Adds a projection; call before Start. INVALID_ARGUMENT for a bad or duplicate name.
  virtual absl::Status Register(std::unique_ptr<Projection> projection) = 0;
  // Resumes every projection from its checkpoint, or starts a rebuild where the stored definition
  // version differs from the code's.
  virtual absl::Status Start() = 0;
  // Stops all subscriptions; committed state stays. Idempotent; the destructor calls it.
  virtual void Stop() = 0;

  virtual std::vector<ProjectionStatus> ListStatus() = 0;
  // NOT_FOUND for an unknown name.
  virtual absl::StatusOr<ProjectionStatus> GetStatus(absl::string_view name) = 0;
  // Starts a background rebuild. FAILED_PRECONDITION if one is already running.
  virtual absl::StatusOr<ProjectionStatus> Rebuild(absl::string_view name) = 0;
  // Opens a read view of the serving state. NOT_FOUND for an unknown name.
  virtual absl::StatusOr<std::unique_ptr<ProjectionView>> View(absl::string_view name) = 0;
  // Blocks until the serving state has applied `position`, or `timeout` passes
  // (DEADLINE_EXCEEDED). Lets an API read its own writes.
  virtual absl::Status WaitForPosition(absl::string_view name, uint64_t position,
                                       absl::Duration timeout) = 0;
};

}  // namespace chronicle::projection

#endif  // CHRONICLE_PROJECTION_PROJECTION_ENGINE_H_
