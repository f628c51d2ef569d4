#include "contacts/app/command_runner.h"

#include <iostream>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/blocking_counter.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/base/uuid.h"
#include "chronicle/errors/errors.h"
#include "contacts/domain/events.h"
#include "contacts/projection/contacts_projection.h"
#include "google/protobuf/util/time_util.h"
#include "openssl/sha.h"

namespace chronicle::contacts {
namespace {

constexpr int kConflictRetries = 5;
constexpr size_t kReadBatch = 1000;
constexpr absl::Duration kReadYourWritesTimeout = absl::Seconds(5);

google::protobuf::Timestamp ToProto(absl::Time t) {
  return google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(t));
}

absl::Time FromProto(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

}  // namespace

absl::StatusOr<ClientState> CommandRunner::LoadClient(absl::string_view id, absl::Time as_of) {
  ClientState state;
  const v1::StreamId stream = MakeStream(kClientStream, id);
  for (uint64_t from = 1;;) {
    ASSIGN_OR_RETURN(std::vector<v1::EventEnvelope> events,
                     log_->ReadStream(stream, from, kReadBatch));
    for (const v1::EventEnvelope& event : events) {
      // Occurrence time, not recording time: the card as it stood in the world at `as_of`. For
      // the service's own commands the two are the same instant.
      if (FromProto(event.occurred_at()) > as_of) continue;
      RETURN_IF_ERROR(Evolve(event, &state));
    }
    if (events.size() < kReadBatch) break;
    from += events.size();
  }
  return state;
}

eventlog::AppendRequest CommandRunner::MakeRequest(const v1::StreamId& stream,
                                                   eventlog::ExpectedVersion expected,
                                                   const v1::Actor& actor,
                                                   const std::string& command_id,
                                                   std::vector<v1::EventEnvelope>* events) {
  eventlog::AppendRequest request;
  request.stream = stream;
  request.expected_version = expected;
  // The log wants every append named; an unnamed command gets a name nobody will repeat.
  request.command_id = command_id.empty() ? RandomUuid() : command_id;
  request.actor = actor;
  const google::protobuf::Timestamp now = ToProto(clock_->Now());
  for (v1::EventEnvelope& event : *events) {
    if (!event.has_occurred_at()) *event.mutable_occurred_at() = now;
    *event.mutable_stream() = stream;
    *event.mutable_actor() = actor;
    *event.mutable_recorded_at() = now;
    event.set_command_id(request.command_id);
    request.events.push_back(event);
  }
  return request;
}

absl::StatusOr<eventlog::AppendResult> CommandRunner::Append(
    const v1::StreamId& stream, eventlog::ExpectedVersion expected, const v1::Actor& actor,
    const std::string& command_id, std::vector<v1::EventEnvelope>* events) {
  return log_->Append(MakeRequest(stream, expected, actor, command_id, events));
}

std::vector<absl::StatusOr<eventlog::AppendResult>> CommandRunner::AppendAll(
    std::vector<eventlog::AppendRequest> requests) {
  std::vector<absl::StatusOr<eventlog::AppendResult>> results(requests.size(),
                                                              absl::UnknownError("not run"));
  absl::BlockingCounter done(static_cast<int>(requests.size()));
  for (size_t i = 0; i < requests.size(); ++i) {
    log_->AppendAsync(std::move(requests[i]), [&results, &done, i](auto result) {
      results[i] = std::move(result);
      done.DecrementCount();
    });
  }
  done.Wait();
  return results;
}

absl::Status CommandRunner::Fold(const std::vector<v1::EventEnvelope>& events, ClientState* state) {
  for (v1::EventEnvelope event : events) {
    event.set_stream_version(state->version + 1);
    RETURN_IF_ERROR(Evolve(event, state));
  }
  return absl::OkStatus();
}

absl::StatusOr<Written> CommandRunner::RunClient(absl::string_view id, const v1::Actor& actor,
                                                 const std::string& command_id,
                                                 const ClientDecision& decide) {
  const v1::StreamId stream = MakeStream(kClientStream, id);
  for (int attempt = 0;; ++attempt) {
    ASSIGN_OR_RETURN(ClientState state, LoadClient(id));
    ASSIGN_OR_RETURN(std::vector<v1::EventEnvelope> events, decide(state));
    Written written;
    if (events.empty()) {
      written.state = std::move(state);
      return written;
    }
    const auto expected = state.version == 0 ? eventlog::ExpectedVersion::NoStream()
                                             : eventlog::ExpectedVersion::Exact(state.version);
    auto result = Append(stream, expected, actor, command_id, &events);
    if (absl::IsAborted(result.status()) && attempt < kConflictRetries) continue;
    RETURN_IF_ERROR(result.status());
    written.last_position = result->last_position;
    written.deduplicated = result->deduplicated;
    if (result->deduplicated) {
      ASSIGN_OR_RETURN(written.state, LoadClient(id));
    } else {
      written.state = std::move(state);
      RETURN_IF_ERROR(Fold(events, &written.state));
    }
    AwaitProjection(written.last_position);
    return written;
  }
}

void CommandRunner::AwaitProjection(uint64_t position) {
  if (position == 0) return;
  absl::Status status =
      engine_->WaitForPosition(kContactsProjection, position, kReadYourWritesTimeout);
  if (!status.ok()) {
    std::cerr << "contacts: projection has not reached position " << position << " yet: " << status
              << "\n";
  }
}

std::string DerivedId(absl::string_view salt, absl::string_view request_id) {
  const std::string input = absl::StrCat(salt, "\n", request_id);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  const std::string hex =
      absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), 16));
  return absl::StrCat(hex.substr(0, 8), "-", hex.substr(8, 4), "-", hex.substr(12, 4), "-",
                      hex.substr(16, 4), "-", hex.substr(20, 12));
}

std::string NewAggregateId() {
  thread_local UuidV7Generator ids(Clock::Real());
  return ids.Next();
}

bool IsValidResourceId(absl::string_view id) {
  if (id.empty() || id.size() > 63) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

absl::StatusOr<std::string> ParseResourceId(absl::string_view name, absl::string_view prefix,
                                            absl::string_view field) {
  if (!absl::ConsumePrefix(&name, prefix) || !IsValidResourceId(name)) {
    return errors::InvalidArgument(
        {{std::string(field), absl::StrCat("must be ", prefix, "{id}, id [a-z0-9-]{1,63}")}});
  }
  return std::string(name);
}

}  // namespace chronicle::contacts
