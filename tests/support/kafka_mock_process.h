// tools/kafka_mock as a child process: librdkafka's mock cluster serving the Kafka protocol on
// loopback, for the tests that run chronicled processes against Kafka.
#ifndef CHRONICLE_TESTS_SUPPORT_KAFKA_MOCK_PROCESS_H_
#define CHRONICLE_TESTS_SUPPORT_KAFKA_MOCK_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace chronicle::testing {

class KafkaMockProcess {
 public:
  // Runs `binary` with `args` and reads the bootstrap servers it prints (empty if it printed
  // none, for instance after refusing its arguments).
  KafkaMockProcess(const std::string& binary, const std::vector<std::string>& args);
  ~KafkaMockProcess();  // Stop(), if running

  // SIGTERM, then the exit status.
  int Stop();
  const std::string& bootstrap() const { return bootstrap_; }

 private:
  pid_t pid_ = -1;
  std::string bootstrap_;
};

}  // namespace chronicle::testing

#endif  // CHRONICLE_TESTS_SUPPORT_KAFKA_MOCK_PROCESS_H_
