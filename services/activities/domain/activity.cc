#include "activities/domain/activity.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "activities/domain/events.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/base/status_macros.h"
#include "deals/domain/money.h"

namespace chronicle::activities {
namespace {

using Events = std::vector<v1::EventEnvelope>;
using aggregate::FromProtoTime;
using aggregate::ToProtoTime;

constexpr size_t kMaxCommentBytes = 10000;
constexpr size_t kMaxTextBytes = 1000;
// Clocks of telephony and mail systems drift; a fact "from the future" beyond this is a mistake.
constexpr absl::Duration kFutureSlack = absl::Minutes(10);

constexpr const char* kBuiltInKinds[] = {"call",     "meeting",   "email",   "message", "note",
                                         "purchase", "complaint", "webinar", "form",    "nps"};

bool IsHttpUri(const std::string& uri) {
  return absl::StartsWith(uri, "https://") || absl::StartsWith(uri, "http://");
}

int DetailsCount(const v1::Activity& a) {
  return (a.details_case() != v1::Activity::DETAILS_NOT_SET) + (a.note() ? 1 : 0);
}

void CheckCall(const v1::CallDetails& call, std::vector<errors::FieldViolation>* out) {
  if (call.direction() == v1::DIRECTION_UNSPECIFIED) {
    out->push_back({"activity.call.direction", "required: INBOUND or OUTBOUND"});
  }
  if (call.outcome() == v1::CALL_OUTCOME_UNSPECIFIED) {
    out->push_back(
        {"activity.call.outcome", "required: AGREED, REFUSED, NO_ANSWER, MISSED or BUSY"});
  } else if (call.outcome() == v1::CALL_OUTCOME_MISSED &&
             call.direction() == v1::DIRECTION_OUTBOUND) {
    out->push_back(
        {"activity.call.outcome", "MISSED is for inbound calls; NO_ANSWER for outbound"});
  }
  if (call.duration().seconds() < 0 || call.duration().seconds() > 24 * 3600) {
    out->push_back({"activity.call.duration", "0 to 24 hours"});
  }
  if (!call.recording_uri().empty() && !IsHttpUri(call.recording_uri())) {
    out->push_back({"activity.call.recording_uri", "an http(s) link"});
  }
}

void CheckMeeting(const v1::MeetingDetails& meeting, std::vector<errors::FieldViolation>* out) {
  if (meeting.state() == v1::MEETING_STATE_CANCELLED) {
    out->push_back({"activity.meeting.state", "PLANNED or HELD; cancel through CancelMeeting"});
  }
  if (!meeting.has_start_time()) out->push_back({"activity.meeting.start_time", "required"});
  if (meeting.has_end_time() &&
      FromProtoTime(meeting.end_time()) < FromProtoTime(meeting.start_time())) {
    out->push_back({"activity.meeting.end_time", "before start_time"});
  }
  if (meeting.participants_size() > 50) {
    out->push_back({"activity.meeting.participants", "at most 50"});
  }
  if (!meeting.outcome().empty() || !meeting.cancel_reason().empty()) {
    out->push_back(
        {"activity.meeting.outcome", "output only: set by HoldMeeting or CancelMeeting"});
  }
}

void CheckPurchase(const v1::PurchaseDetails& purchase, std::vector<errors::FieldViolation>* out) {
  if (!purchase.has_amount() && purchase.items().empty()) {
    out->push_back({"activity.purchase.amount", "required (or items with prices)"});
  }
  if (purchase.has_amount()) {
    const std::string problem = deals::MoneyProblem(purchase.amount());
    if (!problem.empty()) out->push_back({"activity.purchase.amount", problem});
  }
  for (int i = 0; i < purchase.items_size(); ++i) {
    const v1::PurchaseItem& item = purchase.items(i);
    const std::string at = absl::StrCat("activity.purchase.items[", i, "]");
    if (item.name().empty() && item.sku().empty()) out->push_back({at + ".name", "name or sku"});
    if (!(item.quantity() > 0)) out->push_back({at + ".quantity", "more than 0"});
    if (!item.has_price()) {
      if (!purchase.has_amount()) out->push_back({at + ".price", "required without an amount"});
      continue;
    }
    const std::string problem = deals::MoneyProblem(item.price());
    if (!problem.empty()) {
      out->push_back({at + ".price", problem});
    } else if (purchase.has_amount() &&
               item.price().currency_code() != purchase.amount().currency_code()) {
      out->push_back({at + ".price", "in another currency than the amount"});
    } else if (i > 0 && purchase.items(0).has_price() &&
               item.price().currency_code() != purchase.items(0).price().currency_code()) {
      out->push_back({at + ".price", "in another currency than the first item"});
    }
  }
}

// What the amount of a purchase is: as given, or the sum of its items.
v1::Money PurchaseAmount(const v1::PurchaseDetails& purchase) {
  if (purchase.has_amount()) return purchase.amount();
  deals::Nanos sum = 0;
  for (const v1::PurchaseItem& item : purchase.items()) {
    sum += deals::ToNanos(deals::Times(item.price(), item.quantity()));
  }
  return deals::FromNanos(purchase.items(0).price().currency_code(), sum);
}

bool CountsByDefault(const v1::Activity& a, const v1::ActivityType* custom_type) {
  switch (a.details_case()) {
    case v1::Activity::kCall:
      return a.call().outcome() == v1::CALL_OUTCOME_AGREED ||
             a.call().outcome() == v1::CALL_OUTCOME_REFUSED;
    case v1::Activity::kMeeting:
      return a.meeting().state() == v1::MEETING_STATE_HELD;
    case v1::Activity::kWebinar:
      return false;  // a registration; attending counts
    case v1::Activity::kCustom:
      return custom_type != nullptr && custom_type->counts_as_contact();
    case v1::Activity::DETAILS_NOT_SET:
      return false;  // a note
    default:
      return true;
  }
}

absl::Status RequireKind(const ActivityState& state, v1::ActivityKind kind, const char* what) {
  if (!state.exists()) return absl::NotFoundError("activity not found");
  if (state.activity.kind() != kind) {
    return absl::FailedPreconditionError(absl::StrCat(state.activity.name(), " is not a ", what));
  }
  return absl::OkStatus();
}

absl::Status RequirePlanned(const ActivityState& state) {
  RETURN_IF_ERROR(RequireKind(state, v1::ACTIVITY_KIND_MEETING, "meeting"));
  if (state.activity.meeting().state() != v1::MEETING_STATE_PLANNED) {
    return absl::FailedPreconditionError(absl::StrCat(
        state.activity.name(), " is ",
        state.activity.meeting().state() == v1::MEETING_STATE_HELD ? "held" : "cancelled",
        " already; only a planned meeting can change"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string KindName(const v1::Activity& activity) {
  if (activity.details_case() == v1::Activity::kCustom) return IdOf(activity.custom().type());
  if (activity.details_case() == v1::Activity::DETAILS_NOT_SET) return "note";
  // ACTIVITY_KIND_CALL -> "call"
  const std::string& full = v1::ActivityKind_Name(activity.kind());
  return absl::AsciiStrToLower(full.substr(sizeof("ACTIVITY_KIND_") - 1));
}

bool IsReservedKindName(absl::string_view name) {
  for (const char* kind : kBuiltInKinds) {
    if (name == kind) return true;
  }
  return name == "task" || name == "deal" || name == "contact" || name == "notification";
}

bool IsContactKindName(absl::string_view name) {
  for (const char* kind : kBuiltInKinds) {
    if (name == kind) return name != "note";
  }
  return false;
}

absl::Status Evolve(const v1::EventEnvelope& event, ActivityState* state) {
  state->version = event.stream_version();
  v1::Activity& a = state->activity;
  if (Is<v1::ActivityLogged>(event)) {
    v1::ActivityLogged logged;
    RETURN_IF_ERROR(Unpack(event, &logged));
    a = logged.activity();
    a.set_name(absl::StrCat(kActivityPrefix, event.stream().id()));
    *a.mutable_create_time() = event.recorded_at();
    a.set_create_user(event.actor().user_id());
    state->created_by_command = event.command_id();
  } else if (Is<v1::MeetingRescheduled>(event)) {
    v1::MeetingRescheduled moved;
    RETURN_IF_ERROR(Unpack(event, &moved));
    *a.mutable_meeting()->mutable_start_time() = moved.start_time();
    if (moved.has_end_time()) *a.mutable_meeting()->mutable_end_time() = moved.end_time();
    if (!moved.place().empty()) a.mutable_meeting()->set_place(moved.place());
  } else if (Is<v1::MeetingHeld>(event)) {
    v1::MeetingHeld held;
    RETURN_IF_ERROR(Unpack(event, &held));
    a.mutable_meeting()->set_state(v1::MEETING_STATE_HELD);
    a.mutable_meeting()->set_outcome(held.outcome());
    *a.mutable_occur_time() = held.time();
    a.set_counts_as_contact(true);
  } else if (Is<v1::MeetingCancelled>(event)) {
    v1::MeetingCancelled cancelled;
    RETURN_IF_ERROR(Unpack(event, &cancelled));
    a.mutable_meeting()->set_state(v1::MEETING_STATE_CANCELLED);
    a.mutable_meeting()->set_cancel_reason(cancelled.reason());
  } else if (Is<v1::ComplaintResolved>(event)) {
    v1::ComplaintResolved resolved;
    RETURN_IF_ERROR(Unpack(event, &resolved));
    v1::ComplaintDetails* complaint = a.mutable_complaint();
    complaint->set_resolved(true);
    complaint->set_resolution(resolved.resolution());
    *complaint->mutable_resolve_time() = event.occurred_at();
    complaint->set_resolved_by(event.actor().user_id());
  } else if (Is<v1::WebinarAttended>(event)) {
    v1::WebinarAttended attended;
    RETURN_IF_ERROR(Unpack(event, &attended));
    a.mutable_webinar()->set_attended(true);
    *a.mutable_webinar()->mutable_attend_time() = attended.time();
    a.set_counts_as_contact(true);
  }
  *a.mutable_update_time() = event.recorded_at();
  a.set_etag(absl::StrCat(state->version));
  return absl::OkStatus();
}

std::vector<errors::FieldViolation> CheckActivityFields(const v1::Activity& a, absl::Time now) {
  std::vector<errors::FieldViolation> out;
  if (a.client().empty()) out.push_back({"activity.client", "required: clients/{client}"});
  if (DetailsCount(a) != 1) {
    out.push_back({"activity.details",
                   "exactly one of call, meeting, email, message, purchase, complaint, webinar, "
                   "form, nps, custom, or note = true"});
  }
  if (a.comment().size() > kMaxCommentBytes)
    out.push_back({"activity.comment", "at most 10000 bytes"});
  if (a.note() && a.comment().empty()) out.push_back({"activity.comment", "a note needs its text"});
  if (a.has_occur_time() && FromProtoTime(a.occur_time()) > now + kFutureSlack) {
    out.push_back({"activity.occur_time",
                   "in the future: log what happened (plan a meeting or a task instead)"});
  }
  switch (a.details_case()) {
    case v1::Activity::kCall:
      CheckCall(a.call(), &out);
      break;
    case v1::Activity::kMeeting:
      CheckMeeting(a.meeting(), &out);
      break;
    case v1::Activity::kEmail:
      if (a.email().direction() == v1::DIRECTION_UNSPECIFIED) {
        out.push_back({"activity.email.direction", "required: INBOUND or OUTBOUND"});
      }
      if (a.email().subject().size() > kMaxTextBytes)
        out.push_back({"activity.email.subject", "at most 1000 bytes"});
      break;
    case v1::Activity::kMessage:
      if (a.message().direction() == v1::DIRECTION_UNSPECIFIED) {
        out.push_back({"activity.message.direction", "required: INBOUND or OUTBOUND"});
      }
      if (a.message().channel().empty())
        out.push_back({"activity.message.channel", "required (telegram, sms, ...)"});
      break;
    case v1::Activity::kPurchase:
      CheckPurchase(a.purchase(), &out);
      break;
    case v1::Activity::kComplaint:
      if (a.complaint().subject().empty())
        out.push_back({"activity.complaint.subject", "required"});
      if (a.complaint().resolved())
        out.push_back({"activity.complaint.resolved", "output only: use ResolveComplaint"});
      break;
    case v1::Activity::kWebinar:
      if (a.webinar().webinar().empty()) out.push_back({"activity.webinar.webinar", "required"});
      break;
    case v1::Activity::kForm:
      if (a.form().form().empty()) out.push_back({"activity.form.form", "required"});
      break;
    case v1::Activity::kNps:
      if (a.nps().score() < 0 || a.nps().score() > 10)
        out.push_back({"activity.nps.score", "0..10"});
      break;
    case v1::Activity::kCustom:
      if (a.custom().type().empty())
        out.push_back({"activity.custom.type", "required: activityTypes/{id}"});
      break;
    case v1::Activity::DETAILS_NOT_SET:
      break;
  }
  return out;
}

absl::StatusOr<Events> DecideLogActivity(const ActivityState& state,
                                         const LogActivityCommand& command) {
  std::vector<errors::FieldViolation> problems = CheckActivityFields(command.input, command.now);
  const v1::Activity& in = command.input;
  if (in.details_case() == v1::Activity::kCustom &&
      (command.custom_type == nullptr || command.custom_type->retired())) {
    problems.push_back({"activity.custom.type",
                        absl::StrCat(in.custom().type(),
                                     command.custom_type ? " is retired" : " does not exist")});
  }
  if (!problems.empty()) return errors::InvalidArgument(problems);
  if (state.exists()) {
    return absl::AlreadyExistsError(absl::StrCat(state.activity.name(), " exists"));
  }
  v1::ActivityLogged logged;
  v1::Activity& a = *logged.mutable_activity();
  a = in;
  a.clear_name();
  a.clear_etag();
  a.clear_create_time();
  a.clear_update_time();
  a.clear_create_user();
  a.set_department(command.department);
  if (!a.has_occur_time()) *a.mutable_occur_time() = ToProtoTime(command.now);
  switch (a.details_case()) {
    case v1::Activity::kCall:
      a.set_kind(v1::ACTIVITY_KIND_CALL);
      break;
    case v1::Activity::kMeeting:
      a.set_kind(v1::ACTIVITY_KIND_MEETING);
      if (a.meeting().state() == v1::MEETING_STATE_UNSPECIFIED) {
        // Arranged for later, or logged after it took place.
        a.mutable_meeting()->set_state(FromProtoTime(a.meeting().start_time()) > command.now
                                           ? v1::MEETING_STATE_PLANNED
                                           : v1::MEETING_STATE_HELD);
      }
      break;
    case v1::Activity::kEmail:
      a.set_kind(v1::ACTIVITY_KIND_EMAIL);
      break;
    case v1::Activity::kMessage:
      a.set_kind(v1::ACTIVITY_KIND_MESSAGE);
      break;
    case v1::Activity::kPurchase:
      a.set_kind(v1::ACTIVITY_KIND_PURCHASE);
      *a.mutable_purchase()->mutable_amount() = PurchaseAmount(a.purchase());
      break;
    case v1::Activity::kComplaint:
      a.set_kind(v1::ACTIVITY_KIND_COMPLAINT);
      break;
    case v1::Activity::kWebinar:
      a.set_kind(v1::ACTIVITY_KIND_WEBINAR);
      a.mutable_webinar()->clear_attended();
      a.mutable_webinar()->clear_attend_time();
      break;
    case v1::Activity::kForm:
      a.set_kind(v1::ACTIVITY_KIND_FORM);
      break;
    case v1::Activity::kNps: {
      a.set_kind(v1::ACTIVITY_KIND_NPS);
      const int score = a.nps().score();
      a.mutable_nps()->set_category(score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor");
      break;
    }
    case v1::Activity::kCustom:
      a.set_kind(v1::ACTIVITY_KIND_CUSTOM);
      break;
    case v1::Activity::DETAILS_NOT_SET:
      a.set_kind(v1::ACTIVITY_KIND_NOTE);
      break;
  }
  a.set_counts_as_contact(
      command.update_last_contact.value_or(CountsByDefault(a, command.custom_type)));
  return Events{NewClientEvent(logged, a.client())};
}

absl::StatusOr<Events> DecideRescheduleMeeting(const ActivityState& state,
                                               const v1::Activity& changes,
                                               const std::string& etag) {
  RETURN_IF_ERROR(RequirePlanned(state));
  RETURN_IF_ERROR(CheckEtag(etag, state.version));
  const v1::MeetingDetails& m = changes.meeting();
  std::vector<errors::FieldViolation> problems;
  if (!m.has_start_time()) problems.push_back({"start_time", "required"});
  if (m.has_end_time() && FromProtoTime(m.end_time()) < FromProtoTime(m.start_time())) {
    problems.push_back({"end_time", "before start_time"});
  }
  if (!problems.empty()) return errors::InvalidArgument(problems);
  v1::MeetingRescheduled moved;
  *moved.mutable_start_time() = m.start_time();
  if (m.has_end_time()) *moved.mutable_end_time() = m.end_time();
  moved.set_place(m.place());
  return Events{NewClientEvent(moved, state.activity.client())};
}

absl::StatusOr<Events> DecideHoldMeeting(const ActivityState& state, const std::string& outcome,
                                         std::optional<absl::Time> time, absl::Time now,
                                         const std::string& etag) {
  RETURN_IF_ERROR(RequirePlanned(state));
  RETURN_IF_ERROR(CheckEtag(etag, state.version));
  const absl::Time when =
      time.value_or(std::min(now, FromProtoTime(state.activity.meeting().start_time())));
  if (when > now + kFutureSlack) {
    return errors::InvalidArgument(
        {{"time", "in the future: a meeting is held when it took place"}});
  }
  if (outcome.size() > kMaxCommentBytes)
    return errors::InvalidArgument({{"outcome", "at most 10000 bytes"}});
  v1::MeetingHeld held;
  held.set_client(state.activity.client());
  *held.mutable_time() = ToProtoTime(when);
  held.set_outcome(outcome);
  return Events{NewClientEvent(held, state.activity.client())};
}

absl::StatusOr<Events> DecideCancelMeeting(const ActivityState& state, const std::string& reason,
                                           const std::string& etag) {
  RETURN_IF_ERROR(RequirePlanned(state));
  RETURN_IF_ERROR(CheckEtag(etag, state.version));
  v1::MeetingCancelled cancelled;
  cancelled.set_reason(reason);
  return Events{NewClientEvent(cancelled, state.activity.client())};
}

absl::StatusOr<Events> DecideResolveComplaint(const ActivityState& state,
                                              const std::string& resolution,
                                              const std::string& etag) {
  RETURN_IF_ERROR(RequireKind(state, v1::ACTIVITY_KIND_COMPLAINT, "complaint"));
  RETURN_IF_ERROR(CheckEtag(etag, state.version));
  if (state.activity.complaint().resolved()) {
    return absl::FailedPreconditionError(
        absl::StrCat(state.activity.name(), " is resolved already"));
  }
  if (resolution.empty() || resolution.size() > kMaxCommentBytes) {
    return errors::InvalidArgument({{"resolution", "required, at most 10000 bytes"}});
  }
  v1::ComplaintResolved resolved;
  resolved.set_resolution(resolution);
  return Events{NewClientEvent(resolved, state.activity.client())};
}

absl::StatusOr<Events> DecideRecordWebinarAttendance(const ActivityState& state, absl::Time time) {
  RETURN_IF_ERROR(RequireKind(state, v1::ACTIVITY_KIND_WEBINAR, "webinar registration"));
  if (state.activity.webinar().attended()) return Events();
  v1::WebinarAttended attended;
  attended.set_client(state.activity.client());
  *attended.mutable_time() = ToProtoTime(time);
  return Events{NewClientEvent(attended, state.activity.client())};
}

}  // namespace chronicle::activities
