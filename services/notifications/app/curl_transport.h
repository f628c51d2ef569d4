// Sends deliveries over the wire with libcurl: webhooks as HTTP POSTs of JSON, e-mail over SMTP
// as a UTF-8 plain-text MIME message (Cyrillic subjects encoded per RFC 2047). Each call is
// bounded by the timeouts, so a receiver that hangs costs one sender thread that long, no more.
// Thread-safe (each call uses its own handle).
#ifndef CHRONICLE_NOTIFICATIONS_APP_CURL_TRANSPORT_H_
#define CHRONICLE_NOTIFICATIONS_APP_CURL_TRANSPORT_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"

namespace chronicle::notifications {

struct SendResult {
  int code = 0;       // HTTP status or the SMTP server's last reply code; 0 when none came
  std::string error;  // what went wrong, for the attempt's record; empty on success
  absl::Duration duration;
};

struct Email {
  std::string from;  // "Chronicle <crm@example.ru>"
  std::string to;
  std::string subject;
  std::string body;
  std::string message_id;  // "<id@chronicle>": receivers drop repeats with it
};

class CurlTransport {
 public:
  struct Options {
    absl::Duration connect_timeout = absl::Seconds(5);
    absl::Duration timeout = absl::Seconds(10);
  };
  explicit CurlTransport(Options options);

  SendResult PostJson(const std::string& url, const std::string& body,
                      const std::vector<std::pair<std::string, std::string>>& headers) const;
  SendResult SendEmail(const std::string& smtp_url, const Email& email) const;

 private:
  Options options_;
};

// The RFC 5322 message curl sends for `email` (exposed for tests): headers, a blank line, and the
// body in base64.
std::string MimeMessage(const Email& email, absl::Time date);

}  // namespace chronicle::notifications

#endif  // CHRONICLE_NOTIFICATIONS_APP_CURL_TRANSPORT_H_
