#include "chronicle/demo/demo_history.h"

#include <array>
#include <iostream>
#include <random>
#include <tuple>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "activities/domain/activity.h"
#include "activities/domain/catalogs.h"
#include "activities/domain/employee.h"
#include "activities/domain/events.h"
#include "activities/domain/task.h"
#include "chronicle/aggregate/typed_events.h"
#include "chronicle/v1/analytics_events.pb.h"
#include "contacts/domain/client.h"
#include "contacts/domain/events.h"
#include "deals/domain/deal.h"
#include "deals/domain/events.h"
#include "deals/domain/pipeline.h"
#include "google/protobuf/util/time_util.h"

namespace chronicle::demo {
namespace {

using google::protobuf::util::TimeUtil;

constexpr std::array<std::array<const char*, 2>, 12> kSurnames = {{
    {"Иванов", "Иванова"},
    {"Петров", "Петрова"},
    {"Смирнов", "Смирнова"},
    {"Кузнецов", "Кузнецова"},
    {"Соколов", "Соколова"},
    {"Морозов", "Морозова"},
    {"Коваленко", "Коваленко"},
    {"Шевченко", "Шевченко"},
    {"Бондаренко", "Бондаренко"},
    {"Ткаченко", "Ткаченко"},
    {"Волков", "Волкова"},
    {"Мельник", "Мельник"},
}};
constexpr std::array<const char*, 8> kMaleNames = {"Александр", "Дмитрий", "Сергей", "Андрей",
                                                   "Олег",      "Тарас",   "Игорь",  "Максим"};
constexpr std::array<const char*, 8> kFemaleNames = {"Александра", "Елена",  "Ольга", "Наталья",
                                                     "Марина",     "Оксана", "Анна",  "Ирина"};
constexpr std::array<std::array<const char*, 2>, 6> kPatronymics = {{
    {"Александрович", "Александровна"},
    {"Сергеевич", "Сергеевна"},
    {"Петрович", "Петровна"},
    {"Иванович", "Ивановна"},
    {"Олегович", "Олеговна"},
    {"Николаевич", "Николаевна"},
}};
constexpr std::array<const char*, 4> kManagers = {"anna.petrova", "igor.sidorenko",
                                                  "olga.kovalenko", "maxim.orlov"};
constexpr std::array<const char*, 7> kSources = {
    "Сайт: форма заявки", "Входящий звонок",     "Instagram", "Рекомендация", "Вебинар",
    "Яндекс.Директ",      "Лид-магнит: чек-лист"};
constexpr std::array<const char*, 4> kManagerNames = {"Анна Петрова", "Игорь Сидоренко",
                                                      "Ольга Коваленко", "Максим Орлов"};
constexpr char kDemoPipeline[] = "new-sales";
// Open stages: id and name.
constexpr std::array<std::array<const char*, 2>, 5> kStages = {{{"new-lead", "Новый лид"},
                                                                {"qualification", "Квалификация"},
                                                                {"proposal", "КП отправлено"},
                                                                {"negotiation", "Переговоры"},
                                                                {"payment", "Оплата"}}};
constexpr std::array<std::array<const char*, 2>, 5> kRefusals = {
    {{"expensive", "Дорого"},
     {"competitor", "Выбрали конкурента"},
     {"unreachable", "Не дозвонились"},
     {"no-budget", "Нет бюджета"},
     {"not-relevant", "Неактуально"}}};
constexpr std::array<const char*, 4> kProducts = {"Годовая подписка", "Внедрение под ключ",
                                                  "Обучение менеджеров", "Техподдержка 24/7"};

// Builds one client's story: inquiry, card, deal through the funnel, activities around it.
class StoryWriter {
 public:
  StoryWriter(const DemoOptions& options, std::vector<eventlog::AppendRequest>* out)
      : options_(options), random_(options.seed), out_(out) {}

  void Client(int index) {
    const bool female = Chance(0.5);
    const auto& surname = kSurnames[Pick(kSurnames.size())];
    const std::string given = female ? kFemaleNames[Pick(8)] : kMaleNames[Pick(8)];
    const std::string client = absl::StrFormat("c%05d", index);
    const std::string owner = kManagers[Pick(kManagers.size())];
    const std::string source = kSources[Pick(kSources.size())];
    const int days = 365 * std::max(1, options_.years) - 20;
    absl::Time t = options_.now - absl::Hours(24 * (20 + Pick(days))) - absl::Minutes(Pick(600));

    // The card is decided by the contacts domain itself, so the demo's events are exactly what
    // the service would have written (normalized phone, derived display name).
    v1::Client card;
    card.set_surname(surname[female]);
    card.set_given_name(given);
    card.set_patronymic(kPatronymics[Pick(kPatronymics.size())][female]);
    card.set_gender(female ? v1::GENDER_FEMALE : v1::GENDER_MALE);
    card.add_phones()->set_number(Phone());
    card.add_emails()->set_address(absl::StrCat("client", index, "@example.ru"));
    card.set_owner(owner);
    card.set_type(Chance(0.3) ? v1::CLIENT_TYPE_LEGAL_ENTITY : v1::CLIENT_TYPE_INDIVIDUAL);
    card.set_temperature(Chance(0.3) ? v1::TEMPERATURE_HOT
                                     : (Chance(0.5) ? v1::TEMPERATURE_WARM : v1::TEMPERATURE_COLD));
    v1::Attribution first_touch;
    first_touch.set_channel(ChannelOf(source));
    first_touch.set_first_visit_source(source);
    if (source == kSources[5] || source == kSources[2]) {  // paid: Яндекс.Директ, Instagram
      static constexpr std::array<const char*, 3> kCampaigns = {"crm-autumn", "crm-brand",
                                                                "retargeting"};
      first_touch.set_utm_campaign(kCampaigns[Pick(kCampaigns.size())]);
      first_touch.set_landing_domain(Chance(0.5) ? "crm.example.ru" : "promo.example.ru");
    }
    *first_touch.mutable_time() = TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(t));
    const contacts::DecideContext context{phones_, fields_, t};
    contacts::CreateClientCommand create{absl::StrCat(contacts::kClientPrefix, client), card,
                                         first_touch, "demo"};
    auto events = contacts::DecideCreate(context, create);
    if (!events.ok()) {  // a random number outside the numbering plan: keep the e-mail only
      create.input.clear_phones();
      events = contacts::DecideCreate(context, create);
    }
    for (v1::EventEnvelope& event : *events)
      Emit(contacts::kClientStream, client, std::move(event), t);

    // The deal, decided by the deals domain like the service would.
    const std::string deal_id = absl::StrCat("d", client);
    deals::DealState deal;
    deals::CreateDealCommand open;
    open.name = absl::StrCat(deals::kDealPrefix, deal_id);
    open.input.set_pipeline(pipeline_.pipeline.name());
    open.input.set_client(absl::StrCat(contacts::kClientPrefix, client));
    open.input.set_title(kProducts[Pick(kProducts.size())]);
    open.input.mutable_amount()->set_currency_code("RUB");
    open.input.mutable_amount()->set_units(30'000 + 5'000 * Pick(90));
    open.input.set_owner(owner);
    open.pipeline = &pipeline_.pipeline;
    open.caller = owner;
    open.attribution.set_source(source);
    open.attribution.set_channel(ChannelOf(source));
    open.attribution.set_campaign(first_touch.utm_campaign());
    open.attribution.set_landing(first_touch.landing_domain());
    EmitDeal(deal_id, deals::DecideCreateDeal(deal, open), &deal, t += absl::Minutes(5 + Pick(60)));

    size_t stage = 0;
    bool met = false;
    while (stage + 1 < kStages.size() && Chance(met ? 0.8 : 0.62)) {
      t += absl::Hours(4 + Pick(24 * 6));
      if (Activities()) Call(client, owner, t);
      ++stage;
      EmitDeal(deal_id, deals::DecideMoveDeal(deal, pipeline_.pipeline, kStages[stage][0], ""),
               &deal, t += absl::Minutes(10));
      // Meetings help: a deal whose client met the manager is likelier to move on.
      if (stage == 2 && Activities() && Chance(0.7)) {
        Meeting(client, owner, t += absl::Hours(24 + Pick(72)));
        met = true;
      }
    }
    if (stage + 1 == kStages.size()) {
      EmitDeal(deal_id, deals::DecideWinDeal(deal, pipeline_.pipeline, "", false, ""), &deal,
               t += absl::Hours(2));
      // The deal's own payment: tied to the deal, so analytics counts the deal once.
      if (Activities()) Purchase(client, t += absl::Hours(1), open.name);
      if (Chance(0.4)) Purchase(client, t + absl::Hours(24 * (30 + Pick(120))), "");
      if (Chance(0.2)) Purchase(client, t + absl::Hours(24 * (150 + Pick(300))), "");
      if (Activities() && Chance(0.5)) Nps(client, owner, t + absl::Hours(24 * 3));
    } else if (Chance(0.8)) {
      const deals::LoseDealCommand lose{
          absl::StrCat(deals::kRefusalReasonPrefix, kRefusals[Pick(kRefusals.size())][0]), "", "",
          ""};
      EmitDeal(deal_id, deals::DecideLoseDeal(deal, pipeline_.pipeline, reasons_, lose), &deal,
               t += absl::Hours(24));
    } else if (Activities()) {
      Task(client, owner, t + absl::Hours(24), "Перезвонить и уточнить решение");
    }
  }

  // What marketing paid each month for the paid sources, over the history's span.
  void Spend() {
    if (!options_.channel_spend) return;
    const absl::TimeZone utc = absl::UTCTimeZone();
    const absl::CivilMonth last(absl::ToCivilSecond(options_.now, utc));
    for (absl::CivilMonth month = last - 12 * std::max(1, options_.years); month <= last; ++month) {
      for (const char* source : {kSources[5], kSources[2]}) {
        v1::ChannelSpendRecorded recorded;
        v1::ChannelSpend* spend = recorded.mutable_spend();
        const std::string id = absl::StrFormat("%04d-%02d-%s", month.year(), month.month(),
                                               source == kSources[5] ? "yandex" : "instagram");
        spend->set_name(absl::StrCat("channelSpend/", id));
        spend->set_source(source);
        spend->set_month(absl::StrFormat("%04d-%02d", month.year(), month.month()));
        spend->mutable_amount()->set_currency_code("RUB");
        spend->mutable_amount()->set_units(40'000 + 1'000 * Pick(60));
        Emit("channel_spend", id, aggregate::NewEvent(recorded),
             absl::FromCivil(month + 1, utc) - absl::Hours(1));
      }
    }
  }

  // The funnel and the refusal reasons the demo's deals use, defined a year and more ago.
  void Workspace() {
    const absl::Time t = options_.now - absl::Hours(24 * 380);
    v1::Pipeline definition;
    definition.set_display_name("Новые продажи");
    for (size_t i = 0; i < kStages.size(); ++i) {
      v1::Stage* stage = definition.add_stages();
      stage->set_id(kStages[i][0]);
      stage->set_display_name(kStages[i][1]);
      stage->set_kind(v1::STAGE_KIND_OPEN);
      stage->set_probability(10 + 20 * static_cast<int>(i));
      stage->set_max_days(i == 0 ? 1 : 7);
    }
    for (auto [id, name, kind] :
         {std::tuple{"won", "Успешно реализовано", v1::STAGE_KIND_WON},
          std::tuple{"lost", "Закрыто и не реализовано", v1::STAGE_KIND_LOST}}) {
      v1::Stage* stage = definition.add_stages();
      stage->set_id(id);
      stage->set_display_name(name);
      stage->set_kind(kind);
    }
    EmitFolded(deals::kPipelineStream, kDemoPipeline,
               deals::DecideCreatePipeline(pipeline_, "", definition), &pipeline_, t);
    for (size_t i = 0; i < kManagers.size(); ++i) {
      v1::Employee employee;
      employee.set_display_name(kManagerNames[i]);
      employee.set_department("Отдел продаж");
      employee.set_time_zone("Europe/Moscow");
      activities::EmployeeState state;
      EmitFolded(activities::kEmployeeStream, kManagers[i],
                 activities::DecideRegisterEmployee(state, kManagers[i], employee), &state, t);
    }
    // How often each temperature of client should hear from its manager.
    activities::ContactRulesState rules;
    for (auto [id, name, temperature, days] :
         {std::tuple{"hot-weekly", "Горячие — раз в неделю", v1::TEMPERATURE_HOT, 7},
          std::tuple{"warm-biweekly", "Тёплые — раз в две недели", v1::TEMPERATURE_WARM, 14},
          std::tuple{"cold-monthly", "Холодные — раз в месяц", v1::TEMPERATURE_COLD, 30}}) {
      v1::ContactRule rule;
      rule.set_display_name(name);
      rule.set_temperature(temperature);
      rule.set_interval_days(days);
      EmitFolded(
          activities::kContactRulesStream, activities::kWorkspaceStreamId,
          activities::DecideDefineContactRule(rules, id, rule, activities::ActivityTypesState()),
          &rules, t);
    }
    for (const auto& [id, name] : kRefusals) {
      EmitFolded(deals::kRefusalReasonsStream, deals::kRefusalReasonsStreamId,
                 deals::DecideDefineReason(reasons_, id, name), &reasons_, t);
    }
  }

 private:
  void Call(const std::string& client, const std::string& owner, absl::Time t) {
    static constexpr std::array<v1::CallOutcome, 4> kOutcomes = {
        v1::CALL_OUTCOME_AGREED, v1::CALL_OUTCOME_NO_ANSWER, v1::CALL_OUTCOME_BUSY,
        v1::CALL_OUTCOME_AGREED};
    activities::LogActivityCommand command = Activity(client, owner, t);
    v1::CallDetails* call = command.input.mutable_call();
    call->set_direction(Chance(0.7) ? v1::DIRECTION_OUTBOUND : v1::DIRECTION_INBOUND);
    call->set_outcome(kOutcomes[Pick(kOutcomes.size())]);
    call->mutable_duration()->set_seconds(30 + Pick(900));
    LogActivity(command, t);
  }
  void Meeting(const std::string& client, const std::string& owner, absl::Time t) {
    activities::LogActivityCommand command = Activity(client, owner, t);
    v1::MeetingDetails* meeting = command.input.mutable_meeting();
    meeting->set_state(v1::MEETING_STATE_HELD);
    meeting->set_place(Chance(0.5) ? "Офис клиента" : "Zoom");
    *meeting->mutable_start_time() = TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(t));
    LogActivity(command, t);
  }
  void Nps(const std::string& client, const std::string& owner, absl::Time t) {
    if (t > options_.now) return;
    static constexpr std::array<int, 11> kScores = {10, 9, 9, 10, 8, 7, 9, 6, 3, 10, 8};
    activities::LogActivityCommand command = Activity(client, owner, t);
    command.input.mutable_nps()->set_score(kScores[Pick(kScores.size())]);
    LogActivity(command, t);
  }
  void Purchase(const std::string& client, absl::Time t, const std::string& deal) {
    if (t > options_.now) return;
    activities::LogActivityCommand command = Activity(client, "", t);
    command.input.set_deal(deal);
    v1::PurchaseItem* item = command.input.mutable_purchase()->add_items();
    item->set_name(kProducts[Pick(kProducts.size())]);
    item->set_quantity(1);
    item->mutable_price()->set_currency_code("RUB");
    item->mutable_price()->set_units(20'000 + 1'000 * Pick(200));
    LogActivity(command, t);
  }
  void Task(const std::string& client, const std::string& owner, absl::Time due,
            const std::string& title) {
    activities::CreateTaskCommand command;
    command.input.set_title(title);
    command.input.set_kind(v1::TASK_KIND_CALL);
    command.input.set_assignee(owner);
    command.input.set_client(absl::StrCat("clients/", client));
    *command.input.mutable_due_time() = TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(due));
    command.assignee_zone = "Europe/Moscow";
    command.allow_past_due = true;
    command.now = due - absl::Hours(24);
    activities::TaskState task;
    EmitFolded(activities::kTaskStream, absl::StrCat("t", client),
               activities::DecideCreateTask(task, command), &task, due - absl::Hours(24));
  }

  // An activity of `client` by `employee` (the client's own doing when empty) at `t`.
  activities::LogActivityCommand Activity(const std::string& client, const std::string& employee,
                                          absl::Time t) {
    activities::LogActivityCommand command;
    command.input.set_client(absl::StrCat("clients/", client));
    command.input.set_employee(employee);
    *command.input.mutable_occur_time() = TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(t));
    command.department = employee.empty() ? "" : "Отдел продаж";
    command.now = t;
    return command;
  }
  void LogActivity(const activities::LogActivityCommand& command, absl::Time t) {
    activities::ActivityState activity;
    EmitFolded(activities::kActivityStream, absl::StrCat("a", out_->size()),
               activities::DecideLogActivity(activity, command), &activity, t);
  }

  std::string Phone() {
    if (Chance(0.75)) {
      return absl::StrFormat("+7 9%02d %03d-%02d-%02d", Pick(100), Pick(1000), Pick(100),
                             Pick(100));
    }
    static constexpr std::array<const char*, 4> kOperators = {"50", "67", "93", "97"};
    return absl::StrFormat("+380 %s %03d %02d %02d", kOperators[Pick(4)], Pick(1000), Pick(100),
                           Pick(100));
  }

  // Emits decided events, folding them into *state first (the next decision sees them).
  template <typename State>
  void EmitFolded(const std::string& type, const std::string& id,
                  absl::StatusOr<std::vector<v1::EventEnvelope>> events, State* state,
                  absl::Time occurred_at) {
    if (!events.ok()) {
      std::cerr << "demo data: " << type << "/" << id << ": " << events.status() << "\n";
      return;
    }
    for (v1::EventEnvelope& event : *events) {
      event.mutable_stream()->set_type(type);
      event.mutable_stream()->set_id(id);
      event.set_stream_version(state->version + 1);
      *event.mutable_occurred_at() =
          TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(std::min(occurred_at, options_.now)));
      (void)Evolve(event, state);
      Emit(type, id, std::move(event), occurred_at);
    }
  }

  void EmitDeal(const std::string& id, absl::StatusOr<std::vector<v1::EventEnvelope>> events,
                deals::DealState* deal, absl::Time occurred_at) {
    EmitFolded(deals::kDealStream, id, std::move(events), deal, occurred_at);
  }

  void Emit(const std::string& type, const std::string& id, v1::EventEnvelope event,
            absl::Time occurred_at) {
    if (occurred_at > options_.now) occurred_at = options_.now;
    eventlog::AppendRequest request;
    request.stream.set_type(type);
    request.stream.set_id(id);
    request.command_id = absl::StrCat("demo-", options_.seed, "-", out_->size());
    request.correlation_id = absl::StrCat("demo-", id);
    request.actor.set_user_id("demo");
    request.actor.set_role("admin");
    *event.mutable_occurred_at() = TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(occurred_at));
    request.events.push_back(std::move(event));
    out_->push_back(std::move(request));
  }

  static v1::Channel ChannelOf(absl::string_view source) {
    if (absl::StartsWith(source, "Сайт")) return v1::CHANNEL_WEB_FORM;
    if (absl::StartsWith(source, "Входящий")) return v1::CHANNEL_CALL;
    if (source == "Instagram") return v1::CHANNEL_CHAT;
    if (source == "Вебинар") return v1::CHANNEL_WEBINAR;
    if (absl::StartsWith(source, "Яндекс")) return v1::CHANNEL_LANDING_PAGE;
    if (absl::StartsWith(source, "Лид-магнит")) return v1::CHANNEL_LEAD_MAGNET;
    return v1::CHANNEL_MANUAL;  // a recommendation
  }

  // Whether to add the activities around a step of the story.
  bool Activities() { return options_.activity_rate > 0 && Chance(options_.activity_rate); }
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(random_) < p; }
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random_); }

  const DemoOptions& options_;
  const contacts::PhoneNormalizer phones_ = *contacts::PhoneNormalizer::Create("RU");
  const contacts::FieldCatalog fields_;
  std::mt19937_64 random_;
  std::vector<eventlog::AppendRequest>* out_;
  deals::PipelineState pipeline_;
  deals::RefusalReasonsState reasons_;
};

}  // namespace

std::vector<eventlog::AppendRequest> GenerateDemoHistory(const DemoOptions& options) {
  std::vector<eventlog::AppendRequest> history;
  StoryWriter writer(options, &history);
  writer.Workspace();
  writer.Spend();
  for (int i = 1; i <= options.clients; ++i) writer.Client(i);
  return history;
}

absl::StatusOr<uint64_t> LoadDemoHistory(eventlog::EventLog& log, const DemoOptions& options) {
  uint64_t added = 0;
  for (auto& request : GenerateDemoHistory(options)) {
    auto result = log.Append(std::move(request));
    if (!result.ok()) return result.status();
    if (!result->deduplicated) added += result->last_position - result->first_position + 1;
  }
  return added;
}

}  // namespace chronicle::demo
