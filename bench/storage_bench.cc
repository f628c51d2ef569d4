// The storage ceiling on this disk, to judge the log against: synced RocksDB write batches, and a
// plain append-only file with fdatasync (what a segment-file log would do).
#include <fcntl.h>
#include <unistd.h>

#include "absl/time/clock.h"
#include "bench_util.h"
#include "rocksdb/db.h"

namespace chronicle::bench {
namespace {

constexpr size_t kRecordBytes = 260;  // about one serialized sample event with its checksum

double RocksDbSynced(const BenchOptions& options, int batch) {
  const std::string path = options.dir + "/storage-rocksdb";
  FreshDir(path);
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  rocksdb::DB* db;
  if (!rocksdb::DB::Open(db_options, path, &db).ok()) std::abort();
  rocksdb::WriteOptions sync;
  sync.sync = true;
  const std::string value(kRecordBytes, 'v');
  uint64_t key = 0, records = 0;
  const absl::Time start = absl::Now();
  while (absl::Now() - start < absl::Seconds(3)) {
    rocksdb::WriteBatch wb;
    for (int i = 0; i < batch; ++i) {
      char k[8];
      for (int b = 0; b < 8; ++b) k[b] = static_cast<char>(key >> (56 - 8 * b));
      ++key;
      wb.Put(rocksdb::Slice(k, 8), value);
    }
    if (!db->Write(sync, &wb).ok()) std::abort();
    records += batch;
  }
  double rate = records / absl::ToDoubleSeconds(absl::Now() - start);
  delete db;
  return rate;
}

double FileSynced(const BenchOptions& options, int batch) {
  const std::string path = options.dir + "/storage-file";
  FreshDir(path);
  int fd = ::open((path + "/segment").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  const std::string chunk(kRecordBytes * batch, 'v');
  uint64_t records = 0;
  const absl::Time start = absl::Now();
  while (absl::Now() - start < absl::Seconds(3)) {
    if (::write(fd, chunk.data(), chunk.size()) != static_cast<ssize_t>(chunk.size())) std::abort();
    if (::fdatasync(fd) != 0) std::abort();
    records += batch;
  }
  double rate = records / absl::ToDoubleSeconds(absl::Now() - start);
  ::close(fd);
  return rate;
}

}  // namespace

void RunStorageBenchmarks(const BenchOptions& options) {
  std::printf("\n### Storage ceiling on this disk (%zu-byte records, synced every batch)\n\n",
              kRecordBytes);
  std::printf("| records per sync | RocksDB WriteBatch, sync | append-only file, fdatasync |\n");
  std::printf("|---:|---:|---:|\n");
  for (int batch : {1, 64, 1000}) {
    std::printf("| %d | %.0f records/s | %.0f records/s |\n", batch, RocksDbSynced(options, batch),
                FileSynced(options, batch));
    std::fflush(stdout);
  }
}

}  // namespace chronicle::bench
