// Decide: commands on one client, checked against its state, become events.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "chronicle/base/status_macros.h"
#include "contacts/domain/client.h"
#include "contacts/domain/client_profile.h"
#include "contacts/domain/events.h"
#include "contacts/domain/fill_in.h"
#include "google/protobuf/util/time_util.h"

namespace chronicle::contacts {
namespace {

using errors::FieldViolation;
using Events = std::vector<v1::EventEnvelope>;

google::protobuf::Timestamp ToProto(absl::Time t) {
  return google::protobuf::util::TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(t));
}

// A display name the user never set follows the name parts.
void KeepDisplayNameDerived(const v1::Client& before, bool explicitly_set, v1::Client* after) {
  const bool was_derived =
      before.display_name().empty() || before.display_name() == DeriveDisplayName(before);
  if ((explicitly_set && after->display_name().empty()) || (!explicitly_set && was_derived)) {
    after->set_display_name(DeriveDisplayName(*after));
  }
}

// The events that take `current` to `candidate`, looking at `paths` (and the derived display
// name): owner and team changes as OwnerChanged, the rest as one ClientUpdated. None when nothing
// changed.
Events ChangeEvents(const v1::Client& current, const v1::Client& candidate,
                    std::vector<std::string> paths, const std::string& import_job) {
  if (std::find(paths.begin(), paths.end(), "display_name") == paths.end()) {
    paths.push_back("display_name");
  }
  std::vector<std::string> changed;
  bool owner_changed = false;
  for (const std::string& path : paths) {
    if (SameAtPath(current, candidate, path)) continue;
    if (path == "owner" || path == "team") {
      owner_changed = true;
    } else {
      changed.push_back(path);
    }
  }
  Events events;
  if (!changed.empty()) {
    v1::ClientUpdated updated;
    *updated.mutable_changes() = TrimToPaths(candidate, changed);
    *updated.mutable_previous() = TrimToPaths(current, changed);
    for (const std::string& path : changed) updated.add_paths(path);
    updated.set_import_job(import_job);
    events.push_back(NewEvent(updated));
  }
  if (owner_changed) {
    v1::OwnerChanged owner;
    owner.set_owner(candidate.owner());
    owner.set_team(candidate.team());
    owner.set_previous_owner(current.owner());
    owner.set_previous_team(current.team());
    events.push_back(NewEvent(owner));
  }
  return events;
}

void CheckRequired(const FieldCatalog& catalog, const v1::Client& candidate,
                   const std::string& prefix, std::vector<FieldViolation>* violations) {
  for (const std::string& key : MissingRequired(catalog, candidate)) {
    violations->push_back(
        {absl::StrCat(prefix, ".custom_fields.", key), "required (a required custom field)"});
  }
}

bool TouchesCustomField(const std::vector<std::string>& paths, const std::string& key) {
  for (const std::string& path : paths) {
    if (path == "custom_fields" || path == absl::StrCat("custom_fields.", key)) return true;
  }
  return false;
}

}  // namespace

absl::Status CheckWritable(const ClientState& state) {
  if (!state.exists() || state.card.deleted()) {
    return absl::NotFoundError(
        absl::StrCat(state.card.name().empty() ? "client" : state.card.name(), " not found"));
  }
  if (!state.card.merged_into().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(state.card.name(), " was merged into ", state.card.merged_into()));
  }
  return absl::OkStatus();
}

absl::StatusOr<Events> DecideCreate(const DecideContext& context,
                                    const CreateClientCommand& command) {
  std::vector<FieldViolation> violations;
  v1::Client candidate = command.input;
  ClearOutputOnly(&candidate);
  NormalizeProfile(context.phones, context.fields, "client", std::nullopt, &candidate, &violations);
  if (candidate.display_name().empty()) candidate.set_display_name(DeriveDisplayName(candidate));
  if (candidate.display_name().empty()) {
    violations.push_back({"client", "a client needs a name, a phone or an email"});
  }
  if (command.enforce_required) CheckRequired(context.fields, candidate, "client", &violations);
  if (!v1::Channel_IsValid(command.first_touch.channel())) {
    violations.push_back({"first_touch.channel", "unknown channel"});
  }
  if (!violations.empty()) return errors::InvalidArgument(violations);
  v1::ClientCreated created;
  *created.mutable_client() = std::move(candidate);
  if (command.first_touch.ByteSizeLong() > 0) {
    *created.mutable_first_touch() = command.first_touch;
    if (!created.first_touch().has_time()) {
      *created.mutable_first_touch()->mutable_time() = ToProto(context.now);
    }
  }
  created.set_origin(command.origin);
  created.set_import_job(command.import_job);
  return Events{NewEvent(created)};
}

absl::StatusOr<Events> DecideUpdate(const DecideContext& context, const ClientState& state,
                                    const UpdateClientCommand& command) {
  RETURN_IF_ERROR(CheckWritable(state));
  if (!command.input.etag().empty() && command.input.etag() != absl::StrCat(state.version)) {
    return absl::AbortedError(absl::StrCat("etag ", command.input.etag(),
                                           " is stale: ", state.card.name(), " is at ",
                                           state.version, "; read it again and retry"));
  }
  std::vector<FieldViolation> violations;
  const std::vector<std::string> paths =
      ExpandProfilePaths(command.paths, command.mask_field, &violations);
  v1::Client candidate = state.card;
  ApplyProfilePaths(command.input, paths, &candidate);
  NormalizeProfile(context.phones, context.fields, command.prefix,
                   std::set<std::string>(paths.begin(), paths.end()), &candidate, &violations);
  for (const std::string& key : MissingRequired(context.fields, candidate)) {
    if (TouchesCustomField(paths, key) && state.card.custom_fields().count(key)) {
      violations.push_back({absl::StrCat(command.prefix, ".custom_fields.", key),
                            "required: a required custom field cannot be cleared"});
    }
  }
  if (!violations.empty()) return errors::InvalidArgument(violations);
  const bool names_display = std::find(paths.begin(), paths.end(), "display_name") != paths.end();
  KeepDisplayNameDerived(state.card, names_display, &candidate);
  return ChangeEvents(state.card, candidate, paths, command.import_job);
}

absl::StatusOr<Events> DecideFillIn(const DecideContext& context, const ClientState& state,
                                    const v1::Client& input,
                                    const std::vector<std::string>& overwrite,
                                    const std::string& import_job, const std::string& prefix) {
  RETURN_IF_ERROR(CheckWritable(state));
  std::vector<FieldViolation> violations;
  v1::Client normalized = input;
  ClearOutputOnly(&normalized);
  NormalizeProfile(context.phones, context.fields, prefix, std::nullopt, &normalized, &violations);
  std::vector<std::string> overwrite_paths;
  if (!overwrite.empty())
    overwrite_paths = ExpandProfilePaths(overwrite, "update_mask", &violations);
  if (!violations.empty()) return errors::InvalidArgument(violations);
  normalized.clear_display_name();  // a match keeps its name unless the mask says otherwise
  if (std::find(overwrite_paths.begin(), overwrite_paths.end(), "display_name") !=
      overwrite_paths.end()) {
    normalized.set_display_name(input.display_name());
  }
  FillResult fill = FillIn(normalized, state.card,
                           std::set<std::string>(overwrite_paths.begin(), overwrite_paths.end()));
  KeepDisplayNameDerived(state.card, false, &fill.candidate);
  return ChangeEvents(state.card, fill.candidate, ProfileFields(), import_job);
}

absl::StatusOr<Events> DecideInquiry(const DecideContext& context, const ClientState& state,
                                     const std::string& new_name,
                                     const v1::SubmitInquiryRequest& inquiry) {
  std::vector<FieldViolation> violations;
  if (inquiry.phones().empty() && inquiry.emails().empty()) {
    violations.push_back({"phones", "an inquiry needs a phone or an email to match on"});
  }
  if (!v1::Channel_IsValid(inquiry.attribution().channel())) {
    violations.push_back({"attribution.channel", "unknown channel"});
  }
  if (inquiry.message().size() > 20'000) violations.push_back({"message", "at most 20000 bytes"});
  v1::Client input;
  const NameParts name = SplitFullName(inquiry.contact_name());
  input.set_surname(name.surname);
  input.set_given_name(name.given_name);
  input.set_patronymic(name.patronymic);
  *input.mutable_phones() = inquiry.phones();
  *input.mutable_emails() = inquiry.emails();
  input.set_owner(inquiry.owner());
  NormalizeProfile(context.phones, context.fields, "", std::nullopt, &input, &violations);
  if (!violations.empty()) return errors::InvalidArgument(violations);

  v1::InquiryReceived received;
  *received.mutable_attribution() = inquiry.attribution();
  if (!received.attribution().has_time()) {
    *received.mutable_attribution()->mutable_time() = ToProto(context.now);
  }
  received.set_message(inquiry.message());
  *received.mutable_phones() = input.phones();
  *received.mutable_emails() = input.emails();
  received.set_contact_name(inquiry.contact_name());
  if (state.exists()) {
    input.clear_owner();  // an inquiry never takes a client from its manager
    ASSIGN_OR_RETURN(Events events, DecideFillIn(context, state, input, {}, "", ""));
    events.push_back(NewEvent(received));
    return events;
  }
  CreateClientCommand create{new_name, input, received.attribution(), "intake", "", false};
  ASSIGN_OR_RETURN(Events events, DecideCreate(context, create));
  received.set_created_card(true);
  events.push_back(NewEvent(received));
  return events;
}

absl::StatusOr<Events> DecideReassign(const DecideContext& context, const ClientState& state,
                                      const Reassign& command) {
  RETURN_IF_ERROR(CheckWritable(state));
  std::vector<FieldViolation> violations;
  if (command.to_owner.empty()) violations.push_back({"to_owner", "required"});
  const bool temporary = command.until != absl::InfiniteFuture();
  if (temporary && command.until <= context.now) {
    violations.push_back({"until", "must be in the future"});
  }
  if (!violations.empty()) return errors::InvalidArgument(violations);
  const v1::Client& card = state.card;
  const std::string team = command.team.empty() ? card.team() : command.team;
  v1::OwnerChanged changed;
  changed.set_owner(card.owner());
  changed.set_team(card.team());
  changed.set_previous_owner(card.owner());
  changed.set_previous_team(card.team());
  changed.set_reason(command.reason);
  if (temporary) {
    changed.mutable_substitute()->set_owner(command.to_owner);
    *changed.mutable_substitute()->mutable_until() = ToProto(command.until);
    changed.mutable_substitute()->set_reason(command.reason);
  } else if (card.owner() == command.to_owner && card.team() == team) {
    if (!card.has_substitute()) return Events{};
    changed.set_substitute_ended(true);  // the owner is back before the substitute's end date
  } else {
    changed.set_owner(command.to_owner);
    changed.set_team(team);
  }
  return Events{NewEvent(changed)};
}

absl::StatusOr<Events> DecideConsent(const ClientState& state, v1::ConsentKind kind, bool granted,
                                     const std::string& source) {
  RETURN_IF_ERROR(CheckWritable(state));
  std::vector<FieldViolation> violations;
  if (kind == v1::CONSENT_KIND_UNSPECIFIED || !v1::ConsentKind_IsValid(kind)) {
    violations.push_back({"kind", "MARKETING or DATA_PROCESSING"});
  }
  if (granted && source.empty()) {
    violations.push_back({"source", "required: where and how the consent was given"});
  }
  if (source.size() > 1000) violations.push_back({"source", "at most 1000 bytes"});
  if (!violations.empty()) return errors::InvalidArgument(violations);
  const v1::Consent& current = kind == v1::CONSENT_KIND_MARKETING
                                   ? state.card.marketing_consent()
                                   : state.card.data_processing_consent();
  if (!granted && !current.granted()) return Events{};  // nothing to withdraw
  v1::ConsentChanged changed;
  changed.set_kind(kind);
  changed.set_granted(granted);
  changed.set_source(source);
  return Events{NewEvent(changed)};
}

absl::StatusOr<Events> DecideLifecycle(const ClientState& state,
                                       const v1::SetLifecycleStatusRequest& request) {
  RETURN_IF_ERROR(CheckWritable(state));
  v1::LifecycleStatusChanged changed;
  if (request.clear_override()) {
    if (!state.card.has_lifecycle_override()) return Events{};
    changed.set_clear_override(true);
    changed.set_reason(request.reason());
    return Events{NewEvent(changed)};
  }
  std::vector<FieldViolation> violations;
  if (request.status() == v1::LIFECYCLE_STATUS_UNSPECIFIED ||
      !v1::LifecycleStatus_IsValid(request.status())) {
    violations.push_back(
        {"status", "required: POTENTIAL, ATTRACTED, REAL, REGULAR, LOST or UNDEFINED"});
  }
  if (!request.computed() && request.reason().empty()) {
    violations.push_back({"reason", "required: a manual override says why"});
  }
  if (!violations.empty()) return errors::InvalidArgument(violations);
  if (request.computed() && state.card.computed_lifecycle_status() == request.status()) {
    return Events{};
  }
  changed.set_status(request.status());
  changed.set_manual(!request.computed());
  changed.set_reason(request.reason());
  return Events{NewEvent(changed)};
}

}  // namespace chronicle::contacts
