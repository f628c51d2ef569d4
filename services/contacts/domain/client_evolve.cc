// Evolve: how each event changes a client's state. Kept free of validation: events are facts.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "contacts/domain/client.h"
#include "contacts/domain/client_profile.h"
#include "contacts/domain/events.h"
#include "contacts/domain/list_items.h"
#include "google/protobuf/util/time_util.h"

namespace chronicle::contacts {
namespace {

using google::protobuf::util::TimeUtil;

void RefreshDerived(v1::Client* card) {
  card->set_lifecycle_status(card->has_lifecycle_override() ? card->lifecycle_override().status()
                                                            : card->computed_lifecycle_status());
  card->set_effective_owner(card->has_substitute() ? card->substitute().owner() : card->owner());
}

absl::Status OnCreated(const v1::EventEnvelope& event, ClientState* state) {
  v1::ClientCreated created;
  if (auto s = Unpack(event, &created); !s.ok()) return s;
  v1::Client& card = state->card;
  card = created.client();
  card.set_name(absl::StrCat(kClientPrefix, event.stream().id()));
  *card.mutable_create_time() = event.occurred_at();
  card.set_create_user(event.actor().user_id());
  if (created.has_first_touch()) {
    *card.mutable_first_touch() = created.first_touch();
    *card.mutable_last_touch() = created.first_touch();
  }
  state->created_by_import = created.import_job();
  state->created_by_command = event.command_id();
  return absl::OkStatus();
}

absl::Status OnInquiry(const v1::EventEnvelope& event, ClientState* state) {
  v1::InquiryReceived inquiry;
  if (auto s = Unpack(event, &inquiry); !s.ok()) return s;
  v1::Client& card = state->card;
  v1::Attribution touch = inquiry.attribution();
  if (!touch.has_time()) *touch.mutable_time() = event.occurred_at();
  if (!card.has_first_touch()) *card.mutable_first_touch() = touch;
  *card.mutable_last_touch() = touch;
  card.set_touch_count(card.touch_count() + 1);
  *card.mutable_last_contact_time() = event.occurred_at();
  return absl::OkStatus();
}

absl::Status OnUpdated(const v1::EventEnvelope& event, ClientState* state) {
  v1::ClientUpdated updated;
  if (auto s = Unpack(event, &updated); !s.ok()) return s;
  ApplyProfilePaths(updated.changes(),
                    std::vector<std::string>(updated.paths().begin(), updated.paths().end()),
                    &state->card);
  if (!updated.import_job().empty()) {
    state->import_updates[updated.import_job()].push_back(std::move(updated));
  }
  return absl::OkStatus();
}

absl::Status OnOwnerChanged(const v1::EventEnvelope& event, ClientState* state) {
  v1::OwnerChanged changed;
  if (auto s = Unpack(event, &changed); !s.ok()) return s;
  v1::Client& card = state->card;
  if (changed.has_substitute()) {
    *card.mutable_substitute() = changed.substitute();
  } else if (changed.substitute_ended()) {
    card.clear_substitute();
  } else {
    card.set_owner(changed.owner());
    card.set_team(changed.team());
    card.clear_substitute();  // a permanent owner replaces any temporary arrangement
  }
  return absl::OkStatus();
}

absl::Status OnConsent(const v1::EventEnvelope& event, ClientState* state) {
  v1::ConsentChanged changed;
  if (auto s = Unpack(event, &changed); !s.ok()) return s;
  v1::Consent* consent = changed.kind() == v1::CONSENT_KIND_MARKETING
                             ? state->card.mutable_marketing_consent()
                             : state->card.mutable_data_processing_consent();
  if (changed.granted()) {
    consent->Clear();
    consent->set_granted(true);
    consent->set_source(changed.source());
    *consent->mutable_time() = event.occurred_at();
  } else {
    consent->set_granted(false);
    *consent->mutable_withdraw_time() = event.occurred_at();
    if (!changed.source().empty()) consent->set_source(changed.source());
  }
  return absl::OkStatus();
}

absl::Status OnLifecycle(const v1::EventEnvelope& event, ClientState* state) {
  v1::LifecycleStatusChanged changed;
  if (auto s = Unpack(event, &changed); !s.ok()) return s;
  v1::Client& card = state->card;
  if (changed.clear_override()) {
    card.clear_lifecycle_override();
  } else if (changed.manual()) {
    v1::LifecycleOverride* override = card.mutable_lifecycle_override();
    override->set_status(changed.status());
    override->set_reason(changed.reason());
    override->set_by(event.actor().user_id());
    *override->mutable_time() = event.occurred_at();
  } else {
    card.set_computed_lifecycle_status(changed.status());
  }
  return absl::OkStatus();
}

absl::Status OnAbsorbed(const v1::EventEnvelope& event, ClientState* state) {
  v1::ClientAbsorbed absorbed;
  if (auto s = Unpack(event, &absorbed); !s.ok()) return s;
  v1::Client& card = state->card;
  for (const std::string& field : ListFields())
    AddMissingItems(absorbed.gained(), field, &card, nullptr);
  ApplyProfilePaths(
      absorbed.gained(),
      std::vector<std::string>(absorbed.filled_paths().begin(), absorbed.filled_paths().end()),
      &card);
  if (absorbed.first_touch_replaced())
    *card.mutable_first_touch() = absorbed.gained().first_touch();
  card.set_touch_count(card.touch_count() + absorbed.gained().touch_count());
  card.add_merged_from(absorbed.source());
  state->absorbed[absorbed.source()] = std::move(absorbed);
  return absl::OkStatus();
}

absl::Status OnMergeReverted(const v1::EventEnvelope& event, ClientState* state) {
  v1::ClientMergeReverted reverted;
  if (auto s = Unpack(event, &reverted); !s.ok()) return s;
  v1::Client& card = state->card;
  for (const std::string& field : ListFields()) RemoveItems(reverted.removed(), field, &card);
  ApplyProfilePaths(
      v1::Client(),
      std::vector<std::string>(reverted.cleared_paths().begin(), reverted.cleared_paths().end()),
      &card);
  if (reverted.first_touch_restored()) *card.mutable_first_touch() = reverted.first_touch();
  card.set_touch_count(card.touch_count() - reverted.removed().touch_count());
  auto* from = card.mutable_merged_from();
  for (int i = 0; i < from->size(); ++i) {
    if (from->Get(i) == reverted.source()) {
      from->erase(from->begin() + i);
      break;
    }
  }
  state->absorbed.erase(reverted.source());
  return absl::OkStatus();
}

absl::Status Dispatch(const v1::EventEnvelope& event, ClientState* state) {
  if (Is<v1::ClientCreated>(event)) return OnCreated(event, state);
  if (Is<v1::ClientUpdated>(event)) return OnUpdated(event, state);
  if (Is<v1::InquiryReceived>(event)) return OnInquiry(event, state);
  if (Is<v1::OwnerChanged>(event)) return OnOwnerChanged(event, state);
  if (Is<v1::ConsentChanged>(event)) return OnConsent(event, state);
  if (Is<v1::LifecycleStatusChanged>(event)) return OnLifecycle(event, state);
  if (Is<v1::ClientAbsorbed>(event)) return OnAbsorbed(event, state);
  if (Is<v1::ClientMergeReverted>(event)) return OnMergeReverted(event, state);
  if (Is<v1::ClientMerged>(event)) {
    v1::ClientMerged merged;
    if (auto s = Unpack(event, &merged); !s.ok()) return s;
    state->card.set_merged_into(merged.into());
  } else if (Is<v1::ClientUnmerged>(event)) {
    state->card.clear_merged_into();
  } else if (Is<v1::ClientDeleted>(event)) {
    state->card.set_deleted(true);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Evolve(const v1::EventEnvelope& event, ClientState* state) {
  state->version = event.stream_version();
  if (!absl::StartsWith(event.event_type(), kEventTypePrefix)) return absl::OkStatus();
  if (auto s = Dispatch(event, state); !s.ok()) return s;
  if (!state->exists()) return absl::OkStatus();
  *state->card.mutable_update_time() = event.occurred_at();
  state->card.set_etag(absl::StrCat(state->version));
  RefreshDerived(&state->card);
  return absl::OkStatus();
}

v1::Client PresentCard(v1::Client card, absl::Time now) {
  if (card.has_substitute() && card.substitute().has_until() &&
      absl::FromUnixSeconds(card.substitute().until().seconds()) <= now) {
    card.clear_substitute();
    card.set_effective_owner(card.owner());
  }
  return card;
}

}  // namespace chronicle::contacts
