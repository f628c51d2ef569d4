// How the projection engine lays out its database (default column family):
//   "m" name                         -> meta: serving generation (8 BE) + definition version (4 BE)
//   "c" name '\0' generation(8 BE)   -> checkpoint of that generation
//   "s" name '\0' generation(8 BE) k -> state value for key k
// Generations let a rebuild write fresh state beside the serving state and swap by changing meta.
#ifndef CHRONICLE_PROJECTION_STATE_STORE_H_
#define CHRONICLE_PROJECTION_STATE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "chronicle/projection/projection.h"
#include "rocksdb/db.h"
#include "rocksdb/utilities/write_batch_with_index.h"

namespace chronicle::projection {

struct ProjectionMeta {
  uint64_t generation = 0;
  uint32_t definition_version = 0;
};

std::string MetaKey(absl::string_view name);
std::string CheckpointKey(absl::string_view name, uint64_t generation);
std::string StatePrefix(absl::string_view name, uint64_t generation);

absl::StatusOr<std::optional<ProjectionMeta>> ReadMeta(rocksdb::DB* db, absl::string_view name);
absl::Status WriteMeta(rocksdb::DB* db, absl::string_view name, const ProjectionMeta& meta);
// The encoded checkpoint stored for `generation`, or empty when none.
absl::StatusOr<std::string> ReadCheckpoint(rocksdb::DB* db, absl::string_view name,
                                           uint64_t generation);
// Removes the state and checkpoint of one generation.
absl::Status DropGeneration(rocksdb::DB* db, absl::string_view name, uint64_t generation);
// Removes every generation of `name` except `keep` (leftovers of an interrupted rebuild).
absl::Status DropOtherGenerations(rocksdb::DB* db, absl::string_view name, uint64_t keep);

// StateWriter over a write batch: reads see the batch's writes on top of the database.
class BatchStateWriter : public StateWriter {
 public:
  BatchStateWriter(rocksdb::DB* db, std::string prefix, rocksdb::WriteBatchWithIndex* batch)
      : db_(db), prefix_(std::move(prefix)), batch_(batch) {}
  absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) override;
  absl::Status Scan(
      absl::string_view prefix, absl::string_view start_after,
      const std::function<bool(absl::string_view, absl::string_view)>& visit) override;
  void Put(absl::string_view key, absl::string_view value) override;
  void Delete(absl::string_view key) override;

 private:
  rocksdb::DB* db_;
  std::string prefix_;
  rocksdb::WriteBatchWithIndex* batch_;
};

// StateReader over a database snapshot, for one generation.
class SnapshotStateReader : public StateReader {
 public:
  SnapshotStateReader(rocksdb::DB* db, std::string prefix);
  ~SnapshotStateReader() override;
  absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) override;
  absl::Status Scan(
      absl::string_view prefix, absl::string_view start_after,
      const std::function<bool(absl::string_view, absl::string_view)>& visit) override;

 private:
  rocksdb::DB* db_;
  std::string prefix_;
  const rocksdb::Snapshot* snapshot_;
};

}  // namespace chronicle::projection

#endif  // CHRONICLE_PROJECTION_STATE_STORE_H_
