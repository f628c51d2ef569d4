#include "chronicle/cli/table.h"

#include <sstream>

#include "gtest/gtest.h"

namespace chronicle::cli {
namespace {

TEST(TableTest, AlignsCyrillicByDisplayWidthNotBytes) {
  Table table({"NAME", "CITY"});
  table.AddRow({"Иванова", "Москва"});
  table.AddRow({"Smith", "Kyiv"});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(),
            "NAME     CITY\n"
            "Иванова  Москва\n"
            "Smith    Kyiv\n");
}

TEST(TableTest, TruncatesOnCharacterBoundaries) {
  EXPECT_EQ(DisplayWidth("Саша"), 4u);
  EXPECT_EQ(Truncate("Александра", 5), "Алек…");
  EXPECT_EQ(Truncate("short", 10), "short");
}

}  // namespace
}  // namespace chronicle::cli
