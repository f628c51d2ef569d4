#include "deals/projection/deal_index.h"

#include "absl/time/civil_time.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/v1/deals_projection.pb.h"
#include "deals/projection/keys.h"

namespace chronicle::deals {

using aggregate::FromProtoTime;

namespace {

// "YYYY-MM" of the expected close date ("" when there is none).
std::string CloseMonth(const v1::Deal& deal) {
  return deal.expected_close_date().size() >= 7 ? deal.expected_close_date().substr(0, 7) : "";
}

}  // namespace

std::vector<std::string> BoardDimensions(const v1::Deal& deal) {
  std::vector<std::string> dims = {keys::AllDeals()};
  if (!deal.owner().empty()) dims.push_back(keys::OwnerDim(deal.owner()));
  if (!deal.team().empty()) dims.push_back(keys::TeamDim(deal.team()));
  if (!deal.attribution().source().empty()) {
    dims.push_back(keys::SourceDim(deal.attribution().source()));
  }
  return dims;
}

DealContribution ContributionOf(const v1::Deal& deal) {
  DealContribution out;
  const std::string id = IdOf(deal.name());
  const std::string pipeline = IdOf(deal.pipeline());
  const absl::Time created = FromProtoTime(deal.create_time());
  const std::string newest_first = keys::NewestFirst(created) + id;

  v1::DealBoardEntry entry;
  if (deal.has_amount()) *entry.mutable_amount() = deal.amount();
  entry.set_owner(deal.owner());
  entry.set_team(deal.team());
  entry.set_source(deal.attribution().source());
  const std::string entry_bytes = entry.SerializeAsString();
  const absl::CivilDay day = absl::ToCivilDay(created, absl::UTCTimeZone());
  for (const std::string& dim : BoardDimensions(deal)) {
    out.entries[keys::BoardColumn(pipeline, dim, deal.stage()) + newest_first] = entry_bytes;
    const std::string column = keys::CellColumn(pipeline, dim, deal.stage());
    out.board_cells.push_back(keys::DayCell(column, day));
    out.board_cells.push_back(keys::MonthCell(column, absl::CivilMonth(day)));
  }

  out.entries[absl::StrCat(keys::Prefix("lc"), newest_first)] = "";
  out.entries[absl::StrCat(keys::Prefix("lp", pipeline), newest_first)] = "";
  if (!deal.owner().empty()) {
    out.entries[absl::StrCat(keys::Prefix("lo", deal.owner()), newest_first)] = "";
  }
  const std::string client = IdOf(deal.client());
  if (!client.empty()) out.entries[absl::StrCat(keys::Prefix("lk", client), newest_first)] = "";
  const std::string company = IdOf(deal.company());
  if (!company.empty()) out.entries[absl::StrCat(keys::Prefix("lm", company), newest_first)] = "";

  if (deal.state() == v1::DEAL_STATE_OPEN) {
    const absl::Time entered = FromProtoTime(deal.stage_enter_time());
    out.entries[keys::StalledStage(pipeline, deal.stage()) + keys::OldestFirst(entered) + id] =
        deal.owner();
    if (!client.empty()) out.entries[keys::OpenDealsOf(client, pipeline) + id] = deal.owner();
    out.forecast_cell = absl::StrCat(keys::ForecastPipeline(pipeline), CloseMonth(deal),
                                     keys::kSeparator, deal.stage(), keys::kSeparator, deal.owner(),
                                     keys::kSeparator, deal.amount().currency_code());
  } else if (deal.state() == v1::DEAL_STATE_WON && !client.empty()) {
    out.entries[keys::WonDealsOf(client) + id] = "";
  }
  return out;
}

}  // namespace chronicle::deals
