// Folds events of every service into AnalyticsFacts. Pure and deterministic: the same events in
// the same order give the same facts, which is what makes a rebuild equal the live projection.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_FACT_FOLDER_H_
#define CHRONICLE_ANALYTICS_DOMAIN_FACT_FOLDER_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "analytics/domain/facts.h"
#include "chronicle/v1/event.pb.h"

namespace chronicle::analytics {

class FactFolder {
 public:
  // `facts` must outlive the folder.
  explicit FactFolder(AnalyticsFacts* facts) : facts_(*facts) {}

  // Folds one event in. Events analytics does not use are skipped by their type alone (no
  // payload parse). DATA_LOSS for an unreadable payload.
  absl::Status Apply(const v1::EventEnvelope& event);

 private:
  absl::Status ApplyContacts(int kind, const v1::EventEnvelope& event);
  absl::Status ApplyDeals(int kind, const v1::EventEnvelope& event);
  absl::Status ApplyPipelines(int kind, const v1::EventEnvelope& event);
  absl::Status ApplyActivities(int kind, const v1::EventEnvelope& event);
  absl::Status ApplyTasks(int kind, const v1::EventEnvelope& event);
  absl::Status ApplyAnalytics(int kind, const v1::EventEnvelope& event);

  // Minor units of `money` in the settings' currency; false for another currency.
  bool ToMinor(const v1::Money& money, int64_t* minor) const;
  DealFacts* Deal(const std::string& id);
  void EnterStage(DealFacts& deal, const std::string& stage, int64_t time);

  AnalyticsFacts& facts_;
  // Planned meetings by activity id, counted when held.
  absl::flat_hash_map<std::string, ActivityFact> planned_meetings_;
};

// "YYYY-MM" as year * 12 + (month - 1); -1 when malformed.
int MonthIndex(absl::string_view month);

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_FACT_FOLDER_H_
