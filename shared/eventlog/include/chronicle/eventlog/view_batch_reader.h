// Reads the log ahead on a thread of its own, in batches of envelope views, for a replay.
//
// Why: a replay is a scan (decompress, checksum, find the envelope fields) followed by a fold.
// Done on one thread, a replay costs both; with the scan on a second core it costs the slower of
// the two. The batches are bounded (`depth` of them in flight), so a slow fold holds the reader
// back rather than memory filling up.
#ifndef CHRONICLE_EVENTLOG_VIEW_BATCH_READER_H_
#define CHRONICLE_EVENTLOG_VIEW_BATCH_READER_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "chronicle/eventlog/envelope_view.h"
#include "chronicle/eventlog/event_log.h"

namespace chronicle::eventlog {

class ViewBatchReader {
 public:
  struct Options {
    uint64_t from_position = 1;
    // The last position to read; 0 reads until the end of the log as the reader finds it.
    uint64_t until_position = 0;
    size_t batch_size = 4096;
    int depth = 4;
  };

  // Starts reading `log` (which must outlive the reader) right away.
  ViewBatchReader(EventLog* log, Options options);
  // Stops the read ahead (a replay may end before the log does).
  ~ViewBatchReader();

  ViewBatchReader(const ViewBatchReader&) = delete;
  ViewBatchReader& operator=(const ViewBatchReader&) = delete;

  // The next batch, in log order: views valid until the next call. Empty at the end. The log's
  // errors (DATA_LOSS for a damaged event or envelope) are returned in order, after the batches
  // read before them.
  absl::Status Next(absl::Span<const EnvelopeView>* batch);

 private:
  struct Batch {
    std::string bytes;
    std::vector<size_t> ends;         // end offset of each envelope in `bytes`
    std::vector<uint64_t> positions;  // where the log stored each
    std::vector<EnvelopeView> views;
    absl::Status status;
  };

  void ReadLoop();
  // Fills `batch` from `from` on; false at the end of what is to be read.
  bool Fill(Batch& batch, uint64_t from);

  EventLog* const log_;
  const Options options_;
  absl::Mutex mu_;
  std::deque<std::unique_ptr<Batch>> ready_ ABSL_GUARDED_BY(mu_);
  std::vector<std::unique_ptr<Batch>> free_ ABSL_GUARDED_BY(mu_);
  bool done_ ABSL_GUARDED_BY(mu_) = false;  // the reader has queued its last batch
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::unique_ptr<Batch> current_;  // handed out by Next
  std::thread thread_;
};

}  // namespace chronicle::eventlog

#endif  // CHRONICLE_EVENTLOG_VIEW_BATCH_READER_H_
