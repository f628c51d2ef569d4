// A realistic synthetic CRM history for the demo data set: clients with Russian and Ukrainian
// names and phone formats, inquiries from real-world channels, deals moving through a sales
// funnel to won or lost (with refusal reasons), calls, meetings, tasks and purchases, spread over
// the year before `now`. Deterministic for a seed, so loading it twice writes nothing new (the
// command ids repeat and the log deduplicates them).
//
// Every event is typed and decided by its service's domain: client cards (contacts), the
// pipeline, refusal reasons and deals (deals), the managers, activities and tasks (activities),
// and what marketing spent per paid source and month (analytics).
#ifndef CHRONICLE_DEMO_DEMO_HISTORY_H_
#define CHRONICLE_DEMO_DEMO_HISTORY_H_

#include <cstdint>
#include <vector>

#include "absl/time/time.h"
#include "chronicle/eventlog/event_log.h"

namespace chronicle::demo {

struct DemoOptions {
  int clients = 500;
  uint64_t seed = 2026;
  absl::Time now = absl::Now();
  // How far back the history reaches: clients first appear over this many years before `now`.
  int years = 1;
  // Scales the calls, meetings, tasks and NPS answers around each deal (0: deals and purchases
  // only, the lean mix the analytics benchmark uses for a million deals).
  double activity_rate = 1.0;
  // Monthly spend per paid source (Яндекс.Директ, Instagram), recorded as analytics events.
  bool channel_spend = true;
};

// The appends that make up the history, in occurred_at order within each stream.
std::vector<eventlog::AppendRequest> GenerateDemoHistory(const DemoOptions& options);

// Appends the history to `log` as actor "demo". Returns how many events were new.
absl::StatusOr<uint64_t> LoadDemoHistory(eventlog::EventLog& log, const DemoOptions& options);

}  // namespace chronicle::demo

#endif  // CHRONICLE_DEMO_DEMO_HISTORY_H_
