// The analytics projection: AnalyticsFacts kept live in memory by a subscription to the log.
//
// Why in memory: reports aggregate over every deal and client, and a fold that writes RocksDB
// keys per event rebuilds at a tenth of the log's read speed (docs/benchmarks.md). The facts are
// compact (interned strings, a few dozen bytes per deal), so a million deals fit in a few hundred
// MB and a rebuild runs at the speed the log can be read. At start the store replays the log.
//
// Generations: a rebuild (on request, or after the settings changed) folds the whole log into a
// new generation on a background thread while the current one keeps serving; when the new one
// has caught up, the swap is atomic for readers.
//
// As-of: facts as of an instant are folded from the events recorded up to it, into a generation
// of their own that is cached for the next question about the same instant.
//
// Thread-safe.
#ifndef CHRONICLE_ANALYTICS_APP_FACT_STORE_H_
#define CHRONICLE_ANALYTICS_APP_FACT_STORE_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "analytics/domain/fact_folder.h"
#include "chronicle/base/clock.h"
#include "chronicle/eventlog/event_log.h"
#include "chronicle/v1/analytics.pb.h"

namespace chronicle::analytics {

class FactStore : public eventlog::EventConsumer {
 public:
  struct Options {
    eventlog::EventLog* log = nullptr;
    const Clock* clock = &Clock::Real();
    // Called (on the subscription's thread, outside any lock) when a settings change was folded
    // in: the owner starts a rebuild and re-evaluates what depends on the settings.
    std::function<void()> on_settings_changed;
  };

  explicit FactStore(Options options);
  ~FactStore() override;

  // Loads the history in the background, then follows the log. Reads wait (see Read) until the
  // history is loaded.
  void Start();
  void Stop();

  // Runs `read` over the serving facts, under a reader lock (the fold waits meanwhile). With
  // `as_of`, over the facts as of that instant. UNAVAILABLE while the history is still loading
  // after `wait`.
  absl::Status Read(const std::function<void(const AnalyticsFacts&)>& read,
                    std::optional<absl::Time> as_of = std::nullopt,
                    absl::Duration wait = absl::Seconds(30));

  // Blocks until the serving facts include `position` (DEADLINE_EXCEEDED after `timeout`).
  absl::Status WaitForPosition(uint64_t position, absl::Duration timeout);

  // Starts a background rebuild from the whole log. FAILED_PRECONDITION if one is running (it
  // is then run once more when the current one is done).
  absl::Status StartRebuild(const std::string& reason);

  v1::AnalyticsStatus Status() const;

  // EventConsumer.
  absl::Status OnEvents(absl::Span<const v1::EventEnvelope> events) override;
  void OnStopped(const absl::Status& status) override;

 private:
  struct Generation {
    Generation() : folder(&facts) {}
    mutable absl::Mutex mu;
    AnalyticsFacts facts;
    FactFolder folder;
  };

  // Folds events [from, up to `until_position` or the first recorded after `until_time`] into
  // `generation`, reading the log in batches. Reports progress in rebuild_position_.
  absl::Status Fold(Generation& generation, uint64_t until_position,
                    std::optional<absl::Time> until_time, std::atomic<uint64_t>* progress);
  void Load();
  void RebuildLoop(std::string reason);
  void RebuildWhilePending(const std::string& reason);
  std::shared_ptr<Generation> Serving() const;

  const Options options_;
  mutable absl::Mutex mu_;
  std::shared_ptr<Generation> serving_ ABSL_GUARDED_BY(mu_);
  uint64_t loaded_at_ ABSL_GUARDED_BY(mu_) = 0;  // head when started: loaded once reached
  bool loaded_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t serving_position_ ABSL_GUARDED_BY(mu_) = 0;
  std::string last_error_ ABSL_GUARDED_BY(mu_);
  int64_t generation_number_ ABSL_GUARDED_BY(mu_) = 1;
  // The latest as-of replay.
  absl::Time as_of_time_ ABSL_GUARDED_BY(mu_);
  std::shared_ptr<Generation> as_of_ ABSL_GUARDED_BY(mu_);
  absl::Mutex as_of_build_mu_;  // one as-of replay at a time

  std::thread load_thread_;
  std::atomic<uint64_t> load_position_{0};
  std::unique_ptr<eventlog::Subscription> subscription_;  // set by the load thread
  std::thread rebuild_thread_;
  std::atomic<bool> rebuilding_{false};
  std::atomic<bool> rebuild_pending_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> rebuild_position_{0};
  std::atomic<uint64_t> rebuild_target_{0};
  std::string rebuild_reason_ ABSL_GUARDED_BY(mu_);
  double last_rebuild_rate_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Duration last_rebuild_duration_ ABSL_GUARDED_BY(mu_);
};

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_APP_FACT_STORE_H_
