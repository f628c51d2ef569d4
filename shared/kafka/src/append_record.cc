#include "chronicle/kafka/append_record.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "chronicle/v1/log_record.pb.h"
#include "google/protobuf/util/time_util.h"

namespace chronicle::kafka {
namespace {

using google::protobuf::util::TimeUtil;

}  // namespace

EncodedAppend EncodeAppend(const eventlog::AppendRequest& request, const std::string& append_id,
                           const std::string& partition_key, const PartitionOffsets& after) {
  v1::AppendRecord record;
  *record.mutable_stream() = request.stream;
  record.set_expected_version(request.expected_version.ToWire());
  record.set_command_id(request.command_id);
  record.set_correlation_id(request.correlation_id);
  record.set_causation_id(request.causation_id);
  *record.mutable_actor() = request.actor;
  record.set_append_id(append_id);
  for (const auto& [where, end] : after) {
    (*record.mutable_after())[absl::StrCat(where.first, "/", where.second)] = end;
  }
  std::vector<std::string> types, ids;
  for (const v1::EventEnvelope& event : request.events) {
    *record.add_events() = event;
    types.push_back(event.event_type());
    ids.push_back(event.event_id());
  }
  const v1::EventEnvelope& first = request.events.front();
  EncodedAppend encoded;
  encoded.key = partition_key;
  record.SerializeToString(&encoded.value);
  encoded.headers = {
      {"stream", eventlog::StreamName(request.stream)},
      {"event_type", absl::StrJoin(types, ",")},
      {"command_id", request.command_id},
      {"correlation_id", request.correlation_id},
      {"causation_id", request.causation_id},
      {"actor", absl::StrCat(request.actor.user_id(), "/", request.actor.role())},
      {"expected_version", absl::StrCat(request.expected_version.ToWire())},
      {"partition_key", partition_key},
      {"event_id", absl::StrJoin(ids, ",")},
      {"occurred_at",
       TimeUtil::ToString(first.has_occurred_at() ? first.occurred_at() : first.recorded_at())},
      {"recorded_at", TimeUtil::ToString(first.recorded_at())},
      {"append_id", append_id},
  };
  return encoded;
}

absl::StatusOr<DecodedAppend> DecodeAppend(const Message& message) {
  v1::AppendRecord record;
  auto where = [&] {
    return absl::StrCat("kafka message ", message.topic, "/", message.partition, "@",
                        message.offset);
  };
  if (!record.ParseFromString(message.value)) {
    return absl::DataLossError(absl::StrCat(where(), " is not an AppendRecord"));
  }
  auto expected = eventlog::ExpectedVersion::FromWire(record.expected_version());
  if (!expected.ok()) {
    return absl::DataLossError(absl::StrCat(where(), ": ", expected.status().message()));
  }
  DecodedAppend decoded;
  decoded.append_id = record.append_id();
  for (const auto& [name, end] : record.after()) {
    const size_t slash = name.rfind('/');  // topic names have no '/'
    int32_t partition = 0;
    if (slash == std::string::npos || !absl::SimpleAtoi(name.substr(slash + 1), &partition)) {
      return absl::DataLossError(absl::StrCat(where(), ": bad partition '", name, "' in after"));
    }
    decoded.after[{name.substr(0, slash), partition}] = end;
  }
  eventlog::AppendRequest& request = decoded.request;
  request.stream = record.stream();
  request.expected_version = *expected;
  request.command_id = record.command_id();
  request.correlation_id = record.correlation_id();
  request.causation_id = record.causation_id();
  request.actor = record.actor();
  request.replicated = true;
  request.events.reserve(record.events_size());
  for (v1::EventEnvelope& event : *record.mutable_events()) {
    request.events.push_back(std::move(event));
  }
  return decoded;
}

}  // namespace chronicle::kafka
