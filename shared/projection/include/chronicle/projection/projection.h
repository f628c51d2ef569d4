// A projection: a read model derived from the event log, one event at a time. Projections are
// deterministic functions of the events they see, which is what lets the engine rebuild them
// from position 0 at any time and get the same state.
#ifndef CHRONICLE_PROJECTION_PROJECTION_H_
#define CHRONICLE_PROJECTION_PROJECTION_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "chronicle/v1/event.pb.h"

namespace chronicle::projection {

// Read access to one projection's state, confined to its own key space.
class StateReader {
 public:
  virtual ~StateReader() = default;
  // The value at `key`, or nullopt. UNAVAILABLE / DATA_LOSS on storage errors.
  virtual absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) = 0;
  // Calls `visit` for keys starting with `prefix` and greater than `start_after`, in key order,
  // until it returns false or the keys run out.
  virtual absl::Status Scan(
      absl::string_view prefix, absl::string_view start_after,
      const std::function<bool(absl::string_view key, absl::string_view value)>& visit) = 0;
};

// Read-write access while applying events. Writes of one batch of events are committed
// atomically together with the projection's checkpoint; reads see the batch's own writes.
class StateWriter : public StateReader {
 public:
  virtual void Put(absl::string_view key, absl::string_view value) = 0;
  virtual void Delete(absl::string_view key) = 0;
};

class Projection {
 public:
  virtual ~Projection() = default;
  // Stable identifier, [a-z0-9_]{1,64}; the status API calls it "projections/{name}".
  virtual std::string Name() const = 0;
  // Bump when Apply's meaning changes: stored state of another version is rebuilt in the
  // background and swapped in when caught up.
  virtual uint32_t DefinitionVersion() const = 0;
  // Folds one event into the state. Must be deterministic and free of side effects other than
  // `state`. An error stops the projection (state FAILED) without committing the batch.
  virtual absl::Status Apply(const v1::EventEnvelope& event, StateWriter& state) = 0;
};

}  // namespace chronicle::projection

#endif  // CHRONICLE_PROJECTION_PROJECTION_H_
