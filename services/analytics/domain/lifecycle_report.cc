// Lifecycle statuses by the configured rules: each client's status at an instant, the changes the
// lifecycle writer emits, and the report of counts (from the lifecycle index the fold keeps when
// the request has no period or filter, else from every client).
#include <algorithm>
#include <array>

#include "analytics/domain/lifecycle_tally.h"
#include "analytics/domain/reports.h"
#include "analytics/domain/scope.h"

namespace chronicle::analytics {
namespace {

constexpr int64_t kDay = 86400;

struct Count {
  int64_t clients = 0, overridden = 0, by_rules = 0;
};
struct Counts {
  std::array<Count, v1::LifecycleStatus_ARRAYSIZE> by_status{};
  int64_t pending = 0;  // clients whose status by the rules is not the one last emitted

  // Adds `n` clients the rules give `by_rules`, last emitted as `computed` and overridden by hand
  // with `overridden` (0 for none).
  void Add(int by_rules, int computed, int overridden, int64_t n) {
    if (n == 0) return;
    if (by_rules != computed) pending += n;
    const int effective = overridden != v1::LIFECYCLE_STATUS_UNSPECIFIED ? overridden : by_rules;
    if (v1::LifecycleStatus_IsValid(effective)) {  // an override from a newer writer may not be
      by_status[effective].clients += n;
      if (overridden != v1::LIFECYCLE_STATUS_UNSPECIFIED) by_status[effective].overridden += n;
    }
    by_status[by_rules].by_rules += n;
  }
};

Counts FromEveryClient(const AnalyticsFacts& facts, const Scope& scope, int64_t now) {
  Counts counts;
  for (const ClientFacts& client : facts.clients) {
    if (!client.known || client.merged || client.deleted ||
        !scope.InPeriod(client.first_contact_time) || !scope.ClientMatches(client)) {
      continue;
    }
    counts.Add(RuleLifecycle(client, facts.settings.lifecycle(), now), client.computed_lifecycle,
               client.override_lifecycle, 1);
  }
  return counts;
}

// Each group's clients at `now`: who never bought keeps its status; a buyer is lost from its
// lost_from, regular until its regular_until, and real otherwise.
Counts FromLifecycleIndex(const AnalyticsFacts& facts, int64_t now) {
  Counts counts;
  for (const auto& [key, group] : facts.lifecycle_index.groups) {
    const auto [computed, overridden] = key;
    const int64_t lost = group.lost_from.AtOrBefore(now);
    const int64_t regular = group.regular_until.size() - group.regular_until.AtOrBefore(now);
    counts.Add(v1::LIFECYCLE_STATUS_POTENTIAL, computed, overridden, group.potential);
    counts.Add(v1::LIFECYCLE_STATUS_ATTRACTED, computed, overridden, group.attracted);
    counts.Add(v1::LIFECYCLE_STATUS_LOST, computed, overridden, lost);
    counts.Add(v1::LIFECYCLE_STATUS_REGULAR, computed, overridden, regular);
    counts.Add(v1::LIFECYCLE_STATUS_REAL, computed, overridden, group.buyers - lost - regular);
  }
  return counts;
}

}  // namespace

v1::LifecycleStatus RuleLifecycle(const ClientFacts& client, const v1::LifecycleRules& rules,
                                  int64_t now) {
  if (client.deleted || client.merged) return v1::LIFECYCLE_STATUS_UNDEFINED;
  int64_t purchases = 0;
  int64_t recent = 0;
  int64_t last = 0;
  for (const Purchase& p : client.purchases) {
    if (p.time > now) continue;
    ++purchases;
    last = std::max(last, p.time);
    if (p.time > now - int64_t{rules.regular_window_days()} * kDay) ++recent;
  }
  if (purchases > 0) {
    if (last <= now - int64_t{rules.lost_after_days()} * kDay) return v1::LIFECYCLE_STATUS_LOST;
    if (recent >= rules.regular_min_purchases()) return v1::LIFECYCLE_STATUS_REGULAR;
    return v1::LIFECYCLE_STATUS_REAL;
  }
  const bool contacted = std::any_of(client.last_activity.begin(), client.last_activity.end(),
                                     [now](int64_t t) { return t != 0 && t <= now; });
  if (client.inquiries > 0 || client.deals > 0 || contacted) return v1::LIFECYCLE_STATUS_ATTRACTED;
  return v1::LIFECYCLE_STATUS_POTENTIAL;
}

std::vector<std::pair<std::string, v1::LifecycleStatus>> LifecycleChanges(
    const AnalyticsFacts& facts, int64_t now) {
  std::vector<std::pair<std::string, v1::LifecycleStatus>> changes;
  for (const ClientFacts& client : facts.clients) {
    if (!client.known || client.deleted || client.merged) continue;
    const v1::LifecycleStatus status = RuleLifecycle(client, facts.settings.lifecycle(), now);
    if (status != client.computed_lifecycle) changes.emplace_back(client.id, status);
  }
  return changes;
}

absl::StatusOr<v1::LifecycleReport> LifecycleReport(const AnalyticsFacts& facts,
                                                    const v1::LifecycleReportRequest& request,
                                                    int64_t now, const CubeOptions& options) {
  RequestCheck check;
  const Scope scope = check.ResolveScope(facts, request.scope());
  if (!check.ok()) return check.status();
  const Counts counts = options.use_cube && !scope.has_period && scope.ClientFiltersUnset() &&
                                facts.lifecycle_index.latest <= now
                            ? FromLifecycleIndex(facts, now)
                            : FromEveryClient(facts, scope, now);
  v1::LifecycleReport report;
  report.set_pending_changes(counts.pending);
  report.set_position(facts.position);
  for (int status = v1::LIFECYCLE_STATUS_POTENTIAL; status <= v1::LIFECYCLE_STATUS_UNDEFINED;
       ++status) {
    v1::LifecycleCount* count = report.add_counts();
    count->set_status(static_cast<v1::LifecycleStatus>(status));
    count->set_clients(counts.by_status[status].clients);
    count->set_overridden(counts.by_status[status].overridden);
    count->set_by_rules(counts.by_status[status].by_rules);
  }
  return report;
}

}  // namespace chronicle::analytics
