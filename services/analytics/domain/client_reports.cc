// Reports that classify clients: ABC by revenue share, RFM scores and segments, and NPS.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "absl/strings/str_join.h"
#include "analytics/domain/buyer_tally.h"
#include "analytics/domain/client_tally.h"
#include "analytics/domain/reports.h"
#include "analytics/domain/scope.h"
#include "analytics/domain/top_n.h"

namespace chronicle::analytics {
namespace {

constexpr int64_t kDay = 86400;

// Buyers in scope with their purchases inside the period (and before `until`), as rows like the
// buyer index's.
std::vector<BuyerRow> Buyers(const AnalyticsFacts& facts, const Scope& scope, int64_t until) {
  std::vector<BuyerRow> buyers;
  for (uint32_t index = 0; index < facts.clients.size(); ++index) {
    const ClientFacts& client = facts.clients[index];
    if (client.purchases.empty() || client.merged || !scope.ClientMatches(client)) continue;
    BuyerRow r;
    r.client = index;
    for (const Purchase& p : client.purchases) {
      if (!scope.InPeriod(p.time) || p.time > until) continue;
      r.revenue += p.amount;
      ++r.purchases;
      r.last_purchase = std::max(r.last_purchase, p.time);
    }
    if (r.purchases > 0) buyers.push_back(r);
  }
  return buyers;
}

// 1..5: the quintile of a value among `values`, where equal values score alike: 1 + 5 * (how
// many values are smaller) / (how many there are). Only the four values at the quintile
// boundaries decide it, so they are found in linear time rather than every value sorted.
class Quintiles {
 public:
  explicit Quintiles(std::vector<int64_t> values) {
    const size_t n = values.size();
    if (n == 0) return;
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    // Rank k (from 1) of 4: scoring above k needs at least ceil(k * n / 5) smaller values, more
    // than the value at that rank.
    auto rank = [n](size_t k) { return (k * n + 4) / 5; };
    if (static_cast<uint64_t>(*high - *low) < 4 * n + 1024) {
      // Values in a narrow range (days since a purchase, purchase counts): counted, then the
      // ranks read off the running total, in linear time without moving any value.
      const int64_t base = *low;
      std::vector<uint32_t> counts(static_cast<size_t>(*high - base) + 1);
      for (int64_t value : values) ++counts[static_cast<size_t>(value - base)];
      size_t seen = 0;
      size_t k = 1;
      for (size_t offset = 0; offset < counts.size() && k <= 4; ++offset) {
        seen += counts[offset];
        while (k <= 4 && seen >= rank(k))
          boundaries_[k++ - 1] = base + static_cast<int64_t>(offset);
      }
      return;
    }
    // Else only the four values at the boundaries are picked (linear time), not every value
    // sorted.
    auto from = values.begin();
    for (size_t k = 1; k <= 4; ++k) {
      auto at = values.begin() + (rank(k) - 1);
      std::nth_element(from, at, values.end());
      boundaries_[k - 1] = *at;
      from = at;
    }
  }
  int Of(int64_t value) const {
    int score = 1;
    for (int64_t boundary : boundaries_) score += boundary < value;
    return score;
  }

 private:
  std::array<int64_t, 4> boundaries_{};
};

// The RFM segments, in name order (the order the report lists them in).
constexpr std::array<const char*, 9> kRfmSegments = {
    "at_risk", "cant_lose",      "champions", "hibernating",        "lost",
    "loyal",   "need_attention", "new",       "potential_loyalists"};
enum RfmSegmentIndex {
  kAtRisk,
  kCantLose,
  kChampions,
  kHibernating,
  kLost,
  kLoyal,
  kNeedAttention,
  kNew,
  kPotentialLoyalists
};

// The segment of recency and frequency scores, as an index into kRfmSegments.
int RfmSegment(int r, int f) {
  if (r >= 4 && f >= 4) return kChampions;
  if (r >= 3 && f >= 3) return kLoyal;
  if (r >= 4 && f <= 1) return kNew;
  if (r >= 4) return kPotentialLoyalists;
  if (r <= 2 && f >= 4) return kCantLose;
  if (r <= 2 && f >= 3) return kAtRisk;
  if (r == 1) return kLost;
  if (r == 2) return kHibernating;
  return kNeedAttention;
}

}  // namespace

absl::StatusOr<v1::AbcReport> AbcReport(const AnalyticsFacts& facts,
                                        const v1::AbcReportRequest& request,
                                        const CubeOptions& options) {
  RequestCheck check;
  double a = facts.settings.abc_a_percent();
  double b = facts.settings.abc_b_percent();
  double c = facts.settings.abc_c_percent();
  const bool override_any =
      request.a_percent() != 0 || request.b_percent() != 0 || request.c_percent() != 0;
  if (override_any) {
    a = request.a_percent();
    b = request.b_percent();
    c = request.c_percent();
    for (auto [field, value] : {std::pair{"a_percent", a}, {"b_percent", b}, {"c_percent", c}}) {
      if (!(value > 0 && value < 100)) check.Add(field, "between 0 and 100");
    }
    if (std::abs(a + b + c - 100) > 1e-6) {
      check.Add("c_percent",
                absl::StrCat("a_percent + b_percent + c_percent is ", a + b + c, ", not 100"));
    }
  }
  const size_t offset = check.PageOffset(request.page_token());
  const size_t page = check.PageSize(request.page_size());
  const Scope scope = check.ResolveScope(facts, request.scope());
  if (!check.ok()) return check.status();

  v1::AbcReport report;
  report.set_position(facts.position);
  struct ClassTally {
    int64_t clients = 0, revenue = 0;
  };
  std::array<ClassTally, 3> classes;
  // A client's class is decided by the share of revenue of the clients ranked above it.
  int64_t total = 0;
  int64_t before = 0;
  size_t rank = 0;
  auto place = [&](const std::string& id, int64_t revenue) {
    const double share_before = total == 0 ? 0 : 100.0 * before / total;
    const int cls = share_before < a ? 0 : (share_before < a + b ? 1 : 2);
    classes[cls].clients++;
    classes[cls].revenue += revenue;
    before += revenue;
    if (rank >= offset && rank < offset + page) {
      v1::AbcClient* client = report.add_clients();
      client->set_client(absl::StrCat("clients/", id));
      client->set_abc_class(std::string(1, static_cast<char>('A' + cls)));
      *client->mutable_revenue() = ToMoney(facts, revenue);
      client->set_revenue_share(Ratio(revenue, total));
      client->set_cumulative_share(Ratio(before, total));
    }
    ++rank;
    return cls;
  };
  size_t buyer_count = 0;
  const ClientCube& cube = facts.client_cube;
  if (options.use_cube && !scope.has_period && scope.ClientFiltersUnset()) {
    // The fold's ranking of every buyer over all time: read down to the end of the requested
    // page and of classes A and B; the rest are class C.
    total = cube.revenue;
    buyer_count = cube.by_revenue.size();
    for (const RevenueRank& ranked : cube.by_revenue) {
      if (place(ranked.id, ranked.revenue) == 2 && rank >= offset + page) break;
    }
    classes[2].clients += buyer_count - rank;
    classes[2].revenue += total - before;
  } else {
    std::vector<BuyerRow> buyers = Buyers(facts, scope, std::numeric_limits<int64_t>::max());
    std::sort(buyers.begin(), buyers.end(), [&facts](const BuyerRow& x, const BuyerRow& y) {
      return x.revenue != y.revenue ? x.revenue > y.revenue
                                    : facts.clients[x.client].id < facts.clients[y.client].id;
    });
    for (const BuyerRow& r : buyers) total += r.revenue;
    buyer_count = buyers.size();
    for (const BuyerRow& r : buyers) place(facts.clients[r.client].id, r.revenue);
  }
  for (int cls = 0; cls < 3; ++cls) {
    v1::AbcClass* row = report.add_classes();
    row->set_abc_class(std::string(1, static_cast<char>('A' + cls)));
    row->set_clients(classes[cls].clients);
    *row->mutable_revenue() = ToMoney(facts, classes[cls].revenue);
    row->set_revenue_share(Ratio(classes[cls].revenue, total));
    row->set_client_share(Ratio(classes[cls].clients, buyer_count));
  }
  report.set_next_page_token(NextPageToken(offset, page, buyer_count));
  return report;
}

absl::StatusOr<v1::RfmReport> RfmReport(const AnalyticsFacts& facts,
                                        const v1::RfmReportRequest& request, int64_t now,
                                        const CubeOptions& options) {
  RequestCheck check;
  const size_t offset = check.PageOffset(request.page_token());
  const size_t page = check.PageSize(request.page_size());
  // The segment asked for, as an index into kRfmSegments; -1 for all.
  const auto named = std::find(kRfmSegments.begin(), kRfmSegments.end(), request.segment_filter());
  const int segment_filter =
      named != kRfmSegments.end() ? static_cast<int>(named - kRfmSegments.begin()) : -1;
  if (!request.segment_filter().empty() && segment_filter < 0) {
    check.Add("segment_filter", absl::StrCat("one of ", absl::StrJoin(kRfmSegments, ", ")));
  }
  const Scope scope = check.ResolveScope(facts, request.scope());
  if (!check.ok()) return check.status();

  const int64_t reference = std::min(scope.end, now);
  const bool indexed = options.use_cube && !scope.has_period && scope.ClientFiltersUnset() &&
                       facts.buyer_index.latest <= reference;
  // The buyer index the fold keeps holds every buyer over all time: read in place when that is
  // the question.
  std::vector<BuyerRow> scanned;
  if (!indexed) scanned = Buyers(facts, scope, reference);
  const std::vector<BuyerRow>& buyers = indexed ? facts.buyer_index.rows : scanned;
  std::vector<int64_t> recency, frequency, monetary;
  recency.reserve(buyers.size());
  frequency.reserve(buyers.size());
  monetary.reserve(buyers.size());
  for (const BuyerRow& r : buyers) {
    recency.push_back(-(reference - r.last_purchase) / kDay);  // fewer days scores higher
    frequency.push_back(r.purchases);
    monetary.push_back(r.revenue);
  }
  const Quintiles recency_scores(std::move(recency)), frequency_scores(std::move(frequency)),
      monetary_scores(std::move(monetary));
  struct Scored {
    const BuyerRow* r;
    int rs, fs, ms;
    int segment;
  };
  // Best scores first, kept only as far as the requested page reaches.
  auto better = [&facts](const Scored& x, const Scored& y) {
    const int xs = x.rs * 100 + x.fs * 10 + x.ms, ys = y.rs * 100 + y.fs * 10 + y.ms;
    return xs != ys ? xs > ys : facts.clients[x.r->client].id < facts.clients[y.r->client].id;
  };
  TopN<Scored, decltype(better)> best(PageEnd(offset, page), better);
  size_t listed = 0;  // in the segment asked for
  std::array<std::pair<int64_t, int64_t>, kRfmSegments.size()> segments{};  // clients, revenue
  for (const BuyerRow& r : buyers) {
    Scored s{&r, recency_scores.Of(-(reference - r.last_purchase) / kDay),
             frequency_scores.Of(r.purchases), monetary_scores.Of(r.revenue), 0};
    s.segment = RfmSegment(s.rs, s.fs);
    segments[s.segment].first++;
    segments[s.segment].second += r.revenue;
    if (segment_filter < 0 || segment_filter == s.segment) {
      best.Offer(s);
      ++listed;
    }
  }
  const std::vector<Scored> scored = std::move(best).Take();
  v1::RfmReport report;
  report.set_position(facts.position);
  for (size_t index = 0; index < segments.size(); ++index) {
    const auto& tally = segments[index];
    if (tally.first == 0) continue;
    v1::RfmSegment* segment = report.add_segments();
    segment->set_segment(kRfmSegments[index]);
    segment->set_clients(tally.first);
    segment->set_share(Ratio(tally.first, buyers.size()));
    *segment->mutable_revenue() = ToMoney(facts, tally.second);
  }
  for (size_t i = offset; i < scored.size(); ++i) {
    const Scored& s = scored[i];
    v1::RfmClient* client = report.add_clients();
    client->set_client(absl::StrCat("clients/", facts.clients[s.r->client].id));
    client->set_recency(s.rs);
    client->set_frequency(s.fs);
    client->set_monetary(s.ms);
    client->set_segment(kRfmSegments[s.segment]);
    client->set_days_since_purchase((reference - s.r->last_purchase) / kDay);
    client->set_purchases(s.r->purchases);
    *client->mutable_revenue() = ToMoney(facts, s.r->revenue);
  }
  report.set_next_page_token(NextPageToken(offset, page, listed));
  return report;
}

absl::StatusOr<v1::NpsReport> NpsReport(const AnalyticsFacts& facts,
                                        const v1::NpsReportRequest& request) {
  const std::string& group_by = request.group_by();
  RequestCheck check;
  if (!group_by.empty() && group_by != "month" && group_by != "owner" && group_by != "segment") {
    check.Add("group_by", "one of \"\", \"month\", \"owner\" or \"segment\"");
  }
  const Scope scope = check.ResolveScope(facts, request.scope());
  if (!check.ok()) return check.status();
  const Calendar calendar = CalendarOf(facts);
  std::map<std::string, v1::NpsRow> rows;
  for (const NpsFact& answer : facts.nps) {
    if (!scope.InPeriod(answer.time)) continue;
    const ClientFacts* client =
        answer.client == kNoClient ? nullptr : &facts.clients[answer.client];
    const Sym manager = answer.employee != 0 ? answer.employee : (client ? client->owner : 0);
    if (client != nullptr ? !scope.ClientMatches(*client)
                          : (scope.owner_set || scope.team_set || scope.source_set ||
                             scope.segment_kind != Scope::SegmentKind::kNone)) {
      continue;
    }
    std::string key;
    if (group_by == "month") key = Calendar::MonthName(calendar.MonthOf(answer.time));
    if (group_by == "owner") key = facts.symbols.Name(manager);
    if (group_by == "segment") {
      key = v1::LifecycleStatus_Name(client ? client->EffectiveLifecycle()
                                            : v1::LIFECYCLE_STATUS_UNSPECIFIED);
    }
    v1::NpsRow& row = rows[key];
    row.set_answers(row.answers() + 1);
    if (answer.score >= 9) {
      row.set_promoters(row.promoters() + 1);
    } else if (answer.score >= 7) {
      row.set_passives(row.passives() + 1);
    } else {
      row.set_detractors(row.detractors() + 1);
    }
  }
  v1::NpsReport report;
  report.set_position(facts.position);
  if (rows.empty() && group_by.empty()) rows[""];
  for (auto& [key, row] : rows) {
    row.set_key(key);
    row.set_nps(Ratio(100.0 * (row.promoters() - row.detractors()), row.answers()));
    *report.add_rows() = row;
  }
  return report;
}

}  // namespace chronicle::analytics
