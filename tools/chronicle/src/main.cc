// chronicle: the command-line client of chronicled.
//
//   chronicle [--server HOST:PORT] [--token T] [--json] log tail [-f] | log stats | log append ...
//   chronicle projections status | projections rebuild NAME
//   chronicle contacts get|search|list ... | import contacts FILE.csv | import status|revert JOB
#include <iostream>

#include "chronicle/cli/client.h"
#include "chronicle/cli/commands.h"

int main(int argc, char** argv) {
  chronicle::cli::GlobalOptions options;
  CLI::App app{"chronicle: command-line client for chronicled"};
  app.require_subcommand(1);
  app.add_option("--server", options.server, "chronicled address (default 127.0.0.1:50051)")
      ->envname("CHRONICLE_SERVER");
  app.add_option("--token", options.token,
                 "API token (default: $CHRONICLE_TOKEN, else DATA_DIR/admin.token)");
  app.add_option("--data-dir", options.data_dir, "where to find admin.token (default ./data)")
      ->envname("CHRONICLE_DATA_DIR");
  app.add_flag("--json", options.json, "print JSON (one object per line) instead of tables");
  app.add_option("--timeout", options.timeout_seconds, "seconds per call (default 10)");

  chronicle::cli::Action action;
  chronicle::cli::AddLogCommands(app, &action);
  chronicle::cli::AddProjectionCommands(app, &action);
  chronicle::cli::AddContactsCommands(app, &action);
  chronicle::cli::AddDealsCommands(app, &action);
  chronicle::cli::AddActivitiesCommands(app, &action);
  chronicle::cli::AddNotificationsCommands(app, &action);
  chronicle::cli::AddAnalyticsCommands(app, &action);
  CLI11_PARSE(app, argc, argv);

  chronicle::cli::ResolveToken(&options);
  chronicle::cli::Client client(options);
  return action ? action(client) : 2;
}
