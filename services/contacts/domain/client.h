// The client aggregate as a decider: Evolve folds the events of one "client/{id}" stream into a
// ClientState; the Decide* functions turn a command and the current state into new events or an
// error. Pure: no I/O, no clock (the time comes in the context), no ids minted here.
//
// Errors: INVALID_ARGUMENT with field violations (nothing to append), NOT_FOUND for a client that
// does not exist or was deleted, FAILED_PRECONDITION for a merged-away client, ABORTED for a
// stale etag.
#ifndef CHRONICLE_CONTACTS_DOMAIN_CLIENT_H_
#define CHRONICLE_CONTACTS_DOMAIN_CLIENT_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "chronicle/v1/contacts.pb.h"
#include "chronicle/v1/contacts_events.pb.h"
#include "contacts/domain/custom_fields.h"
#include "contacts/domain/phone.h"

namespace chronicle::contacts {

inline constexpr char kClientPrefix[] = "clients/";

struct ClientState {
  v1::Client card;       // name is empty until ClientCreated
  uint64_t version = 0;  // stream version of the last event folded in
  // What each merge brought in, by source name, so an unmerge can take exactly that back.
  std::map<std::string, v1::ClientAbsorbed> absorbed;
  // Profile updates each import job made, in order, so reverting the job can undo them.
  std::map<std::string, std::vector<v1::ClientUpdated>> import_updates;
  std::string created_by_import;
  // The command id of the append that created the card: a retried create recognizes its own.
  std::string created_by_command;

  bool exists() const { return !card.name().empty(); }
};

// Folds one event of the client's stream. Events of other services on the stream and unknown
// types only advance the version. DATA_LOSS when a payload cannot be read.
absl::Status Evolve(const v1::EventEnvelope& event, ClientState* state);

// The card as a reader should see it at `now`: a lapsed substitute no longer owns the client.
v1::Client PresentCard(v1::Client card, absl::Time now);

struct DecideContext {
  const PhoneNormalizer& phones;
  const FieldCatalog& fields;
  absl::Time now;
};

// A new card from `input` (id and name are the caller's: `name` = "clients/{id}").
struct CreateClientCommand {
  std::string name;
  v1::Client input;
  v1::Attribution first_touch;
  std::string origin = "api";
  std::string import_job;
  // Leads (intake) may arrive without required custom fields; manual and imported cards may not.
  bool enforce_required = true;
};
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideCreate(const DecideContext& context,
                                                            const CreateClientCommand& command);

// Replaces `paths` (as given in an update mask; "*" allowed) with `input`'s values.
struct UpdateClientCommand {
  v1::Client input;
  std::vector<std::string> paths;
  std::string import_job;
  std::string mask_field = "update_mask";
  std::string prefix = "client";
};
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideUpdate(const DecideContext& context,
                                                            const ClientState& state,
                                                            const UpdateClientCommand& command);

// Upsert onto an existing card: fills empty fields and adds missing list items (phones, emails,
// tags, ...) from `input`; fields named in `overwrite` are replaced instead.
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideFillIn(
    const DecideContext& context, const ClientState& state, const v1::Client& input,
    const std::vector<std::string>& overwrite, const std::string& import_job,
    const std::string& prefix);

// An inquiry attached to an existing client (state exists) or creating a lead card `new_name`.
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideInquiry(
    const DecideContext& context, const ClientState& state, const std::string& new_name,
    const v1::SubmitInquiryRequest& inquiry);

struct Reassign {
  std::string to_owner;
  std::string team;  // empty: keep the team
  absl::Time until = absl::InfiniteFuture();
  std::string reason;
};
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideReassign(const DecideContext& context,
                                                              const ClientState& state,
                                                              const Reassign& command);

absl::StatusOr<std::vector<v1::EventEnvelope>> DecideConsent(const ClientState& state,
                                                             v1::ConsentKind kind, bool granted,
                                                             const std::string& source);

absl::StatusOr<std::vector<v1::EventEnvelope>> DecideLifecycle(
    const ClientState& state, const v1::SetLifecycleStatusRequest& request);

// Merge `source` into `target`: events for each stream. Target's events go first (a crash in
// between leaves a target that already has the data; retrying the merge completes it).
struct MergeDecision {
  std::vector<v1::EventEnvelope> target_events;
  std::vector<v1::EventEnvelope> source_events;
};
absl::StatusOr<MergeDecision> DecideMerge(const ClientState& source, const ClientState& target);
absl::StatusOr<MergeDecision> DecideUnmerge(const ClientState& source, const ClientState& target);

// Undo what import job `job` did to this client: delete a card it created, restore fields it
// changed unless someone changed them since (counted in *conflicts).
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideRevertImport(const ClientState& state,
                                                                  const std::string& job,
                                                                  int* conflicts);

// Fails when the client cannot take commands: NOT_FOUND (never created, or deleted),
// FAILED_PRECONDITION (merged away; the caller resolves merges first).
absl::Status CheckWritable(const ClientState& state);

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_DOMAIN_CLIENT_H_
