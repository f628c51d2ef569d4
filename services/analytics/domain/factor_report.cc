// Does a factor matter? Win rates of closed deals per factor value, with Wilson intervals, a
// chi-square test of independence and Cramér's V, and for counts the point-biserial correlation.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
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

enum class FactorKind { kMeetings, kCalls, kSource, kChannel, kTemperature, kClientType, kCustom };

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

int64_t CountBefore(const std::vector<int64_t>& times, int64_t until) {
  return std::count_if(times.begin(), times.end(), [until](int64_t t) { return t <= until; });
}

}  // namespace

absl::StatusOr<v1::FactorReport> FactorReport(const AnalyticsFacts& facts,
                                              const v1::FactorReportRequest& request) {
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
  const bool numeric = kind == FactorKind::kMeetings || kind == FactorKind::kCalls;
  const Sym custom_key = kind == FactorKind::kCustom ? facts.symbols.Find(factor.substr(7)) : 0;

  struct Cell {
    int64_t order = 0;  // numeric factors sort by value
    int64_t deals = 0, won = 0;
  };
  // Deals are tallied under a number standing for the value (a count, a symbol or an enum
  // value), and the numbers are named once at the end: naming every deal's value was most of
  // the report's time.
  absl::flat_hash_map<int64_t, Cell> by_key;
  // Sums for the point-biserial correlation (value x, outcome y in {0, 1}).
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const DealFacts& deal : facts.deals) {
    if (deal.state == v1::DEAL_STATE_OPEN || !scope.InPeriod(deal.close_time) ||
        !scope.DealMatches(facts, deal)) {
      continue;
    }
    const ClientFacts* client = deal.client == kNoClient ? nullptr : &facts.clients[deal.client];
    int64_t key = 0;
    int64_t count = 0;
    switch (*kind) {
      case FactorKind::kMeetings:
      case FactorKind::kCalls:
        if (client != nullptr) {
          count = CountBefore(
              kind == FactorKind::kMeetings ? client->meeting_times : client->call_times,
              deal.close_time);
        }
        key = std::min<int64_t>(count, 4);
        break;
      case FactorKind::kSource:
        key = deal.source;
        break;
      case FactorKind::kChannel:
        key = deal.channel;
        break;
      case FactorKind::kTemperature:
        key = client ? client->temperature : v1::TEMPERATURE_UNSPECIFIED;
        break;
      case FactorKind::kClientType:
        key = client ? client->type : v1::CLIENT_TYPE_UNSPECIFIED;
        break;
      case FactorKind::kCustom:
        key = client ? client->CustomValue(custom_key) : 0;
        break;
    }
    const bool won = deal.state == v1::DEAL_STATE_WON;
    Cell& cell = by_key[key];
    cell.order = std::min<int64_t>(count, 4);
    ++cell.deals;
    if (won) ++cell.won;
    const double x = static_cast<double>(count), y = won ? 1 : 0;
    n += 1;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  auto name = [&](int64_t key) -> std::string {
    if (numeric) return key >= 4 ? "4+" : absl::StrCat(key);
    if (kind == FactorKind::kChannel) return v1::Channel_Name(static_cast<v1::Channel>(key));
    if (kind == FactorKind::kTemperature)
      return v1::Temperature_Name(static_cast<v1::Temperature>(key));
    if (kind == FactorKind::kClientType)
      return v1::ClientType_Name(static_cast<v1::ClientType>(key));
    return facts.symbols.Name(static_cast<Sym>(key));  // a source or a custom field's value
  };
  std::map<std::string, Cell> cells;  // by name, the order ties keep
  for (const auto& [key, tally] : by_key) {
    Cell& cell = cells[name(key)];
    cell.order = tally.order;
    cell.deals += tally.deals;
    cell.won += tally.won;
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
  std::vector<std::pair<std::string, Cell>> ordered(cells.begin(), cells.end());
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
  if (numeric && n > 1) {
    const double cov = sxy - sx * sy / n;
    const double vx = sxx - sx * sx / n, vy = sy - sy * sy / n;
    report.set_correlation(vx > 0 && vy > 0 ? cov / std::sqrt(vx * vy) : 0);
  }
  return report;
}

}  // namespace chronicle::analytics
