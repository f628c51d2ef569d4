#include "local_receivers.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace chronicle::testing {
namespace {

// Decodes "=?UTF-8?B?...?=" words; other text as it is.
std::string DecodeHeader(const std::string& value) {
  std::string out;
  absl::string_view rest = value;
  while (!rest.empty()) {
    const size_t start = rest.find("=?UTF-8?B?");
    if (start == absl::string_view::npos) break;
    absl::StrAppend(&out, rest.substr(0, start));
    const size_t end = rest.find("?=", start + 10);
    std::string decoded;
    absl::Base64Unescape(rest.substr(start + 10, end - start - 10), &decoded);
    out += decoded;
    rest = rest.substr(end + 2);
  }
  absl::StrAppend(&out, rest);
  return out;
}

}  // namespace

LoopbackServer::LoopbackServer() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  ::listen(listen_fd_, 64);
  socklen_t length = sizeof(address);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
}

LoopbackServer::~LoopbackServer() {
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

void LoopbackServer::StartServing() {
  thread_ = std::thread([this] {
    while (!stopping_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      Serve(fd);
      ::close(fd);
    }
  });
}

void LoopbackServer::StopServing() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

bool LoopbackServer::ReadLine(int fd, std::string* buffer, std::string* line) {
  for (;;) {
    const size_t end = buffer->find("\r\n");
    if (end != std::string::npos) {
      *line = buffer->substr(0, end);
      buffer->erase(0, end + 2);
      return true;
    }
    char chunk[4096];
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 10000) <= 0) return false;
    const ssize_t n = ::read(fd, chunk, sizeof(chunk));
    if (n <= 0) return false;
    buffer->append(chunk, n);
  }
}

void LoopbackServer::WriteAll(int fd, const std::string& data) {
  size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = ::send(fd, data.data() + written, data.size() - written, MSG_NOSIGNAL);
    if (n <= 0) return;
    written += n;
  }
}

HttpReceiver::HttpReceiver() { StartServing(); }
HttpReceiver::~HttpReceiver() { StopServing(); }

std::string HttpReceiver::Url(const std::string& path) const {
  return absl::StrCat("http://127.0.0.1:", port(), path);
}

void HttpReceiver::RespondWith(std::vector<int> statuses) {
  absl::MutexLock lock(&mu_);
  statuses_ = std::move(statuses);
  next_status_ = 0;
}

void HttpReceiver::SetDelay(absl::Duration delay) {
  absl::MutexLock lock(&mu_);
  delay_ = delay;
}

std::vector<HttpReceiver::Request> HttpReceiver::requests() {
  absl::MutexLock lock(&mu_);
  return requests_;
}

bool HttpReceiver::WaitForRequests(size_t count, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto enough = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return requests_.size() >= count; };
  return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
}

void HttpReceiver::Serve(int fd) {
  std::string buffer, line;
  Request request;
  if (!ReadLine(fd, &buffer, &line)) return;
  std::vector<std::string> parts = absl::StrSplit(line, ' ');
  if (parts.size() < 2) return;
  request.method = parts[0];
  request.path = parts[1];
  while (ReadLine(fd, &buffer, &line) && !line.empty()) {
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    request.headers[absl::AsciiStrToLower(line.substr(0, colon))] =
        std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
  }
  size_t length = 0;
  (void)absl::SimpleAtoi(request.headers["content-length"], &length);
  while (buffer.size() < length) {
    char chunk[4096];
    const ssize_t n = ::read(fd, chunk, sizeof(chunk));
    if (n <= 0) return;
    buffer.append(chunk, n);
  }
  request.body = buffer.substr(0, length);
  int status;
  absl::Duration delay;
  {
    absl::MutexLock lock(&mu_);
    status = statuses_[std::min(next_status_, statuses_.size() - 1)];
    ++next_status_;
    delay = delay_;
  }
  if (delay > absl::ZeroDuration()) absl::SleepFor(delay);
  WriteAll(fd, absl::StrCat("HTTP/1.1 ", status,
                            " Status\r\nContent-Length: 2\r\n"
                            "Connection: close\r\n\r\nok"));
  absl::MutexLock lock(&mu_);
  requests_.push_back(std::move(request));  // after answering: a waiter sees the whole exchange
}

SmtpReceiver::SmtpReceiver() { StartServing(); }
SmtpReceiver::~SmtpReceiver() { StopServing(); }

std::string SmtpReceiver::Url() const { return absl::StrCat("smtp://127.0.0.1:", port()); }

void SmtpReceiver::SetRecipientReply(int code) {
  absl::MutexLock lock(&mu_);
  recipient_reply_ = code;
}

std::vector<SmtpReceiver::Mail> SmtpReceiver::messages() {
  absl::MutexLock lock(&mu_);
  return messages_;
}

bool SmtpReceiver::WaitForMessages(size_t count, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto enough = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return messages_.size() >= count; };
  return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
}

void SmtpReceiver::Serve(int fd) {
  std::string buffer, line;
  Mail mail;
  WriteAll(fd, "220 localhost ESMTP test\r\n");
  while (ReadLine(fd, &buffer, &line)) {
    const std::string upper =
        absl::AsciiStrToUpper(line.substr(0, std::min<size_t>(line.size(), 10)));
    if (absl::StartsWith(upper, "EHLO") || absl::StartsWith(upper, "HELO")) {
      WriteAll(fd, "250 localhost\r\n");
    } else if (absl::StartsWith(upper, "MAIL FROM:")) {
      mail.from = std::string(absl::StripSuffix(absl::StripPrefix(line.substr(10), "<"), ">"));
      WriteAll(fd, "250 OK\r\n");
    } else if (absl::StartsWith(upper, "RCPT TO:")) {
      int reply;
      {
        absl::MutexLock lock(&mu_);
        reply = recipient_reply_;
      }
      if (reply == 250) {
        mail.to.push_back(
            std::string(absl::StripSuffix(absl::StripPrefix(line.substr(8), "<"), ">")));
      }
      WriteAll(fd, absl::StrCat(reply, reply == 250 ? " OK" : " recipient refused", "\r\n"));
    } else if (upper == "DATA") {
      WriteAll(fd, "354 go ahead\r\n");
      while (ReadLine(fd, &buffer, &line) && line != ".") {
        absl::StrAppend(&mail.data, absl::StartsWith(line, "..") ? line.substr(1) : line, "\r\n");
      }
      const size_t split = mail.data.find("\r\n\r\n");
      for (absl::string_view header : absl::StrSplit(mail.data.substr(0, split), "\r\n")) {
        const size_t colon = header.find(':');
        if (colon == absl::string_view::npos) continue;
        mail.headers[absl::AsciiStrToLower(header.substr(0, colon))] =
            std::string(absl::StripAsciiWhitespace(header.substr(colon + 1)));
      }
      mail.subject = DecodeHeader(mail.headers["subject"]);
      std::string encoded = mail.data.substr(split + 4);
      encoded.erase(std::remove_if(encoded.begin(), encoded.end(),
                                   [](char c) { return c == '\r' || c == '\n'; }),
                    encoded.end());
      absl::Base64Unescape(encoded, &mail.body);
      WriteAll(fd, "250 queued\r\n");
      absl::MutexLock lock(&mu_);
      messages_.push_back(mail);
      mail = Mail();
    } else if (upper == "QUIT") {
      WriteAll(fd, "221 bye\r\n");
      return;
    } else {
      WriteAll(fd, "250 OK\r\n");  // RSET, NOOP
    }
  }
}

}  // namespace chronicle::testing
