// Rules, templates, webhook subscriptions and settings: checked against what the service knows
// now (templates, employees, stages, custom fields), then written as definition events.
#include <algorithm>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/base/log.h"
#include "chronicle/errors/errors.h"
#include "google/protobuf/util/field_mask_util.h"
#include "notifications/app/default_definitions.h"
#include "notifications/app/notifications_app.h"
#include "notifications/domain/events.h"
#include "notifications/projection/notifications_projection.h"

namespace chronicle::notifications {
namespace {

using google::protobuf::util::FieldMaskUtil;

const std::vector<std::string> kRulePaths = {"display_name", "enabled", "trigger", "conditions",
                                             "actions"};
const std::vector<std::string> kTemplatePaths = {"display_name", "category", "in_app", "email"};
const std::vector<std::string> kSubscriptionPaths = {"url", "events", "secret", "active"};
const std::vector<std::string> kSettingsPaths = {"workspace_name", "time_zone",  "quiet_hours",
                                                 "smtp_url",       "email_from", "survey_url",
                                                 "max_attempts",   "retry_base"};

// The mask's paths, "*" expanded; INVALID_ARGUMENT naming an unknown path.
absl::StatusOr<std::vector<std::string>> MaskPaths(const google::protobuf::FieldMask& mask,
                                                   const std::vector<std::string>& allowed) {
  if (mask.paths().empty()) return errors::InvalidArgument({{"update_mask", "required"}});
  std::vector<std::string> paths;
  for (const std::string& path : mask.paths()) {
    if (path == "*") return allowed;
    if (std::find(allowed.begin(), allowed.end(), path) == allowed.end()) {
      return errors::InvalidArgument(
          {{"update_mask", absl::StrCat("cannot update '", path,
                                        "'; updatable: ", absl::StrJoin(allowed, ", "))}});
    }
    paths.push_back(path);
  }
  return paths;
}

template <typename Resource>
void ApplyPaths(const Resource& input, const std::vector<std::string>& paths, Resource* target) {
  google::protobuf::FieldMask mask;
  for (const std::string& path : paths) mask.add_paths(path);
  FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  FieldMaskUtil::MergeMessageTo(input, mask, options, target);
}

// Secrets are written, never shown.
v1::WebhookSubscription Presented(v1::WebhookSubscription subscription) {
  subscription.set_has_secret(!subscription.secret().empty());
  subscription.clear_secret();
  return subscription;
}
template <typename Resource>
Resource Presented(Resource resource) {
  return resource;
}

absl::Status CheckId(const std::string& id, const std::string& field) {
  if (!aggregate::IsValidResourceId(id)) {
    return errors::InvalidArgument({{field, "required: [a-z0-9-]{1,63}"}});
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status NotificationsApp::CheckDefinition(const v1::Rule& rule) {
  runner_.CatchUp();  // a template or employee created a moment ago counts
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kNotificationsProjection));
  ProjectionCatalog catalog(*view);
  auto violations = CheckRule(rule, catalog);
  return violations.empty() ? absl::OkStatus() : errors::InvalidArgument(violations);
}

absl::Status NotificationsApp::CheckDefinition(const v1::Template& tmpl) {
  auto violations = CheckTemplate(tmpl);
  return violations.empty() ? absl::OkStatus() : errors::InvalidArgument(violations);
}

absl::Status NotificationsApp::CheckDefinition(const v1::WebhookSubscription& subscription) {
  auto violations = CheckSubscription(subscription, /*secret_required=*/true);
  return violations.empty() ? absl::OkStatus() : errors::InvalidArgument(violations);
}

template <typename Kind>
absl::StatusOr<typename Kind::Resource> NotificationsApp::Define(const v1::Actor& actor,
                                                                 const std::string& id,
                                                                 typename Kind::Resource resource,
                                                                 bool create,
                                                                 const std::string& etag) {
  RETURN_IF_ERROR(CheckDefinition(resource));
  resource.set_name(absl::StrCat(Kind::kPrefix, id));
  const absl::Time now = runner_.Now();
  ASSIGN_OR_RETURN(
      auto written,
      runner_.Run<Definition<Kind>>(
          MakeStream(Kind::kStream, id), actor, "",
          [&](const Definition<Kind>& state) -> absl::StatusOr<std::vector<v1::EventEnvelope>> {
            typename Kind::Resource stamped = resource;
            *stamped.mutable_create_time() =
                state.exists() ? state.current->create_time() : aggregate::ToProtoTime(now);
            *stamped.mutable_update_time() = aggregate::ToProtoTime(now);
            return DecideDefine<Kind>(state, stamped, create, etag);
          }));
  return Presented(*written.state.current);
}

template <typename Kind>
absl::StatusOr<typename Kind::Resource> NotificationsApp::Update(
    const v1::Actor& actor, const typename Kind::Resource& input,
    const google::protobuf::FieldMask& mask, const std::vector<std::string>& allowed) {
  ASSIGN_OR_RETURN(std::string id, aggregate::ParseResourceId(input.name(), Kind::kPrefix, "name"));
  ASSIGN_OR_RETURN(std::vector<std::string> paths, MaskPaths(mask, allowed));
  ASSIGN_OR_RETURN(auto state, runner_.Load<Definition<Kind>>(MakeStream(Kind::kStream, id)));
  if (!state.exists()) return absl::NotFoundError(absl::StrCat(input.name(), " not found"));
  typename Kind::Resource merged = *state.current;
  ApplyPaths(input, paths, &merged);
  merged.set_etag("");
  return Define<Kind>(actor, id, merged, /*create=*/false, input.etag());
}

template <typename Kind>
absl::StatusOr<typename Kind::Resource> NotificationsApp::Delete(const v1::Actor& actor,
                                                                 const std::string& name,
                                                                 const std::string& etag) {
  ASSIGN_OR_RETURN(std::string id, aggregate::ParseResourceId(name, Kind::kPrefix, "name"));
  std::optional<typename Kind::Resource> deleted;
  RETURN_IF_ERROR(runner_
                      .Run<Definition<Kind>>(MakeStream(Kind::kStream, id), actor, "",
                                             [&](const Definition<Kind>& state) {
                                               deleted = state.current;
                                               return DecideDelete<Kind>(state, name, etag);
                                             })
                      .status());
  return Presented(*deleted);
}

template <typename Kind>
absl::StatusOr<typename Kind::Resource> NotificationsApp::GetDefinition(const std::string& name) {
  ASSIGN_OR_RETURN(std::string id, aggregate::ParseResourceId(name, Kind::kPrefix, "name"));
  ASSIGN_OR_RETURN(auto state, runner_.Load<Definition<Kind>>(MakeStream(Kind::kStream, id)));
  if (!state.exists()) return absl::NotFoundError(absl::StrCat(name, " not found"));
  return Presented(*state.current);
}

absl::StatusOr<v1::Rule> NotificationsApp::CreateRule(const v1::Actor& actor,
                                                      const v1::CreateRuleRequest& request) {
  RETURN_IF_ERROR(CheckId(request.rule_id(), "rule_id"));
  return Define<RuleKind>(actor, request.rule_id(), request.rule(), true, "");
}
absl::StatusOr<v1::Rule> NotificationsApp::GetRule(const v1::GetRuleRequest& request) {
  return GetDefinition<RuleKind>(request.name());
}
absl::StatusOr<v1::Rule> NotificationsApp::UpdateRule(const v1::Actor& actor,
                                                      const v1::UpdateRuleRequest& request) {
  return Update<RuleKind>(actor, request.rule(), request.update_mask(), kRulePaths);
}
absl::StatusOr<v1::Rule> NotificationsApp::DeleteRule(const v1::Actor& actor,
                                                      const v1::DeleteRuleRequest& request) {
  return Delete<RuleKind>(actor, request.name(), request.etag());
}

absl::StatusOr<v1::Template> NotificationsApp::CreateTemplate(
    const v1::Actor& actor, const v1::CreateTemplateRequest& request) {
  RETURN_IF_ERROR(CheckId(request.template_id(), "template_id"));
  return Define<TemplateKind>(actor, request.template_id(), request.template_(), true, "");
}
absl::StatusOr<v1::Template> NotificationsApp::GetTemplate(const v1::GetTemplateRequest& request) {
  return GetDefinition<TemplateKind>(request.name());
}
absl::StatusOr<v1::Template> NotificationsApp::UpdateTemplate(
    const v1::Actor& actor, const v1::UpdateTemplateRequest& request) {
  return Update<TemplateKind>(actor, request.template_(), request.update_mask(), kTemplatePaths);
}
absl::StatusOr<v1::Template> NotificationsApp::DeleteTemplate(
    const v1::Actor& actor, const v1::DeleteTemplateRequest& request) {
  // Rules that use it would fail when they fire: refuse, naming them.
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kNotificationsProjection));
  NotificationsReader reader(*view);
  v1::ListRulesResponse rules;
  RETURN_IF_ERROR(reader.ListRules({1000, ""}, &rules));
  std::vector<std::string> users;
  for (const v1::Rule& rule : rules.rules()) {
    for (const v1::Action& action : rule.actions()) {
      if (action.notify_employee().template_() == request.name() ||
          action.send_client_message().template_() == request.name() ||
          action.send_nps_survey().template_() == request.name()) {
        users.push_back(rule.name());
        break;
      }
    }
  }
  if (!users.empty()) {
    return errors::FailedPrecondition(
        absl::StrCat(request.name(), " is used by ", absl::StrJoin(users, ", ")),
        {{"TEMPLATE_IN_USE", request.name(), "change or delete those rules first"}});
  }
  return Delete<TemplateKind>(actor, request.name(), request.etag());
}

absl::StatusOr<v1::WebhookSubscription> NotificationsApp::CreateWebhookSubscription(
    const v1::Actor& actor, const v1::CreateWebhookSubscriptionRequest& request) {
  RETURN_IF_ERROR(CheckId(request.subscription_id(), "subscription_id"));
  return Define<SubscriptionKind>(actor, request.subscription_id(), request.subscription(), true,
                                  "");
}
absl::StatusOr<v1::WebhookSubscription> NotificationsApp::GetWebhookSubscription(
    const v1::GetWebhookSubscriptionRequest& request) {
  return GetDefinition<SubscriptionKind>(request.name());
}
absl::StatusOr<v1::WebhookSubscription> NotificationsApp::UpdateWebhookSubscription(
    const v1::Actor& actor, const v1::UpdateWebhookSubscriptionRequest& request) {
  return Update<SubscriptionKind>(actor, request.subscription(), request.update_mask(),
                                  kSubscriptionPaths);
}
absl::StatusOr<v1::WebhookSubscription> NotificationsApp::DeleteWebhookSubscription(
    const v1::Actor& actor, const v1::DeleteWebhookSubscriptionRequest& request) {
  return Delete<SubscriptionKind>(actor, request.name(), request.etag());
}

#define CHRONICLE_LIST(Method, Request, Response, ReaderMethod)                               \
  absl::Status NotificationsApp::Method(const v1::Request& request, v1::Response* response) { \
    ASSIGN_OR_RETURN(auto view, runner_.engine().View(kNotificationsProjection));             \
    NotificationsReader reader(*view);                                                        \
    return reader.ReaderMethod({request.page_size(), request.page_token()}, response);        \
  }
CHRONICLE_LIST(ListRules, ListRulesRequest, ListRulesResponse, ListRules)
CHRONICLE_LIST(ListTemplates, ListTemplatesRequest, ListTemplatesResponse, ListTemplates)
CHRONICLE_LIST(ListWebhookSubscriptions, ListWebhookSubscriptionsRequest,
               ListWebhookSubscriptionsResponse, ListSubscriptions)
CHRONICLE_LIST(ListScheduledJobs, ListScheduledJobsRequest, ListScheduledJobsResponse, ListJobs)
#undef CHRONICLE_LIST

absl::StatusOr<v1::NotificationSettings> NotificationsApp::GetSettings() {
  ASSIGN_OR_RETURN(auto state,
                   runner_.Load<SettingsState>(MakeStream(kSettingsStream, kWorkspaceStreamId)));
  v1::NotificationSettings settings = EffectiveSettings(state.settings);
  settings.set_etag(absl::StrCat(state.version));
  return settings;
}

absl::StatusOr<v1::NotificationSettings> NotificationsApp::UpdateSettings(
    const v1::Actor& actor, const v1::UpdateNotificationSettingsRequest& request) {
  ASSIGN_OR_RETURN(std::vector<std::string> paths,
                   MaskPaths(request.update_mask(), kSettingsPaths));
  RETURN_IF_ERROR(
      runner_
          .Run<SettingsState>(
              MakeStream(kSettingsStream, kWorkspaceStreamId), actor, "",
              [&](const SettingsState& state) -> absl::StatusOr<std::vector<v1::EventEnvelope>> {
                RETURN_IF_ERROR(CheckEtag(request.settings().etag(), state.version));
                v1::NotificationSettings merged = state.settings;
                ApplyPaths(request.settings(), paths, &merged);
                merged.set_etag("");
                merged.set_name(kSettingsName);
                auto violations = CheckSettings(merged);
                if (!violations.empty()) return errors::InvalidArgument(violations);
                v1::NotificationSettingsChanged changed;
                *changed.mutable_settings() = merged;
                return std::vector<v1::EventEnvelope>{NewEvent(changed)};
              })
          .status());
  return GetSettings();
}

void NotificationsApp::DefineDefaults() {
  v1::Actor actor;
  actor.set_user_id("chronicle");
  actor.set_role("system");
  // Defined once: a definition that ever existed (even one an admin deleted since) is left be.
  auto define = [&](const char* stream, const std::string& id, auto define_it) {
    auto version = runner_.log().StreamVersion(MakeStream(stream, id));
    if (!version.ok() || *version > 0) return;
    absl::Status status = define_it();
    if (!status.ok() && !absl::IsAlreadyExists(status)) {
      Log(LogLevel::kError, "notifications", "default definition not created",
          {{"stream", std::string(stream)}, {"id", std::string(id)}, {"error", status.ToString()}});
    }
  };
  for (const auto& [id, tmpl] : DefaultTemplates()) {
    define(kTemplateStream, id,
           [&] { return Define<TemplateKind>(actor, id, tmpl, /*create=*/true, "").status(); });
  }
  for (const auto& [id, rule] : DefaultRules()) {
    define(kRuleStream, id,
           [&] { return Define<RuleKind>(actor, id, rule, /*create=*/true, "").status(); });
  }
}

}  // namespace chronicle::notifications
