#include "chronicle/eventlog/event_log.h"

#include <future>

#include "absl/strings/str_cat.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"

namespace chronicle::eventlog {
namespace {

bool IsStreamTypeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// Ids may be any UTF-8 text without control characters; '/' is allowed only in stream ids' tail.
bool HasControlChar(absl::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

void CheckId(absl::string_view field, absl::string_view value, bool required,
             std::vector<errors::FieldViolation>* violations) {
  if (value.empty()) {
    if (required) violations->push_back({std::string(field), "required"});
    return;
  }
  if (value.size() > kMaxIdBytes) {
    violations->push_back(
        {std::string(field), absl::StrCat("longer than ", kMaxIdBytes, " bytes")});
  }
  if (HasControlChar(value)) {
    violations->push_back({std::string(field), "contains control characters"});
  }
}

}  // namespace

absl::StatusOr<AppendResult> EventLog::Append(AppendRequest request) {
  std::promise<absl::StatusOr<AppendResult>> promise;
  auto future = promise.get_future();
  AppendAsync(std::move(request),
              [&promise](absl::StatusOr<AppendResult> result) { promise.set_value(result); });
  return future.get();
}

absl::Status EventLog::ReadAllInto(uint64_t from_position, size_t max_count,
                                   std::vector<v1::EventEnvelope>* events) {
  auto read = ReadAll(from_position, max_count);
  if (!read.ok()) return read.status();
  *events = std::move(*read);
  return absl::OkStatus();
}

absl::Status EventLog::ScanAll(uint64_t from_position, size_t max_count,
                               const std::function<void(uint64_t, absl::string_view)>& visit) {
  std::vector<v1::EventEnvelope> events;
  RETURN_IF_ERROR(ReadAllInto(from_position, max_count, &events));
  std::string bytes;
  for (const v1::EventEnvelope& event : events) {
    event.SerializeToString(&bytes);
    visit(event.global_position(), bytes);
  }
  return absl::OkStatus();
}

absl::Status ValidateAppendRequest(const AppendRequest& request) {
  std::vector<errors::FieldViolation> violations;
  const std::string& type = request.stream.type();
  if (type.empty()) {
    violations.push_back({"stream.type", "required"});
  } else if (type.size() > 64 || !std::all_of(type.begin(), type.end(), IsStreamTypeChar)) {
    violations.push_back({"stream.type", "must be 1-64 characters of a-z, 0-9, '_' or '-'"});
  }
  CheckId("stream.id", request.stream.id(), /*required=*/true, &violations);
  CheckId("command_id", request.command_id, /*required=*/true, &violations);
  CheckId("correlation_id", request.correlation_id, false, &violations);
  CheckId("causation_id", request.causation_id, false, &violations);
  if (request.events.empty()) violations.push_back({"events", "at least one event is required"});
  if (request.events.size() > kMaxEventsPerAppend) {
    violations.push_back(
        {"events", absl::StrCat("more than ", kMaxEventsPerAppend, " in one append")});
  }
  for (size_t i = 0; i < request.events.size() && i < kMaxEventsPerAppend; ++i) {
    const v1::EventEnvelope& event = request.events[i];
    std::string prefix = absl::StrCat("events[", i, "]");
    CheckId(prefix + ".event_type", event.event_type(), /*required=*/true, &violations);
    CheckId(prefix + ".partition_key", event.partition_key(), false, &violations);
    if (event.ByteSizeLong() > kMaxEventBytes) {
      violations.push_back({prefix, absl::StrCat("larger than ", kMaxEventBytes, " bytes")});
    }
  }
  if (violations.empty()) return absl::OkStatus();
  return errors::InvalidArgument(violations);
}

std::string StreamName(const v1::StreamId& stream) {
  return absl::StrCat(stream.type(), "/", stream.id());
}

absl::StatusOr<v1::StreamId> ParseStreamName(absl::string_view name) {
  size_t slash = name.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == name.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("stream: '", name, "' is not of the form type/id"));
  }
  v1::StreamId stream;
  stream.set_type(std::string(name.substr(0, slash)));
  stream.set_id(std::string(name.substr(slash + 1)));
  return stream;
}

}  // namespace chronicle::eventlog
