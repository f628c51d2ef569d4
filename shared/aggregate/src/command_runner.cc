#include "chronicle/aggregate/command_runner.h"

#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/aggregate/stamped_request.h"
#include "chronicle/base/log.h"
#include "chronicle/base/uuid.h"
#include "chronicle/errors/errors.h"
#include "google/protobuf/util/time_util.h"

namespace chronicle::aggregate {
namespace {

constexpr size_t kReadBatch = 1000;
constexpr absl::Duration kReadYourWritesTimeout = absl::Seconds(5);

}  // namespace

absl::Status CommandRunner::ReadStream(
    const v1::StreamId& stream, absl::Time as_of,
    const std::function<absl::Status(const v1::EventEnvelope&)>& visit) {
  for (uint64_t from = 1;;) {
    ASSIGN_OR_RETURN(std::vector<v1::EventEnvelope> events,
                     log_->ReadStream(stream, from, kReadBatch));
    for (const v1::EventEnvelope& event : events) {
      if (FromProtoTime(event.occurred_at()) > as_of) continue;
      RETURN_IF_ERROR(visit(event));
    }
    if (events.size() < kReadBatch) return absl::OkStatus();
    from += events.size();
  }
}

absl::Status CommandRunner::PageStream(const v1::StreamId& stream, absl::string_view name,
                                       int page_size, const std::string& page_token,
                                       google::protobuf::RepeatedPtrField<v1::EventEnvelope>* out,
                                       std::string* next_page_token) {
  if (page_size < 0 || page_size > 1000) {
    return errors::InvalidArgument({{"page_size", "must be between 0 and 1000"}});
  }
  uint64_t from = 1;
  if (!page_token.empty() && (!absl::SimpleAtoi(page_token, &from) || from == 0)) {
    return errors::InvalidArgument({{"page_token", "not a token this list returned"}});
  }
  const size_t limit = page_size == 0 ? 100 : page_size;
  ASSIGN_OR_RETURN(std::vector<v1::EventEnvelope> events,
                   log_->ReadStream(stream, from, limit + 1));
  if (events.empty() && from == 1) return absl::NotFoundError(absl::StrCat(name, " not found"));
  if (events.size() > limit) {
    *next_page_token = absl::StrCat(events[limit].stream_version());
    events.resize(limit);
  }
  for (v1::EventEnvelope& event : events) *out->Add() = std::move(event);
  return absl::OkStatus();
}

eventlog::AppendRequest CommandRunner::MakeRequest(const v1::StreamId& stream,
                                                   eventlog::ExpectedVersion expected,
                                                   const v1::Actor& actor,
                                                   const std::string& command_id,
                                                   std::vector<v1::EventEnvelope>* events) {
  return StampedRequest(stream, expected, actor, command_id, clock_->Now(), events);
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

void CommandRunner::AwaitProjection(uint64_t position) {
  if (position == 0) return;
  absl::Status status = engine_->WaitForPosition(projection_, position, kReadYourWritesTimeout);
  if (!status.ok()) {
    Log(LogLevel::kWarning, "commands", "projection has not reached the write yet",
        {{"projection", projection_},
         {"position", absl::StrCat(position)},
         {"error", status.ToString()}});
  }
}

void CommandRunner::CatchUp() {
  if (absl::Status latest = log_->AwaitLatest(kReadYourWritesTimeout); !latest.ok()) {
    Log(LogLevel::kWarning, "aggregate", "could not make sure the log holds other writers' latest",
        {{"projection", projection_}, {"error", latest.ToString()}});
  }
  AwaitProjection(log_->HeadPosition());
}

absl::StatusOr<std::optional<std::string>> CommandRunner::ReadCaughtUp(absl::string_view key) {
  for (int attempt = 0;; ++attempt) {
    if (attempt == 1) CatchUp();
    ASSIGN_OR_RETURN(auto view, engine_->View(projection_));
    ASSIGN_OR_RETURN(std::optional<std::string> value, view->Get(key));
    if (value || attempt == 1) return value;
  }
}

}  // namespace chronicle::aggregate
