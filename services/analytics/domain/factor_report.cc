// Does a factor matter? Win rates of closed deals per factor value, with Wilson intervals, a
// chi-square test of independence and Cramér's V, and for counts the point-biserial correlation.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "absl/strings/match.h"
#include "analytics/domain/factor_cube.h"
#include "analytics/domain/reports.h"
#include "analytics/domain/scope.h"

namespace chronicle::analytics {
namespace {

// Regularized upper incomplete gamma Q(s, x): a series below s + 1, a continued fraction above
// (both converge fast there). Gives the chi-square p-value as Q(df / 2, chi2 / 2).
double UpperGamma(double s, double x) {
  if (x <= 0) return 1;
  const double log_prefix = s * std::log(x) - x - std::lgamma(s);
  if (x < s + 1) {
    double term = 1 / s, sum = term;
    for (int n = 1; n < 500 && std::abs(term) > 1e-15 * std::abs(sum); ++n) {
      term *= x / (s + n);
      sum += term;
    }
    return std::max(0.0, 1 - sum * std::exp(log_prefix));
  }
  // Lentz's method for the continued fraction of Q.
  constexpr double kTiny = 1e-300;
  double b = x + 1 - s, c = 1 / kTiny, d = 1 / b, h = d;
  for (int i = 1; i < 500; ++i) {
    const double an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (std::abs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::abs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1) < 1e-15) break;
  }
  return std::min(1.0, std::exp(log_prefix) * h);
}

// Wilson score interval at 95%.
std::pair<double, double> Wilson(int64_t won, int64_t n) {
  if (n == 0) return {0, 0};
  constexpr double z = 1.959963984540054;
  const double p = static_cast<double>(won) / n;
  const double denominator = 1 + z * z / n;
  const double center = (p + z * z / (2.0 * n)) / denominator;
  const double margin = z * std::sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denominator;
  return {std::max(0.0, center - margin), std::min(1.0, center + margin)};
}

std::optional<FactorKind> FactorKindOf(const std::string& factor) {
  if (factor == "meetings") return FactorKind::kMeetings;
  if (factor == "calls") return FactorKind::kCalls;
  if (factor == "source") return FactorKind::kSource;
  if (factor == "channel") return FactorKind::kChannel;
  if (factor == "temperature") return FactorKind::kTemperature;
  if (factor == "client_type") return FactorKind::kClientType;
  if (absl::StartsWith(factor, "custom.") && factor.size() > 7) return FactorKind::kCustom;
  return std::nullopt;
}

}  // namespace

absl::StatusOr<v1::FactorReport> FactorReport(const AnalyticsFacts& facts,
                                              const v1::FactorReportRequest& request,
                                              const CubeOptions& options) {
  const std::string& factor = request.factor();
  const std::optional<FactorKind> kind = FactorKindOf(factor);
  RequestCheck check;
  if (!kind) {
    check.Add("factor",
              "one of meetings, calls, source, channel, temperature, client_type or "
              "custom.<key>");
  }
  const Scope scope = check.ResolveScope(facts, request.scope());
  if (!check.ok()) return check.status();
  const bool numeric = IsNumeric(*kind);
  const Sym custom_key = kind == FactorKind::kCustom ? facts.symbols.Find(factor.substr(7)) : 0;

  // Closed deals tallied by a number standing for their value, from the cube the fold keeps
  // when it can answer (a factor it keeps, no period, no filter), else deal by deal.
  const FactorTally* tally = nullptr;
  FactorTally scanned;
  if (options.use_cube && kind != FactorKind::kCustom && !scope.has_period && !scope.pipeline_set &&
      scope.ClientFiltersUnset()) {
    tally = &facts.factor_cube.by_kind[static_cast<int>(*kind)];
  } else {
    for (const DealFacts& deal : facts.deals) {
      if (deal.state == v1::DEAL_STATE_OPEN || !scope.InPeriod(deal.close_time) ||
          !scope.DealMatches(facts, deal)) {
        continue;
      }
      TallyFactor(facts, deal, *kind, custom_key, +1, scanned);
    }
    tally = &scanned;
  }
  auto name = [&](int64_t key) -> std::string {
    if (numeric) return key >= 4 ? "4+" : absl::StrCat(key);
    if (kind == FactorKind::kChannel) return v1::Channel_Name(static_cast<v1::Channel>(key));
    if (kind == FactorKind::kTemperature) {
      return v1::Temperature_Name(static_cast<v1::Temperature>(key));
    }
    if (kind == FactorKind::kClientType) {
      return v1::ClientType_Name(static_cast<v1::ClientType>(key));
    }
    return facts.symbols.Name(static_cast<Sym>(key));  // a source or a custom field's value
  };
  std::map<std::string, FactorCell> cells;  // by name, the order ties keep
  for (const auto& [key, tallied] : tally->cells) {
    FactorCell& cell = cells[name(key)];
    cell.order = tallied.order;
    cell.deals += tallied.deals;
    cell.won += tallied.won;
  }

  v1::FactorReport report;
  report.set_factor(factor);
  report.set_position(facts.position);
  int64_t total = 0, total_won = 0;
  for (const auto& [value, cell] : cells) {
    total += cell.deals;
    total_won += cell.won;
  }
  report.set_deals(total);
  std::vector<std::pair<std::string, FactorCell>> ordered(cells.begin(), cells.end());
  std::stable_sort(ordered.begin(), ordered.end(), [numeric](const auto& a, const auto& b) {
    return numeric ? a.second.order < b.second.order : a.second.deals > b.second.deals;
  });
  // Chi-square over the 2 x k table of won / lost per value.
  double chi_square = 0;
  const double win_share = Ratio(total_won, total);
  for (const auto& [value, cell] : ordered) {
    v1::FactorRow* row = report.add_rows();
    row->set_value(value);
    row->set_deals(cell.deals);
    row->set_won(cell.won);
    row->set_win_rate(Ratio(cell.won, cell.deals));
    const auto [low, high] = Wilson(cell.won, cell.deals);
    row->set_win_rate_low(low);
    row->set_win_rate_high(high);
    const double expected_won = cell.deals * win_share;
    const double expected_lost = cell.deals - expected_won;
    if (expected_won > 0) chi_square += std::pow(cell.won - expected_won, 2) / expected_won;
    if (expected_lost > 0) {
      chi_square += std::pow(cell.deals - cell.won - expected_lost, 2) / expected_lost;
    }
  }
  const int df = std::max<int>(0, static_cast<int>(ordered.size()) - 1);
  report.set_chi_square(chi_square);
  report.set_degrees_of_freedom(df);
  report.set_p_value(df > 0 ? UpperGamma(df / 2.0, chi_square / 2) : 1);
  report.set_cramers_v(total > 0 && df > 0 ? std::sqrt(chi_square / total) : 0);
  if (numeric && tally->n > 1) {
    const double n = tally->n, sx = tally->sx, sy = tally->sy, sxx = tally->sxx, sxy = tally->sxy;
    const double cov = sxy - sx * sy / n;
    const double vx = sxx - sx * sx / n, vy = sy - sy * sy / n;
    report.set_correlation(vx > 0 && vy > 0 ? cov / std::sqrt(vx * vy) : 0);
  }
  return report;
}

}  // namespace chronicle::analytics
