#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/base/status_macros.h"
#include "deals/domain/deal.h"
#include "deals/domain/events.h"
#include "deals/domain/money.h"
#include "deals/domain/pipeline.h"
#include "google/protobuf/util/field_mask_util.h"

namespace chronicle::deals {
namespace {

using Events = std::vector<v1::EventEnvelope>;
using errors::FieldViolation;

constexpr size_t kMaxTitleBytes = 500;
constexpr int kMaxLineItems = 200;

// One event about a deal of `client` ("clients/{id}" or empty): it travels with the client's
// other events (partition key = client id), so the client's history stays in one order on a
// partitioned log and readers of the client's history find its deals.
template <typename Message>
Events One(const Message& payload, absl::string_view client) {
  Events events;
  events.push_back(aggregate::NewClientEvent(payload, client));
  return events;
}

void CheckReference(const std::string& value, absl::string_view prefix, const std::string& field,
                    std::vector<FieldViolation>* problems) {
  absl::string_view id = value;
  if (!absl::ConsumePrefix(&id, prefix) || !aggregate::IsValidResourceId(id)) {
    problems->push_back({field, absl::StrCat("must be ", prefix, "{id}")});
  }
}

bool IsDate(const std::string& text) {
  absl::CivilDay day;
  return text.size() == 10 && absl::ParseCivilTime(text, &day);
}

void CheckLineItems(const v1::Deal& input, std::vector<FieldViolation>* problems) {
  if (input.line_items_size() > kMaxLineItems)
    problems->push_back({"deal.line_items", "at most 200"});
  std::string currency = input.has_amount() ? input.amount().currency_code() : "";
  for (int i = 0; i < input.line_items_size(); ++i) {
    const v1::LineItem& item = input.line_items(i);
    const std::string field = absl::StrCat("deal.line_items[", i, "]");
    if (item.product().empty()) problems->push_back({field + ".product", "required"});
    if (!(item.quantity() > 0) || !std::isfinite(item.quantity())) {
      problems->push_back({field + ".quantity", "must be greater than 0"});
    }
    const std::string price_problem = MoneyProblem(item.unit_price());
    if (!price_problem.empty()) {
      problems->push_back({field + ".unit_price", price_problem});
    } else if (currency.empty()) {
      currency = item.unit_price().currency_code();
    } else if (item.unit_price().currency_code() != currency) {
      problems->push_back({field + ".unit_price.currency_code",
                           absl::StrCat("must be the deal's currency, ", currency)});
    }
  }
}

// The editable fields: title, amount, line items, date, owner, team.
void CheckEditableFields(const v1::Deal& input, std::vector<FieldViolation>* problems) {
  if (input.title().empty()) problems->push_back({"deal.title", "required"});
  if (input.title().size() > kMaxTitleBytes)
    problems->push_back({"deal.title", "at most 500 bytes"});
  if (input.has_amount()) {
    const std::string problem = MoneyProblem(input.amount());
    if (!problem.empty()) problems->push_back({"deal.amount", problem});
  }
  CheckLineItems(input, problems);
  if (!input.expected_close_date().empty() && !IsDate(input.expected_close_date())) {
    problems->push_back({"deal.expected_close_date", "must be a date YYYY-MM-DD"});
  }
  if (input.owner().size() > 200) problems->push_back({"deal.owner", "at most 200 bytes"});
  if (input.team().size() > 200) problems->push_back({"deal.team", "at most 200 bytes"});
  if (!input.company().empty()) {
    CheckReference(input.company(), kCompanyPrefix, "deal.company", problems);
  }
}

// The amount a deal records: as given, else the sum of its line items.
std::optional<v1::Money> AmountOf(const v1::Deal& input) {
  if (input.has_amount()) return input.amount();
  if (input.line_items().empty()) return std::nullopt;
  Nanos sum = 0;
  for (const v1::LineItem& item : input.line_items()) {
    sum += ToNanos(Times(item.unit_price(), item.quantity()));
  }
  return FromNanos(input.line_items(0).unit_price().currency_code(), sum);
}

v1::StageTransition TransitionTo(const v1::Deal& deal, const v1::Stage& to) {
  v1::StageTransition transition;
  transition.set_from_stage(deal.stage());
  transition.set_from_display_name(deal.stage_display_name());
  transition.set_to_stage(to.id());
  transition.set_to_display_name(to.display_name());
  transition.set_to_kind(to.kind());
  return transition;
}

absl::Status MustExist(const DealState& state, absl::string_view etag) {
  if (!state.exists()) return absl::NotFoundError("deal not found");
  return CheckEtag(etag, state.version);
}

absl::Status MustBeOpen(const DealState& state) {
  if (state.deal.state() == v1::DEAL_STATE_OPEN) return absl::OkStatus();
  return errors::FailedPrecondition(
      absl::StrCat(state.deal.name(), " is ",
                   state.deal.state() == v1::DEAL_STATE_WON ? "won" : "lost",
                   ": reopen it (ReopenDeal) before changing its stage"),
      {{"DEAL_CLOSED", state.deal.name(), "closed deals keep their stage until reopened"}});
}

// The stage `ref` names (or the pipeline's first of `kind` when empty), which must be of `kind`.
absl::StatusOr<const v1::Stage*> StageOfKind(const v1::Pipeline& pipeline, absl::string_view ref,
                                             v1::StageKind kind, absl::string_view hint) {
  if (ref.empty()) {
    const v1::Stage* first = FirstStageOfKind(pipeline, kind);
    if (first == nullptr) return absl::FailedPreconditionError("the pipeline has no such stage");
    return first;
  }
  ASSIGN_OR_RETURN(const v1::Stage* stage, ResolveStage(pipeline, ref, "stage"));
  if (stage->kind() != kind) {
    return errors::InvalidArgument(
        {{"stage", absl::StrCat("'", stage->id(), "' is a ",
                                v1::StageKind_Name(stage->kind()).substr(strlen("STAGE_KIND_")),
                                " stage: ", hint)}});
  }
  return stage;
}

}  // namespace

std::vector<FieldViolation> CheckDealFields(const v1::Deal& input) {
  std::vector<FieldViolation> problems;
  CheckReference(input.pipeline(), kPipelinePrefix, "deal.pipeline", &problems);
  if (input.client().empty() && input.company().empty()) {
    problems.push_back({"deal.client", "a client or a company is required"});
  }
  if (!input.client().empty())
    CheckReference(input.client(), kClientPrefix, "deal.client", &problems);
  CheckEditableFields(input, &problems);
  return problems;
}

absl::StatusOr<Events> DecideCreateDeal(const DealState& state, const CreateDealCommand& command) {
  if (state.exists())
    return absl::AlreadyExistsError(absl::StrCat(command.name, " already exists"));
  const std::vector<FieldViolation> problems = CheckDealFields(command.input);
  if (!problems.empty()) return errors::InvalidArgument(problems);
  const v1::Pipeline& pipeline = *command.pipeline;
  const v1::Stage* stage = FirstStageOfKind(pipeline, v1::STAGE_KIND_OPEN);
  if (!command.input.stage().empty()) {
    ASSIGN_OR_RETURN(stage, StageOfKind(pipeline, command.input.stage(), v1::STAGE_KIND_OPEN,
                                        "a deal starts in an open stage"));
  }
  v1::DealCreated created;
  v1::Deal& deal = *created.mutable_deal();
  deal.set_owner(command.input.owner().empty() ? command.caller : command.input.owner());
  if (command.open_deal_of_another && command.open_deal_of_another->owner != deal.owner()) {
    const OpenDealOfAnother& other = *command.open_deal_of_another;
    if (!command.override_duplicate_guard) {
      return errors::FailedPrecondition(
          absl::StrCat(command.input.client(), " already has an open deal in ", pipeline.name(),
                       ": ", other.deal, " owned by ", other.owner,
                       ". Coordinate with them, or set override_duplicate_guard"),
          {{"DUPLICATE_OPEN_DEAL", other.deal, absl::StrCat("owned by ", other.owner)}});
    }
    created.set_overrode_deal(other.deal);
    created.set_overrode_owner(other.owner);
    created.set_override_reason(command.override_reason);
  }
  deal.set_pipeline(pipeline.name());
  deal.set_stage(stage->id());
  deal.set_stage_display_name(stage->display_name());
  deal.set_stage_kind(stage->kind());
  deal.set_client(command.input.client());
  deal.set_company(command.input.company());
  deal.set_title(command.input.title());
  if (auto amount = AmountOf(command.input)) *deal.mutable_amount() = *amount;
  deal.set_expected_close_date(command.input.expected_close_date());
  deal.set_team(command.input.team());
  *deal.mutable_line_items() = command.input.line_items();
  *deal.mutable_attribution() = command.attribution;
  return One(created, deal.client());
}

absl::StatusOr<Events> DecideUpdateDeal(const DealState& state, const v1::Deal& input,
                                        const google::protobuf::FieldMask& mask) {
  RETURN_IF_ERROR(MustExist(state, input.etag()));
  if (mask.paths_size() == 0) return errors::InvalidArgument({{"update_mask", "required"}});
  v1::Deal after = state.deal;
  v1::DealUpdated updated;
  for (const std::string& path : mask.paths()) {
    if (path == "title") {
      after.set_title(input.title());
    } else if (path == "amount") {
      *after.mutable_amount() = input.amount();
    } else if (path == "expected_close_date") {
      after.set_expected_close_date(input.expected_close_date());
    } else if (path == "owner") {
      after.set_owner(input.owner());
      if (input.owner().empty()) return errors::InvalidArgument({{"deal.owner", "required"}});
    } else if (path == "team") {
      after.set_team(input.team());
    } else if (path == "line_items") {
      *after.mutable_line_items() = input.line_items();
    } else if (path == "company") {
      after.set_company(input.company());
    } else {
      return errors::InvalidArgument(
          {{"update_mask",
            absl::StrCat("'", path,
                         "' cannot be updated here (title, amount, expected_close_date, owner, "
                         "team, line_items, company; stages change by MoveDeal and friends)")}});
    }
    updated.add_paths(path);
  }
  std::vector<FieldViolation> problems;
  CheckEditableFields(after, &problems);
  if (after.client().empty() && after.company().empty()) {
    problems.push_back({"deal.company", "a deal without a client needs its company"});
  }
  if (!problems.empty()) return errors::InvalidArgument(problems);
  google::protobuf::FieldMask applied;
  *applied.mutable_paths() = updated.paths();
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(after, applied, {},
                                                        updated.mutable_changes());
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(state.deal, applied, {},
                                                        updated.mutable_previous());
  if (updated.changes().SerializeAsString() == updated.previous().SerializeAsString()) {
    return Events();
  }
  return One(updated, after.client());
}

absl::StatusOr<Events> DecideMoveDeal(const DealState& state, const v1::Pipeline& pipeline,
                                      absl::string_view stage_ref, absl::string_view etag) {
  RETURN_IF_ERROR(MustExist(state, etag));
  if (stage_ref.empty()) return errors::InvalidArgument({{"stage", "required"}});
  ASSIGN_OR_RETURN(const v1::Stage* to, ResolveStage(pipeline, stage_ref, "stage"));
  RETURN_IF_ERROR(MustBeOpen(state));
  if (to->kind() != v1::STAGE_KIND_OPEN) {
    return errors::InvalidArgument(
        {{"stage", absl::StrCat("'", to->id(), "' closes the deal: use ",
                                to->kind() == v1::STAGE_KIND_WON ? "WinDeal" : "LoseDeal")}});
  }
  if (to->id() == state.deal.stage()) return Events();
  v1::DealMoved moved;
  *moved.mutable_transition() = TransitionTo(state.deal, *to);
  moved.set_cause(v1::DealMoved::CAUSE_MOVE);
  return One(moved, state.deal.client());
}

absl::StatusOr<Events> DecideWinDeal(const DealState& state, const v1::Pipeline& pipeline,
                                     absl::string_view stage_ref, bool has_earlier_win,
                                     absl::string_view etag) {
  RETURN_IF_ERROR(MustExist(state, etag));
  RETURN_IF_ERROR(MustBeOpen(state));
  ASSIGN_OR_RETURN(const v1::Stage* to, StageOfKind(pipeline, stage_ref, v1::STAGE_KIND_WON,
                                                    "WinDeal needs a won stage"));
  v1::DealWon won;
  *won.mutable_transition() = TransitionTo(state.deal, *to);
  won.set_sale_kind(has_earlier_win ? v1::SALE_KIND_REPEAT : v1::SALE_KIND_NEW);
  return One(won, state.deal.client());
}

absl::StatusOr<Events> DecideLoseDeal(const DealState& state, const v1::Pipeline& pipeline,
                                      const RefusalReasonsState& reasons,
                                      const LoseDealCommand& command) {
  RETURN_IF_ERROR(MustExist(state, command.etag));
  absl::string_view reason_id = command.reason;
  if (!absl::ConsumePrefix(&reason_id, kRefusalReasonPrefix)) {
    return errors::InvalidArgument({{"reason", "required: refusalReasons/{reason}"}});
  }
  const v1::RefusalReason* reason = reasons.Find(reason_id);
  if (reason == nullptr || reason->retired()) {
    return errors::InvalidArgument(
        {{"reason", absl::StrCat(command.reason, reason ? " is retired" : " does not exist",
                                 " (ListRefusalReasons shows the active ones)")}});
  }
  if (command.comment.size() > 2000) {
    return errors::InvalidArgument({{"comment", "at most 2000 bytes"}});
  }
  RETURN_IF_ERROR(MustBeOpen(state));
  ASSIGN_OR_RETURN(const v1::Stage* to, StageOfKind(pipeline, command.stage, v1::STAGE_KIND_LOST,
                                                    "LoseDeal needs a lost stage"));
  v1::DealLost lost;
  *lost.mutable_transition() = TransitionTo(state.deal, *to);
  lost.set_reason(std::string(reason_id));
  lost.set_reason_display_name(reason->display_name());
  lost.set_comment(command.comment);
  return One(lost, state.deal.client());
}

absl::StatusOr<Events> DecideReopenDeal(const DealState& state, const v1::Pipeline& pipeline,
                                        absl::string_view stage_ref, absl::string_view etag) {
  RETURN_IF_ERROR(MustExist(state, etag));
  if (state.deal.state() == v1::DEAL_STATE_OPEN) {
    return errors::FailedPrecondition(
        absl::StrCat(state.deal.name(), " is already open"),
        {{"DEAL_OPEN", state.deal.name(), "only closed deals reopen"}});
  }
  const v1::Stage* to = nullptr;
  if (!stage_ref.empty()) {
    ASSIGN_OR_RETURN(to, StageOfKind(pipeline, stage_ref, v1::STAGE_KIND_OPEN,
                                     "a deal reopens into an open stage"));
  } else {
    // The open stage it was closed from, if the pipeline still has it.
    const auto& periods = state.deal.stage_periods();
    for (auto it = periods.rbegin(); it != periods.rend() && to == nullptr; ++it) {
      const v1::Stage* candidate = FindStage(pipeline, it->stage());
      if (candidate != nullptr && candidate->kind() == v1::STAGE_KIND_OPEN) to = candidate;
    }
    if (to == nullptr) to = FirstStageOfKind(pipeline, v1::STAGE_KIND_OPEN);
  }
  v1::DealReopened reopened;
  *reopened.mutable_transition() = TransitionTo(state.deal, *to);
  return One(reopened, state.deal.client());
}

absl::StatusOr<Events> DecideQualifyDeal(const DealState& state, absl::string_view etag) {
  RETURN_IF_ERROR(MustExist(state, etag));
  RETURN_IF_ERROR(MustBeOpen(state));
  if (state.deal.qualification() == v1::QUALIFICATION_QUALIFIED) return Events();
  return One(v1::DealQualified(), state.deal.client());
}

absl::StatusOr<Events> DecideDisqualifyDeal(const DealState& state, const v1::Pipeline& pipeline,
                                            absl::string_view reason, absl::string_view stage_ref,
                                            absl::string_view etag) {
  RETURN_IF_ERROR(MustExist(state, etag));
  if (reason.empty() || reason.size() > 2000) {
    return errors::InvalidArgument({{"reason", "required, at most 2000 bytes"}});
  }
  RETURN_IF_ERROR(MustBeOpen(state));
  ASSIGN_OR_RETURN(const v1::Stage* to, StageOfKind(pipeline, stage_ref, v1::STAGE_KIND_LOST,
                                                    "a disqualified lead closes as lost"));
  v1::DealDisqualified disqualified;
  *disqualified.mutable_transition() = TransitionTo(state.deal, *to);
  disqualified.set_reason(std::string(reason));
  return One(disqualified, state.deal.client());
}

absl::StatusOr<Events> DecideStageRemovalMove(const DealState& state, const v1::Pipeline& pipeline,
                                              const v1::RemovedStage& removed) {
  if (!state.exists() || state.deal.stage() != removed.stage().id()) return Events();
  // Follow the chain when the target stage was itself removed later.
  std::string target = removed.moved_to();
  for (int hop = 0; FindStage(pipeline, target) == nullptr && hop < pipeline.removed_stages_size();
       ++hop) {
    for (const v1::RemovedStage& later : pipeline.removed_stages()) {
      if (later.stage().id() == target) target = later.moved_to();
    }
  }
  const v1::Stage* to = FindStage(pipeline, target);
  if (to == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("stage '", removed.moved_to(), "' was removed too; move the deal by hand"));
  }
  v1::DealMoved moved;
  *moved.mutable_transition() = TransitionTo(state.deal, *to);
  moved.set_cause(v1::DealMoved::CAUSE_STAGE_REMOVED);
  return One(moved, state.deal.client());
}

}  // namespace chronicle::deals
