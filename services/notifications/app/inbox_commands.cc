// Employees' in-app notifications, messages to clients and their deliveries, NPS answers.
#include "absl/strings/str_cat.h"
#include "activities/domain/employee.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/errors/errors.h"
#include "chronicle/server/auth.h"
#include "notifications/app/notifications_app.h"
#include "notifications/domain/events.h"
#include "notifications/projection/keys.h"
#include "notifications/projection/notifications_projection.h"
#include "notifications/projection/schedule.h"

namespace chronicle::notifications {
namespace {

constexpr int kMaxComment = 4000;
constexpr size_t kMaxMarkedAtOnce = 1000;

}  // namespace

absl::Status NotificationsApp::ListNotifications(const v1::Actor& actor,
                                                 const v1::ListNotificationsRequest& request,
                                                 v1::ListNotificationsResponse* response) {
  std::string recipient = actor.user_id();
  if (!request.parent().empty()) {
    ASSIGN_OR_RETURN(recipient, activities::ParseEmployeeName(request.parent(), "parent"));
    if (recipient != actor.user_id() && actor.role() != server::kAdminRole) {
      return absl::PermissionDeniedError("only admins read another employee's notifications");
    }
  }
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kNotificationsProjection));
  NotificationsReader reader(*view);
  return reader.ListInbox(recipient, request.unread_only(),
                          {request.page_size(), request.page_token()}, response);
}

absl::Status NotificationsApp::MarkNotificationsRead(
    const v1::Actor& actor, const v1::MarkNotificationsReadRequest& request,
    v1::MarkNotificationsReadResponse* response) {
  if (request.names().empty() == !request.all_unread()) {
    return errors::InvalidArgument({{"names", "give names or all_unread, one of the two"}});
  }
  if (static_cast<size_t>(request.names_size()) > kMaxMarkedAtOnce) {
    return errors::InvalidArgument({{"names", "at most 1000"}});
  }
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kNotificationsProjection));
  NotificationsReader reader(*view);
  std::vector<v1::Notification> targets;
  if (request.all_unread()) {
    ASSIGN_OR_RETURN(targets, reader.UnreadOldestFirst(actor.user_id(), kMaxMarkedAtOnce));
  }
  for (int i = 0; i < request.names_size(); ++i) {
    const std::string field = absl::StrCat("names[", i, "]");
    ASSIGN_OR_RETURN(std::string id,
                     aggregate::ParseResourceId(request.names(i), kNotificationPrefix, field));
    ASSIGN_OR_RETURN(auto notification, reader.Notification(id));
    // Someone else's notification is as good as absent: its existence is not the caller's.
    if (!notification || notification->recipient() != actor.user_id()) {
      return absl::NotFoundError(absl::StrCat(request.names(i), " not found"));
    }
    if (!notification->read()) targets.push_back(*notification);
  }
  std::vector<eventlog::AppendRequest> appends;
  for (const v1::Notification& notification : targets) {
    std::vector<v1::EventEnvelope> events{NewClientEvent(v1::NotificationRead(), "")};
    // Version 1 is the notification's creation: a second "read" finds version 2 and is dropped.
    appends.push_back(
        runner_.MakeRequest(MakeStream(kNotificationStream, IdOf(notification.name())),
                            eventlog::ExpectedVersion::Exact(1), actor, "", &events));
  }
  uint64_t last = 0;
  int marked = 0;
  for (auto& result : runner_.AppendAll(std::move(appends))) {
    if (absl::IsAborted(result.status())) continue;
    RETURN_IF_ERROR(result.status());
    last = std::max(last, result->last_position);
    ++marked;
  }
  if (last > 0) runner_.AwaitProjection(last);
  ASSIGN_OR_RETURN(auto after, runner_.engine().View(kNotificationsProjection));
  NotificationsReader fresh(*after);
  ASSIGN_OR_RETURN(int64_t unread, fresh.UnreadCount(actor.user_id()));
  response->set_marked(marked);
  response->set_unread_count(unread);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::Notification>> NotificationsApp::UnreadBacklog(
    const std::string& recipient) {
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kNotificationsProjection));
  NotificationsReader reader(*view);
  return reader.UnreadOldestFirst(recipient, kMaxMarkedAtOnce);
}

absl::StatusOr<v1::Delivery> NotificationsApp::SendClientMessage(
    const v1::Actor& actor, const v1::SendClientMessageRequest& request) {
  std::vector<errors::FieldViolation> violations;
  if (!absl::StartsWith(request.client(), kClientPrefix)) {
    violations.push_back({"client", "required: clients/{id}"});
  }
  if (request.channel() != v1::MESSAGE_CHANNEL_EMAIL) {
    violations.push_back({"channel", "required: MESSAGE_CHANNEL_EMAIL"});
  }
  ASSIGN_OR_RETURN(auto client_bytes, runner_.ReadCaughtUp(keys::Client(IdOf(request.client()))));
  if (violations.empty() && !client_bytes) {
    violations.push_back({"client", absl::StrCat("unknown client '", request.client(), "'")});
  }
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kNotificationsProjection));
  NotificationsReader reader(*view);
  ASSIGN_OR_RETURN(auto tmpl, reader.Template(IdOf(request.template_())));
  if (!absl::StartsWith(request.template_(), kTemplatePrefix) || !tmpl) {
    violations.push_back(
        {"template", absl::StrCat("unknown template '", request.template_(), "'")});
  } else if (tmpl->email().body().empty()) {
    violations.push_back({"template", absl::StrCat(request.template_(), " has no e-mail content")});
  }
  if (!violations.empty()) return errors::InvalidArgument(violations);

  v1::Job job;
  job.set_id(request.request_id().empty() ? aggregate::NewAggregateId()
                                          : JobId("message", request.request_id()));
  job.mutable_context()->set_client(request.client());
  ASSIGN_OR_RETURN(v1::Delivery delivery, ClientMessage(job, request.template_(), false, reader));
  ASSIGN_OR_RETURN(uint64_t position, QueueDelivery(job, delivery, 0, &actor));
  if (position > 0) runner_.AwaitProjection(position);
  v1::GetDeliveryRequest get;
  get.set_name(absl::StrCat(kDeliveryPrefix, job.id()));
  return GetDelivery(get);
}

absl::StatusOr<v1::Delivery> NotificationsApp::GetDelivery(const v1::GetDeliveryRequest& request) {
  ASSIGN_OR_RETURN(std::string id,
                   aggregate::ParseResourceId(request.name(), kDeliveryPrefix, "name"));
  ASSIGN_OR_RETURN(auto stored, runner_.ReadCaughtUp(keys::Delivery(id)));
  v1::Delivery delivery;
  if (!stored || !delivery.ParseFromString(*stored)) {
    return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  }
  return delivery;
}

absl::Status NotificationsApp::ListDeliveries(const v1::ListDeliveriesRequest& request,
                                              v1::ListDeliveriesResponse* response) {
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kNotificationsProjection));
  NotificationsReader reader(*view);
  return reader.ListDeliveries(request.filter(), {request.page_size(), request.page_token()},
                               response);
}

absl::StatusOr<v1::Delivery> NotificationsApp::ReplayDelivery(
    const v1::Actor& actor, const v1::ReplayDeliveryRequest& request) {
  v1::GetDeliveryRequest get;
  get.set_name(request.name());
  ASSIGN_OR_RETURN(v1::Delivery delivery, GetDelivery(get));
  if (delivery.state() != v1::DELIVERY_STATE_DEAD_LETTER) {
    return errors::FailedPrecondition(
        absl::StrCat(request.name(), " is not a dead letter"),
        {{"DELIVERY_STATE", request.name(), v1::DeliveryState_Name(delivery.state())}});
  }
  uint64_t version = 0;
  (void)absl::SimpleAtoi(delivery.etag(), &version);
  v1::DeliveryReplayed replayed;
  replayed.set_reason(request.reason());
  std::vector<v1::EventEnvelope> events{NewClientEvent(replayed, delivery.client())};
  ASSIGN_OR_RETURN(auto result,
                   runner_.Append(MakeStream(kDeliveryStream, IdOf(delivery.name())),
                                  eventlog::ExpectedVersion::Exact(version), actor, "", &events));
  runner_.AwaitProjection(result.last_position);
  return GetDelivery(get);
}

absl::Status NotificationsApp::ListDeliveryEvents(const v1::ListDeliveryEventsRequest& request,
                                                  v1::ListDeliveryEventsResponse* response) {
  ASSIGN_OR_RETURN(std::string id,
                   aggregate::ParseResourceId(request.name(), kDeliveryPrefix, "name"));
  return runner_.PageStream(MakeStream(kDeliveryStream, id), request.name(), request.page_size(),
                            request.page_token(), response->mutable_events(),
                            response->mutable_next_page_token());
}

absl::StatusOr<v1::Survey> NotificationsApp::SubmitNpsAnswer(
    const v1::Actor& actor, const v1::SubmitNpsAnswerRequest& request) {
  std::vector<errors::FieldViolation> violations;
  if (request.score() < 0 || request.score() > 10) violations.push_back({"score", "0 to 10"});
  if (request.comment().size() > kMaxComment) {
    violations.push_back({"comment", "at most 4000 bytes"});
  }
  auto id = aggregate::ParseResourceId(request.survey(), kSurveyPrefix, "survey");
  if (!id.ok()) violations.push_back({"survey", "required: surveys/{id}"});
  if (!violations.empty()) return errors::InvalidArgument(violations);
  v1::GetSurveyRequest get;
  get.set_name(request.survey());
  ASSIGN_OR_RETURN(v1::Survey survey, GetSurvey(get));
  if (survey.answered()) {
    return errors::FailedPrecondition(absl::StrCat(request.survey(), " is already answered"),
                                      {{"SURVEY_ANSWERED", request.survey(), "one answer each"}});
  }
  v1::NpsAnswerReceived answer;
  answer.set_survey(request.survey());
  answer.set_client(survey.client());
  answer.set_score(request.score());
  answer.set_comment(request.comment());
  *answer.mutable_answer_time() = aggregate::ToProtoTime(runner_.Now());
  ASSIGN_OR_RETURN(uint64_t position, AppendOnce(MakeStream(kSurveyStream, *id),
                                                 NewClientEvent(answer, survey.client()), &actor));
  if (position == 0) {
    return errors::FailedPrecondition(absl::StrCat(request.survey(), " is already answered"),
                                      {{"SURVEY_ANSWERED", request.survey(), "one answer each"}});
  }
  runner_.AwaitProjection(position);
  return GetSurvey(get);
}

absl::StatusOr<v1::Survey> NotificationsApp::GetSurvey(const v1::GetSurveyRequest& request) {
  ASSIGN_OR_RETURN(std::string id,
                   aggregate::ParseResourceId(request.name(), kSurveyPrefix, "name"));
  ASSIGN_OR_RETURN(auto stored, runner_.ReadCaughtUp(keys::Survey(id)));
  v1::Survey survey;
  if (!stored || !survey.ParseFromString(*stored)) {
    return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  }
  return survey;
}

}  // namespace chronicle::notifications
