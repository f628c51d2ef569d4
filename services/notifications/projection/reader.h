// Reads of the notifications projection for the app layer: definitions, the schedule, inboxes,
// deliveries, and the catalog definitions are checked against. Works on any StateReader (a
// ProjectionView for queries and commands).
#ifndef CHRONICLE_NOTIFICATIONS_PROJECTION_READER_H_
#define CHRONICLE_NOTIFICATIONS_PROJECTION_READER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "chronicle/projection/projection.h"
#include "chronicle/v1/activities_resources.pb.h"
#include "chronicle/v1/contacts_resources.pb.h"
#include "chronicle/v1/deals_resources.pb.h"
#include "chronicle/v1/notifications.pb.h"
#include "notifications/domain/definitions.h"

namespace chronicle::notifications {

// One page of a key-ordered scan: the token is the last key returned, escaped.
struct PageRequest {
  int page_size = 0;  // 0: the default
  std::string page_token;
};

class NotificationsReader {
 public:
  explicit NotificationsReader(projection::StateReader& state) : state_(state) {}

  absl::StatusOr<std::optional<v1::Rule>> Rule(const std::string& id);
  absl::StatusOr<std::optional<v1::Template>> Template(const std::string& id);
  absl::StatusOr<std::optional<v1::WebhookSubscription>> Subscription(const std::string& id);
  // With defaults filled in.
  absl::StatusOr<v1::NotificationSettings> Settings();
  absl::StatusOr<std::optional<v1::Client>> Client(const std::string& id);
  absl::StatusOr<std::optional<v1::Employee>> Employee(const std::string& id);
  absl::StatusOr<std::optional<v1::Deal>> Deal(const std::string& id);
  absl::StatusOr<std::optional<v1::Task>> Task(const std::string& id);
  absl::StatusOr<std::optional<v1::Delivery>> Delivery(const std::string& id);
  absl::StatusOr<std::optional<v1::Survey>> Survey(const std::string& id);
  absl::StatusOr<std::optional<v1::Notification>> Notification(const std::string& id);

  // Definitions in id order.
  absl::Status ListRules(const PageRequest& page, v1::ListRulesResponse* response);
  absl::Status ListTemplates(const PageRequest& page, v1::ListTemplatesResponse* response);
  absl::Status ListSubscriptions(const PageRequest& page,
                                 v1::ListWebhookSubscriptionsResponse* response);

  // Jobs due by `now`, earliest first, at most `limit`; only those due from `from` on. The
  // schedule is a queue in an LSM tree: fired jobs leave tombstones at its head until compaction,
  // and a scan from a floor above them does not wade through them.
  absl::StatusOr<std::vector<v1::Job>> DueJobs(absl::Time now, size_t limit,
                                               absl::Time from = absl::InfinitePast());
  // When the earliest job (due from `from` on) is due; nullopt when there is none.
  absl::StatusOr<std::optional<absl::Time>> NextDueTime(absl::Time from = absl::InfinitePast());
  absl::Status ListJobs(const PageRequest& page, v1::ListScheduledJobsResponse* response);

  // `recipient`'s notifications, newest first.
  absl::Status ListInbox(const std::string& recipient, bool unread_only, const PageRequest& page,
                         v1::ListNotificationsResponse* response);
  absl::StatusOr<int64_t> UnreadCount(const std::string& recipient);
  // Unread notifications of `recipient`, oldest first (at most `limit`).
  absl::StatusOr<std::vector<v1::Notification>> UnreadOldestFirst(const std::string& recipient,
                                                                  size_t limit);

  // Deliveries newest first, filtered (state, channel, client).
  absl::Status ListDeliveries(const std::string& filter, const PageRequest& page,
                              v1::ListDeliveriesResponse* response);

 private:
  projection::StateReader& state_;
};

// What definitions may name, read from the projection.
class ProjectionCatalog : public DefinitionCatalog {
 public:
  explicit ProjectionCatalog(projection::StateReader& state) : state_(state) {}
  std::optional<v1::Template> FindTemplate(const std::string& id) const override;
  bool HasSubscription(const std::string& id) const override;
  bool HasEmployee(const std::string& id) const override;
  bool HasPipeline(const std::string& id) const override;
  bool HasStage(const std::string& pipeline_id, const std::string& stage_id) const override;
  bool HasCustomField(const std::string& key) const override;

 private:
  bool Has(const std::string& key) const;
  projection::StateReader& state_;
};

}  // namespace chronicle::notifications

#endif  // CHRONICLE_NOTIFICATIONS_PROJECTION_READER_H_
