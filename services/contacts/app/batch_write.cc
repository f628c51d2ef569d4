// ContactsApp: batch create / update / upsert, and bulk reassignment. Both write many streams at
// once: decisions are made item by item (so later items see earlier ones), then every stream's
// events go to the log together and are committed in groups.
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/base/uuid.h"
#include "chronicle/errors/errors.h"
#include "contacts/app/contacts_app.h"
#include "contacts/domain/email.h"
#include "contacts/domain/events.h"
#include "contacts/projection/client_reader.h"
#include "contacts/projection/contacts_projection.h"
#include "contacts/projection/keys.h"
#include "google/protobuf/util/time_util.h"

namespace chronicle::contacts {
namespace {

using Events = std::vector<v1::EventEnvelope>;
using google::protobuf::util::TimeUtil;

constexpr int kMaxBatchWrites = 500;
constexpr size_t kMaxReassignByOwner = 10'000;

// One stream the batch writes: its state as the batch's decisions leave it.
struct StreamWrite {
  ClientState state;
  uint64_t loaded_version = 0;
  Events events;
  std::vector<int> items;  // indexes of the writes that produced events here
};

void Stamp(Events* events, const v1::Actor& actor, absl::Time now) {
  for (v1::EventEnvelope& event : *events) {
    *event.mutable_occurred_at() = TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(now));
    *event.mutable_actor() = actor;
  }
}

void Fail(const absl::Status& status, v1::ClientWriteResult* result) {
  result->set_outcome(v1::ClientWriteResult::FAILED);
  result->set_code(static_cast<int>(status.code()));
  result->set_message(std::string(status.message()));
  for (const errors::FieldViolation& violation : errors::FieldViolations(status)) {
    result->add_bad_fields(violation.field);
  }
}

// What one write of a batch does to its stream's state (the decision only; nothing appended).
// Field violations name the write: "writes[3].client.phones[0].number".
absl::StatusOr<Events> DecideWrite(const DecideContext& context, const v1::ClientWrite& write,
                                   int i, const ClientState& state, const std::string& id,
                                   const std::string& job_id) {
  const std::string prefix = absl::StrCat("writes[", i, "].client");
  const std::vector<std::string> mask(write.update_mask().paths().begin(),
                                      write.update_mask().paths().end());
  if (state.exists()) {
    switch (write.mode()) {
      case v1::ClientWrite::CREATE:
        return absl::AlreadyExistsError(absl::StrCat(kClientPrefix, id, " already exists"));
      case v1::ClientWrite::UPDATE: {
        UpdateClientCommand update{write.client(), mask, job_id,
                                   absl::StrCat("writes[", i, "].update_mask"), prefix};
        if (update.paths.empty()) update.paths.push_back("*");
        return DecideUpdate(context, state, update);
      }
      default:
        return DecideFillIn(context, state, write.client(), mask, job_id, prefix);
    }
  }
  if (write.mode() == v1::ClientWrite::UPDATE) {
    return absl::NotFoundError(absl::StrCat(write.client().name(), " not found"));
  }
  CreateClientCommand create{absl::StrCat(kClientPrefix, id),
                             write.client(),
                             {},
                             job_id.empty() ? "batch" : "import",
                             job_id};
  absl::StatusOr<Events> events = DecideCreate(context, create);
  if (!events.ok() && absl::IsInvalidArgument(events.status())) {
    // The decision names fields "client.*": make them name this write.
    std::vector<errors::FieldViolation> violations = errors::FieldViolations(events.status());
    for (auto& v : violations) v.field = absl::StrCat("writes[", i, "].", v.field);
    return errors::InvalidArgument(violations);
  }
  return events;
}

absl::StatusOr<ClientState> StateFromProjection(ClientReader& reader, const std::string& id) {
  ClientState state;
  ASSIGN_OR_RETURN(std::optional<v1::Client> card, reader.Card(id));
  if (card) {
    state.card = std::move(*card);
    if (!absl::SimpleAtoi(state.card.etag(), &state.version)) {
      return absl::DataLossError(absl::StrCat("contacts projection: bad etag on clients/", id));
    }
  }
  return state;
}

}  // namespace

absl::Status ContactsApp::BatchWriteClients(const v1::Actor& actor,
                                            const v1::BatchWriteClientsRequest& request,
                                            v1::BatchWriteClientsResponse* response) {
  if (request.writes_size() > kMaxBatchWrites) {
    return errors::InvalidArgument(
        {{"writes", absl::StrCat("at most ", kMaxBatchWrites, " per call")}});
  }
  std::string job_id;
  if (!request.import_job().empty()) {
    ASSIGN_OR_RETURN(job_id, ParseResourceId(request.import_job(), "importJobs/", "import_job"));
    v1::GetImportJobRequest get;
    get.set_name(request.import_job());
    ASSIGN_OR_RETURN(v1::ImportJob job, GetImportJob(get));
    if (job.state() != v1::ImportJob::RUNNING) {
      return absl::FailedPreconditionError(absl::StrCat(request.import_job(), " is not running"));
    }
  }
  RETURN_IF_ERROR(AwaitStartupCatchUp());
  ASSIGN_OR_RETURN(auto catalog, catalog_.Current());
  const absl::Time now = runner_.Now();
  const DecideContext context{phones_, *catalog, now};
  // Matching, deciding and appending hold the match lock, so that concurrent batches and inquiries
  // see each other's cards; waiting for the projection does not (pending_ covers the gap).
  absl::ReleasableMutexLock lock(&match_mu_);
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kContactsProjection));
  pending_.Prune(view->position());
  ClientReader reader(*view);

  std::map<std::string, StreamWrite> streams;
  std::vector<std::string> stream_order;
  std::map<std::string, std::string> batch_keys;  // match key -> id written earlier in this batch
  for (int i = 0; i < request.writes_size(); ++i) {
    const v1::ClientWrite& write = request.writes(i);
    v1::ClientWriteResult* result = response->add_results();
    std::string id;
    if (write.mode() == v1::ClientWrite::UPDATE) {
      auto resolved =
          ResolveClientId(write.client().name(), absl::StrCat("writes[", i, "].client.name"));
      if (!resolved.ok()) {
        Fail(resolved.status(), result);
        continue;
      }
      id = *resolved;
    } else if (write.mode() == v1::ClientWrite::UPSERT) {
      const v1::Client keys = NormalizedForMatching(write.client());
      for (const std::string& key : MatchKeys(keys)) {
        if (auto it = batch_keys.find(key); it != batch_keys.end()) {
          id = it->second;
          break;
        }
      }
      std::string matched_by;
      if (id.empty()) {
        auto matched = MatchExisting(keys, reader, &matched_by);
        if (!matched.ok()) {
          Fail(matched.status(), result);
          continue;
        }
        id = *matched;
      }
    } else if (write.mode() != v1::ClientWrite::CREATE) {
      Fail(errors::InvalidArgument(
               {{absl::StrCat("writes[", i, "].mode"), "CREATE, UPDATE or UPSERT"}}),
           result);
      continue;
    }
    if (id.empty()) {
      id = request.request_id().empty()
               ? NewAggregateId()
               : DerivedId("batch", absl::StrCat(request.request_id(), "#", i));
    }
    auto [it, inserted] = streams.try_emplace(id);
    StreamWrite& stream = it->second;
    if (inserted) {
      stream_order.push_back(id);
      if (const ClientState* pending = pending_.State(id)) {
        stream.state = *pending;
      } else {
        auto state = StateFromProjection(reader, id);
        if (!state.ok()) {
          Fail(state.status(), result);
          streams.erase(it);
          stream_order.pop_back();
          continue;
        }
        stream.state = std::move(*state);
      }
      stream.loaded_version = stream.state.version;
    }
    const bool existed = stream.state.exists();
    absl::StatusOr<Events> events = DecideWrite(context, write, i, stream.state, id, job_id);
    if (!events.ok()) {
      Fail(events.status(), result);
      continue;
    }
    if (events->empty()) {
      result->set_outcome(v1::ClientWriteResult::MATCHED);
    } else {
      Stamp(&*events, actor, now);
      if (auto folded = CommandRunner::Fold(*events, &stream.state); !folded.ok()) {
        Fail(folded, result);
        continue;
      }
      result->set_outcome(existed ? v1::ClientWriteResult::UPDATED
                                  : v1::ClientWriteResult::CREATED);
      for (auto& event : *events) stream.events.push_back(std::move(event));
    }
    stream.items.push_back(i);
    result->set_client(absl::StrCat(kClientPrefix, id));
    for (std::string& key : MatchKeys(stream.state.card)) batch_keys[std::move(key)] = id;
  }

  std::vector<eventlog::AppendRequest> appends;
  std::vector<std::string> appended_ids;
  for (const std::string& id : stream_order) {
    StreamWrite& stream = streams[id];
    if (stream.events.empty()) continue;
    const auto expected = stream.loaded_version == 0
                              ? eventlog::ExpectedVersion::NoStream()
                              : eventlog::ExpectedVersion::Exact(stream.loaded_version);
    const std::string command =
        request.request_id().empty() ? "" : absl::StrCat(request.request_id(), ":", id);
    appends.push_back(runner_.MakeRequest(MakeStream(kClientStream, id), expected, actor, command,
                                          &stream.events));
    appended_ids.push_back(id);
  }
  auto appended = runner_.AppendAll(std::move(appends));
  uint64_t last_position = 0;
  v1::ImportRowsApplied rows;
  for (size_t s = 0; s < appended.size(); ++s) {
    if (appended[s].ok()) {
      last_position = std::max(last_position, appended[s]->last_position);
      rows.add_touched_clients(appended_ids[s]);
      pending_.Record(appended_ids[s], streams[appended_ids[s]].state, appended[s]->last_position);
      continue;
    }
    absl::Status status = appended[s].status();
    if (absl::IsAborted(status)) {
      status = absl::AbortedError(absl::StrCat(
          kClientPrefix, appended_ids[s], " changed while the batch was written; retry the item"));
    }
    for (int i : streams[appended_ids[s]].items) Fail(status, response->mutable_results(i));
  }
  for (const v1::ClientWriteResult& result : response->results()) {
    switch (result.outcome()) {
      case v1::ClientWriteResult::CREATED:
        rows.set_created(rows.created() + 1);
        break;
      case v1::ClientWriteResult::UPDATED:
        rows.set_updated(rows.updated() + 1);
        break;
      case v1::ClientWriteResult::MATCHED:
        rows.set_matched(rows.matched() + 1);
        break;
      default:
        rows.set_failed(rows.failed() + 1);
    }
  }
  view.reset();
  lock.Release();
  runner_.AwaitProjection(last_position);  // the caller reads its own writes
  if (!job_id.empty()) {
    const std::string command =
        request.request_id().empty() ? RandomUuid() : absl::StrCat(request.request_id(), ":job");
    RETURN_IF_ERROR(AppendJobEvent(actor, job_id, NewEvent(rows), command).status());
  }
  return absl::OkStatus();
}

absl::Status ContactsApp::ReassignClients(const v1::Actor& actor,
                                          const v1::ReassignClientsRequest& request,
                                          v1::ReassignClientsResponse* response) {
  std::vector<errors::FieldViolation> violations;
  const int selectors =
      !request.clients().empty() + !request.from_owner().empty() + !request.filter().empty();
  if (selectors != 1) {
    violations.push_back(
        {"clients", "list clients, or give from_owner, or a filter (exactly one)"});
  }
  if (request.to_owner().empty()) violations.push_back({"to_owner", "required"});
  if (request.clients_size() > kMaxBatchWrites) {
    violations.push_back({"clients", absl::StrCat("at most ", kMaxBatchWrites, " per call")});
  }
  if (!violations.empty()) return errors::InvalidArgument(violations);
  const absl::Time now = runner_.Now();
  std::vector<std::string> ids;
  if (!request.from_owner().empty()) {
    ASSIGN_OR_RETURN(auto view, runner_.engine().View(kContactsProjection));
    ClientReader reader(*view);
    ASSIGN_OR_RETURN(std::vector<std::string> owned,
                     reader.IdsUnder(keys::Prefix("o", request.from_owner()), kMaxReassignByOwner));
    for (const std::string& id : owned) {
      ASSIGN_OR_RETURN(std::optional<v1::Client> card, reader.Card(id));
      if (card && PresentCard(*card, now).effective_owner() == request.from_owner())
        ids.push_back(id);
    }
  } else if (!request.filter().empty()) {
    v1::ListClientsRequest list;
    list.set_filter(request.filter());
    list.set_page_size(1000);
    list.mutable_read_mask()->add_paths("name");
    do {
      v1::ListClientsResponse page;
      RETURN_IF_ERROR(ListClients(list, &page));
      for (const v1::Client& card : page.clients()) {
        ids.emplace_back(absl::StripPrefix(card.name(), kClientPrefix));
      }
      list.set_page_token(page.next_page_token());
    } while (!list.page_token().empty() && ids.size() < kMaxReassignByOwner);
    if (ids.size() > kMaxReassignByOwner) ids.resize(kMaxReassignByOwner);
  } else {
    for (int i = 0; i < request.clients_size(); ++i) {
      ASSIGN_OR_RETURN(std::string id,
                       ResolveClientId(request.clients(i), absl::StrCat("clients[", i, "]")));
      ids.push_back(std::move(id));
    }
  }
  Reassign command{request.to_owner(), request.team(), absl::InfiniteFuture(), request.reason()};
  if (request.has_until()) {
    command.until = absl::FromUnixSeconds(request.until().seconds()) +
                    absl::Nanoseconds(request.until().nanos());
  }
  ASSIGN_OR_RETURN(auto catalog, catalog_.Current());
  const DecideContext context{phones_, *catalog, now};
  uint64_t last_position = 0;
  for (const std::string& id : ids) {
    // One stream at a time keeps each decision on fresh state; the log still groups the fsyncs
    // of concurrent callers. Bulk reassignment is rare and bounded (kMaxReassignByOwner).
    const std::string command_id =
        request.request_id().empty() ? "" : absl::StrCat(request.request_id(), ":", id);
    ASSIGN_OR_RETURN(Written written,
                     runner_.RunClient(id, actor, command_id, [&](const ClientState& state) {
                       return DecideReassign(context, state, command);
                     }));
    last_position = std::max(last_position, written.last_position);
    if (written.last_position == 0) continue;
    response->set_reassigned(response->reassigned() + 1);
    response->add_clients(absl::StrCat(kClientPrefix, id));
  }
  runner_.AwaitProjection(last_position);
  return absl::OkStatus();
}

}  // namespace chronicle::contacts
