#include "contacts/projection/contacts_projection.h"

#include <iostream>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/v1/contacts_state.pb.h"
#include "contacts/domain/client.h"
#include "contacts/domain/company.h"
#include "contacts/domain/events.h"
#include "contacts/projection/index_entries.h"
#include "contacts/projection/keys.h"

namespace chronicle::contacts {
namespace {

using projection::StateWriter;

template <typename Message>
absl::StatusOr<bool> Load(StateWriter& state, const std::string& key, Message* out) {
  ASSIGN_OR_RETURN(std::optional<std::string> bytes, state.Get(key));
  if (!bytes) return false;
  if (!out->ParseFromString(*bytes)) {
    return absl::DataLossError(absl::StrCat("contacts projection: unreadable value at ", key));
  }
  return true;
}

absl::StatusOr<std::map<std::string, std::string>> CompanyNames(const v1::Client& card,
                                                                StateWriter& state) {
  std::map<std::string, std::string> names;
  for (const v1::CompanyLink& link : card.companies()) {
    const std::string id(absl::StripPrefix(link.company(), kCompanyPrefix));
    v1::Company company;
    ASSIGN_OR_RETURN(bool found, Load(state, keys::Company(id), &company));
    if (found) names[id] = company.display_name();
  }
  return names;
}

}  // namespace

absl::Status ReindexClient(const v1::Client& card, StateWriter& state) {
  const std::string id(absl::StripPrefix(card.name(), kClientPrefix));
  ASSIGN_OR_RETURN(auto company_names, CompanyNames(card, state));
  const std::map<std::string, std::string> entries = IndexEntries(card, company_names);
  v1::ContactsIndexKeys old_keys;
  ASSIGN_OR_RETURN(bool had, Load(state, keys::IndexList(id), &old_keys));
  for (const std::string& key : old_keys.keys()) {
    if (!entries.count(key)) state.Delete(key);
  }
  v1::ContactsIndexKeys new_keys;
  for (const auto& [key, value] : entries) {
    state.Put(key, value);  // rewriting an unchanged entry is cheaper than looking it up
    new_keys.add_keys(key);
  }
  if (had || !entries.empty()) state.Put(keys::IndexList(id), new_keys.SerializeAsString());
  return absl::OkStatus();
}

absl::Status ContactsProjection::Apply(const v1::EventEnvelope& event, StateWriter& state) {
  const std::string& type = event.stream().type();
  absl::Status applied;
  if (type == kClientStream) {
    applied = ApplyClient(event, state);
  } else if (!absl::StartsWith(event.event_type(), kEventTypePrefix)) {
    return absl::OkStatus();
  } else if (type == kCompanyStream) {
    applied = ApplyCompany(event, state);
  } else if (type == kImportJobStream) {
    applied = ApplyImportJob(event, state);
  }
  // An event whose payload does not parse (a raw admin append, say) must not stop every other
  // card from updating: it is skipped here, loudly. Commands on that client still fail with
  // DATA_LOSS until the stream is repaired, because the aggregate cannot fold it either.
  if (absl::IsDataLoss(applied)) {
    std::cerr << "contacts projection: skipped " << event.event_type() << " at position "
              << event.global_position() << ": " << applied.message() << std::endl;
    return absl::OkStatus();
  }
  return applied;
}

absl::Status ContactsProjection::ApplyClient(const v1::EventEnvelope& event, StateWriter& state) {
  const std::string key = keys::Card(event.stream().id());
  ClientState client;
  ASSIGN_OR_RETURN(bool found, Load(state, key, &client.card));
  if (found && !absl::SimpleAtoi(client.card.etag(), &client.version)) {
    return absl::DataLossError(absl::StrCat("contacts projection: bad etag at ", key));
  }
  RETURN_IF_ERROR(Evolve(event, &client));
  if (!client.exists()) return absl::OkStatus();  // another service's event before the card
  state.Put(key, client.card.SerializeAsString());
  if (!absl::StartsWith(event.event_type(), kEventTypePrefix)) return absl::OkStatus();
  return ReindexClient(client.card, state);
}

absl::Status ContactsProjection::ApplyCompany(const v1::EventEnvelope& event, StateWriter& state) {
  const std::string key = keys::Company(event.stream().id());
  CompanyState company;
  ASSIGN_OR_RETURN(bool found, Load(state, key, &company.card));
  if (found) absl::SimpleAtoi(company.card.etag(), &company.version);
  const std::string old_name = company.card.display_name();
  RETURN_IF_ERROR(EvolveCompany(event, &company));
  state.Put(key, company.card.SerializeAsString());
  if (company.card.display_name() == old_name) return absl::OkStatus();
  // Persons find their company by its name: re-index those linked to it.
  std::vector<std::string> persons;
  RETURN_IF_ERROR(state.Scan(keys::Prefix("cp", event.stream().id()), "",
                             [&](absl::string_view k, absl::string_view) {
                               persons.emplace_back(keys::TrailingId(k));
                               return true;
                             }));
  for (const std::string& person : persons) {
    v1::Client card;
    ASSIGN_OR_RETURN(bool exists, Load(state, keys::Card(person), &card));
    if (exists) RETURN_IF_ERROR(ReindexClient(card, state));
  }
  return absl::OkStatus();
}

absl::Status ContactsProjection::ApplyImportJob(const v1::EventEnvelope& event,
                                                StateWriter& state) {
  const std::string& id = event.stream().id();
  const std::string key = keys::ImportJob(id);
  v1::ImportJob job;
  RETURN_IF_ERROR(Load(state, key, &job).status());
  if (Is<v1::ImportJobStarted>(event)) {
    v1::ImportJobStarted started;
    RETURN_IF_ERROR(Unpack(event, &started));
    job.set_name(absl::StrCat("importJobs/", id));
    job.set_file_name(started.file_name());
    job.set_total_rows(started.total_rows());
    job.set_state(v1::ImportJob::RUNNING);
    *job.mutable_create_time() = event.occurred_at();
    job.set_create_user(event.actor().user_id());
  } else if (Is<v1::ImportRowsApplied>(event)) {
    v1::ImportRowsApplied rows;
    RETURN_IF_ERROR(Unpack(event, &rows));
    job.set_created(job.created() + rows.created());
    job.set_updated(job.updated() + rows.updated());
    job.set_matched(job.matched() + rows.matched());
    job.set_failed(job.failed() + rows.failed());
    for (const std::string& client : rows.touched_clients()) {
      state.Put(keys::Tagged("j", id, client), "");
    }
  } else if (Is<v1::ImportJobCompleted>(event)) {
    job.set_state(v1::ImportJob::COMPLETED);
    *job.mutable_complete_time() = event.occurred_at();
  } else if (Is<v1::ImportJobReverted>(event)) {
    v1::ImportJobReverted reverted;
    RETURN_IF_ERROR(Unpack(event, &reverted));
    job.set_state(v1::ImportJob::REVERTED);
    *job.mutable_revert_time() = event.occurred_at();
    job.set_reverted_clients(reverted.reverted_clients());
    job.set_revert_conflicts(reverted.conflicts());
  }
  state.Put(key, job.SerializeAsString());
  return absl::OkStatus();
}

}  // namespace chronicle::contacts
