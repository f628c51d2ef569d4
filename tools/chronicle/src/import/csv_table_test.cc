#include "csv_table.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::cli {
namespace {

using ::testing::ElementsAre;

TEST(ParseCsvTest, Windows1251WithSemicolonsAsRussianExcelSavesIt) {
  // "ФИО;Телефон\r\nИванова Анна;8 912 345-67-89\r\n" in Windows-1251.
  const std::string bytes =
      "\xD4\xC8\xCE;\xD2\xE5\xEB\xE5\xF4\xEE\xED\r\n\xC8\xE2\xE0\xED\xEE\xE2\xE0 "
      "\xC0\xED\xED\xE0;8 912 "
      "345-67-89\r\n";
  auto table = ParseCsv(bytes, "auto", 0);
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->encoding, "windows-1251");
  EXPECT_EQ(table->delimiter, ';');
  EXPECT_THAT(table->header, ElementsAre("ФИО", "Телефон"));
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_THAT(table->rows[0], ElementsAre("Иванова Анна", "8 912 345-67-89"));
}

TEST(ParseCsvTest, Utf8WithBomQuotesAndEmbeddedNewlines) {
  auto table = ParseCsv(
      "\xEF\xBB\xBFname,notes\n\"Петров, Олег\",\"line one\nline \"\"two\"\"\"\n\n", "auto", 0);
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->encoding, "utf-8");
  EXPECT_THAT(table->header, ElementsAre("name", "notes"));
  ASSERT_EQ(table->rows.size(), 1u);  // the blank line is not a row
  EXPECT_THAT(table->rows[0], ElementsAre("Петров, Олег", "line one\nline \"two\""));
}

TEST(ParseCsvTest, ShortRowsArePaddedAndBadInputExplained) {
  auto table = ParseCsv("a;b;c\n1\n", "utf-8", 0);
  ASSERT_TRUE(table.ok());
  EXPECT_THAT(table->rows[0], ElementsAre("1", "", ""));
  EXPECT_FALSE(ParseCsv("\xD4\xC8\xCE", "utf-8", 0).ok());  // cp1251 bytes are not UTF-8
  EXPECT_FALSE(ParseCsv("", "auto", 0).ok());
  EXPECT_FALSE(ParseCsv("a", "koi8", 0).ok());
}

TEST(CsvLineTest, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(CsvLine({"a", "b;c", "say \"hi\"", "x\ny"}, ';'),
            "a;\"b;c\";\"say \"\"hi\"\"\";\"x\ny\"");
  auto round =
      ParseCsv(CsvLine({"h1", "h2"}, ';') + "\n" + CsvLine({"b;c", "q\""}, ';'), "auto", ';');
  ASSERT_TRUE(round.ok());
  EXPECT_THAT(round->rows[0], ElementsAre("b;c", "q\""));
}

}  // namespace
}  // namespace chronicle::cli
