// Given/when/then helpers for the deals domain tests: fold decided events into a state the way
// the log would (stream version, occurrence time).
#ifndef CHRONICLE_DEALS_DOMAIN_TEST_SUPPORT_H_
#define CHRONICLE_DEALS_DOMAIN_TEST_SUPPORT_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "chronicle/v1/event.pb.h"
#include "gtest/gtest.h"

namespace chronicle::deals::testing {

// Folds `events` (which must be ok) into *state as stream `id`, occurring at `at`.
template <typename State>
void Fold(const absl::StatusOr<std::vector<v1::EventEnvelope>>& events, State* state,
          absl::Time at = absl::FromUnixSeconds(1'780'000'000), const char* id = "d1") {
  ASSERT_TRUE(events.ok()) << events.status();
  for (v1::EventEnvelope event : *events) {
    event.set_stream_version(state->version + 1);
    event.mutable_stream()->set_id(id);
    event.mutable_occurred_at()->set_seconds(absl::ToUnixSeconds(at));
    ASSERT_TRUE(Evolve(event, state).ok());
  }
}

// The pipeline most tests use: lead -> qualified -> proposal -> won | lost.
inline v1::Pipeline SalesPipeline() {
  v1::Pipeline pipeline;
  pipeline.set_display_name("Новые продажи");
  auto add = [&](const char* id, const char* name, v1::StageKind kind, int probability, int days) {
    v1::Stage* stage = pipeline.add_stages();
    stage->set_id(id);
    stage->set_display_name(name);
    stage->set_kind(kind);
    stage->set_probability(probability);
    stage->set_max_days(days);
  };
  add("lead", "Новый лид", v1::STAGE_KIND_OPEN, 10, 2);
  add("qualified", "Квалификация", v1::STAGE_KIND_OPEN, 30, 7);
  add("proposal", "КП отправлено", v1::STAGE_KIND_OPEN, 60, 0);
  add("won", "Оплата", v1::STAGE_KIND_WON, 100, 0);
  add("lost", "Отказ", v1::STAGE_KIND_LOST, 0, 0);
  return pipeline;
}

}  // namespace chronicle::deals::testing

#endif  // CHRONICLE_DEALS_DOMAIN_TEST_SUPPORT_H_
