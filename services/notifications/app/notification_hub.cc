#include "notifications/app/notification_hub.h"

#include "notifications/domain/events.h"

namespace chronicle::notifications {

NotificationHub::NotificationHub(eventlog::EventLog* log) {
  subscription_ = log->Subscribe(eventlog::Checkpoint::AfterPosition(log->HeadPosition()), this);
}

NotificationHub::~NotificationHub() { subscription_.reset(); }

uint64_t NotificationHub::Add(const std::string& recipient, Listener listener) {
  absl::MutexLock lock(&mu_);
  const uint64_t handle = next_handle_++;
  listeners_[handle] = {recipient, std::move(listener)};
  return handle;
}

void NotificationHub::Remove(uint64_t handle) {
  absl::MutexLock lock(&mu_);
  listeners_.erase(handle);
}

absl::Status NotificationHub::OnEvents(absl::Span<const v1::EventEnvelope> events) {
  for (const v1::EventEnvelope& event : events) {
    if (!Is<v1::NotificationCreated>(event)) continue;
    v1::NotificationCreated created;
    if (!event.payload().UnpackTo(&created)) continue;
    v1::Notification notification = created.notification();
    *notification.mutable_create_time() = event.recorded_at();
    absl::MutexLock lock(&mu_);
    for (const auto& [handle, entry] : listeners_) {
      if (entry.first == notification.recipient()) entry.second(notification);
    }
  }
  return absl::OkStatus();
}

}  // namespace chronicle::notifications
