// The deal aggregate as a decider over "deal/{id}": Evolve folds its events into a DealState;
// the Decide* functions turn a command plus what the application looked up (the pipeline, the
// refusal reasons, the client's facts) into new events or an error. Pure: no I/O, no clock.
//
// Errors: INVALID_ARGUMENT with field violations (a bad field, a stage of another pipeline, an
// unknown or retired reason); NOT_FOUND for a deal that does not exist; FAILED_PRECONDITION for a
// change the deal's state forbids and for the duplicate guard; ABORTED for a stale etag.
#ifndef CHRONICLE_DEALS_DOMAIN_DEAL_H_
#define CHRONICLE_DEALS_DOMAIN_DEAL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "chronicle/errors/errors.h"
#include "chronicle/v1/deals_events.pb.h"
#include "chronicle/v1/deals_resources.pb.h"
#include "deals/domain/refusal_reasons.h"
#include "google/protobuf/field_mask.pb.h"

namespace chronicle::deals {

struct DealState {
  v1::Deal deal;  // name is empty until DealCreated
  uint64_t version = 0;
  // The command id of the append that created the deal: a retried create recognizes its own.
  std::string created_by_command;

  bool exists() const { return !deal.name().empty(); }
};

absl::Status Evolve(const v1::EventEnvelope& event, DealState* state);

// Another manager's open deal for the same client in the same pipeline.
struct OpenDealOfAnother {
  std::string deal;  // "deals/{id}"
  std::string owner;
};

struct CreateDealCommand {
  std::string name;  // "deals/{id}"
  v1::Deal input;
  const v1::Pipeline* pipeline = nullptr;  // the pipeline input.pipeline names (must exist)
  std::string caller;                      // becomes the owner when input.owner is empty
  v1::DealAttribution attribution;         // from the client's first touch
  std::optional<OpenDealOfAnother> open_deal_of_another;
  bool override_duplicate_guard = false;
  std::string override_reason;
};

// Field checks of a new deal that need no lookups; the application runs them before looking
// anything up, so a bad request is refused for all its bad fields at once.
std::vector<errors::FieldViolation> CheckDealFields(const v1::Deal& input);

absl::StatusOr<std::vector<v1::EventEnvelope>> DecideCreateDeal(const DealState& state,
                                                                const CreateDealCommand& command);

// title, amount, expected_close_date, owner, team, line_items, company.
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideUpdateDeal(
    const DealState& state, const v1::Deal& input, const google::protobuf::FieldMask& mask);

absl::StatusOr<std::vector<v1::EventEnvelope>> DecideMoveDeal(const DealState& state,
                                                              const v1::Pipeline& pipeline,
                                                              absl::string_view stage,
                                                              absl::string_view etag);

// `has_earlier_win`: the client had won a deal before this one (a repeat sale).
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideWinDeal(const DealState& state,
                                                             const v1::Pipeline& pipeline,
                                                             absl::string_view stage,
                                                             bool has_earlier_win,
                                                             absl::string_view etag);

struct LoseDealCommand {
  std::string reason;  // "refusalReasons/{id}"
  std::string comment;
  std::string stage;
  std::string etag;
};
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideLoseDeal(const DealState& state,
                                                              const v1::Pipeline& pipeline,
                                                              const RefusalReasonsState& reasons,
                                                              const LoseDealCommand& command);

absl::StatusOr<std::vector<v1::EventEnvelope>> DecideReopenDeal(const DealState& state,
                                                                const v1::Pipeline& pipeline,
                                                                absl::string_view stage,
                                                                absl::string_view etag);

absl::StatusOr<std::vector<v1::EventEnvelope>> DecideQualifyDeal(const DealState& state,
                                                                 absl::string_view etag);

absl::StatusOr<std::vector<v1::EventEnvelope>> DecideDisqualifyDeal(const DealState& state,
                                                                    const v1::Pipeline& pipeline,
                                                                    absl::string_view reason,
                                                                    absl::string_view stage,
                                                                    absl::string_view etag);

// The move a removed stage forces on a deal standing in it (nothing when it has moved on).
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideStageRemovalMove(
    const DealState& state, const v1::Pipeline& pipeline, const v1::RemovedStage& removed);

}  // namespace chronicle::deals

#endif  // CHRONICLE_DEALS_DOMAIN_DEAL_H_
