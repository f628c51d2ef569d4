// Deal commands: create (with the client lookup and the duplicate guard), update, and the stage
// moves. Each decides on the deal as the log has it and the pipeline as it is now.
#include <functional>

#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "chronicle/projection/state_messages.h"
#include "chronicle/v1/deals_projection.pb.h"
#include "deals/app/deals_app.h"
#include "deals/domain/events.h"
#include "deals/projection/deal_index.h"
#include "deals/projection/deals_projection.h"
#include "deals/projection/keys.h"

namespace chronicle::deals {
namespace {

constexpr int kMaxMergeHops = 8;

}  // namespace

absl::StatusOr<v1::Deal> DealsApp::RunDeal(const v1::Actor& actor, const std::string& name,
                                           const DealDecision& decide,
                                           const std::string& command_id) {
  ASSIGN_OR_RETURN(std::string id, aggregate::ParseResourceId(name, kDealPrefix, "name"));
  ASSIGN_OR_RETURN(
      auto written,
      runner_.Run<DealState>(
          MakeStream(kDealStream, id), actor, command_id,
          [&](const DealState& state) -> absl::StatusOr<std::vector<v1::EventEnvelope>> {
            if (!state.exists()) return absl::NotFoundError(absl::StrCat(name, " not found"));
            ASSIGN_OR_RETURN(PipelineState pipeline, LoadPipeline(IdOf(state.deal.pipeline())));
            return decide(state, pipeline.pipeline);
          }));
  return written.state.deal;
}

absl::StatusOr<std::pair<std::string, v1::DealAttribution>> DealsApp::ResolveClient(
    const std::string& client) {
  std::string id = IdOf(client);
  for (int hop = 0; hop < kMaxMergeHops; ++hop) {
    std::optional<v1::DealClientFacts> facts;
    for (int attempt = 0; attempt < 2 && !(facts && facts->exists()); ++attempt) {
      // A client created a moment ago may not have reached this projection yet: catch up once.
      if (attempt == 1) runner_.CatchUp();
      ASSIGN_OR_RETURN(auto view, runner_.engine().View(kDealsProjection));
      ASSIGN_OR_RETURN(facts,
                       projection::ReadMessage<v1::DealClientFacts>(*view, keys::ClientFacts(id)));
    }
    if (!facts || !facts->exists()) {
      return errors::InvalidArgument(
          {{"deal.client", absl::StrCat(kClientPrefix, id, " does not exist")}});
    }
    if (facts->merged_into().empty()) {
      return std::make_pair(absl::StrCat(kClientPrefix, id), facts->attribution());
    }
    id = IdOf(facts->merged_into());  // the deal goes to the client it was merged into
  }
  return errors::InvalidArgument({{"deal.client", "merged too many times to follow"}});
}

absl::Status DealsApp::CheckCompany(const std::string& company) {
  ASSIGN_OR_RETURN(std::optional<std::string> found,
                   runner_.ReadCaughtUp(keys::Company(IdOf(company))));
  if (found) return absl::OkStatus();
  return errors::InvalidArgument({{"deal.company", absl::StrCat(company, " does not exist")}});
}

absl::StatusOr<std::optional<OpenDealOfAnother>> DealsApp::OpenDealOfOther(
    const std::string& client, const std::string& pipeline, const std::string& owner) {
  std::optional<OpenDealOfAnother> other;
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kDealsProjection));
  RETURN_IF_ERROR(view->Scan(keys::OpenDealsOf(IdOf(client), IdOf(pipeline)), "",
                             [&](absl::string_view key, absl::string_view deal_owner) {
                               if (deal_owner == owner) return true;
                               other = OpenDealOfAnother{
                                   absl::StrCat(kDealPrefix, keys::TrailingId(key)),
                                   std::string(deal_owner)};
                               return false;
                             }));
  return other;
}

absl::StatusOr<v1::Deal> DealsApp::CreateDeal(const v1::Actor& actor,
                                              const v1::CreateDealRequest& request) {
  // Every field problem at once, before any lookup.
  const std::vector<errors::FieldViolation> problems = CheckDealFields(request.deal());
  if (!problems.empty()) return errors::InvalidArgument(problems);
  ASSIGN_OR_RETURN(PipelineState pipeline, LoadPipeline(IdOf(request.deal().pipeline())));
  if (!pipeline.exists()) {
    return errors::InvalidArgument(
        {{"deal.pipeline", absl::StrCat(request.deal().pipeline(), " does not exist")}});
  }
  CreateDealCommand command;
  command.input = request.deal();
  command.pipeline = &pipeline.pipeline;
  command.caller = actor.user_id();
  command.override_duplicate_guard = request.override_duplicate_guard();
  command.override_reason = request.override_reason();
  if (!request.deal().company().empty()) RETURN_IF_ERROR(CheckCompany(request.deal().company()));
  if (!request.deal().client().empty()) {
    ASSIGN_OR_RETURN(auto client, ResolveClient(request.deal().client()));
    command.input.set_client(client.first);
    command.attribution = std::move(client.second);
  }
  const std::string id = request.request_id().empty()
                             ? aggregate::NewAggregateId()
                             : aggregate::DerivedId("deal", request.request_id());
  command.name = absl::StrCat(kDealPrefix, id);
  const std::string command_id =
      request.request_id().empty() ? "" : absl::StrCat("create-deal:", request.request_id());
  const std::string owner = command.input.owner().empty() ? actor.user_id() : command.input.owner();

  // Check the guard and append under the client's lock, and wait until the projection shows the
  // new deal, so the next create for this client sees it.
  absl::Mutex& lock =
      client_locks_[std::hash<std::string>()(command.input.client()) % client_locks_.size()];
  absl::MutexLock hold(&lock);
  if (!command.input.client().empty()) {
    ASSIGN_OR_RETURN(command.open_deal_of_another,
                     OpenDealOfOther(command.input.client(), pipeline.pipeline.name(), owner));
  }
  ASSIGN_OR_RETURN(
      auto written,
      runner_.Run<DealState>(
          MakeStream(kDealStream, id), actor, command_id,
          [&](const DealState& state) -> absl::StatusOr<std::vector<v1::EventEnvelope>> {
            // A retried create finds its own deal and returns it.
            if (state.exists() && !command_id.empty() && state.created_by_command == command_id) {
              return std::vector<v1::EventEnvelope>();
            }
            return DecideCreateDeal(state, command);
          }));
  return written.state.deal;
}

absl::StatusOr<v1::Deal> DealsApp::UpdateDeal(const v1::Actor& actor,
                                              const v1::UpdateDealRequest& request) {
  if (!request.deal().company().empty()) {
    for (const std::string& path : request.update_mask().paths()) {
      if (path == "company") RETURN_IF_ERROR(CheckCompany(request.deal().company()));
    }
  }
  return RunDeal(actor, request.deal().name(), [&](const DealState& state, const v1::Pipeline&) {
    return DecideUpdateDeal(state, request.deal(), request.update_mask());
  });
}

absl::StatusOr<v1::Deal> DealsApp::MoveDeal(const v1::Actor& actor,
                                            const v1::MoveDealRequest& request) {
  return RunDeal(
      actor, request.name(),
      [&](const DealState& state, const v1::Pipeline& pipeline) {
        return DecideMoveDeal(state, pipeline, request.stage(), request.etag());
      },
      request.request_id().empty() ? "" : absl::StrCat("move-deal:", request.request_id()));
}

absl::StatusOr<bool> DealsApp::HasEarlierWin(const v1::Deal& deal) {
  if (deal.client().empty()) return false;
  bool found = false;
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kDealsProjection));
  RETURN_IF_ERROR(view->Scan(keys::WonDealsOf(IdOf(deal.client())), "",
                             [&](absl::string_view key, absl::string_view) {
                               found = keys::TrailingId(key) != IdOf(deal.name());
                               return !found;
                             }));
  return found;
}

absl::StatusOr<v1::Deal> DealsApp::WinDeal(const v1::Actor& actor,
                                           const v1::WinDealRequest& request) {
  return RunDeal(
      actor, request.name(),
      [&](const DealState& state,
          const v1::Pipeline& pipeline) -> absl::StatusOr<std::vector<v1::EventEnvelope>> {
        ASSIGN_OR_RETURN(bool repeat, HasEarlierWin(state.deal));
        return DecideWinDeal(state, pipeline, request.stage(), repeat, request.etag());
      });
}

absl::StatusOr<v1::Deal> DealsApp::LoseDeal(const v1::Actor& actor,
                                            const v1::LoseDealRequest& request) {
  ASSIGN_OR_RETURN(RefusalReasonsState reasons, LoadReasons());
  const LoseDealCommand command{request.reason(), request.comment(), request.stage(),
                                request.etag()};
  return RunDeal(actor, request.name(), [&](const DealState& state, const v1::Pipeline& pipeline) {
    return DecideLoseDeal(state, pipeline, reasons, command);
  });
}

absl::StatusOr<v1::Deal> DealsApp::ReopenDeal(const v1::Actor& actor,
                                              const v1::ReopenDealRequest& request) {
  return RunDeal(actor, request.name(), [&](const DealState& state, const v1::Pipeline& pipeline) {
    return DecideReopenDeal(state, pipeline, request.stage(), request.etag());
  });
}

absl::StatusOr<v1::Deal> DealsApp::QualifyDeal(const v1::Actor& actor,
                                               const v1::QualifyDealRequest& request) {
  return RunDeal(actor, request.name(), [&](const DealState& state, const v1::Pipeline&) {
    return DecideQualifyDeal(state, request.etag());
  });
}

absl::StatusOr<v1::Deal> DealsApp::DisqualifyDeal(const v1::Actor& actor,
                                                  const v1::DisqualifyDealRequest& request) {
  return RunDeal(actor, request.name(), [&](const DealState& state, const v1::Pipeline& pipeline) {
    return DecideDisqualifyDeal(state, pipeline, request.reason(), request.stage(), request.etag());
  });
}

}  // namespace chronicle::deals
