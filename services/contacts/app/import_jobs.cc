// ContactsApp: import jobs. Rows arrive through BatchWriteClients tagged with the job; the job's
// stream counts them and lists the clients touched, which is what a revert walks.
#include "absl/strings/str_cat.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/base/uuid.h"
#include "chronicle/errors/errors.h"
#include "contacts/app/contacts_app.h"
#include "contacts/domain/events.h"
#include "contacts/projection/client_reader.h"
#include "contacts/projection/contacts_projection.h"
#include "contacts/projection/keys.h"

namespace chronicle::contacts {
namespace {

constexpr char kImportJobPrefix[] = "importJobs/";
constexpr size_t kRevertChunk = 256;

}  // namespace

absl::StatusOr<v1::ImportJob> ContactsApp::AppendJobEvent(const v1::Actor& actor,
                                                          absl::string_view id,
                                                          v1::EventEnvelope event,
                                                          const std::string& command_id) {
  std::vector<v1::EventEnvelope> events{std::move(event)};
  ASSIGN_OR_RETURN(auto result,
                   runner_.Append(MakeStream(kImportJobStream, id),
                                  eventlog::ExpectedVersion::Any(), actor, command_id, &events));
  runner_.AwaitProjection(result.last_position);
  v1::GetImportJobRequest get;
  get.set_name(absl::StrCat(kImportJobPrefix, id));
  return GetImportJob(get);
}

absl::StatusOr<v1::ImportJob> ContactsApp::CreateImportJob(
    const v1::Actor& actor, const v1::CreateImportJobRequest& request) {
  std::vector<errors::FieldViolation> violations;
  if (request.import_job().file_name().size() > 1000) {
    violations.push_back({"import_job.file_name", "at most 1000 bytes"});
  }
  if (request.import_job().total_rows() < 0)
    violations.push_back({"import_job.total_rows", "must be >= 0"});
  if (!violations.empty()) return errors::InvalidArgument(violations);
  const std::string id =
      request.request_id().empty() ? NewAggregateId() : DerivedId("import", request.request_id());
  v1::ImportJobStarted started;
  started.set_file_name(request.import_job().file_name());
  started.set_total_rows(request.import_job().total_rows());
  return AppendJobEvent(actor, id, NewEvent(started), request.request_id());
}

absl::StatusOr<v1::ImportJob> ContactsApp::GetImportJob(const v1::GetImportJobRequest& request) {
  ASSIGN_OR_RETURN(std::string id, ParseResourceId(request.name(), kImportJobPrefix, "name"));
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kContactsProjection));
  ASSIGN_OR_RETURN(std::optional<v1::ImportJob> job, ClientReader(*view).ImportJob(id));
  if (!job || job->name().empty())
    return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  return *job;
}

absl::StatusOr<v1::ImportJob> ContactsApp::CompleteImportJob(
    const v1::Actor& actor, const v1::CompleteImportJobRequest& request) {
  v1::GetImportJobRequest get;
  get.set_name(request.name());
  ASSIGN_OR_RETURN(v1::ImportJob job, GetImportJob(get));
  if (job.state() == v1::ImportJob::COMPLETED) return job;
  if (job.state() != v1::ImportJob::RUNNING) {
    return absl::FailedPreconditionError(absl::StrCat(request.name(), " is not running"));
  }
  ASSIGN_OR_RETURN(std::string id, ParseResourceId(request.name(), kImportJobPrefix, "name"));
  return AppendJobEvent(actor, id, NewEvent(v1::ImportJobCompleted()),
                        absl::StrCat(id, ":completed"));
}

absl::StatusOr<v1::ImportJob> ContactsApp::RevertImportJob(
    const v1::Actor& actor, const v1::RevertImportJobRequest& request) {
  v1::GetImportJobRequest get;
  get.set_name(request.name());
  ASSIGN_OR_RETURN(v1::ImportJob job, GetImportJob(get));
  if (job.state() == v1::ImportJob::REVERTED) return job;
  ASSIGN_OR_RETURN(std::string id, ParseResourceId(request.name(), kImportJobPrefix, "name"));
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kContactsProjection));
  ASSIGN_OR_RETURN(
      std::vector<std::string> clients,
      ClientReader(*view).IdsUnder(keys::Prefix("j", id), std::numeric_limits<size_t>::max()));
  view.reset();
  const std::string command =
      absl::StrCat(request.request_id().empty() ? RandomUuid() : request.request_id(), ":revert");
  int conflicts = 0;
  int64_t reverted = 0;
  uint64_t last_position = 0;
  // Reverting writes one compensating event per client; streams are independent, so chunks of
  // them go to the log together.
  for (size_t start = 0; start < clients.size(); start += kRevertChunk) {
    std::vector<eventlog::AppendRequest> appends;
    for (size_t i = start; i < std::min(clients.size(), start + kRevertChunk); ++i) {
      ASSIGN_OR_RETURN(ClientState state, runner_.LoadClient(clients[i]));
      ASSIGN_OR_RETURN(auto events, DecideRevertImport(state, id, &conflicts));
      if (events.empty()) continue;
      appends.push_back(runner_.MakeRequest(MakeStream(kClientStream, clients[i]),
                                            eventlog::ExpectedVersion::Exact(state.version), actor,
                                            absl::StrCat(command, ":", clients[i]), &events));
    }
    for (auto& result : runner_.AppendAll(std::move(appends))) {
      if (absl::IsAborted(result.status())) {
        ++conflicts;  // changed under us: left as it is, counted
        continue;
      }
      RETURN_IF_ERROR(result.status());
      last_position = std::max(last_position, result->last_position);
      ++reverted;
    }
  }
  runner_.AwaitProjection(last_position);
  v1::ImportJobReverted done;
  done.set_reverted_clients(reverted);
  done.set_conflicts(conflicts);
  return AppendJobEvent(actor, id, NewEvent(done), command);
}

}  // namespace chronicle::contacts
