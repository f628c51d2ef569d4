#include "kafka_mock_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

namespace chronicle::testing {

KafkaMockProcess::KafkaMockProcess(const std::string& binary,
                                   const std::vector<std::string>& args) {
  int out[2];
  if (pipe(out) != 0) return;
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], 1);
    close(out[0]);
    std::vector<std::string> all = {binary};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(out[1]);
  FILE* stream = fdopen(out[0], "r");
  char line[1024];
  if (fgets(line, sizeof(line), stream) != nullptr) {
    bootstrap_ = line;
    while (!bootstrap_.empty() && bootstrap_.back() == '\n') bootstrap_.pop_back();
  }
  fclose(stream);
}

int KafkaMockProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

KafkaMockProcess::~KafkaMockProcess() { Stop(); }

}  // namespace chronicle::testing
