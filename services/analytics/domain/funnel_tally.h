// What deals add to a funnel, as plain data that can be added and taken away: a report's scan
// tallies into it, and so do the per-month cubes the fold keeps up to date (funnel_cube.h), so
// both give the same numbers by construction.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_FUNNEL_TALLY_H_
#define CHRONICLE_ANALYTICS_DOMAIN_FUNNEL_TALLY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analytics/domain/calendar.h"

namespace chronicle::analytics {

// One step of one group.
struct StepTally {
  int64_t reached = 0;
  int64_t lost_here = 0;
  int64_t open_here = 0;
  int64_t timed = 0;  // closed stays in the step
  int64_t total_seconds = 0;
  // Stays in whole hours, the last bucket holding the longer ones: the median's source. Empty
  // until the first stay.
  std::vector<uint32_t> hours;

  // `sign` +1 adds a stay, -1 takes it back.
  void AddStay(int64_t seconds, int sign);
  void Add(const StepTally& other);
  double AverageDays() const;
  // The middle of the hour the median stay falls in.
  double MedianDays() const;
};

struct FunnelTally {
  int64_t deals = 0, won = 0, lost = 0, open = 0;
  std::vector<StepTally> steps;

  void Add(const FunnelTally& other);
};

// The steps of one pipeline's funnel: its open stages in board order, merged where the settings'
// stage_steps name a common step, then the won step.
struct FunnelSteps {
  struct Step {
    std::string id;
    std::string display_name;
    bool operator==(const Step& other) const {
      return id == other.id && display_name == other.display_name;
    }
  };
  std::vector<Step> steps;
  std::vector<int> step_of;  // stage symbol -> step; -1 for stages outside the funnel
  int won_step = -1;

  int StepOf(uint32_t stage) const { return stage < step_of.size() ? step_of[stage] : -1; }
  // Same steps for the same stages (symbols interned later map to no step either way).
  bool SameAs(const FunnelSteps& other) const;
};

// A pipeline's funnel tallied per month of deal creation, kept by the fold as deals change, so a
// funnel over whole months adds up a few dozen tallies instead of reading every deal.
struct FunnelCube {
  FunnelSteps steps;                 // the steps the tallies were made with
  std::string time_zone;             // the zone its months are in
  std::optional<Calendar> calendar;  // of that zone
  struct Month {
    FunnelTally tally;
    std::vector<uint32_t> deals;  // the deals created in the month, for a period cutting it
  };
  std::map<int, Month> months;
};

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_FUNNEL_TALLY_H_
