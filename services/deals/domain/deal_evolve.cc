#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "chronicle/base/status_macros.h"
#include "deals/domain/deal.h"
#include "deals/domain/events.h"
#include "google/protobuf/util/field_mask_util.h"

namespace chronicle::deals {
namespace {

using google::protobuf::util::FieldMaskUtil;

v1::DealState StateOfKind(v1::StageKind kind) {
  switch (kind) {
    case v1::STAGE_KIND_WON:
      return v1::DEAL_STATE_WON;
    case v1::STAGE_KIND_LOST:
      return v1::DEAL_STATE_LOST;
    default:
      return v1::DEAL_STATE_OPEN;
  }
}

// The deal leaves its stage and enters the transition's target, at the event's time.
void ApplyTransition(const v1::StageTransition& transition, const v1::EventEnvelope& event,
                     v1::Deal* deal) {
  auto* periods = deal->mutable_stage_periods();
  if (!periods->empty()) *periods->rbegin()->mutable_leave_time() = event.occurred_at();
  v1::StagePeriod* period = periods->Add();
  period->set_stage(transition.to_stage());
  period->set_stage_display_name(transition.to_display_name());
  *period->mutable_enter_time() = event.occurred_at();
  deal->set_stage(transition.to_stage());
  deal->set_stage_display_name(transition.to_display_name());
  deal->set_stage_kind(transition.to_kind());
  *deal->mutable_stage_enter_time() = event.occurred_at();
  deal->set_state(StateOfKind(transition.to_kind()));
  if (deal->state() == v1::DEAL_STATE_OPEN) {
    deal->clear_close_time();
  } else if (!deal->has_close_time()) {
    *deal->mutable_close_time() = event.occurred_at();
  }
}

void ApplyCreated(const v1::DealCreated& created, const v1::EventEnvelope& event,
                  DealState* state) {
  v1::Deal& deal = state->deal;
  deal = created.deal();
  deal.set_name(absl::StrCat(kDealPrefix, event.stream().id()));
  deal.set_overrode_deal(created.overrode_deal());
  *deal.mutable_create_time() = event.occurred_at();
  v1::StageTransition entry;
  entry.set_to_stage(deal.stage());
  entry.set_to_display_name(deal.stage_display_name());
  entry.set_to_kind(deal.stage_kind());
  deal.clear_stage_periods();
  ApplyTransition(entry, event, &deal);
  state->created_by_command = event.command_id();
}

absl::Status EvolveDeal(const v1::EventEnvelope& event, DealState* state) {
  v1::Deal& deal = state->deal;
  if (Is<v1::DealCreated>(event)) {
    v1::DealCreated created;
    RETURN_IF_ERROR(Unpack(event, &created));
    ApplyCreated(created, event, state);
  } else if (Is<v1::DealUpdated>(event)) {
    v1::DealUpdated updated;
    RETURN_IF_ERROR(Unpack(event, &updated));
    google::protobuf::FieldMask mask;
    for (const std::string& path : updated.paths()) mask.add_paths(path);
    FieldMaskUtil::MergeOptions options;
    options.set_replace_message_fields(true);
    options.set_replace_repeated_fields(true);
    FieldMaskUtil::MergeMessageTo(updated.changes(), mask, options, &deal);
  } else if (Is<v1::DealMoved>(event)) {
    v1::DealMoved moved;
    RETURN_IF_ERROR(Unpack(event, &moved));
    ApplyTransition(moved.transition(), event, &deal);
  } else if (Is<v1::DealWon>(event)) {
    v1::DealWon won;
    RETURN_IF_ERROR(Unpack(event, &won));
    ApplyTransition(won.transition(), event, &deal);
    deal.set_sale_kind(won.sale_kind());
  } else if (Is<v1::DealLost>(event)) {
    v1::DealLost lost;
    RETURN_IF_ERROR(Unpack(event, &lost));
    ApplyTransition(lost.transition(), event, &deal);
    deal.set_lost_reason(absl::StrCat(kRefusalReasonPrefix, lost.reason()));
    deal.set_lost_reason_display_name(lost.reason_display_name());
    deal.set_loss_comment(lost.comment());
  } else if (Is<v1::DealReopened>(event)) {
    v1::DealReopened reopened;
    RETURN_IF_ERROR(Unpack(event, &reopened));
    ApplyTransition(reopened.transition(), event, &deal);
    deal.clear_sale_kind();
    deal.clear_lost_reason();
    deal.clear_lost_reason_display_name();
    deal.clear_loss_comment();
    if (deal.qualification() == v1::QUALIFICATION_DISQUALIFIED) {
      deal.clear_qualification();
      deal.clear_disqualification_reason();
    }
  } else if (Is<v1::DealQualified>(event)) {
    deal.set_qualification(v1::QUALIFICATION_QUALIFIED);
  } else if (Is<v1::DealDisqualified>(event)) {
    v1::DealDisqualified disqualified;
    RETURN_IF_ERROR(Unpack(event, &disqualified));
    ApplyTransition(disqualified.transition(), event, &deal);
    deal.set_qualification(v1::QUALIFICATION_DISQUALIFIED);
    deal.set_disqualification_reason(disqualified.reason());
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Evolve(const v1::EventEnvelope& event, DealState* state) {
  state->version = event.stream_version();
  if (!absl::StartsWith(event.event_type(), kEventTypePrefix)) return absl::OkStatus();
  RETURN_IF_ERROR(EvolveDeal(event, state));
  if (!state->exists()) return absl::OkStatus();
  *state->deal.mutable_update_time() = event.occurred_at();
  state->deal.set_etag(absl::StrCat(state->version));
  return absl::OkStatus();
}

}  // namespace chronicle::deals
