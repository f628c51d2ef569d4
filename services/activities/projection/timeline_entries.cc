#include "activities/projection/timeline_entries.h"

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "activities/domain/events.h"
#include "activities/projection/keys.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/v1/notifications_events.pb.h"

namespace chronicle::activities {
namespace {

using aggregate::FromProtoTime;

// The message name of an event type: "deals.DealWon" -> "DealWon".
absl::string_view ShortType(const v1::EventEnvelope& event) {
  absl::string_view type = event.event_type();
  const size_t dot = type.rfind('.');
  return dot == absl::string_view::npos ? type : type.substr(dot + 1);
}

std::string Direction(v1::Direction d, const char* in, const char* out) {
  return d == v1::DIRECTION_INBOUND ? in : out;
}

std::string Excerpt(const std::string& text) {
  // At most 80 characters, cut on a UTF-8 boundary.
  size_t bytes = 0, chars = 0;
  while (bytes < text.size() && chars < 80) {
    const unsigned char c = text[bytes];
    bytes += c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    ++chars;
  }
  return bytes >= text.size() ? text : text.substr(0, bytes) + "…";
}

std::string Amount(const v1::Money& money) {
  return absl::StrFormat(
      "%d%s %s", money.units(),
      money.nanos() == 0 ? "" : absl::StrFormat(".%02d", money.nanos() / 10000000),
      money.currency_code());
}

std::string CallOutcome(v1::CallOutcome outcome) {
  switch (outcome) {
    case v1::CALL_OUTCOME_AGREED:
      return "договорились";
    case v1::CALL_OUTCOME_REFUSED:
      return "отказ";
    case v1::CALL_OUTCOME_NO_ANSWER:
      return "не ответил";
    case v1::CALL_OUTCOME_MISSED:
      return "пропущен";
    case v1::CALL_OUTCOME_BUSY:
      return "занято";
    default:
      return "";
  }
}

// "24.11.2026 13:30" in `zone_name`; in UTC, saying so, when the zone is unknown.
std::string LocalTime(const google::protobuf::Timestamp& t, const std::string& zone_name) {
  absl::TimeZone zone;
  if (zone_name.empty() || !absl::LoadTimeZone(zone_name, &zone)) {
    return absl::FormatTime("%d.%m.%Y %H:%M UTC", FromProtoTime(t), absl::UTCTimeZone());
  }
  return absl::FormatTime("%d.%m.%Y %H:%M", FromProtoTime(t), zone);
}

}  // namespace

v1::TimelineEntry EntryFor(const v1::EventEnvelope& event) {
  v1::TimelineEntry entry;
  entry.set_event_id(event.event_id());
  entry.set_position(event.global_position());
  entry.set_event_type(event.event_type());
  *entry.mutable_occur_time() = event.occurred_at();
  entry.set_employee(event.actor().user_id());
  return entry;
}

std::string ActivitySummary(const v1::Activity& a, const v1::EventEnvelope& event,
                            const std::string& zone) {
  const absl::string_view type = ShortType(event);
  if (type == "MeetingRescheduled") {
    return absl::StrCat("Встреча перенесена на ", LocalTime(a.meeting().start_time(), zone));
  }
  if (type == "MeetingHeld")
    return absl::StrCat("Встреча проведена: ", Excerpt(a.meeting().outcome()));
  if (type == "MeetingCancelled") {
    return absl::StrCat("Встреча отменена: ", Excerpt(a.meeting().cancel_reason()));
  }
  if (type == "ComplaintResolved") {
    return absl::StrCat("Жалоба решена: ", Excerpt(a.complaint().resolution()));
  }
  if (type == "WebinarAttended")
    return absl::StrCat("Был на вебинаре «", a.webinar().webinar(), "»");
  switch (a.details_case()) {
    case v1::Activity::kCall: {
      std::string s =
          absl::StrCat("Звонок ", Direction(a.call().direction(), "входящий", "исходящий"), ": ",
                       CallOutcome(a.call().outcome()));
      if (a.call().duration().seconds() > 0) {
        absl::StrAppend(&s, " (", (a.call().duration().seconds() + 59) / 60, " мин)");
      }
      return s;
    }
    case v1::Activity::kMeeting:
      return absl::StrCat(a.meeting().state() == v1::MEETING_STATE_PLANNED
                              ? "Встреча запланирована на "
                              : "Встреча ",
                          LocalTime(a.meeting().start_time(), zone),
                          a.meeting().place().empty() ? "" : ", ", a.meeting().place());
    case v1::Activity::kEmail:
      return absl::StrCat("Письмо ", Direction(a.email().direction(), "входящее", "исходящее"),
                          ": ", Excerpt(a.email().subject()));
    case v1::Activity::kMessage:
      return absl::StrCat("Сообщение ", Direction(a.message().direction(), "входящее", "исходящее"),
                          " (", a.message().channel(), ")");
    case v1::Activity::kPurchase:
      return absl::StrCat("Покупка на ", Amount(a.purchase().amount()));
    case v1::Activity::kComplaint:
      return absl::StrCat("Жалоба: ", Excerpt(a.complaint().subject()));
    case v1::Activity::kWebinar:
      return absl::StrCat("Регистрация на вебинар «", a.webinar().webinar(), "»");
    case v1::Activity::kForm:
      return absl::StrCat("Заявка с формы «", a.form().form(), "»");
    case v1::Activity::kNps:
      return absl::StrCat("NPS: ", a.nps().score(), " (", a.nps().category(), ")");
    case v1::Activity::kCustom:
      return absl::StrCat("Активность «", IdOf(a.custom().type()), "»");
    case v1::Activity::DETAILS_NOT_SET:
      return absl::StrCat("Заметка: ", Excerpt(a.comment()));
  }
  return std::string(type);
}

std::string TaskSummary(const v1::Task& task, const v1::EventEnvelope& event) {
  const absl::string_view type = ShortType(event);
  const std::string title = absl::StrCat("«", Excerpt(task.title()), "»");
  if (type == "TaskCreated") {
    return absl::StrCat("Задача ", title, " для ", task.assignee(), " до ",
                        LocalTime(task.due_time(), task.time_zone()));
  }
  if (type == "TaskReassigned")
    return absl::StrCat("Задача ", title, " передана ", task.assignee());
  if (type == "TaskStarted") return absl::StrCat("Задача ", title, " в работе");
  if (type == "TaskCompleted") {
    return absl::StrCat("Задача ", title, " выполнена", task.result().empty() ? "" : ": ",
                        Excerpt(task.result()));
  }
  if (type == "TaskCancelled") return absl::StrCat("Задача ", title, " отменена");
  if (type == "TaskReopened") return absl::StrCat("Задача ", title, " открыта снова");
  return absl::StrCat("Задача ", title, " изменена");
}

std::string DealSummary(const v1::Deal& deal, const v1::EventEnvelope& event) {
  const absl::string_view type = ShortType(event);
  const std::string title = absl::StrCat("Сделка «", Excerpt(deal.title()), "»");
  if (type == "DealCreated") {
    return absl::StrCat(title, " создана на этапе «", deal.stage_display_name(), "»");
  }
  if (type == "DealMoved") return absl::StrCat(title, ": этап «", deal.stage_display_name(), "»");
  if (type == "DealWon") return absl::StrCat(title, " выиграна");
  if (type == "DealLost") {
    return absl::StrCat(title, " проиграна: ", deal.lost_reason_display_name());
  }
  if (type == "DealReopened") return absl::StrCat(title, " открыта снова");
  if (type == "DealQualified") return absl::StrCat(title, " квалифицирована");
  if (type == "DealDisqualified") return absl::StrCat(title, " дисквалифицирована");
  return absl::StrCat(title, " изменена");
}

std::string ContactSummary(const v1::EventEnvelope& event) {
  static const auto* const kTexts = new std::map<std::string, std::string, std::less<>>{
      {"ClientCreated", "Карточка клиента создана"},
      {"ClientUpdated", "Карточка клиента изменена"},
      {"InquiryReceived", "Обращение клиента"},
      {"OwnerChanged", "Сменился ответственный"},
      {"ConsentChanged", "Изменено согласие"},
      {"LifecycleStatusChanged", "Изменён статус клиента"},
      {"ClientMerged", "Карточка объединена с другой"},
      {"ClientAbsorbed", "К карточке присоединена другая"},
      {"ClientUnmerged", "Объединение карточек отменено"},
      {"ClientMergeReverted", "Объединение карточек отменено"},
      {"ClientDeleted", "Карточка удалена"},
      {"CustomFieldChanged", "Изменено дополнительное поле"},
      {"CompanyCreated", "Компания создана"},
      {"CompanyUpdated", "Компания изменена"},
  };
  auto found = kTexts->find(ShortType(event));
  return found == kTexts->end() ? event.event_type() : found->second;
}

std::string OtherServiceSummary(const v1::EventEnvelope& event) {
  if (Is<v1::NotificationCreated>(event)) {
    v1::NotificationCreated created;
    if (!event.payload().UnpackTo(&created)) return event.event_type();
    return absl::StrCat("Уведомление для ", created.notification().recipient(), ": ",
                        created.notification().title());
  }
  if (Is<v1::DeliveryQueued>(event)) {
    v1::DeliveryQueued queued;
    if (!event.payload().UnpackTo(&queued)) return event.event_type();
    const v1::Delivery& d = queued.delivery();
    return d.channel() == v1::DELIVERY_CHANNEL_EMAIL
               ? absl::StrCat("Письмо клиенту «", d.subject(), "» на ", d.target())
               : absl::StrCat("Вебхук ", d.event_type(), " на ", d.target());
  }
  if (Is<v1::DeliverySuppressed>(event)) {
    v1::DeliverySuppressed suppressed;
    if (!event.payload().UnpackTo(&suppressed)) return event.event_type();
    return absl::StrCat("Сообщение не отправлено: ", suppressed.delivery().suppressed_reason());
  }
  if (Is<v1::DeliveryAttempted>(event)) {
    v1::DeliveryAttempted attempted;
    if (!event.payload().UnpackTo(&attempted)) return event.event_type();
    const v1::DeliveryAttempt& a = attempted.attempt();
    if (a.success()) return absl::StrCat("Доставлено (попытка ", a.number(), ")");
    if (attempted.dead_letter()) {
      return absl::StrCat("Не доставлено после ", a.number(), " попыток: ", a.error());
    }
    return absl::StrCat("Попытка ", a.number(), " не удалась: ", a.error(),
                        "; следующая попытка запланирована");
  }
  if (Is<v1::DeliveryReplayed>(event)) return "Доставка запущена заново";
  if (Is<v1::TimeTriggerReached>(event)) {
    v1::TimeTriggerReached reached;
    if (!event.payload().UnpackTo(&reached)) return event.event_type();
    switch (reached.job().kind()) {
      case v1::JOB_CLIENT_BIRTHDAY:
        return "День рождения клиента";
      case v1::JOB_TASK_DUE:
        return "Срок задачи истёк";
      case v1::JOB_STAGE_TIME_LIMIT:
        return "Сделка задержалась на этапе";
      default:
        return event.event_type();
    }
  }
  if (Is<v1::ActionPerformed>(event)) {
    v1::ActionPerformed performed;
    if (!event.payload().UnpackTo(&performed)) return event.event_type();
    return absl::StrCat("Автоматизация (", performed.job().rule(), "): ", performed.result());
  }
  if (Is<v1::ActionFailed>(event)) {
    v1::ActionFailed failed;
    if (!event.payload().UnpackTo(&failed)) return event.event_type();
    return absl::StrCat("Автоматизация (", failed.job().rule(), ") не выполнена: ", failed.error());
  }
  if (Is<v1::JobExpired>(event))
    return "Пропущено: сервис уведомлений был недоступен слишком долго";
  if (Is<v1::NpsAnswerReceived>(event)) {
    v1::NpsAnswerReceived answer;
    if (!event.payload().UnpackTo(&answer)) return event.event_type();
    return absl::StrCat("Ответ на опрос NPS: ", answer.score());
  }
  return event.event_type();
}

projection::keys::Entries TimelineKeys(const v1::TimelineEntry& entry,
                                       const std::vector<std::string>& subjects) {
  projection::keys::Entries out;
  const std::string suffix =
      keys::TimelineSuffix(FromProtoTime(entry.occur_time()), entry.position());
  const std::string value = entry.SerializeAsString();
  for (const std::string& subject : subjects) {
    out[absl::StrCat(keys::Timeline(subject), suffix)] = value;
    out[absl::StrCat(keys::TimelineByKind(subject, entry.kind()), suffix)] = "";
    if (!entry.employee().empty()) {
      out[absl::StrCat(keys::TimelineByEmployee(subject, entry.employee()), suffix)] = "";
    }
  }
  return out;
}

}  // namespace chronicle::activities
