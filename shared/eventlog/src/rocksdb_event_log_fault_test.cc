// The embedded log under storage faults injected through a RocksDB FileSystem: a full disk, a
// filesystem turned read-only, and the free-space reserve that keeps RocksDB away from ENOSPC.
#include <atomic>

#include "chronicle/eventlog/rocksdb_event_log.h"
#include "chronicle/testing/events.h"
#include "event_log_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"

namespace chronicle::eventlog {
namespace {

using ::chronicle::testing::Append;
using ::chronicle::testing::Stream;
using ::testing::HasSubstr;

// Fails every file write while `fault` is set: as a full disk does (kNoSpace), or a filesystem
// the kernel remounted read-only after an error (kReadOnly).
enum Fault { kNone, kNoSpace, kReadOnly };

class FaultyFileSystem : public rocksdb::FileSystemWrapper {
 public:
  explicit FaultyFileSystem(std::shared_ptr<rocksdb::FileSystem> base)
      : FileSystemWrapper(std::move(base)) {}
  const char* Name() const override { return "FaultyFileSystem"; }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus s = target()->NewWritableFile(name, options, result, dbg);
    if (s.ok()) *result = std::make_unique<File>(std::move(*result), &fault);
    return s;
  }

  std::atomic<Fault> fault{kNone};

 private:
  class File : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    File(std::unique_ptr<rocksdb::FSWritableFile> file, std::atomic<Fault>* fault)
        : FSWritableFileOwnerWrapper(std::move(file)), fault_(fault) {}
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override {
      if (*fault_ != kNone) return Injected();
      return target()->Append(data, options, dbg);
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             const rocksdb::DataVerificationInfo& info,
                             rocksdb::IODebugContext* dbg) override {
      if (*fault_ != kNone) return Injected();
      return target()->Append(data, options, info, dbg);
    }

   private:
    rocksdb::IOStatus Injected() const {
      return *fault_ == kNoSpace ? rocksdb::IOStatus::NoSpace("injected: no space left on device")
                                 : rocksdb::IOStatus::IOError("injected: Read-only file system");
    }
    std::atomic<Fault>* fault_;
  };
};

// Faults clear, then: a full disk heals in place (RocksDB resumes by itself); an I/O error such
// as a filesystem turned read-only is fatal to RocksDB 7.8 until the database is reopened, so
// appends keep failing with UNAVAILABLE until a restart. In both cases nothing acknowledged is
// lost and nothing partial is written.
class StorageFaultTest : public EventLogTest, public ::testing::WithParamInterface<Fault> {};

TEST_P(StorageFaultTest, FailedWritesAreRefusedClearlyAndNothingAcknowledgedIsLost) {
  auto fs = std::make_shared<FaultyFileSystem>(rocksdb::FileSystem::Default());
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  auto log = Open(env.get());
  ASSERT_TRUE(log->Append(Append(Stream("contact", "1"), "before", 1)).ok());

  fs->fault = GetParam();
  auto failed = log->Append(Append(Stream("contact", "1"), "during", 1));
  EXPECT_EQ(failed.status().code(), GetParam() == kNoSpace ? absl::StatusCode::kResourceExhausted
                                                           : absl::StatusCode::kUnavailable)
      << failed.status();
  EXPECT_EQ(log->HeadPosition(), 1u);

  fs->fault = kNone;
  auto retry = [&] {
    return log->Append(Append(Stream("contact", "1"), "during", 1, ExpectedVersion::Exact(1)));
  };
  const absl::Time deadline = absl::Now() + absl::Seconds(GetParam() == kNoSpace ? 10 : 1);
  auto retried = retry();
  while (!retried.ok() && absl::Now() < deadline) {
    ASSERT_EQ(retried.status().code(), absl::StatusCode::kUnavailable) << retried.status();
    absl::SleepFor(absl::Milliseconds(20));
    retried = retry();
  }
  if (GetParam() == kNoSpace) {
    ASSERT_TRUE(retried.ok()) << retried.status();
    EXPECT_FALSE(retried->deduplicated);
  } else {
    EXPECT_EQ(retried.status().code(), absl::StatusCode::kUnavailable);
    log.reset();
    log = Open();  // what a restart does
    ASSERT_EQ(log->HeadPosition(), 1u);
    ASSERT_TRUE(retry().ok());
  }
  log.reset();
  log = Open();
  EXPECT_EQ(log->HeadPosition(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Faults, StorageFaultTest, ::testing::Values(kNoSpace, kReadOnly),
                         [](const auto& info) {
                           return info.param == kNoSpace ? "DiskFull" : "ReadOnly";
                         });

TEST_F(EventLogTest, AppendsStopAtTheFreeSpaceReserveBeforeTheDiskIsFull) {
  RocksDbEventLogOptions options;
  options.path = dir_.Sub("log");
  options.min_free_bytes = uint64_t{1} << 62;  // more than any disk has
  auto log = OpenRocksDbEventLog(options);
  ASSERT_TRUE(log.ok());
  auto refused = (*log)->Append(Append(Stream("contact", "1"), "a", 1));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("min-free-space"));
  EXPECT_EQ((*log)->HeadPosition(), 0u);
}

}  // namespace
}  // namespace chronicle::eventlog
