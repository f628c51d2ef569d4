#include "chronicle/demo/demo_history.h"

#include <map>
#include <regex>

#include "chronicle/eventlog/rocksdb_event_log.h"
#include "chronicle/testing/temp_dir.h"
#include "chronicle/v1/contacts_events.pb.h"
#include "chronicle/v1/deals_events.pb.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace chronicle::demo {
namespace {

DemoOptions SmallDemo() {
  DemoOptions options;
  options.clients = 120;
  options.now = absl::FromUnixSeconds(1'795'000'000);
  return options;
}

google::protobuf::Struct Payload(const eventlog::AppendRequest& request) {
  google::protobuf::Struct payload;
  EXPECT_TRUE(request.events[0].payload().UnpackTo(&payload));
  return payload;
}

TEST(DemoHistoryTest, IsDeterministicAndValid) {
  auto first = GenerateDemoHistory(SmallDemo());
  auto second = GenerateDemoHistory(SmallDemo());
  ASSERT_EQ(first.size(), second.size());
  for (size_t i = 0; i < first.size(); ++i) {
    ASSERT_EQ(first[i].command_id, second[i].command_id);
    // Struct fields are a map, whose wire order is unspecified: compare as messages.
    ASSERT_TRUE(google::protobuf::util::MessageDifferencer::Equals(first[i].events[0],
                                                                   second[i].events[0]));
    ASSERT_TRUE(eventlog::ValidateAppendRequest(first[i]).ok()) << i;
  }
}

TEST(DemoHistoryTest, LooksLikeARealSalesHistory) {
  const DemoOptions options = SmallDemo();
  std::map<std::string, int> by_type;
  const std::regex phone(R"(\+7 9\d\d \d{3}-\d\d-\d\d|\+380 \d\d \d{3} \d\d \d\d)");
  for (const auto& request : GenerateDemoHistory(options)) {
    const auto& event = request.events[0];
    ++by_type[event.event_type()];
    const absl::Time occurred = absl::FromUnixSeconds(event.occurred_at().seconds());
    EXPECT_LE(occurred, options.now);
    EXPECT_GT(occurred, options.now - absl::Hours(24 * 400));
    if (event.event_type() == "deals.DealCreated") {
      v1::DealCreated created;
      ASSERT_TRUE(event.payload().UnpackTo(&created));  // typed, as the deals service writes
      EXPECT_EQ(created.deal().pipeline(), "pipelines/new-sales");
      EXPECT_FALSE(created.deal().attribution().source().empty());
    }
    if (event.event_type() == "contacts.ClientCreated") {
      v1::ClientCreated created;
      ASSERT_TRUE(event.payload().UnpackTo(&created));  // typed, as the contacts service writes
      const v1::Client& card = created.client();
      if (card.phones_size() > 0) {
        EXPECT_TRUE(std::regex_match(card.phones(0).number(), phone)) << card.phones(0).number();
        EXPECT_EQ(card.phones(0).e164()[0], '+');
      }
      // Cyrillic: every letter of a surname is a two-byte UTF-8 sequence starting 0xD0 or 0xD1.
      ASSERT_FALSE(card.surname().empty());
      EXPECT_TRUE(static_cast<unsigned char>(card.surname()[0]) == 0xD0 ||
                  static_cast<unsigned char>(card.surname()[0]) == 0xD1);
      EXPECT_FALSE(card.patronymic().empty());
      EXPECT_EQ(card.display_name(),
                card.surname() + " " + card.given_name() + " " + card.patronymic());
    }
  }
  EXPECT_EQ(by_type["contacts.ClientCreated"], options.clients);
  EXPECT_EQ(by_type["deals.DealCreated"], options.clients);
  EXPECT_GT(by_type["deals.DealWon"], 0);
  EXPECT_GT(by_type["deals.DealLost"], by_type["deals.DealWon"]);  // most deals die in a funnel
  EXPECT_LE(by_type["deals.DealWon"] + by_type["deals.DealLost"], options.clients);
  EXPECT_GT(by_type["activities.ActivityLogged"], options.clients);
  EXPECT_GT(by_type["activities.TaskCreated"], 0);
  EXPECT_EQ(by_type["activities.EmployeeRegistered"], 4);
}

TEST(DemoHistoryTest, LoadingTwiceWritesNothingTheSecondTime) {
  chronicle::testing::TempDir dir;
  eventlog::RocksDbEventLogOptions log_options;
  log_options.path = dir.path();
  auto log = std::move(*eventlog::OpenRocksDbEventLog(log_options));
  auto added = LoadDemoHistory(*log, SmallDemo());
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(*added, log->HeadPosition());
  EXPECT_GT(*added, 5u * SmallDemo().clients);
  DemoOptions later = SmallDemo();
  later.now += absl::Hours(5);  // a restart on another day: same command ids
  auto again = LoadDemoHistory(*log, later);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0u);
  EXPECT_EQ(log->HeadPosition(), *added);
}

}  // namespace
}  // namespace chronicle::demo
