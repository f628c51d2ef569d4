#include "deals/projection/deals_projection.h"

#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "chronicle/base/log.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/projection/key_layout.h"
#include "chronicle/projection/state_messages.h"
#include "chronicle/v1/contacts_events.pb.h"
#include "chronicle/v1/deals_projection.pb.h"
#include "deals/domain/deal.h"
#include "deals/domain/events.h"
#include "deals/domain/pipeline.h"
#include "deals/projection/cells.h"
#include "deals/projection/deal_index.h"
#include "deals/projection/keys.h"

namespace chronicle::deals {
namespace {

using projection::StateWriter;

// The contacts service's events this projection reads.
constexpr char kContactsPrefix[] = "contacts.";

// Where a lead came from, as a deal records it.
v1::DealAttribution AttributionOf(const v1::Attribution& touch) {
  v1::DealAttribution out;
  out.set_channel(touch.channel());
  out.set_source(!touch.first_visit_source().empty() ? touch.first_visit_source()
                 : !touch.utm_source().empty()       ? touch.utm_source()
                                                     : touch.form_source());
  out.set_landing(!touch.landing_domain().empty() ? touch.landing_domain()
                                                  : touch.first_visit_page());
  out.set_campaign(touch.utm_campaign());
  out.set_medium(touch.utm_medium());
  return out;
}

// Replaces the old contribution of a deal with the new one (either may be absent).
absl::Status Reindex(const v1::Deal* before, const v1::Deal& after, StateWriter& state) {
  const DealContribution old_part = before ? ContributionOf(*before) : DealContribution();
  const DealContribution new_part = ContributionOf(after);
  projection::keys::ReplaceEntries(old_part.entries, new_part.entries, state);
  // Cells: take the old amount out and put the new one in; a cell both touch nets out.
  const v1::Money* old_amount = before && before->has_amount() ? &before->amount() : nullptr;
  const v1::Money* new_amount = after.has_amount() ? &after.amount() : nullptr;
  const bool same_amount =
      (old_amount == nullptr) == (new_amount == nullptr) &&
      (old_amount == nullptr || old_amount->SerializeAsString() == new_amount->SerializeAsString());
  auto adjust = [&](const std::vector<std::string>& before_cells,
                    const std::vector<std::string>& after_cells) -> absl::Status {
    for (const std::string& key : before_cells) {
      const bool kept = std::find(after_cells.begin(), after_cells.end(), key) != after_cells.end();
      if (!(kept && same_amount)) RETURN_IF_ERROR(AdjustCell(state, key, old_amount, -1));
    }
    for (const std::string& key : after_cells) {
      const bool kept =
          std::find(before_cells.begin(), before_cells.end(), key) != before_cells.end();
      if (!(kept && same_amount)) RETURN_IF_ERROR(AdjustCell(state, key, new_amount, +1));
    }
    return absl::OkStatus();
  };
  RETURN_IF_ERROR(adjust(old_part.board_cells, new_part.board_cells));
  std::vector<std::string> old_forecast, new_forecast;
  if (!old_part.forecast_cell.empty()) old_forecast.push_back(old_part.forecast_cell);
  if (!new_part.forecast_cell.empty()) new_forecast.push_back(new_part.forecast_cell);
  return adjust(old_forecast, new_forecast);
}

}  // namespace

absl::Status DealsProjection::Apply(const v1::EventEnvelope& event, StateWriter& state) {
  const std::string& type = event.stream().type();
  absl::Status applied;
  if (type == kDealStream && absl::StartsWith(event.event_type(), kEventTypePrefix)) {
    applied = ApplyDeal(event, state);
  } else if (type == kPipelineStream) {
    applied = ApplyPipeline(event, state);
  } else if (absl::StartsWith(event.event_type(), kContactsPrefix)) {
    applied = ApplyClient(event, state);
  }
  // An unreadable payload (a raw admin append, an old demo data set) must not stop every other
  // deal from updating: it is skipped here, loudly. Commands on that deal fail with DATA_LOSS.
  if (absl::IsDataLoss(applied)) {
    Log(LogLevel::kWarning, "deals.projection", "event skipped",
        {{"event_type", event.event_type()},
         {"position", absl::StrCat(event.global_position())},
         {"error", std::string(applied.message())}});
    return absl::OkStatus();
  }
  return applied;
}

absl::Status DealsProjection::ApplyDeal(const v1::EventEnvelope& event, StateWriter& state) {
  const std::string key = keys::Deal(event.stream().id());
  DealState deal;
  ASSIGN_OR_RETURN(std::optional<v1::Deal> before,
                   projection::FoldStored(state, key, event, &deal, &DealState::deal));
  if (!deal.exists()) return absl::OkStatus();
  state.Put(key, deal.deal.SerializeAsString());
  return Reindex(before ? &*before : nullptr, deal.deal, state);
}

absl::Status DealsProjection::ApplyPipeline(const v1::EventEnvelope& event, StateWriter& state) {
  const std::string key = keys::Pipeline(event.stream().id());
  PipelineState pipeline;
  ASSIGN_OR_RETURN(std::optional<v1::Pipeline> stored,
                   projection::ReadMessage<v1::Pipeline>(state, key));
  if (stored) {
    pipeline.pipeline = *stored;
    absl::SimpleAtoi(stored->etag(), &pipeline.version);
  }
  RETURN_IF_ERROR(Evolve(event, &pipeline));
  if (pipeline.exists()) state.Put(key, pipeline.pipeline.SerializeAsString());
  return absl::OkStatus();
}

absl::Status DealsProjection::ApplyClient(const v1::EventEnvelope& event, StateWriter& state) {
  if (event.stream().type() == "company") {
    if (Is<v1::CompanyCreated>(event)) state.Put(keys::Company(event.stream().id()), "");
    return absl::OkStatus();
  }
  if (event.stream().type() != "client") return absl::OkStatus();
  const std::string key = keys::ClientFacts(event.stream().id());
  ASSIGN_OR_RETURN(std::optional<v1::DealClientFacts> stored,
                   projection::ReadMessage<v1::DealClientFacts>(state, key));
  v1::DealClientFacts facts = stored.value_or(v1::DealClientFacts());
  if (Is<v1::ClientCreated>(event)) {
    v1::ClientCreated created;
    RETURN_IF_ERROR(Unpack(event, &created));
    facts.set_exists(true);
    *facts.mutable_attribution() = AttributionOf(created.first_touch());
  } else if (Is<v1::ClientAbsorbed>(event)) {
    v1::ClientAbsorbed absorbed;
    RETURN_IF_ERROR(Unpack(event, &absorbed));
    if (absorbed.first_touch_replaced()) {
      *facts.mutable_attribution() = AttributionOf(absorbed.gained().first_touch());
    }
  } else if (Is<v1::ClientMergeReverted>(event)) {
    v1::ClientMergeReverted reverted;
    RETURN_IF_ERROR(Unpack(event, &reverted));
    if (reverted.first_touch_restored()) {
      *facts.mutable_attribution() = AttributionOf(reverted.first_touch());
    }
  } else if (Is<v1::ClientMerged>(event)) {
    v1::ClientMerged merged;
    RETURN_IF_ERROR(Unpack(event, &merged));
    facts.set_merged_into(merged.into());
  } else if (Is<v1::ClientUnmerged>(event)) {
    facts.clear_merged_into();
  } else if (Is<v1::ClientDeleted>(event)) {
    facts.set_exists(false);
  } else {
    return absl::OkStatus();
  }
  state.Put(key, facts.SerializeAsString());
  return absl::OkStatus();
}

}  // namespace chronicle::deals
