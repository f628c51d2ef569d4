// GetForecast: the open deals' forecast cells (pipeline, close month, stage, owner, currency),
// each weighted by its stage's probability as the pipeline defines it now.
#include <map>
#include <tuple>

#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "deals/domain/pipeline.h"
#include "deals/projection/cells.h"
#include "deals/projection/deal_index.h"
#include "deals/projection/keys.h"
#include "deals/projection/queries.h"

namespace chronicle::deals {
namespace {

struct RowSum {
  int64_t count = 0;
  Nanos amount = 0;
  Nanos weighted = 0;
};

absl::StatusOr<std::string> Month(const std::string& text, const char* field) {
  absl::CivilMonth month;
  if (text.size() != 7 || !absl::ParseCivilTime(text, &month)) {
    return errors::InvalidArgument({{field, "must be a month YYYY-MM"}});
  }
  return text;
}

}  // namespace

absl::Status QueryForecast(projection::StateReader& state,
                           const std::vector<v1::Pipeline>& pipelines,
                           const v1::GetForecastRequest& request, absl::Time now,
                           v1::Forecast* forecast) {
  const absl::CivilMonth this_month(absl::ToCivilDay(now, absl::UTCTimeZone()));
  std::string start = absl::FormatCivilTime(this_month);
  std::string end = absl::FormatCivilTime(this_month + 5);
  if (!request.start_month().empty()) {
    ASSIGN_OR_RETURN(start, Month(request.start_month(), "start_month"));
  }
  if (!request.end_month().empty()) {
    ASSIGN_OR_RETURN(end, Month(request.end_month(), "end_month"));
  }
  if (end < start)
    return errors::InvalidArgument({{"end_month", "must not be before start_month"}});

  std::map<std::tuple<std::string, std::string, std::string>, RowSum> rows;
  for (const v1::Pipeline& pipeline : pipelines) {
    const std::string prefix = keys::ForecastPipeline(IdOf(pipeline.name()));
    absl::Status parsed;
    RETURN_IF_ERROR(state.Scan(prefix, "", [&](absl::string_view key, absl::string_view value) {
      const std::vector<std::string> parts =
          absl::StrSplit(key.substr(prefix.size()), keys::kSeparator);
      if (parts.size() != 4) return true;
      const std::string& month = parts[0];
      if (!month.empty() && (month < start || month > end)) return month < end;
      if (!request.owner().empty() && parts[2] != request.owner()) return true;
      const v1::Stage* stage = FindStage(pipeline, parts[1]);
      v1::DealCell cell;
      if (!cell.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
        parsed = absl::DataLossError("deals projection: unreadable forecast cell");
        return false;
      }
      RowSum& row = rows[{month, parts[2], parts[3]}];
      row.count += cell.count();
      for (const v1::Money& total : cell.totals()) {
        row.amount += ToNanos(total);
        row.weighted += PercentOf(ToNanos(total), stage ? EffectiveProbability(*stage) : 0);
      }
      return true;
    }));
    RETURN_IF_ERROR(parsed);
  }
  for (const auto& [key, sum] : rows) {
    const auto& [month, owner, currency] = key;
    v1::Forecast::Row* row = forecast->add_rows();
    row->set_month(month);
    row->set_owner(owner);
    row->set_currency_code(currency);
    row->set_deal_count(sum.count);
    *row->mutable_amount() = FromNanos(currency, sum.amount);
    *row->mutable_weighted() = FromNanos(currency, sum.weighted);
  }
  return absl::OkStatus();
}

}  // namespace chronicle::deals
