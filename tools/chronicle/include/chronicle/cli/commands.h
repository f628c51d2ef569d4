// The `chronicle` command groups. Each Add*Commands call registers its subcommands on `app`; the
// one the user picks stores its action in *selected, which main runs after parsing.
#ifndef CHRONICLE_CLI_COMMANDS_H_
#define CHRONICLE_CLI_COMMANDS_H_

#include <functional>
#include <string>

#include "CLI/CLI.hpp"
#include "chronicle/cli/client.h"
#include "chronicle/v1/event.pb.h"
#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"

namespace chronicle::cli {

using Action = std::function<int(Client&)>;

void AddLogCommands(CLI::App& app, Action* selected);
void AddProjectionCommands(CLI::App& app, Action* selected);
void AddContactsCommands(CLI::App& app, Action* selected);
void AddDealsCommands(CLI::App& app, Action* selected);
void AddActivitiesCommands(CLI::App& app, Action* selected);
void AddNotificationsCommands(CLI::App& app, Action* selected);
void AddAnalyticsCommands(CLI::App& app, Action* selected);

// Registers every service's event types, so that payloads (Any) print as JSON.
void LinkEventTypes();
// An event's payload as compact JSON, or its type URL when the type is unknown.
std::string PayloadText(const v1::EventEnvelope& event);

// One message as a JSON line (proto field names), for --json and `get` commands.
void PrintJson(const google::protobuf::Message& message);

// `name` as a resource name: `prefix` + name, unless it already names its collection.
std::string ResourceName(const std::string& prefix, const std::string& name);

// "2026-11-24 13:30" in the machine's zone (people read their own clock); "" when unset.
std::string LocalMinute(const google::protobuf::Timestamp& t);

}  // namespace chronicle::cli

#endif  // CHRONICLE_CLI_COMMANDS_H_
