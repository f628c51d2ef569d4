// ListOverdueContacts: each owned client against the contact rules that cover it.
#include <map>

#include "activities/domain/events.h"
#include "activities/projection/keys.h"
#include "activities/projection/queries.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "chronicle/projection/state_messages.h"

namespace chronicle::activities {
namespace {

using aggregate::FromProtoTime;
using aggregate::ToProtoTime;

constexpr int kDefaultLimit = 100;
constexpr int kMaxLimit = 1000;

bool Covers(const v1::ContactRule& rule, const v1::Client& client) {
  if (rule.temperature() != v1::TEMPERATURE_UNSPECIFIED) {
    return client.temperature() == rule.temperature();
  }
  auto value = client.custom_fields().find(rule.segment_field());
  if (value == client.custom_fields().end()) return false;
  switch (value->second.kind_case()) {
    case v1::CustomValue::kChoice:
      return value->second.choice() == rule.segment_value();
    case v1::CustomValue::kText:
      return value->second.text() == rule.segment_value();
    case v1::CustomValue::kChoices:
      for (const std::string& choice : value->second.choices().values()) {
        if (choice == rule.segment_value()) return true;
      }
      return false;
    default:
      return false;
  }
}

}  // namespace

absl::Status ListOverdueContacts(projection::StateReader& view,
                                 const std::vector<v1::ContactRule>& rules,
                                 const v1::ListOverdueContactsRequest& request, absl::Time now,
                                 v1::ListOverdueContactsResponse* response) {
  if (request.limit_per_owner() < 0 || request.limit_per_owner() > kMaxLimit) {
    return errors::InvalidArgument({{"limit_per_owner", "0..1000 (0: 100)"}});
  }
  const int limit = request.limit_per_owner() == 0 ? kDefaultLimit : request.limit_per_owner();
  std::vector<const v1::ContactRule*> active;
  for (const v1::ContactRule& rule : rules) {
    if (!rule.retired() && (request.rule().empty() || rule.name() == request.rule())) {
      active.push_back(&rule);
    }
  }
  if (!request.rule().empty() && active.empty()) {
    return errors::InvalidArgument(
        {{"rule", absl::StrCat(request.rule(), " is not an active rule")}});
  }
  if (active.empty()) return absl::OkStatus();

  std::map<std::string, std::vector<v1::OverdueContact>> by_owner;
  const std::string prefix =
      request.owner().empty() ? keys::AllOwnedClients() : keys::ClientsOf(request.owner());
  absl::Status failed;
  RETURN_IF_ERROR(view.Scan(prefix, "", [&](absl::string_view key, absl::string_view) {
    // co\0{owner}\0{client}
    const absl::string_view rest = key.substr(keys::AllOwnedClients().size());
    const std::string owner(rest.substr(0, rest.find('\0')));
    const std::string client_id(keys::TrailingId(key));
    auto card = projection::ReadMessage<v1::Client>(view, keys::Client(client_id));
    if (!card.ok()) {
      failed = card.status();
      return false;
    }
    if (!*card) return true;
    std::map<std::string, absl::Time> last_by_kind;
    absl::Status scanned =
        view.Scan(keys::LastContacts(client_id), "", [&](absl::string_view k, absl::string_view v) {
          last_by_kind[std::string(keys::TrailingId(k))] = keys::OldestFirstTime(v);
          return true;
        });
    if (!scanned.ok()) {
      failed = scanned;
      return false;
    }
    // The rule that falls due first decides.
    std::optional<v1::OverdueContact> worst;
    for (const v1::ContactRule* rule : active) {
      if (!Covers(*rule, **card)) continue;
      std::optional<absl::Time> last;
      for (const auto& [kind, time] : last_by_kind) {
        const bool counted =
            rule->activity_kinds().empty()
                ? true
                : std::find(rule->activity_kinds().begin(), rule->activity_kinds().end(), kind) !=
                      rule->activity_kinds().end();
        if (counted && (!last || time > *last)) last = time;
      }
      const absl::Time from = last ? *last : FromProtoTime((*card)->create_time());
      const absl::Time due = from + absl::Hours(24 * rule->interval_days());
      if (due >= now) continue;
      if (worst && FromProtoTime(worst->due_time()) <= due) continue;
      v1::OverdueContact overdue;
      overdue.set_client((*card)->name());
      overdue.set_display_name((*card)->display_name());
      overdue.set_owner(owner);
      overdue.set_rule(rule->name());
      if (last) *overdue.mutable_last_contact_time() = ToProtoTime(*last);
      *overdue.mutable_due_time() = ToProtoTime(due);
      overdue.mutable_overdue_by()->set_seconds(absl::ToInt64Seconds(now - due));
      worst = std::move(overdue);
    }
    if (worst) by_owner[owner].push_back(std::move(*worst));
    return true;
  }));
  RETURN_IF_ERROR(failed);
  int total = 0;
  for (auto& [owner, clients] : by_owner) {
    total += clients.size();
    std::sort(clients.begin(), clients.end(),
              [](const v1::OverdueContact& a, const v1::OverdueContact& b) {
                return a.overdue_by().seconds() > b.overdue_by().seconds();
              });
    v1::OverdueContactGroup* group = response->add_groups();
    group->set_owner(owner);
    for (size_t i = 0; i < clients.size() && static_cast<int>(i) < limit; ++i) {
      *group->add_clients() = std::move(clients[i]);
    }
  }
  response->set_total(total);
  return absl::OkStatus();
}

}  // namespace chronicle::activities
