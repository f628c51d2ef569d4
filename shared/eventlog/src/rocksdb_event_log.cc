#include "chronicle/eventlog/rocksdb_event_log.h"

#include <pthread.h>

#include <deque>
#include <filesystem>
#include <iostream>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "chronicle/base/log.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/base/uuid.h"
#include "chronicle/storage/disk_space_guard.h"
#include "chronicle/storage/rocksdb_util.h"
#include "event_codec.h"
#include "event_reader.h"
#include "google/protobuf/util/time_util.h"
#include "rocksdb/db.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/table.h"
#include "tail_subscription.h"

namespace chronicle::eventlog {
namespace {

using google::protobuf::util::TimeUtil;
using storage::FromRocksDb;

// The writer thread forgets cached stream versions past this many streams (then reads them back
// from RocksDB on demand), so memory stays bounded on large bases.
constexpr size_t kMaxCachedStreams = 1 << 20;
constexpr size_t kSubscriptionBatch = 1024;

google::protobuf::Timestamp ToProto(absl::Time t) {
  return TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(t));
}

class RocksDbEventLog final : public EventLog {
 public:
  RocksDbEventLog(RocksDbEventLogOptions options, std::unique_ptr<rocksdb::DB> db,
                  std::vector<rocksdb::ColumnFamilyHandle*> handles, uint64_t head)
      : options_(std::move(options)),
        db_(std::move(db)),
        handles_(std::move(handles)),
        head_watch_(head),
        space_guard_(options_.path, options_.min_free_bytes),
        committed_head_(head),
        ids_(*options_.clock) {
    sync_write_.sync = true;
    writer_ = std::thread([this] { WriterLoop(); });
    pthread_setname_np(writer_.native_handle(), "chronicle-log");  // for top, perf and gdb
  }

  ~RocksDbEventLog() override {
    {
      absl::MutexLock lock(&queue_mu_);
      closing_ = true;
    }
    writer_.join();  // the writer drains what was queued before closing
    for (auto* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
    db_->Close().PermitUncheckedError();
  }

  void AppendAsync(AppendRequest request, AppendCallback done) override {
    if (absl::Status valid = ValidateAppendRequest(request); !valid.ok()) {
      done(valid);
      return;
    }
    absl::MutexLock lock(&queue_mu_);
    if (closing_) {
      done(absl::UnavailableError("append: the event log is shutting down"));
      return;
    }
    queue_.push_back(Pending{std::move(request), std::move(done)});
  }

  absl::StatusOr<std::vector<v1::EventEnvelope>> ReadAll(uint64_t from_position,
                                                         size_t max_count) override {
    std::vector<v1::EventEnvelope> events;
    RETURN_IF_ERROR(ReadAllInto(from_position, max_count, &events));
    return events;
  }

  absl::Status ReadAllInto(uint64_t from_position, size_t max_count,
                           std::vector<v1::EventEnvelope>* events) override {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), events_cf()));
    size_t count = 0;
    absl::Status read = ReadRange(it.get(), std::max<uint64_t>(from_position, 1), UINT64_MAX,
                                  max_count, events, &count);
    events->resize(count);
    return read;
  }

  absl::Status ScanAll(uint64_t from_position, size_t max_count,
                       const std::function<void(uint64_t, absl::string_view)>& visit) override {
    if (max_count == 0) return absl::OkStatus();
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), events_cf()));
    size_t count = 0;
    return ScanRange(it.get(), std::max<uint64_t>(from_position, 1), UINT64_MAX,
                     [&](uint64_t position, std::string_view bytes) {
                       visit(position, absl::string_view(bytes.data(), bytes.size()));
                       return ++count < max_count;
                     });
  }

  absl::StatusOr<std::vector<v1::EventEnvelope>> ReadStream(const v1::StreamId& stream,
                                                            uint64_t from_version,
                                                            size_t max_count) override {
    const std::string name = StreamName(stream);
    const std::string prefix = StreamKeyPrefix(name);
    from_version = std::max<uint64_t>(from_version, 1);
    std::vector<v1::EventEnvelope> events;
    size_t count = 0;
    std::unique_ptr<rocksdb::Iterator> index(
        db_->NewIterator(rocksdb::ReadOptions(), streams_cf()));
    std::unique_ptr<rocksdb::Iterator> chunks(
        db_->NewIterator(rocksdb::ReadOptions(), events_cf()));
    // The append holding from_version starts at or before it.
    index->SeekForPrev(StreamKey(name, from_version));
    if (!index->Valid() || !index->key().starts_with(prefix)) index->Seek(StreamKey(name, 1));
    for (; index->Valid() && index->key().starts_with(prefix) && count < max_count; index->Next()) {
      const uint64_t first_version =
          storage::ReadBigEndian64(index->key().ToStringView().substr(prefix.size()));
      uint64_t first_position, entry_count;
      RETURN_IF_ERROR(
          DecodeStreamEntry(index->value().ToStringView(), &first_position, &entry_count));
      if (first_version + entry_count <= from_version) continue;
      const uint64_t skip = from_version > first_version ? from_version - first_version : 0;
      RETURN_IF_ERROR(ReadRange(chunks.get(), first_position + skip,
                                first_position + entry_count - 1, max_count, &events, &count));
    }
    RETURN_IF_ERROR(FromRocksDb(index->status(), "read"));
    events.resize(count);
    return events;
  }

  absl::StatusOr<uint64_t> StreamVersion(const v1::StreamId& stream) override {
    return LoadStreamVersion(StreamName(stream));
  }

  uint64_t HeadPosition() const override { return head_watch_.head(); }

  std::unique_ptr<Subscription> Subscribe(const Checkpoint& from,
                                          EventConsumer* consumer) override {
    return std::make_unique<TailSubscription>(this, &head_watch_, from, consumer,
                                              kSubscriptionBatch);
  }

  uint64_t StorageBytes() override {
    std::error_code ec;
    uint64_t total = 0;
    for (const auto& entry : std::filesystem::directory_iterator(options_.path, ec)) {
      if (entry.is_regular_file(ec)) total += entry.file_size(ec);
    }
    return total;
  }

 private:
  struct Pending {
    AppendRequest request;
    AppendCallback done;
  };

  // State of one group being committed: what it adds on top of the committed log.
  struct Group {
    rocksdb::WriteBatch batch;
    ChunkBuilder chunk;     // events not yet added to `batch`
    uint64_t position = 0;  // last position assigned so far
    absl::flat_hash_map<std::string, uint64_t> stream_versions;
    absl::flat_hash_map<std::string, CommandRecord> commands;
    absl::Time now;
  };

  rocksdb::ColumnFamilyHandle* events_cf() const { return handles_[1]; }
  rocksdb::ColumnFamilyHandle* streams_cf() const { return handles_[2]; }
  rocksdb::ColumnFamilyHandle* commands_cf() const { return handles_[3]; }

  void WriterLoop() {
    while (true) {
      std::vector<Pending> group;
      {
        absl::MutexLock lock(&queue_mu_);
        queue_mu_.Await(absl::Condition(
            +[](RocksDbEventLog* self) ABSL_SHARED_LOCKS_REQUIRED(self->queue_mu_) {
              return !self->queue_.empty() || self->closing_;
            },
            this));
        if (queue_.empty()) return;  // closing and drained
        size_t events = 0;
        while (!queue_.empty() && events < options_.max_group_events) {
          events += queue_.front().request.events.size();
          group.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      CommitGroup(group);
    }
  }

  // Stages every append of `pending` into one batch, writes it with a single sync, then answers
  // each caller. An append that fails validation against the log's state fails alone.
  void CommitGroup(std::vector<Pending>& pending) {
    Group group;
    group.position = committed_head_;
    group.now = options_.clock->Now();
    std::vector<absl::StatusOr<AppendResult>> results;
    std::vector<bool> needs_write(pending.size(), false);
    results.reserve(pending.size());
    for (size_t i = 0; i < pending.size(); ++i) {
      bool wrote = false;
      results.push_back(Stage(pending[i].request, &group, &wrote));
      needs_write[i] = wrote;
    }
    FlushChunk(&group);
    if (group.batch.Count() > 0) {
      absl::Status written = WriteDurably(&group.batch);
      if (written.ok()) {
        committed_head_ = group.position;
        if (stream_versions_.size() > kMaxCachedStreams) stream_versions_.clear();
        for (auto& [name, version] : group.stream_versions) stream_versions_[name] = version;
        head_watch_.Publish(committed_head_);
      } else {
        for (size_t i = 0; i < pending.size(); ++i) {
          if (needs_write[i] && results[i].ok()) results[i] = written;
        }
      }
    }
    for (size_t i = 0; i < pending.size(); ++i) pending[i].done(std::move(results[i]));
  }

  // After a failed write RocksDB refuses further writes until resumed; resuming succeeds once the
  // cause (a full disk, say) is gone, which is how the log recovers without a restart.
  absl::Status WriteDurably(rocksdb::WriteBatch* batch) {
    RETURN_IF_ERROR(space_guard_.CheckRoomFor(batch->GetDataSize()));
    if (needs_resume_) {
      RETURN_IF_ERROR(FromRocksDb(db_->Resume(), "append (recovering from an earlier failure)"));
      needs_resume_ = false;
    }
    absl::Status status = FromRocksDb(db_->Write(sync_write_, batch), "append");
    if (!status.ok()) needs_resume_ = true;
    return status;
  }

  // Adds one append to `group`. Sets *wrote when the result depends on the group's write.
  absl::StatusOr<AppendResult> Stage(AppendRequest& request, Group* group, bool* wrote) {
    const std::string name = StreamName(request.stream);
    if (auto it = group->commands.find(request.command_id); it != group->commands.end()) {
      *wrote = true;
      return Deduplicate(request, name, it->second);
    }
    ASSIGN_OR_RETURN(std::optional<CommandRecord> earlier, LookupCommand(request.command_id));
    if (earlier) return Deduplicate(request, name, *earlier);

    uint64_t version;
    if (auto it = group->stream_versions.find(name); it != group->stream_versions.end()) {
      version = it->second;
    } else {
      ASSIGN_OR_RETURN(version, CachedStreamVersion(name));
    }
    if (!request.expected_version.Matches(version)) {
      return absl::AbortedError(absl::StrCat("stream ", name, " is at version ", version,
                                             ", expected ", request.expected_version.ToString()));
    }
    CommandRecord record{name, {group->position + 1, 0, 0, false}};
    const uint64_t first_version = version + 1;
    for (v1::EventEnvelope& event : request.events) {
      uint64_t position = ++group->position;
      FillEnvelope(request, name, ++version, position, group->now, &event);
      group->chunk.Add(event);
      if (group->chunk.size() >= kTargetChunkBytes) FlushChunk(group);
    }
    // One index entry per append: its events are consecutive positions.
    group->batch.Put(streams_cf(), StreamKey(name, first_version),
                     EncodeStreamEntry(record.result.first_position, request.events.size()));
    record.result.last_position = group->position;
    record.result.stream_version = version;
    group->batch.Put(commands_cf(), request.command_id, EncodeCommandRecord(record));
    group->commands[request.command_id] = record;
    group->stream_versions[name] = version;
    *wrote = true;
    return record.result;
  }

  void FlushChunk(Group* group) {
    if (group->chunk.empty()) return;
    const uint64_t first = group->chunk.first_position();
    group->batch.Put(events_cf(), EventKey(first), group->chunk.Take());
  }

  void FillEnvelope(const AppendRequest& request, const std::string& name, uint64_t version,
                    uint64_t position, absl::Time now, v1::EventEnvelope* event) {
    if (!request.replicated || event->event_id().empty()) event->set_event_id(ids_.Next());
    *event->mutable_stream() = request.stream;
    event->set_stream_version(version);
    event->set_global_position(position);
    event->set_command_id(request.command_id);
    if (!request.replicated || !event->has_recorded_at()) {
      *event->mutable_recorded_at() = ToProto(now);
    }
    if (!event->has_occurred_at()) *event->mutable_occurred_at() = event->recorded_at();
    *event->mutable_actor() = request.actor;
    event->set_correlation_id(request.correlation_id);
    event->set_causation_id(request.causation_id);
    if (event->partition_key().empty()) event->set_partition_key(request.stream.id());
    event->set_partition(0);
    event->set_offset(position);
  }

  static absl::StatusOr<AppendResult> Deduplicate(const AppendRequest& request,
                                                  const std::string& name,
                                                  const CommandRecord& earlier) {
    if (earlier.stream_name != name) {
      return absl::AlreadyExistsError(absl::StrCat(
          "command_id ", request.command_id, " was already used for stream ", earlier.stream_name));
    }
    AppendResult result = earlier.result;
    result.deduplicated = true;
    return result;
  }

  absl::StatusOr<std::optional<CommandRecord>> LookupCommand(const std::string& command_id) {
    std::string value;
    rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), commands_cf(), command_id, &value);
    if (status.IsNotFound()) return std::nullopt;
    RETURN_IF_ERROR(FromRocksDb(status, "append: command lookup"));
    ASSIGN_OR_RETURN(CommandRecord record, DecodeCommandRecord(value));
    return record;
  }

  absl::StatusOr<uint64_t> CachedStreamVersion(const std::string& name) {
    if (auto it = stream_versions_.find(name); it != stream_versions_.end()) return it->second;
    ASSIGN_OR_RETURN(uint64_t version, LoadStreamVersion(name));
    stream_versions_[name] = version;
    return version;
  }

  absl::StatusOr<uint64_t> LoadStreamVersion(const std::string& name) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), streams_cf()));
    it->SeekForPrev(StreamKey(name, UINT64_MAX));
    RETURN_IF_ERROR(FromRocksDb(it->status(), "stream version"));
    const std::string prefix = StreamKeyPrefix(name);
    if (!it->Valid() || !it->key().starts_with(prefix)) return 0;
    uint64_t first_position, count;
    RETURN_IF_ERROR(DecodeStreamEntry(it->value().ToStringView(), &first_position, &count));
    return storage::ReadBigEndian64(it->key().ToStringView().substr(prefix.size())) + count - 1;
  }

  const RocksDbEventLogOptions options_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // default, events, streams, commands
  rocksdb::WriteOptions sync_write_;
  HeadWatch head_watch_;
  const storage::DiskSpaceGuard space_guard_;

  absl::Mutex queue_mu_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(queue_mu_);
  bool closing_ ABSL_GUARDED_BY(queue_mu_) = false;

  // Owned by the writer thread.
  uint64_t committed_head_;
  absl::flat_hash_map<std::string, uint64_t> stream_versions_;
  UuidV7Generator ids_;
  bool needs_resume_ = false;
  std::thread writer_;
};

std::vector<rocksdb::ColumnFamilyDescriptor> ColumnFamilies() {
  rocksdb::ColumnFamilyOptions point_lookups;
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  point_lookups.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return {{rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
          {kEventsFamily, rocksdb::ColumnFamilyOptions()},
          {kStreamsFamily, point_lookups},
          {kCommandsFamily, point_lookups}};
}

absl::StatusOr<uint64_t> ReadHead(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* events) {
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), events));
  it->SeekToLast();
  RETURN_IF_ERROR(FromRocksDb(it->status(), "open: reading the head"));
  if (!it->Valid()) return 0;
  const uint64_t first = DecodeEventKey(it->key().ToStringView());
  ASSIGN_OR_RETURN(uint64_t count, CountRecords(first, it->value().ToStringView()));
  return first + count - 1;
}

}  // namespace

absl::StatusOr<std::unique_ptr<EventLog>> OpenRocksDbEventLog(RocksDbEventLogOptions options) {
  if (!options.report_recovery) {
    options.report_recovery = [](const std::string& message) {
      Log(LogLevel::kError, "eventlog", message);
    };
  }
  std::error_code ec;
  std::filesystem::create_directories(options.path, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("open: cannot create ", options.path, ": ", ec.message()));
  }
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = 2;
  if (options.env != nullptr) db_options.env = options.env;
  // Strict first, so a torn tail is noticed and reported rather than silently skipped.
  db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kAbsoluteConsistency;

  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status status =
      rocksdb::DB::Open(db_options, options.path, ColumnFamilies(), &handles, &raw);
  if (status.IsCorruption()) {
    options.report_recovery(absl::StrCat(
        "the write-ahead log ends in a torn or corrupt record (", status.ToString(),
        "); a crash interrupted a write that was never acknowledged. Recovering to the last "
        "complete record."));
    db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
    status = rocksdb::DB::Open(db_options, options.path, ColumnFamilies(), &handles, &raw);
  }
  // RocksDB words this two ways (another process; this process), both naming the LOCK file.
  if (status.IsIOError() && absl::StrContains(status.ToString(), "/LOCK")) {
    return absl::FailedPreconditionError(
        absl::StrCat("open ", options.path,
                     ": in use by another process (another chronicled on the same "
                     "--data-dir?): ",
                     status.ToString()));
  }
  RETURN_IF_ERROR(FromRocksDb(status, absl::StrCat("open ", options.path)));
  std::unique_ptr<rocksdb::DB> db(raw);
  auto head = ReadHead(db.get(), handles[1]);
  if (!head.ok()) {
    for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
    return head.status();
  }
  return std::unique_ptr<EventLog>(
      new RocksDbEventLog(std::move(options), std::move(db), std::move(handles), *head));
}

}  // namespace chronicle::eventlog
