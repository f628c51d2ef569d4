#include "activities/domain/catalogs.h"

#include "activities/domain/activity.h"
#include "activities/domain/events.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"

namespace chronicle::activities {
namespace {

using Events = std::vector<v1::EventEnvelope>;

template <typename Entry>
Entry* FindIn(std::vector<Entry>& entries, absl::string_view prefix, absl::string_view id) {
  for (Entry& entry : entries) {
    if (entry.name() == absl::StrCat(prefix, id)) return &entry;
  }
  return nullptr;
}

}  // namespace

const v1::ActivityType* ActivityTypesState::Find(absl::string_view id) const {
  return FindIn(const_cast<std::vector<v1::ActivityType>&>(types), kActivityTypePrefix, id);
}

absl::Status Evolve(const v1::EventEnvelope& event, ActivityTypesState* state) {
  state->version = event.stream_version();
  if (Is<v1::ActivityTypeDefined>(event)) {
    v1::ActivityTypeDefined defined;
    RETURN_IF_ERROR(Unpack(event, &defined));
    state->types.push_back(defined.type());
  } else if (Is<v1::ActivityTypeRetired>(event)) {
    v1::ActivityTypeRetired retired;
    RETURN_IF_ERROR(Unpack(event, &retired));
    if (auto* type = FindIn(state->types, kActivityTypePrefix, retired.id())) {
      type->set_retired(true);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Events> DecideDefineActivityType(const ActivityTypesState& state,
                                                const std::string& id,
                                                const v1::ActivityType& input) {
  std::vector<errors::FieldViolation> problems;
  if (!aggregate::IsValidResourceId(id) || IsReservedKindName(id)) {
    problems.push_back({"activity_type_id",
                        "required: [a-z0-9-]{1,63}, not a built-in kind (call, meeting, ...)"});
  }
  if (input.display_name().empty() || input.display_name().size() > 200) {
    problems.push_back({"activity_type.display_name", "required, at most 200 bytes"});
  }
  if (!problems.empty()) return errors::InvalidArgument(problems);
  if (state.Find(id))
    return absl::AlreadyExistsError(absl::StrCat(kActivityTypePrefix, id, " exists"));
  v1::ActivityTypeDefined defined;
  *defined.mutable_type() = input;
  defined.mutable_type()->set_name(absl::StrCat(kActivityTypePrefix, id));
  defined.mutable_type()->set_retired(false);
  return Events{NewEvent(defined)};
}

absl::StatusOr<Events> DecideRetireActivityType(const ActivityTypesState& state,
                                                const std::string& id) {
  const v1::ActivityType* type = state.Find(id);
  if (type == nullptr)
    return absl::NotFoundError(absl::StrCat(kActivityTypePrefix, id, " not found"));
  if (type->retired()) return Events();
  v1::ActivityTypeRetired retired;
  retired.set_id(id);
  return Events{NewEvent(retired)};
}

const v1::ContactRule* ContactRulesState::Find(absl::string_view id) const {
  return FindIn(const_cast<std::vector<v1::ContactRule>&>(rules), kContactRulePrefix, id);
}

absl::Status Evolve(const v1::EventEnvelope& event, ContactRulesState* state) {
  state->version = event.stream_version();
  if (Is<v1::ContactRuleDefined>(event)) {
    v1::ContactRuleDefined defined;
    RETURN_IF_ERROR(Unpack(event, &defined));
    state->rules.push_back(defined.rule());
  } else if (Is<v1::ContactRuleRetired>(event)) {
    v1::ContactRuleRetired retired;
    RETURN_IF_ERROR(Unpack(event, &retired));
    if (auto* rule = FindIn(state->rules, kContactRulePrefix, retired.id()))
      rule->set_retired(true);
  }
  return absl::OkStatus();
}

absl::StatusOr<Events> DecideDefineContactRule(const ContactRulesState& state,
                                               const std::string& id, const v1::ContactRule& input,
                                               const ActivityTypesState& known_types) {
  std::vector<errors::FieldViolation> problems;
  if (!aggregate::IsValidResourceId(id))
    problems.push_back({"rule_id", "required: [a-z0-9-]{1,63}"});
  if (input.display_name().empty() || input.display_name().size() > 200) {
    problems.push_back({"rule.display_name", "required, at most 200 bytes"});
  }
  const bool by_temperature = input.temperature() != v1::TEMPERATURE_UNSPECIFIED;
  const bool by_segment = !input.segment_field().empty();
  if (by_temperature == by_segment) {
    problems.push_back({"rule.temperature", "exactly one of temperature and segment_field"});
  }
  if (by_segment && input.segment_value().empty()) {
    problems.push_back({"rule.segment_value", "required with segment_field"});
  }
  if (input.interval_days() < 1 || input.interval_days() > 366) {
    problems.push_back({"rule.interval_days", "1..366"});
  }
  for (int i = 0; i < input.activity_kinds_size(); ++i) {
    const std::string& kind = input.activity_kinds(i);
    const v1::ActivityType* custom = known_types.Find(kind);
    if (!IsContactKindName(kind) && (custom == nullptr || custom->retired())) {
      problems.push_back(
          {absl::StrCat("rule.activity_kinds[", i, "]"),
           absl::StrCat("'", kind,
                        "' is neither a contact kind (call, meeting, email, message, "
                        "purchase, complaint, webinar, form, nps) nor an activity "
                        "type")});
    }
  }
  if (!problems.empty()) return errors::InvalidArgument(problems);
  if (state.Find(id))
    return absl::AlreadyExistsError(absl::StrCat(kContactRulePrefix, id, " exists"));
  v1::ContactRuleDefined defined;
  *defined.mutable_rule() = input;
  defined.mutable_rule()->set_name(absl::StrCat(kContactRulePrefix, id));
  defined.mutable_rule()->set_retired(false);
  return Events{NewEvent(defined)};
}

absl::StatusOr<Events> DecideRetireContactRule(const ContactRulesState& state,
                                               const std::string& id) {
  const v1::ContactRule* rule = state.Find(id);
  if (rule == nullptr)
    return absl::NotFoundError(absl::StrCat(kContactRulePrefix, id, " not found"));
  if (rule->retired()) return Events();
  v1::ContactRuleRetired retired;
  retired.set_id(id);
  return Events{NewEvent(retired)};
}

}  // namespace chronicle::activities
