#include "deals/domain/refusal_reasons.h"

#include "absl/strings/match.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "deals/domain/events.h"

namespace chronicle::deals {
namespace {

using Events = std::vector<v1::EventEnvelope>;

v1::RefusalReason* MutableReason(RefusalReasonsState* state, absl::string_view id) {
  for (v1::RefusalReason& reason : state->reasons) {
    if (reason.name() == absl::StrCat(kRefusalReasonPrefix, id)) return &reason;
  }
  return nullptr;
}

absl::Status CheckName(const RefusalReasonsState& state, const std::string& id,
                       const std::string& display_name) {
  if (display_name.empty() || display_name.size() > 200) {
    return errors::InvalidArgument(
        {{"refusal_reason.display_name", "required, at most 200 bytes"}});
  }
  for (const v1::RefusalReason& reason : state.reasons) {
    if (!reason.retired() && reason.display_name() == display_name &&
        reason.name() != absl::StrCat(kRefusalReasonPrefix, id)) {
      return errors::InvalidArgument(
          {{"refusal_reason.display_name",
            absl::StrCat("'", display_name, "' is already ", reason.name())}});
    }
  }
  return absl::OkStatus();
}

}  // namespace

const v1::RefusalReason* RefusalReasonsState::Find(absl::string_view id) const {
  return MutableReason(const_cast<RefusalReasonsState*>(this), id);
}

absl::Status Evolve(const v1::EventEnvelope& event, RefusalReasonsState* state) {
  state->version = event.stream_version();
  if (Is<v1::RefusalReasonDefined>(event)) {
    v1::RefusalReasonDefined defined;
    RETURN_IF_ERROR(Unpack(event, &defined));
    v1::RefusalReason& reason = state->reasons.emplace_back();
    reason.set_name(absl::StrCat(kRefusalReasonPrefix, defined.id()));
    reason.set_display_name(defined.display_name());
  } else if (Is<v1::RefusalReasonRenamed>(event)) {
    v1::RefusalReasonRenamed renamed;
    RETURN_IF_ERROR(Unpack(event, &renamed));
    if (v1::RefusalReason* reason = MutableReason(state, renamed.id())) {
      reason->set_display_name(renamed.display_name());
    }
  } else if (Is<v1::RefusalReasonRetired>(event)) {
    v1::RefusalReasonRetired retired;
    RETURN_IF_ERROR(Unpack(event, &retired));
    if (v1::RefusalReason* reason = MutableReason(state, retired.id())) reason->set_retired(true);
  }
  return absl::OkStatus();
}

absl::StatusOr<Events> DecideDefineReason(const RefusalReasonsState& state, const std::string& id,
                                          const std::string& display_name) {
  if (!aggregate::IsValidResourceId(id)) {
    return errors::InvalidArgument({{"refusal_reason_id", "must match [a-z0-9-]{1,63}"}});
  }
  if (state.Find(id) != nullptr) {
    return absl::AlreadyExistsError(absl::StrCat(kRefusalReasonPrefix, id, " already exists"));
  }
  RETURN_IF_ERROR(CheckName(state, id, display_name));
  v1::RefusalReasonDefined defined;
  defined.set_id(id);
  defined.set_display_name(display_name);
  Events events;
  events.push_back(NewEvent(defined));
  return events;
}

absl::StatusOr<Events> DecideRenameReason(const RefusalReasonsState& state, const std::string& id,
                                          const std::string& display_name) {
  const v1::RefusalReason* reason = state.Find(id);
  if (reason == nullptr) return absl::NotFoundError(absl::StrCat(kRefusalReasonPrefix, id));
  RETURN_IF_ERROR(CheckName(state, id, display_name));
  if (reason->display_name() == display_name) return Events();
  v1::RefusalReasonRenamed renamed;
  renamed.set_id(id);
  renamed.set_display_name(display_name);
  Events events;
  events.push_back(NewEvent(renamed));
  return events;
}

absl::StatusOr<Events> DecideRetireReason(const RefusalReasonsState& state, const std::string& id) {
  const v1::RefusalReason* reason = state.Find(id);
  if (reason == nullptr) return absl::NotFoundError(absl::StrCat(kRefusalReasonPrefix, id));
  if (reason->retired()) return Events();
  v1::RefusalReasonRetired retired;
  retired.set_id(id);
  Events events;
  events.push_back(NewEvent(retired));
  return events;
}

}  // namespace chronicle::deals
