// The contacts service's command plumbing: the shared aggregate runner (chronicle/aggregate)
// bound to the client aggregate and the contacts projection. Thread-safe.
#ifndef CHRONICLE_CONTACTS_APP_COMMAND_RUNNER_H_
#define CHRONICLE_CONTACTS_APP_COMMAND_RUNNER_H_

#include <string>

#include "chronicle/aggregate/command_runner.h"
#include "chronicle/aggregate/resource_ids.h"
#include "contacts/domain/client.h"
#include "contacts/domain/events.h"

namespace chronicle::contacts {

using Written = aggregate::Written<ClientState>;
using ClientDecision = aggregate::Decision<ClientState>;

using aggregate::DerivedId;
using aggregate::IsValidResourceId;
using aggregate::NewAggregateId;
using aggregate::ParseResourceId;

class CommandRunner : public aggregate::CommandRunner {
 public:
  CommandRunner(eventlog::EventLog* log, projection::ProjectionEngine* engine, const Clock* clock);

  // A client's state from its stream (optionally only the events that occurred by `as_of`).
  absl::StatusOr<ClientState> LoadClient(absl::string_view id,
                                         absl::Time as_of = absl::InfiniteFuture()) {
    return Load<ClientState>(MakeStream(kClientStream, id), as_of);
  }

  // Run() on the client's stream.
  absl::StatusOr<Written> RunClient(absl::string_view id, const v1::Actor& actor,
                                    const std::string& command_id, const ClientDecision& decide) {
    return Run<ClientState>(MakeStream(kClientStream, id), actor, command_id, decide);
  }
};

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_APP_COMMAND_RUNNER_H_
