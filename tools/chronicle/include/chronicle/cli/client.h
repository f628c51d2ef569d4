// What every `chronicle` command needs: where the server is, the token, output format, and a way
// to make calls with both applied.
#ifndef CHRONICLE_CLI_CLIENT_H_
#define CHRONICLE_CLI_CLIENT_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace chronicle::cli {

struct GlobalOptions {
  std::string server = "127.0.0.1:50051";  // --server / CHRONICLE_SERVER
  std::string token;                       // --token / CHRONICLE_TOKEN / DATA_DIR/admin.token
  std::string data_dir = "./data";         // where to look for admin.token
  bool json = false;
  double timeout_seconds = 10;
};

class Client {
 public:
  explicit Client(const GlobalOptions& options);
  const GlobalOptions& options() const { return options_; }
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  // A context carrying the bearer token and, unless `streaming`, the call deadline.
  std::unique_ptr<grpc::ClientContext> NewContext(bool streaming = false) const;

 private:
  GlobalOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
};

// Fills in the token from the environment or DATA_DIR/admin.token when not given.
void ResolveToken(GlobalOptions* options);

// Prints "chronicle: CODE: message" and any field violations to stderr; returns exit code 1.
int ReportError(const grpc::Status& status);

}  // namespace chronicle::cli

#endif  // CHRONICLE_CLI_CLIENT_H_
