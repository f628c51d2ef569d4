// The definitions admins manage: automation rules, message templates, webhook subscriptions and
// the workspace's settings. Each is an aggregate on its own stream whose events hold the whole
// resource as it now stands. Every check happens here, when a definition is saved: a rule naming
// an unknown field, stage, employee or template, a template with an unknown variable or a bad URL
// is refused then and never discovered when it fires. Pure.
#ifndef CHRONICLE_NOTIFICATIONS_DOMAIN_DEFINITIONS_H_
#define CHRONICLE_NOTIFICATIONS_DOMAIN_DEFINITIONS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "chronicle/v1/event.pb.h"
#include "chronicle/v1/notifications_events.pb.h"
#include "notifications/domain/events.h"

namespace chronicle::notifications {

// What definitions may name, as the service knows it when one is saved.
class DefinitionCatalog {
 public:
  virtual ~DefinitionCatalog() = default;
  virtual std::optional<v1::Template> FindTemplate(const std::string& id) const = 0;
  virtual bool HasSubscription(const std::string& id) const = 0;
  virtual bool HasEmployee(const std::string& id) const = 0;
  virtual bool HasPipeline(const std::string& id) const = 0;
  // A stage of `pipeline_id`, or of any pipeline when it is empty.
  virtual bool HasStage(const std::string& pipeline_id, const std::string& stage_id) const = 0;
  virtual bool HasCustomField(const std::string& key) const = 0;
};

std::vector<errors::FieldViolation> CheckRule(const v1::Rule& rule,
                                              const DefinitionCatalog& catalog);
std::vector<errors::FieldViolation> CheckTemplate(const v1::Template& tmpl);
// `secret_required` on creation: a subscription without a secret could not be verified.
std::vector<errors::FieldViolation> CheckSubscription(const v1::WebhookSubscription& subscription,
                                                      bool secret_required);
std::vector<errors::FieldViolation> CheckSettings(const v1::NotificationSettings& settings);

// An absolute http(s) URL with a host. `schemes` lists the allowed ones.
bool IsUrlWithScheme(const std::string& url, const std::vector<std::string>& schemes);

// The settings with defaults filled in (zone, attempts, backoff).
v1::NotificationSettings EffectiveSettings(v1::NotificationSettings settings);

// Each definition kind: its stream, resource prefix, and events.
struct RuleKind {
  using Resource = v1::Rule;
  using Defined = v1::RuleDefined;
  using Deleted = v1::RuleDeleted;
  static constexpr const char* kStream = kRuleStream;
  static constexpr const char* kPrefix = kRulePrefix;
  static const Resource& Of(const Defined& e) { return e.rule(); }
  static Resource* Mutable(Defined* e) { return e->mutable_rule(); }
};
struct TemplateKind {
  using Resource = v1::Template;
  using Defined = v1::TemplateDefined;
  using Deleted = v1::TemplateDeleted;
  static constexpr const char* kStream = kTemplateStream;
  static constexpr const char* kPrefix = kTemplatePrefix;
  static const Resource& Of(const Defined& e) { return e.template_(); }
  static Resource* Mutable(Defined* e) { return e->mutable_template_(); }
};
struct SubscriptionKind {
  using Resource = v1::WebhookSubscription;
  using Defined = v1::WebhookSubscriptionDefined;
  using Deleted = v1::WebhookSubscriptionDeleted;
  static constexpr const char* kStream = kSubscriptionStream;
  static constexpr const char* kPrefix = kSubscriptionPrefix;
  static const Resource& Of(const Defined& e) { return e.subscription(); }
  static Resource* Mutable(Defined* e) { return e->mutable_subscription(); }
};

// A definition's aggregate state: the resource as it stands (none before creation and after
// deletion), with its output fields (times, etag) set.
template <typename Kind>
struct Definition {
  std::optional<typename Kind::Resource> current;
  uint64_t version = 0;
  bool exists() const { return current.has_value(); }
};

template <typename Kind>
absl::Status Evolve(const v1::EventEnvelope& event, Definition<Kind>* state) {
  state->version = event.stream_version();
  if (Is<typename Kind::Deleted>(event)) {
    state->current.reset();
  } else if (Is<typename Kind::Defined>(event)) {
    typename Kind::Defined defined;
    RETURN_IF_ERROR(Unpack(event, &defined));
    state->current = Kind::Of(defined);
  }
  if (state->current) {
    state->current->set_etag(absl::StrCat(state->version));
  }
  return absl::OkStatus();
}

// `resource` (checked by the caller, name and output fields set) as the definition's new state.
// Creating: ALREADY_EXISTS when it exists. Replacing: NOT_FOUND when it does not, ABORTED for a
// stale `etag`. Nothing is written when nothing changed.
template <typename Kind>
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideDefine(const Definition<Kind>& state,
                                                            const typename Kind::Resource& resource,
                                                            bool create, const std::string& etag) {
  if (create && state.exists()) {
    return absl::AlreadyExistsError(absl::StrCat(resource.name(), " already exists"));
  }
  if (!create) {
    if (!state.exists()) return absl::NotFoundError(absl::StrCat(resource.name(), " not found"));
    RETURN_IF_ERROR(CheckEtag(etag, state.version));
    typename Kind::Resource same = *state.current;
    same.set_etag("");
    typename Kind::Resource incoming = resource;
    incoming.set_etag("");
    incoming.clear_update_time();
    same.clear_update_time();
    if (same.SerializeAsString() == incoming.SerializeAsString())
      return std::vector<v1::EventEnvelope>{};
  }
  typename Kind::Defined defined;
  *Kind::Mutable(&defined) = resource;
  Kind::Mutable(&defined)->set_etag("");
  return std::vector<v1::EventEnvelope>{NewEvent(defined)};
}

template <typename Kind>
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideDelete(const Definition<Kind>& state,
                                                            const std::string& name,
                                                            const std::string& etag) {
  if (!state.exists()) return absl::NotFoundError(absl::StrCat(name, " not found"));
  RETURN_IF_ERROR(CheckEtag(etag, state.version));
  return std::vector<v1::EventEnvelope>{NewEvent(typename Kind::Deleted())};
}

struct SettingsState {
  v1::NotificationSettings settings;  // as saved (defaults not filled in)
  uint64_t version = 0;
};
absl::Status Evolve(const v1::EventEnvelope& event, SettingsState* state);

}  // namespace chronicle::notifications

#endif  // CHRONICLE_NOTIFICATIONS_DOMAIN_DEFINITIONS_H_
