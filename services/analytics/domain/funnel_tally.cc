#include "analytics/domain/funnel_tally.h"

#include <algorithm>

namespace chronicle::analytics {
namespace {

constexpr int64_t kHour = 3600;
// Stays are counted in whole hours up to this many; longer ones share the last bucket.
constexpr int kHourBuckets = 24 * 400;

}  // namespace

void StepTally::AddStay(int64_t seconds, int sign) {
  timed += sign;
  total_seconds += sign * seconds;
  if (hours.empty()) hours.resize(kHourBuckets + 1);
  hours[std::min<int64_t>(seconds / kHour, kHourBuckets)] += sign;
}

void StepTally::Add(const StepTally& other) {
  reached += other.reached;
  lost_here += other.lost_here;
  open_here += other.open_here;
  timed += other.timed;
  total_seconds += other.total_seconds;
  if (other.hours.empty()) return;
  if (hours.empty()) hours.resize(other.hours.size());
  for (size_t h = 0; h < other.hours.size(); ++h) hours[h] += other.hours[h];
}

double StepTally::AverageDays() const {
  return timed == 0 ? 0 : static_cast<double>(total_seconds) / 86400.0 / timed;
}

double StepTally::MedianDays() const {
  if (timed <= 0) return 0;
  const int64_t middle = (timed + 1) / 2;
  int64_t seen = 0;
  for (size_t h = 0; h < hours.size(); ++h) {
    seen += hours[h];
    if (seen >= middle) return (static_cast<double>(h) + 0.5) / 24.0;
  }
  return 0;
}

void FunnelTally::Add(const FunnelTally& other) {
  deals += other.deals;
  won += other.won;
  lost += other.lost;
  open += other.open;
  if (steps.size() < other.steps.size()) steps.resize(other.steps.size());
  for (size_t i = 0; i < other.steps.size(); ++i) steps[i].Add(other.steps[i]);
}

bool FunnelSteps::SameAs(const FunnelSteps& other) const {
  if (steps != other.steps || won_step != other.won_step) return false;
  const size_t common = std::min(step_of.size(), other.step_of.size());
  if (!std::equal(step_of.begin(), step_of.begin() + common, other.step_of.begin())) return false;
  auto none = [](int step) { return step < 0; };
  return std::all_of(step_of.begin() + common, step_of.end(), none) &&
         std::all_of(other.step_of.begin() + common, other.step_of.end(), none);
}

}  // namespace chronicle::analytics
