// Runs a command line through /bin/sh for tests that drive command-line tools (kcat, helm).
#ifndef CHRONICLE_TESTS_SUPPORT_RUN_SHELL_H_
#define CHRONICLE_TESTS_SUPPORT_RUN_SHELL_H_

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace chronicle::testing {

struct ShellRun {
  int exit_code = -1;  // -1 when it could not run or did not exit normally
  std::string out;     // its stdout (add " 2>&1" to the command for stderr too)
};

inline ShellRun RunShell(const std::string& command) {
  ShellRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buffer;
  for (size_t n; (n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) {
    run.out.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace chronicle::testing

#endif  // CHRONICLE_TESTS_SUPPORT_RUN_SHELL_H_
