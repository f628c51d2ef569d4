// Real receivers on loopback for delivery tests: an HTTP server that records each request and
// answers with the status codes it is told, and an SMTP server that speaks enough of RFC 5321
// for curl to hand it a message. Each serves one connection at a time on its own thread.
#ifndef CHRONICLE_TESTS_SUPPORT_LOCAL_RECEIVERS_H_
#define CHRONICLE_TESTS_SUPPORT_LOCAL_RECEIVERS_H_

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace chronicle::testing {

// A listening loopback socket with an accept loop; subclasses talk on each connection.
class LoopbackServer {
 public:
  LoopbackServer();
  virtual ~LoopbackServer();
  int port() const { return port_; }

 protected:
  // Starts the accept loop; call at the end of the subclass's constructor.
  void StartServing();
  // Stops it; call first in the subclass's destructor.
  void StopServing();
  virtual void Serve(int fd) = 0;

  // Reads one CRLF-terminated line (without it) from `fd`; false at EOF or error.
  static bool ReadLine(int fd, std::string* buffer, std::string* line);
  static void WriteAll(int fd, const std::string& data);

 private:
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

class HttpReceiver : public LoopbackServer {
 public:
  struct Request {
    std::string method;
    std::string path;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
  };

  HttpReceiver();
  ~HttpReceiver() override;

  std::string Url(const std::string& path = "/hook") const;
  // Status codes for the next requests, in order; the last one repeats. Default: 200.
  void RespondWith(std::vector<int> statuses);
  // Waits this long before answering (a receiver that hangs).
  void SetDelay(absl::Duration delay);
  std::vector<Request> requests();
  // True when at least `count` requests arrived within `timeout`.
  bool WaitForRequests(size_t count, absl::Duration timeout);

 private:
  void Serve(int fd) override;

  absl::Mutex mu_;
  std::vector<Request> requests_ ABSL_GUARDED_BY(mu_);
  std::vector<int> statuses_ ABSL_GUARDED_BY(mu_) = {200};
  size_t next_status_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Duration delay_ ABSL_GUARDED_BY(mu_);
};

class SmtpReceiver : public LoopbackServer {
 public:
  struct Mail {
    std::string from;
    std::vector<std::string> to;
    std::string data;                            // the message as sent, dot-unstuffed
    std::map<std::string, std::string> headers;  // names lower-cased, as written
    std::string subject;                         // decoded from RFC 2047
    std::string body;                            // decoded from base64
  };

  SmtpReceiver();
  ~SmtpReceiver() override;

  std::string Url() const;
  // The reply to RCPT TO (250 accepts; 550 refuses for good, 451 for now).
  void SetRecipientReply(int code);
  std::vector<Mail> messages();
  bool WaitForMessages(size_t count, absl::Duration timeout);

 private:
  void Serve(int fd) override;

  absl::Mutex mu_;
  std::vector<Mail> messages_ ABSL_GUARDED_BY(mu_);
  int recipient_reply_ ABSL_GUARDED_BY(mu_) = 250;
};

}  // namespace chronicle::testing

#endif  // CHRONICLE_TESTS_SUPPORT_LOCAL_RECEIVERS_H_
