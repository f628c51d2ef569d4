#include "contacts/projection/contacts_projection.h"

#include <iostream>
#include <map>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/base/log.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/projection/key_layout.h"
#include "chronicle/projection/state_messages.h"
#include "chronicle/v1/activities_events.pb.h"
#include "contacts/domain/client.h"
#include "contacts/domain/company.h"
#include "contacts/domain/events.h"
#include "contacts/projection/index_entries.h"
#include "contacts/projection/keys.h"

namespace chronicle::contacts {
namespace {

// The activities service's events, whose contacts with a client this projection reads.
constexpr char kActivitiesPrefix[] = "activities.";

using projection::StateWriter;

// ReadMessage into *out (left as it is when there is no value); true when there was one.
template <typename Message>
absl::StatusOr<bool> Load(StateWriter& state, const std::string& key, Message* out) {
  ASSIGN_OR_RETURN(std::optional<Message> message, projection::ReadMessage<Message>(state, key));
  if (message) *out = std::move(*message);
  return message.has_value();
}

// The current names of the companies `cards` link to.
absl::StatusOr<CompanyNameMap> CompanyNames(std::initializer_list<const v1::Client*> cards,
                                            StateWriter& state) {
  CompanyNameMap names;
  for (const v1::Client* card : cards) {
    if (card == nullptr) continue;
    for (const v1::CompanyLink& link : card->companies()) {
      const std::string id(absl::StripPrefix(link.company(), kCompanyPrefix));
      if (names.count(id)) continue;
      v1::Company company;
      ASSIGN_OR_RETURN(bool found, Load(state, keys::Company(id), &company));
      if (found) names[id] = company.display_name();
    }
  }
  return names;
}

}  // namespace

absl::Status ReindexClient(const v1::Client* before, const CompanyNameMap& names_before,
                           const v1::Client& after, const CompanyNameMap& names_after,
                           StateWriter& state) {
  // The old entries are recomputed rather than stored: IndexEntries is a pure function of the
  // card and its companies' names, and both are known here.
  const std::map<std::string, std::string> old_entries =
      before ? IndexEntries(*before, names_before) : std::map<std::string, std::string>();
  const std::map<std::string, std::string> new_entries = IndexEntries(after, names_after);
  projection::keys::ReplaceEntries(old_entries, new_entries, state);
  return absl::OkStatus();
}

absl::Status ContactsProjection::Apply(const v1::EventEnvelope& event, StateWriter& state) {
  const std::string& type = event.stream().type();
  absl::Status applied;
  if (type == kClientStream) {
    applied = ApplyClient(event, state);
  } else if (absl::StartsWith(event.event_type(), kActivitiesPrefix)) {
    applied = ApplyContact(event, state);
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
    Log(LogLevel::kWarning, "contacts.projection", "event skipped",
        {{"event_type", event.event_type()},
         {"position", absl::StrCat(event.global_position())},
         {"error", std::string(applied.message())}});
    return absl::OkStatus();
  }
  return applied;
}

absl::Status ContactsProjection::ApplyClient(const v1::EventEnvelope& event, StateWriter& state) {
  const std::string key = keys::Card(event.stream().id());
  ClientState client;
  ASSIGN_OR_RETURN(std::optional<v1::Client> before,
                   projection::FoldStored(state, key, event, &client, &ClientState::card));
  if (!client.exists()) return absl::OkStatus();  // another service's event before the card
  state.Put(key, client.card.SerializeAsString());
  if (!absl::StartsWith(event.event_type(), kEventTypePrefix)) return absl::OkStatus();
  const v1::Client* old_card = before ? &*before : nullptr;
  ASSIGN_OR_RETURN(CompanyNameMap names, CompanyNames({old_card, &client.card}, state));
  return ReindexClient(old_card, names, client.card, names, state);
}

absl::Status ContactsProjection::ApplyContact(const v1::EventEnvelope& event, StateWriter& state) {
  // The activities that count as contact move the card's last-contact time forward (they may be
  // logged late, out of order, so never back). The card's version and etag stay: no client
  // command raced with this.
  std::string client;
  google::protobuf::Timestamp time;
  if (Is<v1::ActivityLogged>(event)) {
    v1::ActivityLogged logged;
    RETURN_IF_ERROR(Unpack(event, &logged));
    if (!logged.activity().counts_as_contact()) return absl::OkStatus();
    client = logged.activity().client();
    time = logged.activity().occur_time();
  } else if (Is<v1::MeetingHeld>(event)) {
    v1::MeetingHeld held;
    RETURN_IF_ERROR(Unpack(event, &held));
    client = held.client();
    time = held.time();
  } else if (Is<v1::WebinarAttended>(event)) {
    v1::WebinarAttended attended;
    RETURN_IF_ERROR(Unpack(event, &attended));
    client = attended.client();
    time = attended.time();
  } else {
    return absl::OkStatus();
  }
  const std::string key = keys::Card(std::string(absl::StripPrefix(client, "clients/")));
  v1::Client card;
  ASSIGN_OR_RETURN(bool found, Load(state, key, &card));
  if (!found ||
      (card.has_last_contact_time() &&
       aggregate::FromProtoTime(card.last_contact_time()) >= aggregate::FromProtoTime(time))) {
    return absl::OkStatus();
  }
  const v1::Client before = card;
  *card.mutable_last_contact_time() = time;
  state.Put(key, card.SerializeAsString());
  ASSIGN_OR_RETURN(CompanyNameMap names, CompanyNames({&card}, state));
  return ReindexClient(&before, names, card, names, state);
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
    if (!exists) continue;
    ASSIGN_OR_RETURN(CompanyNameMap names_now, CompanyNames({&card}, state));
    CompanyNameMap names_before = names_now;
    if (old_name.empty()) {
      names_before.erase(event.stream().id());
    } else {
      names_before[event.stream().id()] = old_name;
    }
    RETURN_IF_ERROR(ReindexClient(&card, names_before, card, names_now, state));
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
