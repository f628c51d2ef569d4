// The pipeline the cross-service tests sell through, "pipelines/new-sales": a new lead, the
// proposal sent, then won (payment) or lost (refusal).
#ifndef CHRONICLE_TESTS_SUPPORT_NEW_SALES_PIPELINE_H_
#define CHRONICLE_TESTS_SUPPORT_NEW_SALES_PIPELINE_H_

#include "chronicle/v1/deals.pb.h"

namespace chronicle::testing {

inline v1::CreatePipelineRequest NewSalesPipeline() {
  v1::CreatePipelineRequest request;
  request.set_pipeline_id("new-sales");
  v1::Pipeline& pipeline = *request.mutable_pipeline();
  pipeline.set_display_name("Новые продажи");
  auto add = [&](const char* id, const char* name, v1::StageKind kind, int probability) {
    v1::Stage* stage = pipeline.add_stages();
    stage->set_id(id);
    stage->set_display_name(name);
    stage->set_kind(kind);
    stage->set_probability(probability);
  };
  add("lead", "Новый лид", v1::STAGE_KIND_OPEN, 10);
  add("proposal", "КП отправлено", v1::STAGE_KIND_OPEN, 50);
  add("won", "Оплата", v1::STAGE_KIND_WON, 100);
  add("lost", "Отказ", v1::STAGE_KIND_LOST, 0);
  return request;
}

}  // namespace chronicle::testing

#endif  // CHRONICLE_TESTS_SUPPORT_NEW_SALES_PIPELINE_H_
