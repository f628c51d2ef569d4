// Fans new in-app notifications out to the employees watching for them. One log subscription
// (from the log's head at start) serves every watcher, whatever replica fired the notification.
// Listeners run on the subscription's thread under the hub's lock: they must only queue.
#ifndef CHRONICLE_NOTIFICATIONS_APP_NOTIFICATION_HUB_H_
#define CHRONICLE_NOTIFICATIONS_APP_NOTIFICATION_HUB_H_

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "chronicle/eventlog/event_log.h"
#include "chronicle/v1/notifications_resources.pb.h"

namespace chronicle::notifications {

class NotificationHub final : public eventlog::EventConsumer {
 public:
  using Listener = std::function<void(const v1::Notification&)>;

  explicit NotificationHub(eventlog::EventLog* log);
  ~NotificationHub() override;

  // Calls `listener` with each notification created for `recipient` from now on. Returns a handle
  // for Remove.
  uint64_t Add(const std::string& recipient, Listener listener);
  // After it returns, the listener is not running and will not run again.
  void Remove(uint64_t handle);

  absl::Status OnEvents(absl::Span<const v1::EventEnvelope> events) override;

 private:
  absl::Mutex mu_;
  uint64_t next_handle_ ABSL_GUARDED_BY(mu_) = 1;
  std::map<uint64_t, std::pair<std::string, Listener>> listeners_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<eventlog::Subscription> subscription_;  // last: stops before the rest goes
};

}  // namespace chronicle::notifications

#endif  // CHRONICLE_NOTIFICATIONS_APP_NOTIFICATION_HUB_H_
