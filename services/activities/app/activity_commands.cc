// Activity commands: logging (with every reference checked) and the meeting, complaint and
// webinar changes; and the reads of single activities.
#include "absl/strings/match.h"
#include "activities/app/activities_app.h"
#include "activities/domain/events.h"
#include "activities/projection/activities_projection.h"
#include "activities/projection/keys.h"
#include "activities/projection/queries.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/errors/errors.h"
#include "chronicle/projection/state_messages.h"

namespace chronicle::activities {

using aggregate::FromProtoTime;

absl::StatusOr<v1::Activity> ActivitiesApp::RunActivity(
    const v1::Actor& actor, const std::string& name,
    const aggregate::Decision<ActivityState>& decide) {
  ASSIGN_OR_RETURN(std::string id, aggregate::ParseResourceId(name, kActivityPrefix, "name"));
  ASSIGN_OR_RETURN(
      auto written,
      runner_.Run<ActivityState>(
          MakeStream(kActivityStream, id), actor, "",
          [&](const ActivityState& state) -> absl::StatusOr<std::vector<v1::EventEnvelope>> {
            if (!state.exists()) return absl::NotFoundError(absl::StrCat(name, " not found"));
            return decide(state);
          }));
  return written.state.activity;
}

absl::StatusOr<v1::Activity> ActivitiesApp::LogActivity(const v1::Actor& actor,
                                                        const v1::LogActivityRequest& request) {
  LogActivityCommand command;
  command.input = request.activity();
  command.now = runner_.Now();
  if (request.has_update_last_contact())
    command.update_last_contact = request.update_last_contact();
  // Every field problem at once, before any lookup.
  const std::vector<errors::FieldViolation> problems =
      CheckActivityFields(command.input, command.now);
  if (!problems.empty()) return errors::InvalidArgument(problems);
  v1::Activity& in = command.input;
  if (in.employee().empty()) {
    in.set_employee(actor.user_id());
    ASSIGN_OR_RETURN(EmployeeState caller, LoadEmployee(actor.user_id()));
    command.department = caller.employee.department();  // callers need not be in the directory
  } else {
    ASSIGN_OR_RETURN(v1::Employee employee, RequireEmployee(in.employee(), "activity.employee"));
    command.department = employee.department();
  }
  if (in.has_meeting()) {
    for (int i = 0; i < in.meeting().participants_size(); ++i) {
      RETURN_IF_ERROR(RequireEmployee(in.meeting().participants(i),
                                      absl::StrCat("activity.meeting.participants[", i, "]"))
                          .status());
    }
  }
  ASSIGN_OR_RETURN(std::string client, ResolveClient(in.client(), "activity.client"));
  in.set_client(client);
  if (!in.company().empty()) RETURN_IF_ERROR(CheckCompany(in.company(), "activity.company"));
  if (!in.deal().empty()) RETURN_IF_ERROR(CheckDeal(in.deal(), "activity.deal"));
  ActivityTypesState types;
  if (in.has_custom() && absl::StartsWith(in.custom().type(), kActivityTypePrefix)) {
    ASSIGN_OR_RETURN(types, runner_.Load<ActivityTypesState>(
                                MakeStream(kActivityTypesStream, kWorkspaceStreamId)));
    command.custom_type = types.Find(IdOf(in.custom().type()));
  }
  const std::string id = request.request_id().empty()
                             ? aggregate::NewAggregateId()
                             : aggregate::DerivedId("activity", request.request_id());
  const std::string command_id =
      request.request_id().empty() ? "" : absl::StrCat("log-activity:", request.request_id());
  ASSIGN_OR_RETURN(
      auto written,
      runner_.Run<ActivityState>(
          MakeStream(kActivityStream, id), actor, command_id,
          [&](const ActivityState& state) -> absl::StatusOr<std::vector<v1::EventEnvelope>> {
            // A retried log finds its own activity and returns it.
            if (state.exists() && !command_id.empty() && state.created_by_command == command_id) {
              return std::vector<v1::EventEnvelope>();
            }
            return DecideLogActivity(state, command);
          }));
  return written.state.activity;
}

absl::StatusOr<v1::Activity> ActivitiesApp::GetActivity(const v1::GetActivityRequest& request) {
  ASSIGN_OR_RETURN(std::string id,
                   aggregate::ParseResourceId(request.name(), kActivityPrefix, "name"));
  const absl::Time as_of =
      request.has_read_time() ? FromProtoTime(request.read_time()) : absl::InfiniteFuture();
  ASSIGN_OR_RETURN(ActivityState state,
                   runner_.Load<ActivityState>(MakeStream(kActivityStream, id), as_of));
  if (!state.exists()) return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  return state.activity;
}

absl::StatusOr<v1::Activity> ActivitiesApp::RescheduleMeeting(
    const v1::Actor& actor, const v1::RescheduleMeetingRequest& request) {
  v1::Activity changes;
  v1::MeetingDetails* meeting = changes.mutable_meeting();
  if (request.has_start_time()) *meeting->mutable_start_time() = request.start_time();
  if (request.has_end_time()) *meeting->mutable_end_time() = request.end_time();
  meeting->set_place(request.place());
  return RunActivity(actor, request.name(), [&](const ActivityState& state) {
    return DecideRescheduleMeeting(state, changes, request.etag());
  });
}

absl::StatusOr<v1::Activity> ActivitiesApp::HoldMeeting(const v1::Actor& actor,
                                                        const v1::HoldMeetingRequest& request) {
  std::optional<absl::Time> time;
  if (request.has_time()) time = FromProtoTime(request.time());
  return RunActivity(actor, request.name(), [&](const ActivityState& state) {
    return DecideHoldMeeting(state, request.outcome(), time, runner_.Now(), request.etag());
  });
}

absl::StatusOr<v1::Activity> ActivitiesApp::CancelMeeting(const v1::Actor& actor,
                                                          const v1::CancelMeetingRequest& request) {
  return RunActivity(actor, request.name(), [&](const ActivityState& state) {
    return DecideCancelMeeting(state, request.reason(), request.etag());
  });
}

absl::StatusOr<v1::Activity> ActivitiesApp::ResolveComplaint(
    const v1::Actor& actor, const v1::ResolveComplaintRequest& request) {
  return RunActivity(actor, request.name(), [&](const ActivityState& state) {
    return DecideResolveComplaint(state, request.resolution(), request.etag());
  });
}

absl::StatusOr<v1::Activity> ActivitiesApp::RecordWebinarAttendance(
    const v1::Actor& actor, const v1::RecordWebinarAttendanceRequest& request) {
  const absl::Time time = request.has_time() ? FromProtoTime(request.time()) : runner_.Now();
  return RunActivity(actor, request.name(), [&](const ActivityState& state) {
    return DecideRecordWebinarAttendance(state, time);
  });
}

absl::Status ActivitiesApp::ListTimeline(const v1::ListTimelineRequest& request,
                                         v1::ListTimelineResponse* response) {
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kActivitiesProjection));
  const std::string& parent = request.parent();
  std::vector<std::string> subjects;
  if (absl::StartsWith(parent, kClientPrefix)) {
    ASSIGN_OR_RETURN(subjects, ClientSubjects(*view, parent));
  } else if (absl::StartsWith(parent, kCompanyPrefix) || absl::StartsWith(parent, kDealPrefix)) {
    const bool company = absl::StartsWith(parent, kCompanyPrefix);
    const std::string id = IdOf(parent);
    ASSIGN_OR_RETURN(std::optional<std::string> found,
                     view->Get(company ? keys::Company(id) : keys::Deal(id)));
    if (!found) return absl::NotFoundError(absl::StrCat(parent, " not found"));
    subjects = {company ? keys::CompanySubject(id) : keys::DealSubject(id)};
  } else {
    return errors::InvalidArgument(
        {{"parent", "clients/{client}, companies/{company} or deals/{deal}"}});
  }
  return activities::ListTimeline(*view, subjects, request, response);
}

absl::StatusOr<v1::ClientEngagement> ActivitiesApp::GetClientEngagement(
    const v1::GetClientEngagementRequest& request) {
  if (!absl::StartsWith(request.client(), kClientPrefix)) {
    return errors::InvalidArgument({{"client", "clients/{client}"}});
  }
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kActivitiesProjection));
  return activities::GetClientEngagement(*view, request.client(), request.recent_days(),
                                         runner_.Now());
}

absl::Status ActivitiesApp::ListCalendar(const v1::ListCalendarRequest& request,
                                         v1::ListCalendarResponse* response) {
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kActivitiesProjection));
  return activities::ListCalendar(*view, request, response);
}

}  // namespace chronicle::activities
