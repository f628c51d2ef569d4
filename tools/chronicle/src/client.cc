#include "chronicle/cli/client.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "chronicle/errors/errors.h"
#include "grpcpp/create_channel.h"

namespace chronicle::cli {

Client::Client(const GlobalOptions& options)
    : options_(options),
      channel_(grpc::CreateChannel(options.server, grpc::InsecureChannelCredentials())) {}

std::unique_ptr<grpc::ClientContext> Client::NewContext(bool streaming) const {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!options_.token.empty()) context->AddMetadata("authorization", "Bearer " + options_.token);
  if (!streaming) {
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::milliseconds(int64_t(options_.timeout_seconds * 1000)));
  }
  return context;
}

void ResolveToken(GlobalOptions* options) {
  if (!options->token.empty()) return;
  if (const char* token = std::getenv("CHRONICLE_TOKEN")) {
    options->token = token;
    return;
  }
  std::ifstream file(options->data_dir + "/admin.token");
  std::getline(file, options->token);
}

int ReportError(const grpc::Status& status) {
  static const char* kCodeNames[] = {"OK",
                                     "CANCELLED",
                                     "UNKNOWN",
                                     "INVALID_ARGUMENT",
                                     "DEADLINE_EXCEEDED",
                                     "NOT_FOUND",
                                     "ALREADY_EXISTS",
                                     "PERMISSION_DENIED",
                                     "RESOURCE_EXHAUSTED",
                                     "FAILED_PRECONDITION",
                                     "ABORTED",
                                     "OUT_OF_RANGE",
                                     "UNIMPLEMENTED",
                                     "INTERNAL",
                                     "UNAVAILABLE",
                                     "DATA_LOSS",
                                     "UNAUTHENTICATED"};
  int code = status.error_code();
  std::cerr << "chronicle: " << (code >= 0 && code <= 16 ? kCodeNames[code] : "ERROR") << ": "
            << status.error_message() << std::endl;
  for (const auto& v : errors::FieldViolations(errors::FromGrpc(status))) {
    std::cerr << "  " << v.field << ": " << v.description << std::endl;
  }
  if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
    std::cerr << "  (the CLI takes --token, else $CHRONICLE_TOKEN, else DATA_DIR/admin.token with "
                 "DATA_DIR from --data-dir or $CHRONICLE_DATA_DIR, default ./data)"
              << std::endl;
  }
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
    std::cerr << "  (is chronicled running? --server / CHRONICLE_SERVER say where)" << std::endl;
  }
  return 1;
}

}  // namespace chronicle::cli
