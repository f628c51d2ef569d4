#include "log_stats_projection.h"

#include "absl/strings/str_cat.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/storage/rocksdb_util.h"

namespace chronicle::server {
namespace {

constexpr char kEvents[] = "events";
constexpr char kStreams[] = "streams";
constexpr char kTypePrefix[] = "type/";

absl::StatusOr<uint64_t> ReadCounter(projection::StateReader& state, absl::string_view key) {
  ASSIGN_OR_RETURN(std::optional<std::string> value, state.Get(key));
  if (!value) return 0;
  if (value->size() != 8) return absl::DataLossError(absl::StrCat("log_stats: bad counter ", key));
  return storage::ReadBigEndian64(*value);
}

absl::Status Increment(projection::StateWriter& state, absl::string_view key) {
  ASSIGN_OR_RETURN(uint64_t n, ReadCounter(state, key));
  state.Put(key, storage::BigEndian64(n + 1));
  return absl::OkStatus();
}

}  // namespace

absl::Status LogStatsProjection::Apply(const v1::EventEnvelope& event,
                                       projection::StateWriter& state) {
  RETURN_IF_ERROR(Increment(state, kEvents));
  if (event.stream_version() == 1) RETURN_IF_ERROR(Increment(state, kStreams));
  return Increment(state, absl::StrCat(kTypePrefix, event.event_type()));
}

absl::StatusOr<LogStatsSnapshot> ReadLogStats(projection::StateReader& state) {
  LogStatsSnapshot stats;
  ASSIGN_OR_RETURN(stats.events, ReadCounter(state, kEvents));
  ASSIGN_OR_RETURN(stats.streams, ReadCounter(state, kStreams));
  absl::Status corrupt;
  RETURN_IF_ERROR(state.Scan(kTypePrefix, "", [&](absl::string_view key, absl::string_view value) {
    if (value.size() != 8) {
      corrupt = absl::DataLossError(absl::StrCat("log_stats: bad counter ", key));
      return false;
    }
    stats.events_by_type[std::string(key.substr(sizeof(kTypePrefix) - 1))] =
        storage::ReadBigEndian64(std::string_view(value.data(), value.size()));
    return true;
  }));
  RETURN_IF_ERROR(corrupt);
  return stats;
}

}  // namespace chronicle::server
