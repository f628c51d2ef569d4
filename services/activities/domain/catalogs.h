// The workspace's two small catalogs, each one aggregate on a "…/workspace" stream: custom
// activity types and contact frequency rules. Entries are retired, never deleted, so history
// that names them still reads. Admins write them; everyone reads. Pure.
#ifndef CHRONICLE_ACTIVITIES_DOMAIN_CATALOGS_H_
#define CHRONICLE_ACTIVITIES_DOMAIN_CATALOGS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "chronicle/v1/activities_resources.pb.h"
#include "chronicle/v1/event.pb.h"

namespace chronicle::activities {

struct ActivityTypesState {
  std::vector<v1::ActivityType> types;  // in definition order
  uint64_t version = 0;
  // The type with `id`, or nullptr.
  const v1::ActivityType* Find(absl::string_view id) const;
};

absl::Status Evolve(const v1::EventEnvelope& event, ActivityTypesState* state);

// ALREADY_EXISTS for a taken id; INVALID_ARGUMENT for a bad id (or a built-in kind's name) or
// display name.
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideDefineActivityType(
    const ActivityTypesState& state, const std::string& id, const v1::ActivityType& input);
// NOT_FOUND for an unknown id; retiring a retired type writes nothing.
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideRetireActivityType(
    const ActivityTypesState& state, const std::string& id);

struct ContactRulesState {
  std::vector<v1::ContactRule> rules;
  uint64_t version = 0;
  const v1::ContactRule* Find(absl::string_view id) const;
};

absl::Status Evolve(const v1::EventEnvelope& event, ContactRulesState* state);

// INVALID_ARGUMENT naming each bad field: exactly one of temperature and segment_field (with
// segment_value), interval_days 1..366, activity kinds that are built-in contact kinds or
// `known_types`' active ids.
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideDefineContactRule(
    const ContactRulesState& state, const std::string& id, const v1::ContactRule& input,
    const ActivityTypesState& known_types);
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideRetireContactRule(
    const ContactRulesState& state, const std::string& id);

}  // namespace chronicle::activities

#endif  // CHRONICLE_ACTIVITIES_DOMAIN_CATALOGS_H_
