#include "contact_rows.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::cli {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Fields(const std::vector<ColumnTarget>& targets) {
  std::vector<std::string> out;
  for (const auto& t : targets)
    out.push_back(t.field == "custom" ? "custom." + t.custom_key : t.field);
  return out;
}

TEST(MapColumnsTest, GuessesRussianUkrainianAndEnglishHeaders) {
  auto targets = MapColumns(
      {"ФИО", "Моб. телефон", "E-mail", "Ответственный", "Дата рождения", "Прізвище", "Компания"},
      {});
  ASSERT_TRUE(targets.ok());
  EXPECT_THAT(Fields(*targets),
              ElementsAre("full_name", "phone", "email", "owner", "birthday", "surname", "ignore"));
  targets = MapColumns({"Телефон 2", "Сегмент"}, {"сегмент=custom.segment"});
  ASSERT_TRUE(targets.ok());
  EXPECT_THAT(Fields(*targets), ElementsAre("phone", "custom.segment"));
  EXPECT_FALSE(MapColumns({"A"}, {"B=phone"}).ok());
  EXPECT_FALSE(MapColumns({"A"}, {"A=shoe_size"}).ok());
}

TEST(RowToClientTest, ConvertsCellsTheWaySpreadsheetsWriteThem) {
  const std::vector<std::string> header = {"ФИО",         "Телефоны", "Дата рождения",
                                           "Температура", "Тип",      "Сегмент"};
  auto targets = MapColumns(header, {"Сегмент=custom.segment"});
  ASSERT_TRUE(targets.ok());
  v1::CustomField segment;
  segment.set_type(v1::CUSTOM_FIELD_TYPE_CHOICE);
  auto* option = segment.add_options();
  option->set_value("b2b");
  option->set_label("Бизнес");
  std::map<std::string, v1::CustomField> fields = {{"segment", segment}};
  auto client = RowToClient(header, *targets,
                            {"Иванова Александра Петровна", "+7 912 345-67-89; 8 (495) 123-45-67",
                             "08.03.1990", "Горячий", "юрлицо", "бизнес"},
                            fields);
  ASSERT_TRUE(client.ok()) << client.status();
  EXPECT_EQ(client->surname(), "Иванова");
  EXPECT_EQ(client->given_name(), "Александра");
  EXPECT_EQ(client->patronymic(), "Петровна");
  EXPECT_EQ(client->phones_size(), 2);
  EXPECT_EQ(client->birthday(), "1990-03-08");
  EXPECT_EQ(client->temperature(), v1::TEMPERATURE_HOT);
  EXPECT_EQ(client->type(), v1::CLIENT_TYPE_LEGAL_ENTITY);
  EXPECT_EQ(client->custom_fields().at("segment").choice(), "b2b");

  auto bad =
      RowToClient(header, *targets, {"Петров", "", "31.02.x", "тёпленький", "", "опт"}, fields);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(
      std::string(bad.status().message()),
      ::testing::AllOf(::testing::HasSubstr("Дата рождения"), ::testing::HasSubstr("Температура"),
                       ::testing::HasSubstr("Сегмент: 'опт' is not an option")));
}

}  // namespace
}  // namespace chronicle::cli
