#include "event_log_service.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "log_stats_projection.h"
#include "reactors.h"
#include "tail_reactor.h"

namespace chronicle::server {
namespace {

constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;
// A filtered page stops after scanning this many events, so one call stays bounded however rare
// the wanted type is; the page token resumes where it stopped.
constexpr size_t kMaxScannedPerPage = 10'000;
// A page stops growing at this many bytes, below gRPC's default 4 MiB client receive limit; one
// event (at most 1 MiB) always fits.
constexpr size_t kMaxPageBytes = 3 << 20;

absl::StatusOr<eventlog::AppendRequest> ToAppendRequest(const v1::AppendEventsRequest& request,
                                                        const Principal& principal) {
  auto expected = eventlog::ExpectedVersion::FromWire(request.expected_version());
  if (!expected.ok()) {
    return errors::InvalidArgument(
        {{"expected_version", "must be -1 (any), 0 (no stream) or a version > 0"}});
  }
  eventlog::AppendRequest out;
  out.stream = request.stream();
  out.expected_version = *expected;
  out.command_id = request.command_id();
  out.correlation_id = request.correlation_id();
  out.causation_id = request.causation_id();
  out.actor.set_user_id(principal.user_id);
  out.actor.set_role(principal.role);
  out.events.reserve(request.events_size());
  for (const v1::NewEvent& in : request.events()) {
    v1::EventEnvelope& event = out.events.emplace_back();
    event.set_event_type(in.event_type());
    *event.mutable_payload() = in.payload();
    if (in.has_occurred_at()) *event.mutable_occurred_at() = in.occurred_at();
    event.set_schema_version(in.schema_version());
    event.set_partition_key(in.partition_key());
  }
  return out;
}

// Page tokens are opaque to clients; inside they name the filter they belong to, so a token
// cannot silently be reused with another filter.
std::string PageToken(const v1::ListEventsRequest& request, uint64_t next) {
  return absl::WebSafeBase64Escape(
      absl::StrCat("v1\n", request.stream(), "\n", request.event_type(), "\n", next));
}

absl::StatusOr<uint64_t> ParsePageToken(const v1::ListEventsRequest& request) {
  std::string raw;
  std::vector<std::string> parts;
  if (absl::WebSafeBase64Unescape(request.page_token(), &raw)) parts = absl::StrSplit(raw, '\n');
  uint64_t next;
  if (parts.size() != 4 || parts[0] != "v1" || !absl::SimpleAtoi(parts[3], &next)) {
    return errors::InvalidArgument({{"page_token", "not a token returned by ListEvents"}});
  }
  if (parts[1] != request.stream() || parts[2] != request.event_type()) {
    return errors::InvalidArgument({{"page_token", "was issued for a different filter"}});
  }
  return next;
}

}  // namespace

grpc::ServerUnaryReactor* EventLogService::AppendEvents(grpc::CallbackServerContext* context,
                                                        const v1::AppendEventsRequest* request,
                                                        v1::AppendEventsResponse* response) {
  auto principal = auth_->Authenticate(*context);
  if (!principal.ok()) return FinishNow(context, principal.status());
  if (auto allowed = RequireRole(*principal, kAdminRole); !allowed.ok()) {
    return FinishNow(context, allowed);
  }
  auto append = ToAppendRequest(*request, *principal);
  if (!append.ok()) return FinishNow(context, append.status());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  log_->AppendAsync(std::move(*append), [reactor, response](auto result) {
    if (result.ok()) {
      response->set_first_position(result->first_position);
      response->set_last_position(result->last_position);
      response->set_stream_version(result->stream_version);
      response->set_deduplicated(result->deduplicated);
    }
    reactor->Finish(errors::ToGrpc(result.status()));
  });
  return reactor;
}

grpc::ServerUnaryReactor* EventLogService::ListEvents(grpc::CallbackServerContext* context,
                                                      const v1::ListEventsRequest* request,
                                                      v1::ListEventsResponse* response) {
  auto principal = auth_->Authenticate(*context);
  if (!principal.ok()) return FinishNow(context, principal.status());
  // Bounded work (one page, at most kMaxScannedPerPage events), so it runs on this thread.
  return FinishNow(context, List(*request, response));
}

absl::Status EventLogService::List(const v1::ListEventsRequest& request,
                                   v1::ListEventsResponse* response) {
  if (request.page_size() < 0 || request.page_size() > kMaxPageSize) {
    return errors::InvalidArgument(
        {{"page_size", absl::StrCat("must be between 0 and ", kMaxPageSize)}});
  }
  const size_t page_size = request.page_size() == 0 ? kDefaultPageSize : request.page_size();
  uint64_t next = std::max<uint64_t>(request.from(), 1);
  if (!request.page_token().empty()) {
    ASSIGN_OR_RETURN(next, ParsePageToken(request));
  }

  std::optional<v1::StreamId> stream;
  if (!request.stream().empty()) {
    auto parsed = eventlog::ParseStreamName(request.stream());
    if (!parsed.ok()) return errors::InvalidArgument({{"stream", "must be of the form type/id"}});
    stream = *parsed;
  }
  size_t scanned = 0;
  size_t bytes = 0;
  bool at_end = false;
  bool full = false;
  while (!full && scanned < kMaxScannedPerPage) {
    const size_t want = std::min<size_t>(page_size - response->events_size(), 256);
    auto batch = stream ? log_->ReadStream(*stream, next, want) : log_->ReadAll(next, want);
    RETURN_IF_ERROR(batch.status());
    for (v1::EventEnvelope& event : *batch) {
      const uint64_t after = (stream ? event.stream_version() : event.global_position()) + 1;
      if (request.event_type().empty() || event.event_type() == request.event_type()) {
        const size_t size = event.ByteSizeLong();
        if (response->events_size() > 0 && bytes + size > kMaxPageBytes) {
          full = true;  // `next` still points at this event: the next page starts with it
          break;
        }
        bytes += size;
        *response->add_events() = std::move(event);
      }
      next = after;
      ++scanned;
    }
    if (full) break;
    if (batch->size() < want) {
      at_end = true;
      break;
    }
    full = response->events_size() >= static_cast<int>(page_size);
  }
  if (!at_end) response->set_next_page_token(PageToken(request, next));
  return absl::OkStatus();
}

grpc::ServerWriteReactor<v1::EventEnvelope>* EventLogService::TailEvents(
    grpc::CallbackServerContext* context, const v1::TailEventsRequest* request) {
  auto principal = auth_->Authenticate(*context);
  uint64_t after =
      request->from_position() == 0 ? log_->HeadPosition() : request->from_position() - 1;
  auto* reactor =
      new TailReactor(log_, eventlog::Checkpoint::AfterPosition(after), request->event_type(),
                      principal.status(), [this](TailReactor* done) { streams_.Remove(done); });
  streams_.Add(reactor);
  return reactor;
}

void EventLogService::StopStreams() { streams_.StopAll(); }

grpc::ServerUnaryReactor* EventLogService::GetLogStats(grpc::CallbackServerContext* context,
                                                       const v1::GetLogStatsRequest* request,
                                                       v1::LogStats* response) {
  auto principal = auth_->Authenticate(*context);
  if (!principal.ok()) return FinishNow(context, principal.status());
  return FinishNow(context, Stats(response));
}

absl::Status EventLogService::Stats(v1::LogStats* response) {
  ASSIGN_OR_RETURN(auto view, engine_->View(LogStatsProjection::kName));
  ASSIGN_OR_RETURN(LogStatsSnapshot stats, ReadLogStats(*view));
  response->set_head_position(log_->HeadPosition());
  response->set_stats_position(view->position());
  response->set_event_count(stats.events);
  response->set_stream_count(stats.streams);
  for (const auto& [type, count] : stats.events_by_type) {
    auto* entry = response->add_events_by_type();
    entry->set_event_type(type);
    entry->set_count(count);
  }
  response->set_storage_bytes(log_->StorageBytes());
  return absl::OkStatus();
}

}  // namespace chronicle::server
