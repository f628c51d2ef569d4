// ListDeals and the pipeline reads. The list walks the narrowest index an equality filter allows
// (client, company, owner, pipeline; else all deals), newest first, and keeps the deals the whole
// filter accepts.
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "chronicle/projection/state_messages.h"
#include "chronicle/query/conjunctive_filter.h"
#include "deals/domain/events.h"
#include "deals/projection/deal_index.h"
#include "deals/projection/keys.h"
#include "deals/projection/queries.h"

namespace chronicle::deals {
namespace {

using query::Comparison;

const char* const kFields[] = {"pipeline",
                               "stage",
                               "state",
                               "owner",
                               "team",
                               "client",
                               "company",
                               "source",
                               "qualification",
                               "sale_kind",
                               "create_time",
                               "close_time",
                               "expected_close_date"};

bool KnownField(const std::string& field) {
  for (const char* known : kFields) {
    if (field == known) return true;
  }
  return false;
}

// Names may be given in full ("clients/c1") or as ids ("c1").
std::string Id(const std::string& value) { return IdOf(value); }

bool Matches(const v1::Deal& deal, const Comparison& c) {
  using query::EnumMatches;
  using query::StringMatches;
  using query::TimeMatches;
  const Comparison by_id{c.field, c.op, Id(c.value)};
  if (c.field == "pipeline") return StringMatches(IdOf(deal.pipeline()), by_id);
  if (c.field == "stage") return StringMatches(deal.stage(), by_id);
  if (c.field == "state") return EnumMatches(v1::DealState_descriptor(), deal.state(), c);
  if (c.field == "owner") return StringMatches(deal.owner(), c);
  if (c.field == "team") return StringMatches(deal.team(), c);
  if (c.field == "client") return StringMatches(IdOf(deal.client()), by_id);
  if (c.field == "company") return StringMatches(IdOf(deal.company()), by_id);
  if (c.field == "source") return StringMatches(deal.attribution().source(), c);
  if (c.field == "qualification") {
    return EnumMatches(v1::Qualification_descriptor(), deal.qualification(), c);
  }
  if (c.field == "sale_kind") return EnumMatches(v1::SaleKind_descriptor(), deal.sale_kind(), c);
  if (c.field == "create_time") return TimeMatches(deal.create_time(), deal.has_create_time(), c);
  if (c.field == "close_time") return TimeMatches(deal.close_time(), deal.has_close_time(), c);
  return StringMatches(deal.expected_close_date(), c);  // "expected_close_date"
}

// The index to walk: the first equality filter with one, else every deal.
std::string IndexPrefix(const std::vector<Comparison>& filter) {
  if (std::string v = query::EqualityOn(filter, "client"); !v.empty()) {
    return keys::Prefix("lk", Id(v));
  }
  if (std::string v = query::EqualityOn(filter, "company"); !v.empty()) {
    return keys::Prefix("lm", Id(v));
  }
  if (std::string v = query::EqualityOn(filter, "owner"); !v.empty()) {
    return keys::Prefix("lo", v);
  }
  if (std::string v = query::EqualityOn(filter, "pipeline"); !v.empty()) {
    return keys::Prefix("lp", Id(v));
  }
  return keys::Prefix("lc");
}

}  // namespace

absl::StatusOr<v1::Pipeline> ReadPipeline(projection::StateReader& state, absl::string_view id) {
  ASSIGN_OR_RETURN(std::optional<v1::Pipeline> pipeline,
                   projection::ReadMessage<v1::Pipeline>(state, keys::Pipeline(id)));
  if (!pipeline) return absl::NotFoundError(absl::StrCat(kPipelinePrefix, id, " not found"));
  return *std::move(pipeline);
}

absl::StatusOr<std::vector<v1::Pipeline>> ReadPipelines(projection::StateReader& state) {
  std::vector<v1::Pipeline> pipelines;
  absl::Status parsed;
  RETURN_IF_ERROR(state.Scan(keys::Prefix("pl"), "", [&](absl::string_view, absl::string_view v) {
    if (!pipelines.emplace_back().ParseFromArray(v.data(), static_cast<int>(v.size()))) {
      parsed = absl::DataLossError("deals projection: unreadable pipeline");
      return false;
    }
    return true;
  }));
  RETURN_IF_ERROR(parsed);
  return pipelines;
}

absl::Status QueryDeals(projection::StateReader& state, const v1::ListDealsRequest& request,
                        v1::ListDealsResponse* response) {
  static const query::FilterFields* const kFilterFields = new query::FilterFields{
      KnownField,
      "pipeline, stage, state, owner, team, client, company, source, qualification, sale_kind, "
      "create_time, close_time, expected_close_date",
      {"create_time", "close_time"}};
  if (request.page_size() < 0 || request.page_size() > kMaxDealPageSize) {
    return errors::InvalidArgument({{"page_size", "must be within 0..1000"}});
  }
  const int page_size = request.page_size() ? request.page_size() : kDefaultDealPageSize;
  ASSIGN_OR_RETURN(std::vector<Comparison> filter,
                   query::ParseConjunction(request.filter(), *kFilterFields));
  const std::string prefix = IndexPrefix(filter);
  std::string start_after;
  if (!request.page_token().empty()) {
    std::string suffix;
    if (!absl::WebSafeBase64Unescape(request.page_token(), &suffix) || suffix.empty()) {
      return errors::InvalidArgument({{"page_token", "not a token this list returned"}});
    }
    start_after = prefix + suffix;
  }
  size_t scanned = 0;
  std::string last_key;
  bool more = false;
  absl::Status read;
  RETURN_IF_ERROR(state.Scan(prefix, start_after, [&](absl::string_view key, absl::string_view) {
    if (response->deals_size() == page_size || ++scanned > kMaxScannedPerPage) {
      more = true;
      return false;
    }
    last_key = std::string(key);
    const std::string id(key.substr(prefix.size() + keys::kSortValueBytes));
    auto deal = projection::ReadMessage<v1::Deal>(state, keys::Deal(id));
    if (!deal.ok()) {
      read = deal.status();
      return false;
    }
    if (!*deal) return true;
    for (const Comparison& c : filter) {
      if (!Matches(**deal, c)) return true;
    }
    *response->add_deals() = std::move(**deal);
    return true;
  }));
  RETURN_IF_ERROR(read);
  if (more)
    response->set_next_page_token(absl::WebSafeBase64Escape(last_key.substr(prefix.size())));
  return absl::OkStatus();
}

}  // namespace chronicle::deals
