// Folds events of every service into AnalyticsFacts. Pure and deterministic: the same events in
// the same order give the same facts, which is what makes a rebuild equal the live projection.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_FACT_FOLDER_H_
#define CHRONICLE_ANALYTICS_DOMAIN_FACT_FOLDER_H_

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "analytics/domain/facts.h"
#include "chronicle/eventlog/envelope_view.h"
#include "chronicle/v1/event.pb.h"
#include "google/protobuf/message.h"

namespace chronicle::analytics {

class FactFolder {
 public:
  // `facts` must outlive the folder.
  explicit FactFolder(AnalyticsFacts* facts) : facts_(*facts) {}

  // Folds one event in. Events analytics does not use are skipped by their type alone (no
  // payload parse). DATA_LOSS for an unreadable payload.
  absl::Status Apply(const eventlog::EnvelopeView& event);
  absl::Status Apply(const v1::EventEnvelope& event) { return Apply(eventlog::ViewOf(event)); }

  // For a fold of a whole history into fresh facts (a load, a rebuild): the indexes of quiet
  // clients, lifecycle statuses and buyers, and the factor cube, are left alone until
  // BuildDeferredIndexes builds them in one pass, several times cheaper than keeping them up to
  // date event by event. No report may read the facts in between.
  void DeferClientIndexes() { defer_client_indexes_ = true; }
  void BuildDeferredIndexes();

 private:
  absl::Status ApplyContacts(int kind, const eventlog::EnvelopeView& event);
  absl::Status ApplyContact(int kind, const eventlog::EnvelopeView& event, uint32_t index);
  absl::Status ApplyDeals(int kind, const eventlog::EnvelopeView& event);
  absl::Status ApplyPipelines(int kind, const eventlog::EnvelopeView& event);
  absl::Status ApplyActivities(int kind, const eventlog::EnvelopeView& event);
  absl::Status ApplyTasks(int kind, const eventlog::EnvelopeView& event);
  absl::Status ApplyTask(int kind, const eventlog::EnvelopeView& event, TaskFacts& task);
  absl::Status ApplyAnalytics(int kind, const eventlog::EnvelopeView& event);

  // Minor units of `money` in the settings' currency; false for another currency.
  bool ToMinor(const v1::Money& money, int64_t* minor) const;
  absl::Status ApplyDeal(int kind, const eventlog::EnvelopeView& event, DealFacts& deal);
  uint32_t DealIndex(absl::string_view id);
  void EnterStage(DealFacts& deal, const std::string& stage, int64_t time);

  // The folder's one instance of payload type T, parsed into event after event: a parse clears
  // it but keeps its strings' buffers, so a warm fold allocates nothing for payloads.
  template <typename T>
  T& Reused() {
    std::unique_ptr<google::protobuf::Message>& slot = payloads_[T::descriptor()];
    if (slot == nullptr) slot = std::make_unique<T>();
    return static_cast<T&>(*slot);
  }

  // Quiet-index upkeep around a change of a client's contacts, owner or standing, and the
  // lifecycle and buyer indexes' relisting after any change to it; nothing while the indexes are
  // deferred.
  void UnlistQuiet(uint32_t client);
  void ListQuiet(uint32_t client);
  void RelistClient(uint32_t client);
  // Factor-cube upkeep around a change of a client's meetings, calls or card.
  void UntallyFactors(uint32_t client);
  void TallyFactors(uint32_t client);

  AnalyticsFacts& facts_;
  bool defer_client_indexes_ = false;
  // Planned meetings by activity id, counted when held.
  absl::flat_hash_map<std::string, ActivityFact> planned_meetings_;
  absl::flat_hash_map<const google::protobuf::Descriptor*,
                      std::unique_ptr<google::protobuf::Message>>
      payloads_;
};

// "YYYY-MM" as year * 12 + (month - 1); -1 when malformed.
int MonthIndex(absl::string_view month);

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_FACT_FOLDER_H_
