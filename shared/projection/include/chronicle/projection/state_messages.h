// Protobuf messages stored as projection state values: the read every projection that keeps
// messages needs, with one error for an unreadable value.
#ifndef CHRONICLE_PROJECTION_STATE_MESSAGES_H_
#define CHRONICLE_PROJECTION_STATE_MESSAGES_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/projection/projection.h"

namespace chronicle::projection {

// The message stored at `key`, or nullopt when there is none. DATA_LOSS when the value does not
// parse as a `Message`; storage errors as StateReader::Get returns them.
template <typename Message>
absl::StatusOr<std::optional<Message>> ReadMessage(StateReader& state, absl::string_view key) {
  ASSIGN_OR_RETURN(std::optional<std::string> bytes, state.Get(key));
  if (!bytes) return std::optional<Message>();
  Message message;
  if (!message.ParseFromString(*bytes)) {
    return absl::DataLossError(
        absl::StrCat("projection state: unreadable ", Message::descriptor()->name(), " at ", key));
  }
  return std::optional<Message>(std::move(message));
}

// An aggregate's projected record: reads the record stored at `key` into folded->*record (its
// etag is the stream version folded so far) and folds `event` in with the aggregate's own
// Evolve (found by argument-dependent lookup). Returns the record as it was before, if there
// was one; DATA_LOSS for a stored record whose etag is not a version.
template <typename State, typename Record>
absl::StatusOr<std::optional<Record>> FoldStored(StateWriter& state, const std::string& key,
                                                 const v1::EventEnvelope& event, State* folded,
                                                 Record State::*record) {
  ASSIGN_OR_RETURN(std::optional<Record> before, ReadMessage<Record>(state, key));
  if (before) {
    folded->*record = *before;
    if (!absl::SimpleAtoi((*before).etag(), &folded->version)) {
      return absl::DataLossError(absl::StrCat("projection state: bad etag at ", key));
    }
  }
  RETURN_IF_ERROR(Evolve(event, folded));
  return before;
}

}  // namespace chronicle::projection

#endif  // CHRONICLE_PROJECTION_STATE_MESSAGES_H_
