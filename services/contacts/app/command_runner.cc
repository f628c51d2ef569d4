#include "contacts/app/command_runner.h"

#include "contacts/projection/contacts_projection.h"

namespace chronicle::contacts {

CommandRunner::CommandRunner(eventlog::EventLog* log, projection::ProjectionEngine* engine,
                             const Clock* clock)
    : aggregate::CommandRunner(log, engine, kContactsProjection, clock) {}

}  // namespace chronicle::contacts
