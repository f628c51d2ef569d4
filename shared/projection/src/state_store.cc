#include "state_store.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/storage/rocksdb_util.h"

namespace chronicle::projection {
namespace {

using storage::FromRocksDb;

rocksdb::Slice ToSlice(absl::string_view s) { return rocksdb::Slice(s.data(), s.size()); }
absl::string_view ToView(const rocksdb::Slice& s) { return absl::string_view(s.data(), s.size()); }

// A point read's outcome: the value, nullopt when the key is absent, or the storage error.
absl::StatusOr<std::optional<std::string>> FoundValue(const rocksdb::Status& status,
                                                      std::string value) {
  if (status.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocksDb(status, "projection read"));
  return value;
}

std::string GenerationsPrefix(absl::string_view name) {
  return absl::StrCat("s", name, absl::string_view("\0", 1));
}

// The smallest key greater than every key starting with `prefix` ("" when there is none). Scans
// set it as the iterator's upper bound: without one, a Seek into a range of deleted keys walks
// every tombstone up to the next live key, however far past the prefix that is.
std::string PrefixUpperBound(std::string prefix) {
  while (!prefix.empty()) {
    if (static_cast<unsigned char>(prefix.back()) != 0xFF) {
      prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}

// Visits keys of `it` under state prefix `state_prefix` + `prefix`, after `start_after`.
absl::Status ScanIterator(rocksdb::Iterator* it, const std::string& state_prefix,
                          absl::string_view prefix, absl::string_view start_after,
                          const std::function<bool(absl::string_view, absl::string_view)>& visit) {
  const std::string scan_prefix = absl::StrCat(state_prefix, prefix);
  const std::string start = absl::StrCat(state_prefix, start_after);
  it->Seek(start_after.empty() || start < scan_prefix ? scan_prefix : start);
  for (; it->Valid(); it->Next()) {
    absl::string_view key = ToView(it->key());
    if (!absl::StartsWith(key, scan_prefix)) break;
    if (!start_after.empty() && key == start) continue;
    if (!visit(key.substr(state_prefix.size()), ToView(it->value()))) break;
  }
  return FromRocksDb(it->status(), "projection scan");
}

}  // namespace

std::string MetaKey(absl::string_view name) { return absl::StrCat("m", name); }

std::string CheckpointKey(absl::string_view name, uint64_t generation) {
  return absl::StrCat("c", name, absl::string_view("\0", 1), storage::BigEndian64(generation));
}

std::string StatePrefix(absl::string_view name, uint64_t generation) {
  return absl::StrCat("s", name, absl::string_view("\0", 1), storage::BigEndian64(generation));
}

absl::StatusOr<std::optional<ProjectionMeta>> ReadMeta(rocksdb::DB* db, absl::string_view name) {
  std::string value;
  rocksdb::Status status = db->Get(rocksdb::ReadOptions(), ToSlice(MetaKey(name)), &value);
  if (status.IsNotFound()) return std::nullopt;
  RETURN_IF_ERROR(FromRocksDb(status, "projection meta"));
  if (value.size() != 12)
    return absl::DataLossError(absl::StrCat("projection ", name, ": bad meta"));
  ProjectionMeta meta;
  meta.generation = storage::ReadBigEndian64(value);
  // The version is the last 4 bytes: read 8 ending there and keep the low half.
  meta.definition_version = static_cast<uint32_t>(storage::ReadBigEndian64(value.substr(4)));
  return meta;
}

absl::Status WriteMeta(rocksdb::DB* db, absl::string_view name, const ProjectionMeta& meta) {
  std::string value = storage::BigEndian64(meta.generation);
  // 4 big-endian bytes: the low half of the 8-byte encoding.
  value.append(storage::BigEndian64(meta.definition_version).substr(4));
  rocksdb::WriteOptions options;
  options.sync = true;  // a generation swap is rare and must survive a power cut
  return FromRocksDb(db->Put(options, ToSlice(MetaKey(name)), value), "projection meta");
}

absl::StatusOr<std::string> ReadCheckpoint(rocksdb::DB* db, absl::string_view name,
                                           uint64_t generation) {
  std::string value;
  rocksdb::Status status = db->Get(rocksdb::ReadOptions(), CheckpointKey(name, generation), &value);
  if (status.IsNotFound()) return std::string();
  RETURN_IF_ERROR(FromRocksDb(status, "projection checkpoint"));
  return value;
}

absl::Status DropGeneration(rocksdb::DB* db, absl::string_view name, uint64_t generation) {
  rocksdb::WriteBatch batch;
  batch.DeleteRange(StatePrefix(name, generation), StatePrefix(name, generation + 1));
  batch.Delete(CheckpointKey(name, generation));
  return FromRocksDb(db->Write(rocksdb::WriteOptions(), &batch), "projection cleanup");
}

absl::Status DropOtherGenerations(rocksdb::DB* db, absl::string_view name, uint64_t keep) {
  const std::string all = GenerationsPrefix(name);
  std::string all_end = all;
  all_end.back() = '\1';
  rocksdb::WriteBatch batch;
  batch.DeleteRange(all, StatePrefix(name, keep));
  batch.DeleteRange(StatePrefix(name, keep + 1), all_end);
  return FromRocksDb(db->Write(rocksdb::WriteOptions(), &batch), "projection cleanup");
}

absl::StatusOr<std::optional<std::string>> BatchStateWriter::Get(absl::string_view key) {
  std::string value;
  rocksdb::Status status =
      batch_->GetFromBatchAndDB(db_, rocksdb::ReadOptions(), absl::StrCat(prefix_, key), &value);
  return FoundValue(status, std::move(value));
}

absl::Status BatchStateWriter::Scan(
    absl::string_view prefix, absl::string_view start_after,
    const std::function<bool(absl::string_view, absl::string_view)>& visit) {
  const std::string upper = PrefixUpperBound(absl::StrCat(prefix_, prefix));
  const rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions options;
  if (!upper.empty()) options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(batch_->NewIteratorWithBase(db_->NewIterator(options)));
  return ScanIterator(it.get(), prefix_, prefix, start_after, visit);
}

void BatchStateWriter::Put(absl::string_view key, absl::string_view value) {
  batch_->Put(absl::StrCat(prefix_, key), ToSlice(value)).PermitUncheckedError();
}

void BatchStateWriter::Delete(absl::string_view key) {
  batch_->Delete(absl::StrCat(prefix_, key)).PermitUncheckedError();
}

SnapshotStateReader::SnapshotStateReader(rocksdb::DB* db, std::string prefix)
    : db_(db), prefix_(std::move(prefix)), snapshot_(db->GetSnapshot()) {}

SnapshotStateReader::~SnapshotStateReader() { db_->ReleaseSnapshot(snapshot_); }

absl::StatusOr<std::optional<std::string>> SnapshotStateReader::Get(absl::string_view key) {
  rocksdb::ReadOptions options;
  options.snapshot = snapshot_;
  std::string value;
  rocksdb::Status status = db_->Get(options, absl::StrCat(prefix_, key), &value);
  return FoundValue(status, std::move(value));
}

absl::Status SnapshotStateReader::Scan(
    absl::string_view prefix, absl::string_view start_after,
    const std::function<bool(absl::string_view, absl::string_view)>& visit) {
  const std::string upper = PrefixUpperBound(absl::StrCat(prefix_, prefix));
  const rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions options;
  options.snapshot = snapshot_;
  if (!upper.empty()) options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options));
  return ScanIterator(it.get(), prefix_, prefix, start_after, visit);
}

}  // namespace chronicle::projection
