#include "chronicle/projection/projection_engine.h"

#include <atomic>
#include <filesystem>
#include <iostream>
#include <map>

#include "absl/strings/str_cat.h"
#include "chronicle/base/log.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/storage/rocksdb_util.h"
#include "projection_runner.h"
#include "rocksdb/cache.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/table.h"
#include "state_store.h"

namespace chronicle::projection {
namespace {

using eventlog::Checkpoint;

bool IsValidName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// Everything the engine keeps for one projection.
struct Slot {
  std::unique_ptr<Projection> projection;
  // Guarded by the engine's mu_. Readers take a RocksDB snapshot together with the serving
  // generation, so a swap (and the drop of the old generation after it) never disturbs a view.
  uint64_t serving_generation = 0;
  // `live` applies to the serving generation; it is null while a
  // definition-version rebuild runs (the old state is frozen rather than updated by new code).
  std::shared_ptr<ProjectionRunner> live;
  std::shared_ptr<ProjectionRunner> rebuild;
  // The rebuild runner, readable without mu_: a runner checks it after every commit, and only
  // the one that matches (and reached the head) takes mu_ to be promoted.
  std::atomic<const ProjectionRunner*> promotable{nullptr};
  uint64_t frozen_position = 0;
  uint64_t last_generation = 0;
};

class SnapshotView : public ProjectionView {
 public:
  SnapshotView(const std::string& name, uint64_t generation, rocksdb::DB* db, uint64_t position)
      : reader_(db, StatePrefix(name, generation)), position_(position) {}
  absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) override {
    return reader_.Get(key);
  }
  absl::Status Scan(
      absl::string_view prefix, absl::string_view start_after,
      const std::function<bool(absl::string_view, absl::string_view)>& visit) override {
    return reader_.Scan(prefix, start_after, visit);
  }
  uint64_t position() const override { return position_; }

 private:
  SnapshotStateReader reader_;
  uint64_t position_;
};

class EngineImpl : public ProjectionEngine {
 public:
  EngineImpl(Options options, std::unique_ptr<rocksdb::DB> db)
      : options_(std::move(options)),
        db_(std::move(db)),
        space_guard_(options_.path, options_.min_free_bytes) {}
  ~EngineImpl() override {
    Stop();
    db_->Close().PermitUncheckedError();
  }

  absl::Status Register(std::unique_ptr<Projection> projection) override {
    std::string name = projection->Name();
    if (!IsValidName(name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("projection name '", name, "' must be 1-64 characters of a-z, 0-9, _"));
    }
    absl::MutexLock lock(&mu_);
    if (started_) return absl::FailedPreconditionError("register projections before Start");
    auto [it, inserted] = slots_.try_emplace(name, std::make_unique<Slot>());
    if (!inserted) return absl::InvalidArgumentError("projection " + name + " registered twice");
    it->second->projection = std::move(projection);
    return absl::OkStatus();
  }

  absl::Status Start() override {
    absl::MutexLock lock(&mu_);
    started_ = true;
    for (auto& [name, slot] : slots_) RETURN_IF_ERROR(StartSlot(*slot));
    return absl::OkStatus();
  }

  void Stop() override {
    std::vector<std::shared_ptr<ProjectionRunner>> runners;
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
      for (auto& [name, slot] : slots_) {
        if (slot->live) runners.push_back(std::move(slot->live));
        if (slot->rebuild) runners.push_back(std::move(slot->rebuild));
      }
    }
    for (auto& runner : runners) runner->Stop();  // outside mu_: a promotion may be waiting on it
  }

  std::vector<ProjectionStatus> ListStatus() override {
    absl::MutexLock lock(&mu_);
    std::vector<ProjectionStatus> all;
    for (auto& [name, slot] : slots_) all.push_back(StatusOf(*slot));
    return all;
  }

  absl::StatusOr<ProjectionStatus> GetStatus(absl::string_view name) override {
    absl::MutexLock lock(&mu_);
    ASSIGN_OR_RETURN(Slot * slot, Find(name));
    return StatusOf(*slot);
  }

  absl::StatusOr<ProjectionStatus> Rebuild(absl::string_view name) override {
    Retired retired;
    ProjectionStatus status;
    {
      absl::MutexLock lock(&mu_);
      ASSIGN_OR_RETURN(Slot * slot, Find(name));
      if (!started_ || stopping_) return absl::FailedPreconditionError("the engine is not running");
      if (slot->rebuild) {
        return absl::FailedPreconditionError(
            absl::StrCat("projection ", name, " is already rebuilding"));
      }
      ASSIGN_OR_RETURN(retired, StartRebuild(*slot));
      status = StatusOf(*slot);
    }
    Retire(std::move(retired));
    return status;
  }

  absl::StatusOr<std::unique_ptr<ProjectionView>> View(absl::string_view name) override {
    absl::MutexLock lock(&mu_);  // generation and snapshot taken together; see Slot
    ASSIGN_OR_RETURN(Slot * slot, Find(name));
    return std::unique_ptr<ProjectionView>(new SnapshotView(
        slot->projection->Name(), slot->serving_generation, db_.get(), ServingPosition(*slot)));
  }

  absl::Status WaitForPosition(absl::string_view name, uint64_t position,
                               absl::Duration timeout) override {
    const absl::Time deadline = absl::Now() + timeout;
    while (true) {
      std::shared_ptr<ProjectionRunner> live;
      {
        absl::MutexLock lock(&mu_);
        ASSIGN_OR_RETURN(Slot * slot, Find(name));
        if (ServingPosition(*slot) >= position) return absl::OkStatus();
        live = slot->live;
      }
      absl::Duration left = deadline - absl::Now();
      if (left <= absl::ZeroDuration()) break;
      // Short waits: a generation swap replaces `live` while we wait.
      if (live) {
        if (!live->error().ok()) return live->error();
        live->WaitForPosition(position, std::min(left, absl::Milliseconds(100)));
      } else {
        absl::SleepFor(std::min(left, absl::Milliseconds(10)));
      }
    }
    return absl::DeadlineExceededError(
        absl::StrCat("projection ", name, " has not reached position ", position));
  }

 private:
  absl::StatusOr<Slot*> Find(absl::string_view name) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    auto it = slots_.find(std::string(name));
    if (it == slots_.end()) return absl::NotFoundError(absl::StrCat("no projection named ", name));
    return it->second.get();
  }

  // A generation that stopped serving: its runner must be stopped outside mu_ (its thread may be
  // waiting for mu_), then its state dropped.
  struct Retired {
    std::string name;
    std::shared_ptr<ProjectionRunner> runner;
    uint64_t generation = 0;  // 0: nothing to drop
  };

  void Retire(Retired retired) {
    if (retired.runner) retired.runner->Stop();
    if (retired.generation == 0) return;
    absl::Status dropped = DropGeneration(db_.get(), retired.name, retired.generation);
    if (!dropped.ok()) {
      Log(LogLevel::kWarning, "projection", "cleanup failed", {{"error", dropped.ToString()}});
    }
  }

  absl::Status StartSlot(Slot& slot) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    const std::string name = slot.projection->Name();
    const uint32_t version = slot.projection->DefinitionVersion();
    ASSIGN_OR_RETURN(std::optional<ProjectionMeta> meta, ReadMeta(db_.get(), name));
    if (!meta) {
      meta = ProjectionMeta{1, version};
      RETURN_IF_ERROR(WriteMeta(db_.get(), name, *meta));
    }
    RETURN_IF_ERROR(DropOtherGenerations(db_.get(), name, meta->generation));
    ASSIGN_OR_RETURN(std::string encoded, ReadCheckpoint(db_.get(), name, meta->generation));
    Checkpoint checkpoint;
    if (!encoded.empty()) {
      ASSIGN_OR_RETURN(checkpoint, Checkpoint::Decode(encoded));
    }
    slot.serving_generation = meta->generation;
    slot.last_generation = meta->generation;
    if (meta->definition_version != version) {
      slot.frozen_position = checkpoint.last_global_position();
      ASSIGN_OR_RETURN(Retired retired, StartRebuild(slot));
      // No runner serves yet, so there is nothing to stop; dropping state needs no join.
      Retire(std::move(retired));
      return absl::OkStatus();
    }
    slot.live = NewRunner(slot, meta->generation, checkpoint, /*rebuilding=*/false);
    slot.live->Start(options_.log);
    return absl::OkStatus();
  }

  std::shared_ptr<ProjectionRunner> NewRunner(Slot& slot, uint64_t generation,
                                              const Checkpoint& from, bool rebuilding) {
    std::function<void(ProjectionRunner*)> after_commit;
    if (rebuilding) {
      after_commit = [this, &slot](ProjectionRunner* runner) { MaybePromote(slot, runner); };
    }
    return std::make_shared<ProjectionRunner>(slot.projection.get(), db_.get(), &space_guard_,
                                              generation, from, options_.clock,
                                              std::move(after_commit));
  }

  absl::StatusOr<Retired> StartRebuild(Slot& slot) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    const uint64_t generation = ++slot.last_generation;
    RETURN_IF_ERROR(DropGeneration(db_.get(), slot.projection->Name(), generation));
    slot.rebuild = NewRunner(slot, generation, Checkpoint(), /*rebuilding=*/true);
    slot.promotable = slot.rebuild.get();
    if (options_.log->HeadPosition() > 0) {
      slot.rebuild->Start(options_.log);
      return Retired{};
    }
    // An empty log has nothing to replay: the fresh generation is caught up already.
    ASSIGN_OR_RETURN(Retired retired, Promote(slot));
    slot.live->Start(options_.log);
    return retired;
  }

  // Runs on a rebuild runner's thread after each commit: once it reached the head, it takes over.
  void MaybePromote(Slot& slot, ProjectionRunner* runner) {
    if (slot.promotable.load() != runner) return;  // promoted already: now a live runner
    if (runner->position() < options_.log->HeadPosition()) return;
    Retired retired;
    {
      absl::MutexLock lock(&mu_);
      if (stopping_ || slot.rebuild.get() != runner) return;  // promoted already, or stopping
      auto promoted = Promote(slot);
      if (!promoted.ok()) {
        Log(LogLevel::kError, "projection", "swap to the rebuilt generation failed",
            {{"projection", std::string(slot.projection->Name())},
             {"error", promoted.status().ToString()}});
        return;
      }
      retired = std::move(*promoted);
    }
    Retire(std::move(retired));  // another runner's thread, so stopping (joining) it is safe
  }

  // Makes the rebuild generation the serving one: meta first (durable), then readers. Returns the
  // generation it replaced, for Retire outside mu_.
  absl::StatusOr<Retired> Promote(Slot& slot) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    const std::string name = slot.projection->Name();
    const uint64_t generation = slot.rebuild->generation();
    RETURN_IF_ERROR(WriteMeta(db_.get(), name, {generation, slot.projection->DefinitionVersion()}));
    Retired retired{name, std::move(slot.live), slot.serving_generation};
    slot.serving_generation = generation;
    slot.live = std::move(slot.rebuild);
    slot.promotable = nullptr;
    return retired;
  }

  uint64_t ServingPosition(Slot& slot) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return slot.live ? slot.live->position() : slot.frozen_position;
  }

  ProjectionStatus StatusOf(Slot& slot) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    ProjectionStatus status;
    status.name = slot.projection->Name();
    status.definition_version = slot.projection->DefinitionVersion();
    status.generation = slot.serving_generation;
    status.position = ServingPosition(slot);
    status.head_position = options_.log->HeadPosition();
    if (slot.live) status.events_per_second = slot.live->events_per_second();
    absl::Status error = slot.live ? slot.live->error() : absl::OkStatus();
    if (slot.rebuild) {
      status.state = ProjectionStatus::State::kRebuilding;
      status.rebuild_position = slot.rebuild->position();
      status.rebuild_progress =
          status.head_position ? double(status.rebuild_position) / status.head_position : 1.0;
      if (!slot.live) status.events_per_second = slot.rebuild->events_per_second();
      if (error.ok()) error = slot.rebuild->error();
    }
    if (!error.ok()) {
      status.state = ProjectionStatus::State::kFailed;
      status.last_error = error.ToString();
    } else if (slot.live && !slot.live->retrying_error().ok()) {
      status.last_error = "retrying: " + slot.live->retrying_error().ToString();
    }
    return status;
  }

  const Options options_;
  std::unique_ptr<rocksdb::DB> db_;
  const storage::DiskSpaceGuard space_guard_;
  absl::Mutex mu_;
  std::map<std::string, std::unique_ptr<Slot>> slots_ ABSL_GUARDED_BY(mu_);
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ProjectionEngine>> ProjectionEngine::Open(Options options) {
  if (options.log == nullptr) return absl::InvalidArgumentError("projection engine needs a log");
  std::error_code ec;
  std::filesystem::create_directories(options.path, ec);
  if (ec)
    return absl::UnavailableError(absl::StrCat("cannot create ", options.path, ": ", ec.message()));
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.max_background_jobs = 2;
  // Projections look up many keys that do not exist yet (a new client's card, its index list):
  // a Bloom filter answers those without reading blocks.
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  db_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  rocksdb::DB* raw = nullptr;
  RETURN_IF_ERROR(storage::FromRocksDb(rocksdb::DB::Open(db_options, options.path, &raw),
                                       "open projections " + options.path));
  return std::unique_ptr<ProjectionEngine>(
      new EngineImpl(std::move(options), std::unique_ptr<rocksdb::DB>(raw)));
}

}  // namespace chronicle::projection
