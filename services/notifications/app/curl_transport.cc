#include "notifications/app/curl_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace chronicle::notifications {
namespace {

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

using Handle = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using Headers = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

Handle NewHandle(const CurlTransport::Options& options) {
  static CurlGlobal global;  // curl_global_init is not thread-safe: once, before any handle
  Handle curl(curl_easy_init(), curl_easy_cleanup);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(options.connect_timeout)));
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(options.timeout)));
  return curl;
}

size_t Discard(char*, size_t size, size_t count, void*) { return size * count; }

// "=?UTF-8?B?...?=" for non-ASCII header text.
std::string EncodedWord(const std::string& text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return absl::StrCat("=?UTF-8?B?", absl::Base64Escape(text), "?=");
  }
  return text;
}

// The address inside "Name <addr>", or the whole text.
std::string BareAddress(const std::string& from) {
  const size_t open = from.find('<');
  const size_t close = from.find('>', open);
  if (open == std::string::npos || close == std::string::npos) return from;
  return from.substr(open + 1, close - open - 1);
}

struct Upload {
  std::string data;
  size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->data.size() - upload->offset);
  memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

SendResult Perform(CURL* curl, absl::Time start) {
  SendResult result;
  const CURLcode code = curl_easy_perform(curl);
  long response = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
  result.code = static_cast<int>(response);
  if (code != CURLE_OK) result.error = curl_easy_strerror(code);
  result.duration = absl::Now() - start;
  return result;
}

}  // namespace

CurlTransport::CurlTransport(Options options) : options_(options) {}

SendResult CurlTransport::PostJson(
    const std::string& url, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& headers) const {
  const absl::Time start = absl::Now();
  Handle curl = NewHandle(options_);
  Headers list(nullptr, curl_slist_free_all);
  curl_slist* raw = curl_slist_append(nullptr, "Content-Type: application/json; charset=utf-8");
  raw = curl_slist_append(raw, "Expect:");  // no 100-continue round trip
  for (const auto& [name, value] : headers) {
    raw = curl_slist_append(raw, absl::StrCat(name, ": ", value).c_str());
  }
  list.reset(raw);
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "Chronicle-Webhooks/1");
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, Discard);
  SendResult result = Perform(curl.get(), start);
  if (result.error.empty() && (result.code < 200 || result.code >= 300)) {
    result.error = absl::StrCat("HTTP ", result.code);
  }
  return result;
}

SendResult CurlTransport::SendEmail(const std::string& smtp_url, const Email& email) const {
  const absl::Time start = absl::Now();
  Handle curl = NewHandle(options_);
  Upload upload{MimeMessage(email, absl::Now())};
  Headers recipients(curl_slist_append(nullptr, absl::StrCat("<", email.to, ">").c_str()),
                     curl_slist_free_all);
  curl_easy_setopt(curl.get(), CURLOPT_URL, smtp_url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM,
                   absl::StrCat("<", BareAddress(email.from), ">").c_str());
  curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(curl.get(), CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
  SendResult result = Perform(curl.get(), start);
  if (result.error.empty() && (result.code < 200 || result.code >= 300)) {
    result.error = absl::StrCat("SMTP ", result.code);
  }
  if (!result.error.empty() && result.code >= 200 && result.code < 300) {
    result.code = 0;  // the last good reply does not make a failed transfer good
  }
  return result;
}

std::string MimeMessage(const Email& email, absl::Time date) {
  std::string body64 = absl::Base64Escape(email.body);
  std::string wrapped;
  for (size_t i = 0; i < body64.size(); i += 76) {
    absl::StrAppend(&wrapped, body64.substr(i, 76), "\r\n");
  }
  const size_t open = email.from.find('<');
  const std::string from =
      open == std::string::npos
          ? email.from
          : absl::StrCat(EncodedWord(std::string(
                             absl::StripTrailingAsciiWhitespace(email.from.substr(0, open)))),
                         " ", email.from.substr(open));
  return absl::StrCat(
      "Date: ", absl::FormatTime("%a, %d %b %Y %H:%M:%S +0000", date, absl::UTCTimeZone()),
      "\r\nFrom: ", from, "\r\nTo: <", email.to, ">\r\nSubject: ", EncodedWord(email.subject),
      "\r\nMessage-ID: ", email.message_id,
      "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n",
      wrapped);
}

}  // namespace chronicle::notifications
