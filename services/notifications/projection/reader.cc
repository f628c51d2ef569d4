#include "notifications/projection/reader.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "chronicle/projection/state_messages.h"
#include "chronicle/query/conjunctive_filter.h"
#include "notifications/projection/keys.h"

namespace chronicle::notifications {
namespace {

using projection::ReadMessage;

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 1000;

absl::StatusOr<int> PageSize(const PageRequest& page) {
  if (page.page_size < 0 || page.page_size > kMaxPageSize) {
    return errors::InvalidArgument({{"page_size", "0 to 1000"}});
  }
  return page.page_size == 0 ? kDefaultPageSize : page.page_size;
}

// The key a page resumes after. Tokens are opaque: the last key returned, escaped.
absl::StatusOr<std::string> StartAfter(const PageRequest& page, absl::string_view prefix) {
  if (page.page_token.empty()) return std::string();
  std::string key;
  if (!absl::WebSafeBase64Unescape(page.page_token, &key) || !absl::StartsWith(key, prefix)) {
    return errors::InvalidArgument({{"page_token", "not a token this list returned"}});
  }
  return key;
}

std::string TokenFor(absl::string_view key) { return absl::WebSafeBase64Escape(key); }

// Scans messages under `prefix`, a page at a time, keeping those `keep` accepts.
template <typename Message>
absl::Status ScanPage(projection::StateReader& state, const std::string& prefix,
                      const PageRequest& page, google::protobuf::RepeatedPtrField<Message>* out,
                      std::string* next_page_token,
                      const std::function<bool(const Message&)>& keep = nullptr) {
  ASSIGN_OR_RETURN(int size, PageSize(page));
  ASSIGN_OR_RETURN(std::string start_after, StartAfter(page, prefix));
  absl::Status parse = absl::OkStatus();
  RETURN_IF_ERROR(
      state.Scan(prefix, start_after, [&](absl::string_view key, absl::string_view value) {
        if (out->size() == size) {
          *next_page_token = TokenFor(start_after);
          return false;
        }
        start_after = std::string(key);
        Message message;
        if (!message.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          parse = absl::DataLossError(absl::StrCat("projection state: unreadable value at ", key));
          return false;
        }
        if (!keep || keep(message)) *out->Add() = std::move(message);
        return true;
      }));
  return parse;
}

}  // namespace

#define CHRONICLE_READ(Type, Method, Key)                                                      \
  absl::StatusOr<std::optional<v1::Type>> NotificationsReader::Method(const std::string& id) { \
    return ReadMessage<v1::Type>(state_, keys::Key(id));                                       \
  }
CHRONICLE_READ(Rule, Rule, Rule)
CHRONICLE_READ(Template, Template, Template)
CHRONICLE_READ(WebhookSubscription, Subscription, Subscription)
CHRONICLE_READ(Client, Client, Client)
CHRONICLE_READ(Employee, Employee, Employee)
CHRONICLE_READ(Deal, Deal, Deal)
CHRONICLE_READ(Task, Task, Task)
CHRONICLE_READ(Delivery, Delivery, Delivery)
CHRONICLE_READ(Survey, Survey, Survey)
#undef CHRONICLE_READ

absl::StatusOr<std::optional<v1::Notification>> NotificationsReader::Notification(
    const std::string& id) {
  ASSIGN_OR_RETURN(auto key, state_.Get(keys::NotificationKey(id)));
  if (!key) return std::optional<v1::Notification>();
  return ReadMessage<v1::Notification>(state_, *key);
}

absl::StatusOr<v1::NotificationSettings> NotificationsReader::Settings() {
  ASSIGN_OR_RETURN(auto stored, ReadMessage<v1::NotificationSettings>(state_, keys::Settings()));
  return EffectiveSettings(stored ? *stored : v1::NotificationSettings());
}

absl::Status NotificationsReader::ListRules(const PageRequest& page,
                                            v1::ListRulesResponse* response) {
  return ScanPage(state_, projection::keys::Prefix("ru"), page, response->mutable_rules(),
                  response->mutable_next_page_token());
}

absl::Status NotificationsReader::ListTemplates(const PageRequest& page,
                                                v1::ListTemplatesResponse* response) {
  return ScanPage(state_, projection::keys::Prefix("te"), page, response->mutable_templates(),
                  response->mutable_next_page_token());
}

absl::Status NotificationsReader::ListSubscriptions(
    const PageRequest& page, v1::ListWebhookSubscriptionsResponse* response) {
  return ScanPage(state_, projection::keys::Prefix("ws"), page, response->mutable_subscriptions(),
                  response->mutable_next_page_token());
}

// Where a scan of the schedule from `from` starts (keys after it).
std::string DueScanStart(absl::Time from) {
  return from == absl::InfinitePast() ? "" : keys::Due(from, "");
}

absl::StatusOr<std::vector<v1::Job>> NotificationsReader::DueJobs(absl::Time now, size_t limit,
                                                                  absl::Time from) {
  std::vector<v1::Job> jobs;
  const std::string end = keys::Due(now + absl::Microseconds(1), "");
  absl::Status parse = absl::OkStatus();
  RETURN_IF_ERROR(state_.Scan(
      keys::DuePrefix(), DueScanStart(from), [&](absl::string_view key, absl::string_view value) {
        if (key >= end || jobs.size() >= limit) return false;
        v1::Job job;
        if (!job.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          parse = absl::DataLossError(absl::StrCat("projection state: unreadable job at ", key));
          return false;
        }
        jobs.push_back(std::move(job));
        return true;
      }));
  RETURN_IF_ERROR(parse);
  return jobs;
}

absl::StatusOr<std::optional<absl::Time>> NotificationsReader::NextDueTime(absl::Time from) {
  std::optional<absl::Time> next;
  const std::string prefix = keys::DuePrefix();
  RETURN_IF_ERROR(
      state_.Scan(prefix, DueScanStart(from), [&](absl::string_view key, absl::string_view) {
        next = projection::keys::OldestFirstTime(key.substr(prefix.size()));
        return false;
      }));
  return next;
}

absl::Status NotificationsReader::ListJobs(const PageRequest& page,
                                           v1::ListScheduledJobsResponse* response) {
  RETURN_IF_ERROR(ScanPage(state_, keys::DuePrefix(), page, response->mutable_jobs(),
                           response->mutable_next_page_token()));
  int64_t total = 0;
  RETURN_IF_ERROR(state_.Scan(keys::DuePrefix(), "", [&](absl::string_view, absl::string_view) {
    ++total;
    return true;
  }));
  response->set_total(total);
  return absl::OkStatus();
}

absl::Status NotificationsReader::ListInbox(const std::string& recipient, bool unread_only,
                                            const PageRequest& page,
                                            v1::ListNotificationsResponse* response) {
  std::function<bool(const v1::Notification&)> keep;
  if (unread_only) keep = [](const v1::Notification& n) { return !n.read(); };
  RETURN_IF_ERROR(ScanPage(state_, keys::InboxPrefix(recipient), page,
                           response->mutable_notifications(), response->mutable_next_page_token(),
                           keep));
  ASSIGN_OR_RETURN(int64_t unread, UnreadCount(recipient));
  response->set_unread_count(unread);
  return absl::OkStatus();
}

absl::StatusOr<int64_t> NotificationsReader::UnreadCount(const std::string& recipient) {
  ASSIGN_OR_RETURN(auto stored, state_.Get(keys::Unread(recipient)));
  int64_t count = 0;
  if (stored) (void)absl::SimpleAtoi(*stored, &count);
  return count;
}

absl::StatusOr<std::vector<v1::Notification>> NotificationsReader::UnreadOldestFirst(
    const std::string& recipient, size_t limit) {
  ASSIGN_OR_RETURN(int64_t unread, UnreadCount(recipient));
  std::vector<v1::Notification> found;
  if (unread == 0) return found;
  RETURN_IF_ERROR(state_.Scan(
      keys::InboxPrefix(recipient), "", [&](absl::string_view, absl::string_view value) {
        v1::Notification n;
        if (n.ParseFromArray(value.data(), static_cast<int>(value.size())) && !n.read())
          found.push_back(n);
        return found.size() < std::min<size_t>(limit, unread);
      }));
  std::reverse(found.begin(), found.end());
  return found;
}

absl::Status NotificationsReader::ListDeliveries(const std::string& filter, const PageRequest& page,
                                                 v1::ListDeliveriesResponse* response) {
  query::FilterFields fields;
  fields.known = [](const std::string& f) {
    return f == "state" || f == "channel" || f == "client" || f == "rule" || f == "subscription";
  };
  fields.known_list = "state, channel, client, rule, subscription";
  ASSIGN_OR_RETURN(std::vector<query::Comparison> comparisons,
                   query::ParseConjunction(filter, fields));
  ASSIGN_OR_RETURN(int size, PageSize(page));
  ASSIGN_OR_RETURN(std::string start_after, StartAfter(page, keys::DeliveriesPrefix()));
  absl::Status read = absl::OkStatus();
  RETURN_IF_ERROR(state_.Scan(
      keys::DeliveriesPrefix(), start_after, [&](absl::string_view key, absl::string_view) {
        if (response->deliveries_size() == size) {
          response->set_next_page_token(TokenFor(start_after));
          return false;
        }
        start_after = std::string(key);
        auto delivery = Delivery(std::string(projection::keys::TrailingId(
            key.substr(keys::DeliveriesPrefix().size() + projection::keys::kSortValueBytes))));
        if (!delivery.ok()) {
          read = delivery.status();
          return false;
        }
        if (!*delivery) return true;
        const v1::Delivery& d = **delivery;
        for (const query::Comparison& c : comparisons) {
          bool match = true;
          if (c.field == "state")
            match = query::EnumMatches(v1::DeliveryState_descriptor(), d.state(), c);
          if (c.field == "channel") {
            match = query::EnumMatches(v1::DeliveryChannel_descriptor(), d.channel(), c);
          }
          if (c.field == "client") match = query::StringMatches(d.client(), c);
          if (c.field == "rule") match = query::StringMatches(d.rule(), c);
          if (c.field == "subscription") match = query::StringMatches(d.subscription(), c);
          if (!match) return true;
        }
        *response->add_deliveries() = d;
        return true;
      }));
  return read;
}

std::optional<v1::Template> ProjectionCatalog::FindTemplate(const std::string& id) const {
  auto found = ReadMessage<v1::Template>(state_, keys::Template(id));
  return found.ok() ? *found : std::nullopt;
}

bool ProjectionCatalog::Has(const std::string& key) const {
  auto found = state_.Get(key);
  return found.ok() && found->has_value();
}

bool ProjectionCatalog::HasSubscription(const std::string& id) const {
  return Has(keys::Subscription(id));
}

bool ProjectionCatalog::HasEmployee(const std::string& id) const { return Has(keys::Employee(id)); }

bool ProjectionCatalog::HasPipeline(const std::string& id) const { return Has(keys::Pipeline(id)); }

bool ProjectionCatalog::HasStage(const std::string& pipeline_id,
                                 const std::string& stage_id) const {
  bool found = false;
  auto check = [&](absl::string_view value) {
    v1::Pipeline pipeline;
    if (!pipeline.ParseFromArray(value.data(), static_cast<int>(value.size()))) return;
    for (const v1::Stage& stage : pipeline.stages()) found = found || stage.id() == stage_id;
  };
  if (!pipeline_id.empty()) {
    auto value = state_.Get(keys::Pipeline(pipeline_id));
    if (value.ok() && *value) check(**value);
    return found;
  }
  (void)state_.Scan(projection::keys::Prefix("pl"), "",
                    [&](absl::string_view, absl::string_view v) {
                      check(v);
                      return !found;
                    });
  return found;
}

bool ProjectionCatalog::HasCustomField(const std::string& key) const {
  return Has(keys::CustomField(key));
}

}  // namespace chronicle::notifications
