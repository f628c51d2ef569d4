// tools/kafka_mock as the separate process the Kafka tests run against: it prints its bootstrap
// servers, serves the real protocol over TCP, and kcat (Debian's Kafka command-line client, what
// an analyst would use) reads what Chronicle's producer wrote, headers included.
#include "kafka_mock_process.h"

#include <sys/wait.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "chronicle/kafka/kafka_client.h"
#include "gtest/gtest.h"
#include "run_shell.h"

namespace chronicle {
namespace {

using ::chronicle::testing::KafkaMockProcess;

TEST(KafkaMockProcessTest, PrintsItsAddressServesAndKcatReadsTheHeaders) {
  KafkaMockProcess mock(KAFKA_MOCK_PATH, {"--brokers", "3", "--topic", "chronicle.contacts:4"});
  ASSERT_FALSE(mock.bootstrap().empty());
  const std::vector<std::string> brokers = absl::StrSplit(mock.bootstrap(), ',');
  EXPECT_EQ(brokers.size(), 3u) << mock.bootstrap();

  auto producer = kafka::Producer::Create(mock.bootstrap());
  ASSERT_TRUE(producer.ok()) << producer.status();
  for (int i = 0; i < 3; ++i) {
    auto delivered = (*producer)->Produce(
        "chronicle.contacts", "c7", absl::StrCat("payload-", i),
        {{"event_type", "contacts.ClientCreated"}, {"global_position", absl::StrCat(i + 1)}},
        absl::Seconds(20));
    ASSERT_TRUE(delivered.ok()) << delivered.status();
  }
  const std::string read =
      testing::RunShell(
          absl::StrCat("kcat -b ", mock.bootstrap(),
                       " -C -t chronicle.contacts -o beginning -e -q -f '%k|%h|%s\\n' 2>/dev/null"))
          .out;
  EXPECT_EQ(read,
            "c7|event_type=contacts.ClientCreated,global_position=1|payload-0\n"
            "c7|event_type=contacts.ClientCreated,global_position=2|payload-1\n"
            "c7|event_type=contacts.ClientCreated,global_position=3|payload-2\n");
  const int status = mock.Stop();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

TEST(KafkaMockProcessTest, ABadTopicArgumentIsRefused) {
  KafkaMockProcess mock(KAFKA_MOCK_PATH, {"--topic", "no-partitions"});
  EXPECT_TRUE(mock.bootstrap().empty());
  const int status = mock.Stop();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2) << status;
}

}  // namespace
}  // namespace chronicle
