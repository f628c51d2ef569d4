#include "chronicle/eventlog/view_batch_reader.h"

#include "chronicle/testing/events.h"
#include "event_log_fixture.h"
#include "gtest/gtest.h"

namespace chronicle::eventlog {
namespace {

using ::chronicle::testing::Append;
using ::chronicle::testing::Stream;

// Appends `appends` appends of 7 events each to two streams, alternating.
void Fill(EventLog& log, int appends) {
  for (int i = 0; i < appends; ++i) {
    auto result = log.Append(Append(Stream("deal", i % 2 ? "a" : "b"), "c" + std::to_string(i), 7));
    ASSERT_TRUE(result.ok()) << result.status();
  }
}

// Every position the reader hands out, checked against the parsed envelopes.
std::vector<uint64_t> ReadAllThrough(EventLog& log, ViewBatchReader::Options options) {
  std::vector<uint64_t> positions;
  ViewBatchReader reader(&log, options);
  absl::Span<const EnvelopeView> batch;
  for (;;) {
    absl::Status status = reader.Next(&batch);
    EXPECT_TRUE(status.ok()) << status;
    if (!status.ok() || batch.empty()) break;
    EXPECT_LE(batch.size(), options.batch_size);
    auto parsed = log.ReadAll(batch.front().global_position, batch.size());
    EXPECT_TRUE(parsed.ok());
    for (size_t i = 0; i < batch.size(); ++i) {
      const v1::EventEnvelope& event = (*parsed)[i];
      EXPECT_EQ(batch[i].global_position, event.global_position());
      EXPECT_EQ(batch[i].stream_id, event.stream().id());
      EXPECT_EQ(batch[i].event_type, event.event_type());
      EXPECT_EQ(batch[i].payload, event.payload().value());
      positions.push_back(batch[i].global_position);
    }
  }
  return positions;
}

TEST_F(EventLogTest, ViewBatchesCoverTheRangeInOrder) {
  auto log = Open();
  Fill(*log, 300);  // 2,100 events
  ViewBatchReader::Options options;
  options.batch_size = 64;
  options.depth = 2;
  std::vector<uint64_t> all = ReadAllThrough(*log, options);
  ASSERT_EQ(all.size(), 2100u);
  for (size_t i = 0; i < all.size(); ++i) ASSERT_EQ(all[i], i + 1);

  options.from_position = 1000;
  options.until_position = 1500;
  std::vector<uint64_t> window = ReadAllThrough(*log, options);
  ASSERT_EQ(window.size(), 501u);
  EXPECT_EQ(window.front(), 1000u);
  EXPECT_EQ(window.back(), 1500u);

  options.from_position = 2101;  // past the end
  options.until_position = 0;
  EXPECT_TRUE(ReadAllThrough(*log, options).empty());
}

TEST_F(EventLogTest, ViewBatchReaderStopsWhenLeftEarly) {
  auto log = Open();
  Fill(*log, 300);
  ViewBatchReader::Options options;
  options.batch_size = 16;
  options.depth = 1;
  ViewBatchReader reader(log.get(), options);
  absl::Span<const EnvelopeView> batch;
  ASSERT_TRUE(reader.Next(&batch).ok());
  EXPECT_EQ(batch.front().global_position, 1u);
  // The reader's thread is now blocked on a full queue; destroying the reader must not hang.
}

}  // namespace
}  // namespace chronicle::eventlog
