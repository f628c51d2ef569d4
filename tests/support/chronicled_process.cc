#include "chronicled_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace chronicle::testing {

ChronicledProcess::ChronicledProcess(std::string binary, std::string data_dir,
                                     std::string output_path)
    : binary_(std::move(binary)),
      data_dir_(std::move(data_dir)),
      output_path_(std::move(output_path)) {}

ChronicledProcess::~ChronicledProcess() {
  if (pid_ > 0) Kill9();
}

absl::Status ChronicledProcess::Start(const std::vector<std::string>& extra_args,
                                      absl::Duration timeout) {
  const size_t output_before = output().size();
  std::vector<std::string> args = {binary_, "--listen=127.0.0.1:0", "--data-dir=" + data_dir_};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_ = ::fork();
  if (pid_ == 0) {
    int fd = ::open(output_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    ::execv(binary_.c_str(), argv.data());
    ::_exit(127);
  }
  // Wait for "listening on HOST:PORT" in this run's output: a condition with a deadline.
  static const std::regex kListening(R"(listening on [^ ]+:(\d+))");
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    std::string fresh = output().substr(output_before);
    std::smatch match;
    if (std::regex_search(fresh, match, kListening)) {
      port_ = std::stoi(match[1]);
      return absl::OkStatus();
    }
    int status;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::FailedPreconditionError("chronicled exited at start:\n" + fresh);
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  Kill9();
  return absl::FailedPreconditionError("chronicled did not start in time:\n" + output());
}

void ChronicledProcess::Kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

int ChronicledProcess::Terminate(absl::Duration timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  const absl::Time deadline = absl::Now() + timeout;
  int status = 0;
  while (absl::Now() < deadline) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  Kill9();
  return -1;
}

std::string ChronicledProcess::output() const {
  std::ifstream in(output_path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace chronicle::testing
