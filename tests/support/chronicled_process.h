// Runs the real chronicled binary as a child process for crash and fault tests: start it on a
// free port, read where it listens, stop it gracefully or with SIGKILL.
#ifndef CHRONICLE_TESTS_SUPPORT_CHRONICLED_PROCESS_H_
#define CHRONICLE_TESTS_SUPPORT_CHRONICLED_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace chronicle::testing {

class ChronicledProcess {
 public:
  // `data_dir` is passed as --data-dir; output goes to DATA_DIR/../<name>.out.
  ChronicledProcess(std::string binary, std::string data_dir, std::string output_path);
  ~ChronicledProcess();  // SIGKILLs a process still running

  // Starts with --listen=127.0.0.1:0 plus `extra_args`, and waits until it prints where it
  // listens. FAILED_PRECONDITION with its output if it exits or stays silent for `timeout`.
  absl::Status Start(const std::vector<std::string>& extra_args = {},
                     absl::Duration timeout = absl::Seconds(30));
  void Kill9();
  // SIGTERM, then waits; returns the exit status (-1 on timeout, after which it is killed).
  int Terminate(absl::Duration timeout = absl::Seconds(30));

  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // Everything the process printed so far (all runs).
  std::string output() const;

 private:
  std::string binary_;
  std::string data_dir_;
  std::string output_path_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace chronicle::testing

#endif  // CHRONICLE_TESTS_SUPPORT_CHRONICLED_PROCESS_H_
