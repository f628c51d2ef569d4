// Given/when/then helpers for the activities domain tests: fold decided events into a state the
// way the log would (stream version, occurrence and recording time, actor).
#ifndef CHRONICLE_ACTIVITIES_DOMAIN_TEST_SUPPORT_H_
#define CHRONICLE_ACTIVITIES_DOMAIN_TEST_SUPPORT_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/v1/event.pb.h"
#include "gtest/gtest.h"

namespace chronicle::activities::testing {

// Folds `events` (which must be ok) into *state as stream `id`, occurring at `at`, by `actor`.
template <typename State>
void Fold(const absl::StatusOr<std::vector<v1::EventEnvelope>>& events, State* state, absl::Time at,
          const char* id = "x1", const char* actor = "anna") {
  ASSERT_TRUE(events.ok()) << events.status();
  for (v1::EventEnvelope event : *events) {
    event.set_stream_version(state->version + 1);
    event.mutable_stream()->set_id(id);
    *event.mutable_occurred_at() = aggregate::ToProtoTime(at);
    *event.mutable_recorded_at() = aggregate::ToProtoTime(at);
    event.mutable_actor()->set_user_id(actor);
    ASSERT_TRUE(Evolve(event, state).ok());
  }
}

}  // namespace chronicle::activities::testing

#endif  // CHRONICLE_ACTIVITIES_DOMAIN_TEST_SUPPORT_H_
