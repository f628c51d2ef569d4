// ContactsApp: commands on single clients (create, update, consent, lifecycle, merge, intake).
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/base/uuid.h"
#include "chronicle/errors/errors.h"
#include "contacts/app/contacts_app.h"
#include "contacts/domain/client_profile.h"
#include "contacts/domain/email.h"
#include "contacts/domain/events.h"
#include "contacts/projection/client_reader.h"
#include "contacts/projection/contacts_projection.h"

namespace chronicle::contacts {
namespace {

using Events = std::vector<v1::EventEnvelope>;

}  // namespace

ContactsApp::ContactsApp(const ContactsAppOptions& options, PhoneNormalizer phones)
    : phones_(std::move(phones)),
      runner_(options.log, options.engine, options.clock),
      startup_head_(options.log->HeadPosition()),
      catalog_(options.log) {}

absl::Status ContactsApp::AwaitStartupCatchUp() {
  absl::Status caught_up =
      runner_.engine().WaitForPosition(kContactsProjection, startup_head_, absl::Seconds(20));
  if (absl::IsDeadlineExceeded(caught_up)) {
    return absl::UnavailableError(
        "contacts is still catching up with the log after a restart; matching would miss "
        "cards, so retry in a moment");
  }
  return caught_up;
}

absl::StatusOr<std::unique_ptr<ContactsApp>> ContactsApp::Create(
    const ContactsAppOptions& options) {
  ASSIGN_OR_RETURN(PhoneNormalizer phones, PhoneNormalizer::Create(options.default_region));
  return std::unique_ptr<ContactsApp>(new ContactsApp(options, std::move(phones)));
}

v1::Client ContactsApp::Present(v1::Client card, const FieldCatalog& catalog) const {
  v1::Client present = PresentCard(std::move(card), runner_.Now());
  present.clear_missing_required_fields();
  for (std::string& key : MissingRequired(catalog, present)) {
    present.add_missing_required_fields(std::move(key));
  }
  return present;
}

absl::StatusOr<std::string> ContactsApp::ResolveClientId(absl::string_view name,
                                                         absl::string_view field) {
  ASSIGN_OR_RETURN(std::string id, ParseResourceId(name, kClientPrefix, field));
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kContactsProjection));
  ClientReader reader(*view);
  ASSIGN_OR_RETURN(std::optional<v1::Client> card, reader.Resolve(id));
  if (!card) return id;  // maybe not projected yet: the stream decides
  return std::string(absl::StripPrefix(card->name(), kClientPrefix));
}

absl::StatusOr<v1::Client> ContactsApp::RunAndPresent(absl::string_view id, const v1::Actor& actor,
                                                      const std::string& command_id,
                                                      const ClientDecision& decide) {
  ASSIGN_OR_RETURN(Written written, runner_.RunClient(id, actor, command_id, decide));
  ASSIGN_OR_RETURN(auto catalog, catalog_.Current());
  return Present(std::move(written.state.card), *catalog);
}

absl::StatusOr<v1::Client> ContactsApp::CreateClient(const v1::Actor& actor,
                                                     const v1::CreateClientRequest& request) {
  std::string id = request.client_id();
  if (!id.empty() && !IsValidResourceId(id)) {
    return errors::InvalidArgument({{"client_id", "must match [a-z0-9-]{1,63}"}});
  }
  if (id.empty()) {
    id =
        request.request_id().empty() ? NewAggregateId() : DerivedId("client", request.request_id());
  }
  ASSIGN_OR_RETURN(auto catalog, catalog_.Current());
  const DecideContext context{phones_, *catalog, runner_.Now()};
  const std::string name = absl::StrCat(kClientPrefix, id);
  return RunAndPresent(
      id, actor, request.request_id(), [&](const ClientState& state) -> absl::StatusOr<Events> {
        if (state.exists()) {
          if (!request.request_id().empty() && state.created_by_command == request.request_id()) {
            return Events{};  // a retry of the create that made it
          }
          return absl::AlreadyExistsError(absl::StrCat(name, " already exists"));
        }
        return DecideCreate(context,
                            CreateClientCommand{name, request.client(), request.first_touch()});
      });
}

absl::StatusOr<v1::Client> ContactsApp::UpdateClient(const v1::Actor& actor,
                                                     const v1::UpdateClientRequest& request) {
  ASSIGN_OR_RETURN(std::string id, ResolveClientId(request.client().name(), "client.name"));
  ASSIGN_OR_RETURN(auto catalog, catalog_.Current());
  const DecideContext context{phones_, *catalog, runner_.Now()};
  UpdateClientCommand command;
  command.input = request.client();
  command.paths.assign(request.update_mask().paths().begin(), request.update_mask().paths().end());
  return RunAndPresent(id, actor, request.request_id(), [&](const ClientState& state) {
    return DecideUpdate(context, state, command);
  });
}

absl::StatusOr<v1::Client> ContactsApp::RecordConsent(const v1::Actor& actor,
                                                      const v1::RecordConsentRequest& request) {
  ASSIGN_OR_RETURN(std::string id, ResolveClientId(request.name(), "name"));
  return RunAndPresent(id, actor, request.request_id(), [&](const ClientState& state) {
    return DecideConsent(state, request.kind(), request.granted(), request.source());
  });
}

absl::StatusOr<v1::Client> ContactsApp::SetLifecycleStatus(
    const v1::Actor& actor, const v1::SetLifecycleStatusRequest& request) {
  ASSIGN_OR_RETURN(std::string id, ResolveClientId(request.name(), "name"));
  return RunAndPresent(id, actor, request.request_id(),
                       [&](const ClientState& state) { return DecideLifecycle(state, request); });
}

v1::Client ContactsApp::NormalizedForMatching(const v1::Client& input) const {
  v1::Client normalized;
  normalized.set_external_id(input.external_id());
  for (const v1::Phone& phone : input.phones()) {
    if (auto e164 = phones_.ToE164(phone.number()); e164.ok())
      normalized.add_phones()->set_e164(*e164);
  }
  for (const v1::Email& email : input.emails()) {
    if (auto n = NormalizeEmail(email.address()); n.ok())
      normalized.add_emails()->set_normalized(*n);
  }
  return normalized;
}

absl::StatusOr<std::string> ContactsApp::MatchExisting(const v1::Client& input,
                                                       ClientReader& reader,
                                                       std::string* matched_by) {
  static const std::map<char, const char*> kMatchedBy = {
      {'x', "external_id"}, {'p', "phone"}, {'e', "email"}};
  for (const std::string& key : MatchKeys(input)) {
    std::string id;
    if (const std::string* pending = pending_.Find(key)) {
      id = *pending;
    } else {
      const std::string value = key.substr(2);
      ASSIGN_OR_RETURN(std::vector<std::string> ids, key[0] == 'x'   ? reader.ByExternalId(value)
                                                     : key[0] == 'p' ? reader.ByPhone(value)
                                                                     : reader.ByEmail(value));
      for (const std::string& candidate : ids) {
        ASSIGN_OR_RETURN(std::optional<v1::Client> card, reader.Resolve(candidate));
        if (card && !card->deleted()) {
          id = std::string(absl::StripPrefix(card->name(), kClientPrefix));
          break;
        }
      }
    }
    if (!id.empty()) {
      *matched_by = kMatchedBy.at(key[0]);
      return id;
    }
  }
  return std::string();
}

absl::Status ContactsApp::SubmitInquiry(const v1::Actor& actor,
                                        const v1::SubmitInquiryRequest& request,
                                        v1::SubmitInquiryResponse* response) {
  if (request.request_id().empty()) {
    return errors::InvalidArgument(
        {{"request_id", "required: it makes a form posted twice one inquiry"}});
  }
  RETURN_IF_ERROR(AwaitStartupCatchUp());
  ASSIGN_OR_RETURN(auto catalog, catalog_.Current());
  const DecideContext context{phones_, *catalog, runner_.Now()};
  absl::MutexLock lock(&match_mu_);
  v1::Client probe;
  *probe.mutable_phones() = request.phones();
  *probe.mutable_emails() = request.emails();
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kContactsProjection));
  pending_.Prune(view->position());
  ClientReader reader(*view);
  std::string matched_by;
  ASSIGN_OR_RETURN(std::string id,
                   MatchExisting(NormalizedForMatching(probe), reader, &matched_by));
  const bool attach = !id.empty();
  if (!attach) id = DerivedId("inquiry", request.request_id());
  const std::string new_name = absl::StrCat(kClientPrefix, id);
  ASSIGN_OR_RETURN(
      Written written,
      runner_.RunClient(id, actor, request.request_id(), [&](const ClientState& state) {
        if (!attach && state.exists()) return absl::StatusOr<Events>(Events{});  // retried
        return DecideInquiry(context, state, new_name, request);
      }));
  const bool created = written.state.created_by_command == request.request_id();
  response->set_outcome(created ? v1::SubmitInquiryResponse::CREATED
                                : v1::SubmitInquiryResponse::ATTACHED);
  if (!created) response->set_matched_by(matched_by);
  *response->mutable_client() = Present(std::move(written.state.card), *catalog);
  return absl::OkStatus();
}

absl::StatusOr<v1::Client> ContactsApp::MergeClients(const v1::Actor& actor,
                                                     const v1::MergeClientsRequest& request) {
  ASSIGN_OR_RETURN(std::string source_id,
                   ParseResourceId(request.source(), kClientPrefix, "source"));
  ASSIGN_OR_RETURN(std::string target_id,
                   ParseResourceId(request.target(), kClientPrefix, "target"));
  for (int attempt = 0;; ++attempt) {
    ASSIGN_OR_RETURN(ClientState source, runner_.LoadClient(source_id));
    ASSIGN_OR_RETURN(ClientState target, runner_.LoadClient(target_id));
    const bool done_before = target.absorbed.count(source.card.name()) &&
                             source.card.merged_into() == target.card.name();
    if (done_before) {  // a retry of a merge that completed
      ASSIGN_OR_RETURN(auto catalog, catalog_.Current());
      return Present(std::move(target.card), *catalog);
    }
    // A retry after a crash between the two appends: the target has the data, finish the source.
    const bool half_done =
        target.absorbed.count(source.card.name()) && source.card.merged_into().empty();
    MergeDecision decision;
    if (half_done) {
      v1::ClientMerged merged;
      merged.set_into(target.card.name());
      decision.source_events.push_back(NewEvent(merged));
    } else {
      ASSIGN_OR_RETURN(decision, DecideMerge(source, target));
    }
    const std::string id = request.request_id().empty() ? RandomUuid() : request.request_id();
    if (!decision.target_events.empty()) {
      auto appended = runner_.Append(MakeStream(kClientStream, target_id),
                                     eventlog::ExpectedVersion::Exact(target.version), actor,
                                     absl::StrCat(id, ":target"), &decision.target_events);
      if (absl::IsAborted(appended.status()) && attempt < 3) continue;
      RETURN_IF_ERROR(appended.status());
      RETURN_IF_ERROR(CommandRunner::Fold(decision.target_events, &target));
    }
    ASSIGN_OR_RETURN(
        auto done,
        runner_.Append(MakeStream(kClientStream, source_id), eventlog::ExpectedVersion::Any(),
                       actor, absl::StrCat(id, ":source"), &decision.source_events));
    runner_.AwaitProjection(done.last_position);
    ASSIGN_OR_RETURN(auto catalog, catalog_.Current());
    return Present(std::move(target.card), *catalog);
  }
}

absl::StatusOr<v1::Client> ContactsApp::UnmergeClient(const v1::Actor& actor,
                                                      const v1::UnmergeClientRequest& request) {
  ASSIGN_OR_RETURN(std::string source_id, ParseResourceId(request.name(), kClientPrefix, "name"));
  ASSIGN_OR_RETURN(ClientState source, runner_.LoadClient(source_id));
  if (!source.exists()) return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  if (source.card.merged_into().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(request.name(), " is not merged into another client"));
  }
  const std::string target_id(absl::StripPrefix(source.card.merged_into(), kClientPrefix));
  ASSIGN_OR_RETURN(ClientState target, runner_.LoadClient(target_id));
  ASSIGN_OR_RETURN(MergeDecision decision, DecideUnmerge(source, target));
  const std::string id = request.request_id().empty() ? RandomUuid() : request.request_id();
  if (!decision.target_events.empty()) {
    RETURN_IF_ERROR(runner_
                        .Append(MakeStream(kClientStream, target_id),
                                eventlog::ExpectedVersion::Exact(target.version), actor,
                                absl::StrCat(id, ":target"), &decision.target_events)
                        .status());
  }
  ASSIGN_OR_RETURN(auto done,
                   runner_.Append(MakeStream(kClientStream, source_id),
                                  eventlog::ExpectedVersion::Exact(source.version), actor,
                                  absl::StrCat(id, ":source"), &decision.source_events));
  RETURN_IF_ERROR(CommandRunner::Fold(decision.source_events, &source));
  runner_.AwaitProjection(done.last_position);
  ASSIGN_OR_RETURN(auto catalog, catalog_.Current());
  return Present(std::move(source.card), *catalog);
}

}  // namespace chronicle::contacts
