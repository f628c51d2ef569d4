// Conversions between google.protobuf.Timestamp (the wire's times) and absl::Time (the domain's).
#ifndef CHRONICLE_AGGREGATE_PROTO_TIME_H_
#define CHRONICLE_AGGREGATE_PROTO_TIME_H_

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/time_util.h"

namespace chronicle::aggregate {

inline absl::Time FromProtoTime(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

inline google::protobuf::Timestamp ToProtoTime(absl::Time t) {
  return google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(t));
}

}  // namespace chronicle::aggregate

#endif  // CHRONICLE_AGGREGATE_PROTO_TIME_H_
