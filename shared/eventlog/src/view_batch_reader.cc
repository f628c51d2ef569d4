#include "chronicle/eventlog/view_batch_reader.h"

#include <pthread.h>

#include "absl/strings/str_cat.h"

namespace chronicle::eventlog {

ViewBatchReader::ViewBatchReader(EventLog* log, Options options) : log_(log), options_(options) {
  thread_ = std::thread([this] { ReadLoop(); });
  pthread_setname_np(thread_.native_handle(), "log-read-ahead");  // for top, perf and gdb
}

ViewBatchReader::~ViewBatchReader() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

bool ViewBatchReader::Fill(Batch& batch, uint64_t from) {
  batch.bytes.clear();
  batch.ends.clear();
  batch.views.clear();
  size_t count = options_.batch_size;
  if (options_.until_position != 0) {
    if (from > options_.until_position) return false;
    count = std::min<uint64_t>(count, options_.until_position - from + 1);
  }
  std::vector<uint64_t>& positions = batch.positions;
  positions.clear();
  const absl::Status scanned =
      log_->ScanAll(from, count, [&batch, &positions](uint64_t position, absl::string_view bytes) {
        batch.bytes.append(bytes.data(), bytes.size());
        batch.ends.push_back(batch.bytes.size());
        positions.push_back(position);
      });
  // Views only once the bytes stopped moving. The scan hands out only events that passed their
  // checksum, so those before a scan error are good.
  absl::Status parsed;
  size_t begin = 0;
  for (size_t i = 0; i < batch.ends.size(); ++i) {
    const size_t end = batch.ends[i];
    batch.views.emplace_back();
    parsed = ParseEnvelopeView(absl::string_view(batch.bytes).substr(begin, end - begin),
                               &batch.views.back());
    // The reader resumes after the last view's position: it must be the one the log stored.
    if (parsed.ok() && batch.views.back().global_position != positions[i]) {
      parsed = absl::DataLossError(absl::StrCat("event at position ", positions[i],
                                                ": envelope says position ",
                                                batch.views.back().global_position));
    }
    if (!parsed.ok()) {
      batch.views.pop_back();
      break;
    }
    begin = end;
  }
  batch.status = parsed.ok() ? scanned : parsed;
  return !batch.views.empty() || !batch.status.ok();
}

void ViewBatchReader::ReadLoop() {
  uint64_t from = std::max<uint64_t>(options_.from_position, 1);
  for (;;) {
    std::unique_ptr<Batch> batch;
    {
      absl::MutexLock lock(&mu_);
      auto room = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || static_cast<int>(ready_.size()) < options_.depth;
      };
      mu_.Await(absl::Condition(&room));
      if (stopping_) return;
      if (!free_.empty()) {
        batch = std::move(free_.back());
        free_.pop_back();
      }
    }
    if (batch == nullptr) batch = std::make_unique<Batch>();
    const bool more = Fill(*batch, from);
    const bool failed = !batch->status.ok();
    from = batch->views.empty() ? from : batch->views.back().global_position + 1;
    absl::MutexLock lock(&mu_);
    if (failed && !batch->views.empty()) {
      // What was read before the damage first, then the error.
      auto error = std::make_unique<Batch>();
      error->status = batch->status;
      batch->status = absl::OkStatus();
      ready_.push_back(std::move(batch));
      batch = std::move(error);
    }
    if (more) ready_.push_back(std::move(batch));
    if (!more || failed) {
      done_ = true;
      return;
    }
  }
}

absl::Status ViewBatchReader::Next(absl::Span<const EnvelopeView>* batch) {
  absl::MutexLock lock(&mu_);
  if (current_ != nullptr) free_.push_back(std::move(current_));
  auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return done_ || !ready_.empty(); };
  mu_.Await(absl::Condition(&ready));
  *batch = {};
  if (ready_.empty()) return absl::OkStatus();
  current_ = std::move(ready_.front());
  ready_.pop_front();
  if (!current_->status.ok()) return current_->status;
  *batch = current_->views;
  return absl::OkStatus();
}

}  // namespace chronicle::eventlog
