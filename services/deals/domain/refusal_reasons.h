// The workspace's managed list of refusal reasons as a decider over "refusal_reasons/workspace".
// Reasons are retired, never deleted: a deal lost for "Дорого" in 2025 still reads so. Pure.
#ifndef CHRONICLE_DEALS_DOMAIN_REFUSAL_REASONS_H_
#define CHRONICLE_DEALS_DOMAIN_REFUSAL_REASONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "chronicle/v1/deals_resources.pb.h"
#include "chronicle/v1/event.pb.h"

namespace chronicle::deals {

struct RefusalReasonsState {
  std::vector<v1::RefusalReason> reasons;  // in definition order
  uint64_t version = 0;

  // The reason with `id`, or nullptr.
  const v1::RefusalReason* Find(absl::string_view id) const;
};

absl::Status Evolve(const v1::EventEnvelope& event, RefusalReasonsState* state);

// ALREADY_EXISTS for a taken id; INVALID_ARGUMENT for a bad id or name, or a name an active
// reason already has (two "Дорого" would split the refusal report).
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideDefineReason(const RefusalReasonsState& state,
                                                                  const std::string& id,
                                                                  const std::string& display_name);
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideRenameReason(const RefusalReasonsState& state,
                                                                  const std::string& id,
                                                                  const std::string& display_name);
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideRetireReason(const RefusalReasonsState& state,
                                                                  const std::string& id);

}  // namespace chronicle::deals

#endif  // CHRONICLE_DEALS_DOMAIN_REFUSAL_REASONS_H_
