#include "notifications/app/default_definitions.h"

#include "absl/time/time.h"
#include "chronicle/aggregate/proto_time.h"

namespace chronicle::notifications {
namespace {

using aggregate::ToProtoDuration;

v1::Template InApp(const char* display_name, const char* title, const char* body) {
  v1::Template t;
  t.set_display_name(display_name);
  t.set_category(v1::MESSAGE_CATEGORY_INTERNAL);
  t.mutable_in_app()->set_title(title);
  t.mutable_in_app()->set_body(body);
  return t;
}

v1::Template Email(const char* display_name, v1::MessageCategory category, const char* subject,
                   const char* body) {
  v1::Template t;
  t.set_display_name(display_name);
  t.set_category(category);
  t.mutable_email()->set_subject(subject);
  t.mutable_email()->set_body(body);
  return t;
}

v1::Rule NewRule(const char* display_name, v1::TriggerKind trigger, bool enabled = true) {
  v1::Rule rule;
  rule.set_display_name(display_name);
  rule.set_enabled(enabled);
  rule.mutable_trigger()->set_kind(trigger);
  return rule;
}

v1::Action* Task(v1::Rule& rule, const char* assignee, const char* title, absl::Duration due_in,
                 absl::Duration delay = absl::ZeroDuration()) {
  v1::Action* action = rule.add_actions();
  if (delay > absl::ZeroDuration()) *action->mutable_delay() = ToProtoDuration(delay);
  action->mutable_create_task()->set_assignee(assignee);
  action->mutable_create_task()->set_title(title);
  *action->mutable_create_task()->mutable_due_in() = ToProtoDuration(due_in);
  return action;
}

void Notify(v1::Rule& rule, const char* employee, const char* template_name) {
  v1::Action* action = rule.add_actions();
  action->mutable_notify_employee()->set_employee(employee);
  action->mutable_notify_employee()->set_template_(template_name);
}

}  // namespace

std::vector<std::pair<std::string, v1::Template>> DefaultTemplates() {
  return {
      {"new-lead-alert",
       InApp("Новый лид", "Новый лид: {{client.name}}",
             "Свяжитесь с клиентом в течение 15 минут. Телефон: {{client.phone}}")},
      {"task-overdue", InApp("Просроченная задача", "Просрочена задача: {{task.title}}",
                             "Срок был {{task.deadline}}. Клиент: {{client.name}}")},
      {"deal-stalled",
       InApp("Сделка застряла", "Сделка «{{deal.title}}» задержалась на этапе «{{deal.stage}}»",
             "Клиент: {{client.name}}. Пора сдвинуть сделку или закрыть её.")},
      {"client-birthday", InApp("День рождения клиента", "Сегодня день рождения: {{client.name}}",
                                "Поздравьте клиента. Телефон: {{client.phone}}")},
      {"lead-received",
       Email("Заявка получена", v1::MESSAGE_CATEGORY_TRANSACTIONAL, "Мы получили вашу заявку",
             "Здравствуйте, {{client.preferred_name}}!\n\nСпасибо за обращение. Ваш менеджер "
             "{{manager.name}} свяжется с вами в течение двух часов.\n\n{{workspace.name}}")},
      {"nps-survey",
       Email(
           "Опрос NPS", v1::MESSAGE_CATEGORY_TRANSACTIONAL,
           "{{client.preferred_name}}, оцените нашу работу",
           "Здравствуйте, {{client.preferred_name}}!\n\nНасколько вероятно, что вы порекомендуете "
           "нас друзьям и коллегам? Оцените от 0 до 10 по ссылке:\n{{survey.link}}\n\nС "
           "уважением, {{manager.name}}\n{{workspace.name}}")},
  };
}

std::vector<std::pair<std::string, v1::Rule>> DefaultRules() {
  std::vector<std::pair<std::string, v1::Rule>> rules;

  v1::Rule lead =
      NewRule("Новый лид: сообщить ответственному и связаться за 15 минут", v1::TRIGGER_NEW_LEAD);
  Notify(lead, "owner", "templates/new-lead-alert");
  Task(lead, "owner", "Связаться с новым лидом: {{client.name}}", absl::Minutes(15));
  rules.emplace_back("new-lead", lead);

  v1::Rule confirm = NewRule("Новый лид: письмо клиенту, что с ним свяжутся", v1::TRIGGER_NEW_LEAD,
                             /*enabled=*/false);
  v1::Action* send = confirm.add_actions();
  send->mutable_send_client_message()->set_template_("templates/lead-received");
  send->mutable_send_client_message()->set_channel(v1::MESSAGE_CHANNEL_EMAIL);
  rules.emplace_back("new-lead-confirmation", confirm);

  v1::Rule missed = NewRule("Пропущенный звонок: перезвонить", v1::TRIGGER_CALL_MISSED);
  v1::Condition* inbound = missed.add_conditions();
  inbound->set_field("event.call_direction");
  inbound->set_operator_(v1::EQUALS);
  inbound->add_values("INBOUND");
  Task(missed, "owner", "Перезвонить: {{client.name}}", absl::Minutes(30));
  rules.emplace_back("missed-call", missed);

  v1::Rule won = NewRule("Сделка выиграна: повторные услуги и опрос NPS", v1::TRIGGER_DEAL_WON);
  Task(won, "deal_owner", "Предложить повторные услуги: {{client.name}}", absl::Hours(24),
       absl::Hours(24 * 7));
  v1::Action* survey = won.add_actions();
  *survey->mutable_delay() = ToProtoDuration(absl::Hours(24 * 3));
  survey->mutable_send_nps_survey()->set_template_("templates/nps-survey");
  rules.emplace_back("deal-won-follow-up", won);

  v1::Rule lost = NewRule("Отказ: вернуться к клиенту через месяц", v1::TRIGGER_DEAL_LOST);
  Task(lost, "deal_owner", "Вернуться к клиенту после отказа: {{client.name}}", absl::Hours(24),
       absl::Hours(24 * 30));
  rules.emplace_back("deal-lost-follow-up", lost);

  v1::Rule detractor = NewRule("Критик в NPS: узнать, что пошло не так", v1::TRIGGER_NPS_ANSWERED);
  v1::Condition* category = detractor.add_conditions();
  category->set_field("event.nps_category");
  category->set_operator_(v1::EQUALS);
  category->add_values("detractor");
  Task(detractor, "owner", "Узнать, что пошло не так: {{client.name}} (оценка {{nps.score}})",
       absl::Hours(24));
  rules.emplace_back("nps-detractor", detractor);

  v1::Rule overdue =
      NewRule("Просроченная задача: напомнить исполнителю", v1::TRIGGER_TASK_OVERDUE);
  Notify(overdue, "assignee", "templates/task-overdue");
  rules.emplace_back("task-overdue", overdue);

  v1::Rule stalled = NewRule("Сделка задержалась на этапе: сообщить ответственному",
                             v1::TRIGGER_STAGE_TIME_EXCEEDED);
  Notify(stalled, "deal_owner", "templates/deal-stalled");
  rules.emplace_back("deal-stalled", stalled);

  v1::Rule birthday =
      NewRule("День рождения клиента: напомнить ответственному", v1::TRIGGER_CLIENT_BIRTHDAY);
  Notify(birthday, "owner", "templates/client-birthday");
  rules.emplace_back("client-birthday", birthday);
  return rules;
}

}  // namespace chronicle::notifications
