#include "chronicle/demo/demo_history.h"

#include <array>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/time_util.h"

namespace chronicle::demo {
namespace {

using google::protobuf::Struct;
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
constexpr std::array<const char*, 5> kStages = {"Новый лид", "Квалификация", "КП отправлено",
                                                "Переговоры", "Оплата"};
constexpr std::array<const char*, 5> kRefusals = {"Дорого", "Выбрали конкурента", "Не дозвонились",
                                                  "Нет бюджета", "Неактуально"};
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
    absl::Time t = options_.now - absl::Hours(24 * (20 + Pick(345))) - absl::Minutes(Pick(600));

    Struct card;
    Set(&card, "surname", surname[female]);
    Set(&card, "given_name", given);
    Set(&card, "patronymic", kPatronymics[Pick(kPatronymics.size())][female]);
    Set(&card, "phone", Phone());
    Set(&card, "email", absl::StrCat("client", index, "@example.ru"));
    Set(&card, "source", source);
    Set(&card, "owner", owner);
    Set(&card, "client_type", Chance(0.3) ? "legal_entity" : "individual");
    Set(&card, "temperature", Chance(0.3) ? "hot" : (Chance(0.5) ? "warm" : "cold"));
    Emit("client", client, "contacts.ClientCreated", card, t);

    const std::string deal = absl::StrCat("d", client);
    Struct opened;
    Set(&opened, "client_id", client);
    Set(&opened, "pipeline", "new_sales");
    Set(&opened, "title", kProducts[Pick(kProducts.size())]);
    Set(&opened, "amount", static_cast<double>(30'000 + 5'000 * Pick(90)));
    Set(&opened, "currency", "RUB");
    Set(&opened, "owner", owner);
    Set(&opened, "source", source);
    Emit("deal", deal, "deals.DealCreated", opened, t += absl::Minutes(5 + Pick(60)));

    size_t stage = 0;
    while (stage + 1 < kStages.size() && Chance(0.62)) {
      t += absl::Hours(4 + Pick(24 * 6));
      Call(client, owner, t);
      Struct moved;
      Set(&moved, "from", kStages[stage]);
      Set(&moved, "to", kStages[stage + 1]);
      Emit("deal", deal, "deals.StageChanged", moved, t += absl::Minutes(10));
      ++stage;
      if (stage == 2 && Chance(0.7)) Meeting(client, owner, t += absl::Hours(24 + Pick(72)));
    }
    if (stage + 1 == kStages.size()) {
      Struct won;
      Set(&won, "stage", kStages[stage]);
      Emit("deal", deal, "deals.DealWon", won, t += absl::Hours(2));
      Purchase(client, t += absl::Hours(1));
      if (Chance(0.4)) Purchase(client, t + absl::Hours(24 * (30 + Pick(120))));
    } else if (Chance(0.8)) {
      Struct lost;
      Set(&lost, "stage", kStages[stage]);
      Set(&lost, "reason", kRefusals[Pick(kRefusals.size())]);
      Emit("deal", deal, "deals.DealLost", lost, t += absl::Hours(24));
    } else {
      Task(client, owner, t + absl::Hours(24), "Перезвонить и уточнить решение");
    }
  }

 private:
  void Call(const std::string& client, const std::string& owner, absl::Time t) {
    static constexpr std::array<const char*, 4> kOutcomes = {"agreed", "no_answer", "busy",
                                                             "agreed"};
    Struct call;
    Set(&call, "client_id", client);
    Set(&call, "employee", owner);
    Set(&call, "direction", Chance(0.7) ? "outgoing" : "incoming");
    Set(&call, "outcome", kOutcomes[Pick(kOutcomes.size())]);
    Set(&call, "duration_seconds", static_cast<double>(30 + Pick(900)));
    Emit("client", client, "activities.CallLogged", call, t);
  }
  void Meeting(const std::string& client, const std::string& owner, absl::Time t) {
    Struct meeting;
    Set(&meeting, "client_id", client);
    Set(&meeting, "employee", owner);
    Set(&meeting, "place", Chance(0.5) ? "Офис клиента" : "Zoom");
    Set(&meeting, "status", "held");
    Emit("client", client, "activities.MeetingHeld", meeting, t);
  }
  void Purchase(const std::string& client, absl::Time t) {
    if (t > options_.now) return;
    Struct purchase;
    Set(&purchase, "client_id", client);
    Set(&purchase, "item", kProducts[Pick(kProducts.size())]);
    Set(&purchase, "amount", static_cast<double>(20'000 + 1'000 * Pick(200)));
    Emit("client", client, "activities.PurchaseMade", purchase, t);
  }
  void Task(const std::string& client, const std::string& owner, absl::Time due,
            const std::string& title) {
    Struct task;
    Set(&task, "client_id", client);
    Set(&task, "assignee", owner);
    Set(&task, "title", title);
    Set(&task, "due", absl::FormatTime(absl::RFC3339_sec, due, absl::UTCTimeZone()));
    Emit("task", absl::StrCat("t", client), "activities.TaskCreated", task, due - absl::Hours(24));
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

  static void Set(Struct* s, const std::string& key, const std::string& value) {
    (*s->mutable_fields())[key].set_string_value(value);
  }
  static void Set(Struct* s, const std::string& key, double value) {
    (*s->mutable_fields())[key].set_number_value(value);
  }

  void Emit(const std::string& type, const std::string& id, const std::string& event_type,
            const Struct& payload, absl::Time occurred_at) {
    if (occurred_at > options_.now) occurred_at = options_.now;
    eventlog::AppendRequest request;
    request.stream.set_type(type);
    request.stream.set_id(id);
    request.command_id = absl::StrCat("demo-", options_.seed, "-", out_->size());
    request.correlation_id = absl::StrCat("demo-", id);
    request.actor.set_user_id("demo");
    request.actor.set_role("admin");
    v1::EventEnvelope& event = request.events.emplace_back();
    event.set_event_type(event_type);
    event.mutable_payload()->PackFrom(payload);
    *event.mutable_occurred_at() = TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(occurred_at));
    event.set_schema_version(1);
    out_->push_back(std::move(request));
  }

  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(random_) < p; }
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random_); }

  const DemoOptions& options_;
  std::mt19937_64 random_;
  std::vector<eventlog::AppendRequest>* out_;
};

}  // namespace

std::vector<eventlog::AppendRequest> GenerateDemoHistory(const DemoOptions& options) {
  std::vector<eventlog::AppendRequest> history;
  StoryWriter writer(options, &history);
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
