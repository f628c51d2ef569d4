#include "analytics/domain/fact_folder.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "analytics/domain/buyer_index.h"
#include "analytics/domain/client_cube.h"
#include "analytics/domain/factor_cube.h"
#include "analytics/domain/funnel_cube.h"
#include "analytics/domain/lifecycle_index.h"
#include "analytics/domain/manager_cube.h"
#include "analytics/domain/quiet_index.h"
#include "analytics/domain/refusal_cube.h"
#include "analytics/domain/source_cube.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/aggregate/typed_events.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/v1/activities_events.pb.h"
#include "chronicle/v1/analytics_events.pb.h"
#include "chronicle/v1/contacts_events.pb.h"
#include "chronicle/v1/deals_events.pb.h"

namespace chronicle::analytics {
namespace {

using aggregate::EventType;
using aggregate::IdOf;
using eventlog::EnvelopeView;

// What an event type means to analytics: which fold handles it, and as which event.
enum class Group { kContacts, kDeals, kPipelines, kActivities, kTasks, kAnalytics };

enum Kind {
  kClientCreated,
  kClientUpdated,
  kInquiryReceived,
  kOwnerChanged,
  kLifecycleChanged,
  kClientMerged,
  kClientUnmerged,
  kClientDeleted,
  kDealCreated,
  kDealUpdated,
  kDealMoved,
  kDealWon,
  kDealLost,
  kDealReopened,
  kDealQualified,
  kDealDisqualified,
  kPipelineCreated,
  kPipelineRenamed,
  kStageAdded,
  kStageUpdated,
  kStagesReordered,
  kStageRemoved,
  kReasonDefined,
  kReasonRenamed,
  kActivityLogged,
  kMeetingHeld,
  kMeetingCancelled,
  kEmployeeRegistered,
  kEmployeeUpdated,
  kTaskCreated,
  kTaskUpdated,
  kTaskReassigned,
  kTaskCompleted,
  kTaskCancelled,
  kTaskReopened,
  kSettingsChanged,
  kKpiTargetSet,
  kSpendRecorded,
};

using Dispatch = absl::flat_hash_map<std::string, std::pair<Group, Kind>>;

const Dispatch& EventKinds() {
  static const Dispatch* const kinds = new Dispatch{
      {EventType<v1::ClientCreated>(), {Group::kContacts, kClientCreated}},
      {EventType<v1::ClientUpdated>(), {Group::kContacts, kClientUpdated}},
      {EventType<v1::InquiryReceived>(), {Group::kContacts, kInquiryReceived}},
      {EventType<v1::OwnerChanged>(), {Group::kContacts, kOwnerChanged}},
      {EventType<v1::LifecycleStatusChanged>(), {Group::kContacts, kLifecycleChanged}},
      {EventType<v1::ClientMerged>(), {Group::kContacts, kClientMerged}},
      {EventType<v1::ClientUnmerged>(), {Group::kContacts, kClientUnmerged}},
      {EventType<v1::ClientDeleted>(), {Group::kContacts, kClientDeleted}},
      {EventType<v1::DealCreated>(), {Group::kDeals, kDealCreated}},
      {EventType<v1::DealUpdated>(), {Group::kDeals, kDealUpdated}},
      {EventType<v1::DealMoved>(), {Group::kDeals, kDealMoved}},
      {EventType<v1::DealWon>(), {Group::kDeals, kDealWon}},
      {EventType<v1::DealLost>(), {Group::kDeals, kDealLost}},
      {EventType<v1::DealReopened>(), {Group::kDeals, kDealReopened}},
      {EventType<v1::DealQualified>(), {Group::kDeals, kDealQualified}},
      {EventType<v1::DealDisqualified>(), {Group::kDeals, kDealDisqualified}},
      {EventType<v1::PipelineCreated>(), {Group::kPipelines, kPipelineCreated}},
      {EventType<v1::PipelineRenamed>(), {Group::kPipelines, kPipelineRenamed}},
      {EventType<v1::StageAdded>(), {Group::kPipelines, kStageAdded}},
      {EventType<v1::StageUpdated>(), {Group::kPipelines, kStageUpdated}},
      {EventType<v1::StagesReordered>(), {Group::kPipelines, kStagesReordered}},
      {EventType<v1::StageRemoved>(), {Group::kPipelines, kStageRemoved}},
      {EventType<v1::RefusalReasonDefined>(), {Group::kPipelines, kReasonDefined}},
      {EventType<v1::RefusalReasonRenamed>(), {Group::kPipelines, kReasonRenamed}},
      {EventType<v1::ActivityLogged>(), {Group::kActivities, kActivityLogged}},
      {EventType<v1::MeetingHeld>(), {Group::kActivities, kMeetingHeld}},
      {EventType<v1::MeetingCancelled>(), {Group::kActivities, kMeetingCancelled}},
      {EventType<v1::EmployeeRegistered>(), {Group::kActivities, kEmployeeRegistered}},
      {EventType<v1::EmployeeUpdated>(), {Group::kActivities, kEmployeeUpdated}},
      {EventType<v1::TaskCreated>(), {Group::kTasks, kTaskCreated}},
      {EventType<v1::TaskUpdated>(), {Group::kTasks, kTaskUpdated}},
      {EventType<v1::TaskReassigned>(), {Group::kTasks, kTaskReassigned}},
      {EventType<v1::TaskCompleted>(), {Group::kTasks, kTaskCompleted}},
      {EventType<v1::TaskCancelled>(), {Group::kTasks, kTaskCancelled}},
      {EventType<v1::TaskReopened>(), {Group::kTasks, kTaskReopened}},
      {EventType<v1::AnalyticsSettingsChanged>(), {Group::kAnalytics, kSettingsChanged}},
      {EventType<v1::KpiTargetSet>(), {Group::kAnalytics, kKpiTargetSet}},
      {EventType<v1::ChannelSpendRecorded>(), {Group::kAnalytics, kSpendRecorded}},
  };
  return *kinds;
}

// The time a fact happened: the payload's own time when it has one, else the event's.
int64_t When(const google::protobuf::Timestamp& own, const EnvelopeView& event) {
  return own.seconds() != 0 ? own.seconds() : event.occurred_at_seconds;
}

// The source a first touch names, in the order the deals service attributes deals.
absl::string_view SourceOf(const v1::Attribution& touch) {
  if (!touch.first_visit_source().empty()) return touch.first_visit_source();
  if (!touch.utm_source().empty()) return touch.utm_source();
  return touch.form_source();
}

bool IsResponse(v1::ActivityKind kind) {
  return kind == v1::ACTIVITY_KIND_CALL || kind == v1::ACTIVITY_KIND_MEETING ||
         kind == v1::ACTIVITY_KIND_EMAIL || kind == v1::ACTIVITY_KIND_MESSAGE;
}

bool HasPath(const google::protobuf::RepeatedPtrField<std::string>& paths, absl::string_view path) {
  return std::find(paths.begin(), paths.end(), path) != paths.end();
}

void SetCustom(ClientFacts& client, Symbols& symbols, const std::string& key,
               const v1::CustomValue& value) {
  std::string text;
  switch (value.kind_case()) {
    case v1::CustomValue::kText:
      text = value.text();
      break;
    case v1::CustomValue::kChoice:
      text = value.choice();
      break;
    case v1::CustomValue::kBoolean:
      text = value.boolean() ? "true" : "false";
      break;
    case v1::CustomValue::kNumber:
      text = absl::StrCat(value.number());
      break;
    case v1::CustomValue::kDate:
      text = value.date();
      break;
    case v1::CustomValue::kChoices:
      text = absl::StrJoin(value.choices().values(), ",");
      break;
    default:
      break;
  }
  const Sym k = symbols.Intern(key);
  for (auto& [existing, v] : client.custom) {
    if (existing == k) {
      v = symbols.Intern(text);
      return;
    }
  }
  client.custom.emplace_back(k, symbols.Intern(text));
}

void SetTags(ClientFacts& client, Symbols& symbols,
             const google::protobuf::RepeatedPtrField<std::string>& tags) {
  client.tags.clear();
  for (const std::string& tag : tags) client.tags.push_back(symbols.Intern(tag));
}

}  // namespace

int MonthIndex(absl::string_view month) {
  std::pair<absl::string_view, absl::string_view> parts = absl::StrSplit(month, '-');
  int year = 0;
  int m = 0;
  if (parts.first.size() != 4 || parts.second.size() != 2 ||
      !absl::SimpleAtoi(parts.first, &year) || !absl::SimpleAtoi(parts.second, &m) || m < 1 ||
      m > 12 || year < 1970) {
    return -1;
  }
  return year * 12 + (m - 1);
}

absl::Status FactFolder::Apply(const EnvelopeView& event) {
  facts_.position = event.global_position;
  const Dispatch& kinds = EventKinds();
  auto it = kinds.find(event.event_type);
  if (it == kinds.end()) return absl::OkStatus();
  const auto [group, kind] = it->second;
  switch (group) {
    case Group::kContacts:
      return ApplyContacts(kind, event);
    case Group::kDeals:
      return ApplyDeals(kind, event);
    case Group::kPipelines:
      return ApplyPipelines(kind, event);
    case Group::kActivities:
      return ApplyActivities(kind, event);
    case Group::kTasks:
      return ApplyTasks(kind, event);
    case Group::kAnalytics:
      return ApplyAnalytics(kind, event);
  }
  return absl::OkStatus();
}

bool FactFolder::ToMinor(const v1::Money& money, int64_t* minor) const {
  if (!money.currency_code().empty() && money.currency_code() != facts_.settings.currency_code()) {
    return false;
  }
  *minor = MinorUnits(money);
  return true;
}

void FactFolder::BuildDeferredIndexes() {
  if (!defer_client_indexes_) return;
  defer_client_indexes_ = false;
  RebuildQuietIndex(facts_);
  RebuildLifecycleIndex(facts_);
  RebuildFactorCube(facts_);
  RebuildBuyerIndex(facts_);
}

void FactFolder::UntallyFactors(uint32_t client) {
  if (!defer_client_indexes_) RemoveClientFromFactorCube(facts_, client);
}

void FactFolder::TallyFactors(uint32_t client) {
  if (!defer_client_indexes_) AddClientToFactorCube(facts_, client);
}

void FactFolder::UnlistQuiet(uint32_t client) {
  if (!defer_client_indexes_) RemoveFromQuietIndex(facts_, client);
}

void FactFolder::ListQuiet(uint32_t client) {
  if (!defer_client_indexes_) AddToQuietIndex(facts_, client);
}

void FactFolder::RelistClient(uint32_t client) {
  if (defer_client_indexes_) return;
  analytics::RelistLifecycle(facts_, client);
  RelistBuyer(facts_, client);  // changes with the purchases and merges lifecycle follows
}

absl::Status FactFolder::ApplyContacts(int kind, const EnvelopeView& event) {
  const uint32_t index = facts_.ClientSlot(event.stream_id);
  // The client cube holds what the client contributes: out before a change of its first
  // contact, its source or whether it counts at all, back in after.
  const bool moves = kind == kClientCreated || kind == kInquiryReceived || kind == kClientMerged ||
                     kind == kClientUnmerged;
  // So does the manager cube, which also counts new clients by owner: a new owner moves them
  // (see ApplyContact).
  if (moves) {
    RemoveFromClientCube(facts_, index);
    RemoveClientFromManagerCube(facts_, index);
  }
  // The quiet index lists the client by owner and since when it has been quiet: any change but
  // of its lifecycle status may move it.
  const bool requiet = kind != kLifecycleChanged;
  if (requiet) UnlistQuiet(index);
  // Its deals carry its temperature and type into the factor cube.
  const bool refactor = kind == kClientCreated || kind == kClientUpdated;
  if (refactor) UntallyFactors(index);
  absl::Status applied = ApplyContact(kind, event, index);
  if (refactor) TallyFactors(index);
  if (requiet) ListQuiet(index);
  RelistClient(index);
  if (moves) {
    AddToClientCube(facts_, index);
    AddClientToManagerCube(facts_, index);
  }
  return applied;
}

absl::Status FactFolder::ApplyContact(int kind, const EnvelopeView& event, uint32_t index) {
  ClientFacts& client = facts_.clients[index];
  Symbols& symbols = facts_.symbols;
  // Another owner takes the client's new-client count (and response time) with it in the
  // manager cube; an update that leaves the owner as it was moves nothing.
  auto change_owner = [&](Sym owner) {
    if (owner == client.owner) return;
    RemoveClientFromManagerCube(facts_, index);
    client.owner = owner;
    AddClientToManagerCube(facts_, index);
  };
  const int64_t t = event.occurred_at_seconds;
  switch (kind) {
    case kClientCreated: {
      v1::ClientCreated& created = Reused<v1::ClientCreated>();
      RETURN_IF_ERROR(event.UnpackTo(&created));
      const v1::Client& card = created.client();
      client.known = true;
      client.create_time = t;
      client.first_contact_time =
          created.has_first_touch() && created.first_touch().time().seconds() != 0
              ? std::min(t, created.first_touch().time().seconds())
              : t;
      client.owner = symbols.Intern(card.owner());
      client.team = symbols.Intern(card.team());
      client.type = card.type();
      client.temperature = card.temperature();
      SetTags(client, symbols, card.tags());
      for (const auto& [key, value] : card.custom_fields()) SetCustom(client, symbols, key, value);
      const v1::Attribution& touch = created.first_touch();
      client.source = symbols.Intern(SourceOf(touch));
      client.landing = symbols.Intern(touch.landing_domain());
      client.campaign = symbols.Intern(touch.utm_campaign());
      client.channel = touch.channel();
      break;
    }
    case kClientUpdated: {
      v1::ClientUpdated& updated = Reused<v1::ClientUpdated>();
      RETURN_IF_ERROR(event.UnpackTo(&updated));
      const v1::Client& changes = updated.changes();
      for (const std::string& path : updated.paths()) {
        if (path == "owner") change_owner(symbols.Intern(changes.owner()));
        if (path == "team") client.team = symbols.Intern(changes.team());
        if (path == "type") client.type = changes.type();
        if (path == "temperature") client.temperature = changes.temperature();
        if (path == "tags") SetTags(client, symbols, changes.tags());
        if (absl::StartsWith(path, "custom_fields")) {
          const size_t dot = path.find('.');
          if (dot == std::string::npos) {
            client.custom.clear();
            for (const auto& [key, value] : changes.custom_fields()) {
              SetCustom(client, symbols, key, value);
            }
          } else {
            const std::string key = path.substr(dot + 1);
            auto value = changes.custom_fields().find(key);
            if (value != changes.custom_fields().end()) {
              SetCustom(client, symbols, key, value->second);
            } else {
              const Sym k = symbols.Intern(key);
              client.custom.erase(
                  std::remove_if(client.custom.begin(), client.custom.end(),
                                 [k](const auto& entry) { return entry.first == k; }),
                  client.custom.end());
            }
          }
        }
      }
      break;
    }
    case kInquiryReceived: {
      v1::InquiryReceived& inquiry = Reused<v1::InquiryReceived>();
      RETURN_IF_ERROR(event.UnpackTo(&inquiry));
      ++client.inquiries;
      if (client.source == 0) {
        client.source = symbols.Intern(SourceOf(inquiry.attribution()));
        client.channel = inquiry.attribution().channel();
      }
      if (client.first_contact_time == 0 || t < client.first_contact_time) {
        client.first_contact_time = t;
      }
      break;
    }
    case kOwnerChanged: {
      v1::OwnerChanged& changed = Reused<v1::OwnerChanged>();
      RETURN_IF_ERROR(event.UnpackTo(&changed));
      if (changed.has_substitute() || changed.substitute_ended()) break;  // temporary
      change_owner(symbols.Intern(changed.owner()));
      client.team = symbols.Intern(changed.team());
      break;
    }
    case kLifecycleChanged: {
      v1::LifecycleStatusChanged& changed = Reused<v1::LifecycleStatusChanged>();
      RETURN_IF_ERROR(event.UnpackTo(&changed));
      if (changed.clear_override()) {
        client.override_lifecycle = v1::LIFECYCLE_STATUS_UNSPECIFIED;
      } else if (changed.manual()) {
        client.override_lifecycle = changed.status();
      } else {
        client.computed_lifecycle = changed.status();
      }
      break;
    }
    case kClientMerged:
      client.merged = true;
      break;
    case kClientUnmerged:
      client.merged = false;
      break;
    case kClientDeleted:
      client.deleted = true;
      break;
  }
  return absl::OkStatus();
}

uint32_t FactFolder::DealIndex(absl::string_view id) {
  auto it = facts_.deal_index.find(id);
  if (it == facts_.deal_index.end()) {
    it = facts_.deal_index.emplace(std::string(id), facts_.deals.size()).first;
    facts_.deals.emplace_back();
  }
  return it->second;
}

void FactFolder::EnterStage(DealFacts& deal, const std::string& stage, int64_t time) {
  if (!deal.stages.empty() && deal.stages.back().leave_time == 0) {
    deal.stages.back().leave_time = std::max(time, deal.stages.back().enter_time);
  }
  deal.stages.push_back({facts_.symbols.Intern(stage), time, 0});
}

absl::Status FactFolder::ApplyDeals(int kind, const EnvelopeView& event) {
  const uint32_t index = DealIndex(event.stream_id);
  // The cubes hold what the deal contributes: out before the change, back in after. A won deal
  // is also a purchase of its client, so the client's share of the client cube changes when the
  // deal is won, or changes or stops being won.
  const DealFacts& before = facts_.deals[index];
  const uint32_t buyer =
      before.client != kNoClient && (before.state == v1::DEAL_STATE_WON || kind == kDealWon)
          ? before.client
          : kNoClient;
  RemoveFromFunnelCube(facts_, index);
  RemoveFromRefusalCube(facts_, index);
  RemoveFromSourceCube(facts_, index);
  RemoveDealFromManagerCube(facts_, index);
  if (buyer != kNoClient) RemoveFromClientCube(facts_, buyer);
  if (!defer_client_indexes_) RemoveDealFromFactorCube(facts_, index);
  const uint32_t client_before = before.client;
  absl::Status applied = ApplyDeal(kind, event, facts_.deals[index]);
  const uint32_t client = facts_.deals[index].client;
  if (client != kNoClient && client != client_before) {
    facts_.clients[client].deal_indexes.push_back(index);
  }
  if (!defer_client_indexes_) AddDealToFactorCube(facts_, index);
  AddToFunnelCube(facts_, index);
  AddToRefusalCube(facts_, index);
  AddToSourceCube(facts_, index);
  AddDealToManagerCube(facts_, index);
  if (buyer != kNoClient) AddToClientCube(facts_, buyer);
  // Its client has one more deal, or a purchase more or less.
  if (client != kNoClient) RelistClient(client);
  return applied;
}

absl::Status FactFolder::ApplyDeal(int kind, const EnvelopeView& event, DealFacts& deal) {
  Symbols& symbols = facts_.symbols;
  const int64_t t = event.occurred_at_seconds;
  // A won deal is a purchase of its client; reopening it takes the purchase back.
  auto drop_purchase = [&] {
    if (deal.state != v1::DEAL_STATE_WON || deal.client == kNoClient) return;
    auto& purchases = facts_.clients[deal.client].purchases;
    for (auto it = purchases.rbegin(); it != purchases.rend(); ++it) {
      if (it->time == deal.close_time && it->amount == deal.amount) {
        purchases.erase(std::next(it).base());
        break;
      }
    }
  };
  switch (kind) {
    case kDealCreated: {
      v1::DealCreated& created = Reused<v1::DealCreated>();
      RETURN_IF_ERROR(event.UnpackTo(&created));
      const v1::Deal& d = created.deal();
      deal.pipeline = symbols.Intern(IdOf(d.pipeline()));
      deal.owner = symbols.Intern(d.owner());
      deal.team = symbols.Intern(d.team());
      deal.create_time = t;
      if (!ToMinor(d.amount(), &deal.amount)) deal.amount = 0;
      if (!d.client().empty()) {
        deal.client = facts_.ClientSlot(IdOf(d.client()));
        ClientFacts& client = facts_.clients[deal.client];
        ++client.deals;
        if (client.team == 0) client.team = deal.team;
      }
      const v1::DealAttribution& a = d.attribution();
      const ClientFacts* client = deal.client == kNoClient ? nullptr : &facts_.clients[deal.client];
      deal.source = !a.source().empty() ? symbols.Intern(a.source())
                                        : (client != nullptr ? client->source : 0);
      deal.landing = !a.landing().empty() ? symbols.Intern(a.landing())
                                          : (client != nullptr ? client->landing : 0);
      deal.campaign = !a.campaign().empty() ? symbols.Intern(a.campaign())
                                            : (client != nullptr ? client->campaign : 0);
      deal.channel = a.channel() != v1::CHANNEL_UNSPECIFIED
                         ? a.channel()
                         : (client != nullptr ? client->channel : v1::CHANNEL_UNSPECIFIED);
      deal.qualification = d.qualification();
      deal.stages.reserve(4);  // most deals pass a few stages: one allocation, not three
      EnterStage(deal, d.stage(), t);
      break;
    }
    case kDealUpdated: {
      v1::DealUpdated& updated = Reused<v1::DealUpdated>();
      RETURN_IF_ERROR(event.UnpackTo(&updated));
      const v1::Deal& changes = updated.changes();
      if (HasPath(updated.paths(), "owner")) deal.owner = symbols.Intern(changes.owner());
      if (HasPath(updated.paths(), "team")) deal.team = symbols.Intern(changes.team());
      if (HasPath(updated.paths(), "amount") || HasPath(updated.paths(), "line_items")) {
        drop_purchase();
        if (!ToMinor(changes.amount(), &deal.amount)) deal.amount = 0;
        if (deal.state == v1::DEAL_STATE_WON && deal.client != kNoClient) {
          facts_.clients[deal.client].AddPurchase({deal.close_time, deal.amount});
        }
      }
      break;
    }
    case kDealMoved: {
      v1::DealMoved& moved = Reused<v1::DealMoved>();
      RETURN_IF_ERROR(event.UnpackTo(&moved));
      EnterStage(deal, moved.transition().to_stage(), t);
      break;
    }
    case kDealWon: {
      v1::DealWon& won = Reused<v1::DealWon>();
      RETURN_IF_ERROR(event.UnpackTo(&won));
      EnterStage(deal, won.transition().to_stage(), t);
      deal.state = v1::DEAL_STATE_WON;
      deal.close_time = t;
      if (deal.client != kNoClient) {
        facts_.clients[deal.client].AddPurchase({t, deal.amount});
      }
      break;
    }
    case kDealLost:
    case kDealDisqualified: {
      v1::StageTransition transition;
      std::string reason;
      if (kind == kDealLost) {
        v1::DealLost& lost = Reused<v1::DealLost>();
        RETURN_IF_ERROR(event.UnpackTo(&lost));
        transition = lost.transition();
        reason = IdOf(lost.reason());
      } else {
        v1::DealDisqualified& disqualified = Reused<v1::DealDisqualified>();
        RETURN_IF_ERROR(event.UnpackTo(&disqualified));
        transition = disqualified.transition();
        deal.qualification = v1::QUALIFICATION_DISQUALIFIED;
        reason = "disqualified";
        if (transition.to_stage().empty()) break;  // disqualified but left where it was
      }
      EnterStage(deal, transition.to_stage(), t);
      deal.state = v1::DEAL_STATE_LOST;
      deal.close_time = t;
      deal.lost_reason = symbols.Intern(reason);
      deal.lost_stage = symbols.Intern(transition.from_stage());
      break;
    }
    case kDealReopened: {
      v1::DealReopened& reopened = Reused<v1::DealReopened>();
      RETURN_IF_ERROR(event.UnpackTo(&reopened));
      drop_purchase();
      EnterStage(deal, reopened.transition().to_stage(), t);
      deal.state = v1::DEAL_STATE_OPEN;
      deal.close_time = 0;
      deal.lost_reason = 0;
      deal.lost_stage = 0;
      break;
    }
    case kDealQualified:
      deal.qualification = v1::QUALIFICATION_QUALIFIED;
      break;
  }
  return absl::OkStatus();
}

absl::Status FactFolder::ApplyPipelines(int kind, const EnvelopeView& event) {
  Symbols& symbols = facts_.symbols;
  auto stage_info = [&](const v1::Stage& stage) {
    return StageInfo{symbols.Intern(stage.id()), stage.display_name(), stage.kind()};
  };
  if (kind == kReasonDefined || kind == kReasonRenamed) {
    if (kind == kReasonDefined) {
      v1::RefusalReasonDefined& defined = Reused<v1::RefusalReasonDefined>();
      RETURN_IF_ERROR(event.UnpackTo(&defined));
      facts_.refusal_reasons[symbols.Intern(defined.id())] = defined.display_name();
    } else {
      v1::RefusalReasonRenamed& renamed = Reused<v1::RefusalReasonRenamed>();
      RETURN_IF_ERROR(event.UnpackTo(&renamed));
      facts_.refusal_reasons[symbols.Intern(renamed.id())] = renamed.display_name();
    }
    return absl::OkStatus();
  }
  PipelineFacts& pipeline = facts_.pipelines[symbols.Intern(event.stream_id)];
  auto find = [&](Sym id) {
    return std::find_if(pipeline.stages.begin(), pipeline.stages.end(),
                        [id](const StageInfo& s) { return s.id == id; });
  };
  switch (kind) {
    case kPipelineCreated: {
      v1::PipelineCreated& created = Reused<v1::PipelineCreated>();
      RETURN_IF_ERROR(event.UnpackTo(&created));
      pipeline.display_name = created.pipeline().display_name();
      pipeline.stages.clear();
      for (const v1::Stage& stage : created.pipeline().stages()) {
        pipeline.stages.push_back(stage_info(stage));
      }
      break;
    }
    case kPipelineRenamed: {
      v1::PipelineRenamed& renamed = Reused<v1::PipelineRenamed>();
      RETURN_IF_ERROR(event.UnpackTo(&renamed));
      pipeline.display_name = renamed.display_name();
      break;
    }
    case kStageAdded: {
      v1::StageAdded& added = Reused<v1::StageAdded>();
      RETURN_IF_ERROR(event.UnpackTo(&added));
      const size_t at = std::min<size_t>(std::max(added.index(), 0), pipeline.stages.size());
      pipeline.stages.insert(pipeline.stages.begin() + at, stage_info(added.stage()));
      break;
    }
    case kStageUpdated: {
      v1::StageUpdated& updated = Reused<v1::StageUpdated>();
      RETURN_IF_ERROR(event.UnpackTo(&updated));
      auto it = find(symbols.Intern(updated.stage().id()));
      if (it != pipeline.stages.end()) *it = stage_info(updated.stage());
      break;
    }
    case kStagesReordered: {
      v1::StagesReordered& reordered = Reused<v1::StagesReordered>();
      RETURN_IF_ERROR(event.UnpackTo(&reordered));
      std::vector<StageInfo> ordered;
      for (const std::string& id : reordered.stage_ids()) {
        auto it = find(symbols.Intern(id));
        if (it != pipeline.stages.end()) ordered.push_back(*it);
      }
      if (ordered.size() == pipeline.stages.size()) pipeline.stages = std::move(ordered);
      break;
    }
    case kStageRemoved: {
      v1::StageRemoved& removed = Reused<v1::StageRemoved>();
      RETURN_IF_ERROR(event.UnpackTo(&removed));
      auto it = find(symbols.Intern(removed.stage().id()));
      if (it != pipeline.stages.end()) pipeline.stages.erase(it);
      break;
    }
  }
  // The funnel's steps and which leads qualify follow the stages: tally the pipeline's deals
  // again.
  RebuildFunnelCube(facts_, symbols.Intern(event.stream_id));
  RequalifySourceCube(facts_, symbols.Intern(event.stream_id));
  return absl::OkStatus();
}

absl::Status FactFolder::ApplyActivities(int kind, const EnvelopeView& event) {
  Symbols& symbols = facts_.symbols;
  if (kind == kEmployeeRegistered) {
    v1::EmployeeRegistered& registered = Reused<v1::EmployeeRegistered>();
    RETURN_IF_ERROR(event.UnpackTo(&registered));
    EmployeeFacts& employee = facts_.employees[symbols.Intern(event.stream_id)];
    employee.display_name = registered.employee().display_name();
    employee.department = symbols.Intern(registered.employee().department());
    return absl::OkStatus();
  }
  if (kind == kEmployeeUpdated) {
    v1::EmployeeUpdated& updated = Reused<v1::EmployeeUpdated>();
    RETURN_IF_ERROR(event.UnpackTo(&updated));
    EmployeeFacts& employee = facts_.employees[symbols.Intern(event.stream_id)];
    if (HasPath(updated.paths(), "display_name")) {
      employee.display_name = updated.changes().display_name();
    }
    if (HasPath(updated.paths(), "department")) {
      employee.department = symbols.Intern(updated.changes().department());
    }
    return absl::OkStatus();
  }
  ActivityFact fact;
  if (kind == kMeetingCancelled) {
    planned_meetings_.erase(event.stream_id);
    return absl::OkStatus();
  }
  if (kind == kMeetingHeld) {
    auto it = planned_meetings_.find(event.stream_id);
    if (it == planned_meetings_.end()) return absl::OkStatus();
    v1::MeetingHeld& held = Reused<v1::MeetingHeld>();
    RETURN_IF_ERROR(event.UnpackTo(&held));
    fact = it->second;
    fact.time = When(held.time(), event);
    planned_meetings_.erase(it);
  } else {
    v1::ActivityLogged& logged = Reused<v1::ActivityLogged>();
    RETURN_IF_ERROR(event.UnpackTo(&logged));
    const v1::Activity& activity = logged.activity();
    fact.time = When(activity.occur_time(), event);
    fact.kind = activity.kind();
    fact.employee = symbols.Intern(activity.employee());
    if (!activity.client().empty()) fact.client = facts_.ClientSlot(IdOf(activity.client()));
    if (activity.has_call()) fact.direction = activity.call().direction();
    if (activity.has_meeting() && activity.meeting().state() == v1::MEETING_STATE_PLANNED) {
      planned_meetings_[std::string(event.stream_id)] = fact;
      return absl::OkStatus();
    }
    if (activity.has_nps()) {
      facts_.nps.push_back({fact.time, fact.client, fact.employee, activity.nps().score()});
    }
    // A purchase logged against a deal is that deal's payment, counted when the deal was won.
    if (activity.has_purchase() && activity.deal().empty() && fact.client != kNoClient) {
      const v1::PurchaseDetails& purchase = activity.purchase();
      int64_t amount = 0;
      bool counted = true;
      if (purchase.has_amount()) {
        counted = ToMinor(purchase.amount(), &amount);
      } else {
        for (const v1::PurchaseItem& item : purchase.items()) {
          int64_t price = 0;
          if (!ToMinor(item.price(), &price)) counted = false;
          amount += static_cast<int64_t>(static_cast<double>(price) * item.quantity() + 0.5);
        }
      }
      if (counted) {
        RemoveFromClientCube(facts_, fact.client);
        facts_.clients[fact.client].AddPurchase({fact.time, amount});
        AddToClientCube(facts_, fact.client);
      }
    }
  }
  if (fact.client != kNoClient) {
    ClientFacts& client = facts_.clients[fact.client];
    int64_t& last = client.last_activity[fact.kind];
    if (fact.time > last) {
      const bool contact =
          std::find(kContactKinds.begin(), kContactKinds.end(), fact.kind) != kContactKinds.end();
      if (contact) UnlistQuiet(fact.client);
      last = fact.time;
      if (contact) ListQuiet(fact.client);
    }
    // Meetings and calls before a deal closed are factors of its outcome.
    const bool counted =
        fact.kind == v1::ACTIVITY_KIND_MEETING || fact.kind == v1::ACTIVITY_KIND_CALL;
    if (counted) UntallyFactors(fact.client);
    if (fact.kind == v1::ACTIVITY_KIND_MEETING) client.meeting_times.push_back(fact.time);
    if (fact.kind == v1::ACTIVITY_KIND_CALL) client.call_times.push_back(fact.time);
    if (counted) TallyFactors(fact.client);
    if (fact.employee != 0 && IsResponse(fact.kind) && client.first_contact_time != 0 &&
        fact.time >= client.first_contact_time &&
        (client.first_response_time == 0 || fact.time < client.first_response_time)) {
      RemoveClientFromManagerCube(facts_, fact.client);  // its response time changes
      client.first_response_time = fact.time;
      client.first_response_by = fact.employee;
      AddClientToManagerCube(facts_, fact.client);
    }
    RelistClient(fact.client);  // a first contact, or a purchase
  }
  facts_.activities.push_back(fact);
  AddActivityToManagerCube(facts_, facts_.activities.size() - 1);
  return absl::OkStatus();
}

absl::Status FactFolder::ApplyTasks(int kind, const EnvelopeView& event) {
  auto it = facts_.task_index.find(event.stream_id);
  if (it == facts_.task_index.end()) {
    it = facts_.task_index.emplace(std::string(event.stream_id), facts_.tasks.size()).first;
    facts_.tasks.emplace_back();
  }
  const uint32_t index = it->second;
  // The manager cube holds what the task contributes: out before the change, back in after.
  RemoveTaskFromManagerCube(facts_, index);
  absl::Status applied = ApplyTask(kind, event, facts_.tasks[index]);
  AddTaskToManagerCube(facts_, index);
  return applied;
}

absl::Status FactFolder::ApplyTask(int kind, const EnvelopeView& event, TaskFacts& task) {
  switch (kind) {
    case kTaskCreated: {
      v1::TaskCreated& created = Reused<v1::TaskCreated>();
      RETURN_IF_ERROR(event.UnpackTo(&created));
      task.assignee = facts_.symbols.Intern(created.task().assignee());
      task.due_time = created.task().due_time().seconds();
      task.state = v1::TASK_STATE_OPEN;
      break;
    }
    case kTaskUpdated: {
      v1::TaskUpdated& updated = Reused<v1::TaskUpdated>();
      RETURN_IF_ERROR(event.UnpackTo(&updated));
      if (HasPath(updated.paths(), "due_time")) {
        task.due_time = updated.changes().due_time().seconds();
      }
      if (HasPath(updated.paths(), "assignee")) {
        task.assignee = facts_.symbols.Intern(updated.changes().assignee());
      }
      break;
    }
    case kTaskReassigned: {
      v1::TaskReassigned& reassigned = Reused<v1::TaskReassigned>();
      RETURN_IF_ERROR(event.UnpackTo(&reassigned));
      task.assignee = facts_.symbols.Intern(reassigned.assignee());
      break;
    }
    case kTaskCompleted:
      task.state = v1::TASK_STATE_DONE;
      task.complete_time = event.occurred_at_seconds;
      break;
    case kTaskCancelled:
      task.state = v1::TASK_STATE_CANCELLED;
      break;
    case kTaskReopened:
      task.state = v1::TASK_STATE_OPEN;
      task.complete_time = 0;
      break;
  }
  return absl::OkStatus();
}

absl::Status FactFolder::ApplyAnalytics(int kind, const EnvelopeView& event) {
  switch (kind) {
    case kSettingsChanged: {
      v1::AnalyticsSettingsChanged& changed = Reused<v1::AnalyticsSettingsChanged>();
      RETURN_IF_ERROR(event.UnpackTo(&changed));
      facts_.settings = changed.settings();
      // Stage steps and the time zone of months may have changed.
      RebuildFunnelCubes(facts_);
      RebuildRefusalCube(facts_);
      RebuildClientCube(facts_);
      RebuildSourceCube(facts_);
      RebuildManagerCube(facts_);
      if (!defer_client_indexes_) RebuildLifecycleIndex(facts_);  // the rules may have changed
      facts_.settings_time = event.recorded_at_seconds;
      break;
    }
    case kKpiTargetSet: {
      v1::KpiTargetSet& set = Reused<v1::KpiTargetSet>();
      RETURN_IF_ERROR(event.UnpackTo(&set));
      facts_.kpi_targets[{set.target().employee(), set.target().month()}] = set.target();
      break;
    }
    case kSpendRecorded: {
      v1::ChannelSpendRecorded& recorded = Reused<v1::ChannelSpendRecorded>();
      RETURN_IF_ERROR(event.UnpackTo(&recorded));
      const v1::ChannelSpend& spend = recorded.spend();
      SpendFact fact;
      fact.source = facts_.symbols.Intern(spend.source());
      fact.campaign = facts_.symbols.Intern(spend.campaign());
      fact.month = MonthIndex(spend.month());
      if (fact.month >= 0 && ToMinor(spend.amount(), &fact.amount)) facts_.spend.push_back(fact);
      break;
    }
  }
  return absl::OkStatus();
}

}  // namespace chronicle::analytics
