#include "contacts/domain/email.h"
#include "contacts/domain/phone.h"
#include "contacts/domain/search_text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chronicle::contacts {
namespace {

using ::testing::ElementsAre;

TEST(PhoneNormalizerTest, RussianFormatsAreOneNumber) {
  auto ru = PhoneNormalizer::Create("RU");
  ASSERT_TRUE(ru.ok());
  for (const char* text : {"8 (912) 345-67-89", "+7 912 345 67 89", "79123456789", "+7(912)3456789",
                           "8-912-345-67-89"}) {
    auto e164 = ru->ToE164(text);
    ASSERT_TRUE(e164.ok()) << text << ": " << e164.status();
    EXPECT_EQ(*e164, "+79123456789") << text;
  }
}

TEST(PhoneNormalizerTest, UkrainianNumbersAndRegion) {
  auto ua = PhoneNormalizer::Create("ua");
  ASSERT_TRUE(ua.ok());
  EXPECT_EQ(*ua->ToE164("050 123 45 67"), "+380501234567");
  EXPECT_EQ(*ua->ToE164("+380 67 123 45 67"), "+380671234567");
  // A number with a country code is read as written, whatever the default region.
  EXPECT_EQ(*ua->ToE164("+7 912 345 67 89"), "+79123456789");
}

TEST(PhoneNormalizerTest, RejectsWhatIsNotANumber) {
  auto ru = PhoneNormalizer::Create("RU");
  EXPECT_FALSE(ru->ToE164("позвонить вечером").ok());
  EXPECT_FALSE(ru->ToE164("123").ok());
  EXPECT_FALSE(ru->ToE164("8 (000) 000-00-00").ok());
  EXPECT_FALSE(PhoneNormalizer::Create("XX").ok());
}

TEST(NormalizeEmailTest, CaseAndWhitespace) {
  EXPECT_EQ(*NormalizeEmail("  Ivanova.A@Mail.RU "), "ivanova.a@mail.ru");
  EXPECT_FALSE(NormalizeEmail("ivanova@").ok());
  EXPECT_FALSE(NormalizeEmail("ivanova mail.ru").ok());
  EXPECT_FALSE(NormalizeEmail("a b@mail.ru").ok());
  EXPECT_FALSE(NormalizeEmail("a@mail").ok());
  EXPECT_FALSE(NormalizeEmail("a@@mail.ru").ok());
}

TEST(SearchTokensTest, CyrillicAndLatinMeet) {
  EXPECT_EQ(SearchTokens("Саша Иванова"), SearchTokens("Sasha Ivanova"));
  EXPECT_EQ(SearchTokens("Юлия"), SearchTokens("Yulia"));
  EXPECT_EQ(SearchTokens("Юлия"), SearchTokens("Julia"));
  EXPECT_EQ(SearchTokens("Александр"), SearchTokens("Alexandr"));
  EXPECT_EQ(SearchTokens("Харитонов"), SearchTokens("Haritonov"));
  EXPECT_THAT(SearchTokens("Олексій Ткаченко-Мельник"),
              ElementsAre("oleksi", "tkachenko", "melnik"));
  EXPECT_THAT(SearchTokens("ИВАНОВ иванов"), ElementsAre("ivanov"));
  EXPECT_THAT(SearchTokens("Ильин"), ElementsAre("ilin"));
  EXPECT_TRUE(SearchTokens("  ,. ").empty());
}

TEST(FullNamesOfTest, DiminutivesInEitherScript) {
  EXPECT_THAT(FullNamesOf(SearchForm("Саша")), ElementsAre("aleksandr", "aleksandra"));
  EXPECT_EQ(FullNamesOf(SearchForm("Sasha")), FullNamesOf(SearchForm("Саша")));
  EXPECT_THAT(FullNamesOf(SearchForm("Женя")),
              ElementsAre(SearchForm("Евгений"), SearchForm("Евгения")));
  EXPECT_TRUE(FullNamesOf(SearchForm("Иванова")).empty());
}

TEST(CollationKeyTest, RussianOrderIgnoringCase) {
  EXPECT_LT(CollationKey("Елагин"), CollationKey("ёлкин"));
  EXPECT_LT(CollationKey("Ёлкин"), CollationKey("Жуков"));
  EXPECT_LT(CollationKey("анна"), CollationKey("Борис"));
  EXPECT_EQ(CollationKey("ИВАНОВ"), CollationKey("иванов"));
}

}  // namespace
}  // namespace chronicle::contacts
