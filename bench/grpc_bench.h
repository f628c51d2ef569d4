// What the service benchmarks share: an in-process chronicled on a loopback port, and the
// authorized call context their gRPC calls use.
#ifndef CHRONICLE_BENCH_GRPC_BENCH_H_
#define CHRONICLE_BENCH_GRPC_BENCH_H_

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "chronicle/server/server.h"
#include "grpcpp/client_context.h"

namespace chronicle::bench {

inline constexpr char kBenchToken[] = "bench-token-0123456789";

// Starts chronicled with `services` on `dir` (wiped first unless `reuse`), an admin token
// kBenchToken, and a free loopback port. Exits the process with a message when it cannot.
inline std::unique_ptr<server::Server> StartBenchServer(const std::string& dir,
                                                        std::vector<std::string> services,
                                                        bool reuse = false) {
  if (!reuse) std::filesystem::remove_all(dir);
  server::ServerConfig config;
  config.listen = "127.0.0.1:0";
  config.data_dir = dir;
  config.services = std::move(services);
  config.tokens = {{kBenchToken, {"bench", "admin"}}};
  std::ostringstream out;
  auto server = server::Server::Start(config, out);
  if (!server.ok()) {
    std::cerr << "bench: cannot start chronicled: " << server.status() << "\n";
    std::exit(1);
  }
  return std::move(*server);
}

// A call context carrying kBenchToken, with a generous deadline (bulk loads are slow calls).
inline std::unique_ptr<grpc::ClientContext> BenchContext(std::chrono::seconds deadline) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", absl::StrCat("Bearer ", kBenchToken));
  context->set_deadline(std::chrono::system_clock::now() + deadline);
  return context;
}

}  // namespace chronicle::bench

#endif  // CHRONICLE_BENCH_GRPC_BENCH_H_
