// Which topic each stream goes to on Kafka: every service's stream types on its own topic, so a
// stream is written to one topic wherever it is written from.
#include "distributed_log.h"

#include "activities/domain/events.h"
#include "contacts/domain/events.h"
#include "deals/domain/events.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "notifications/domain/events.h"

namespace chronicle::server {
namespace {

TEST(DistributedLogTest, EveryServicesStreamTypesGoToItsTopic) {
  for (const char* type : {contacts::kClientStream, contacts::kCompanyStream,
                           contacts::kCustomFieldsStream, contacts::kImportJobStream}) {
    EXPECT_EQ(OwnerOfStreamType(type), "contacts") << type;
  }
  for (const char* type :
       {deals::kPipelineStream, deals::kDealStream, deals::kRefusalReasonsStream}) {
    EXPECT_EQ(OwnerOfStreamType(type), "deals") << type;
  }
  for (const char* type : {activities::kActivityStream, activities::kTaskStream,
                           activities::kTaskSeriesStream, activities::kEmployeeStream,
                           activities::kActivityTypesStream, activities::kContactRulesStream}) {
    EXPECT_EQ(OwnerOfStreamType(type), "activities") << type;
  }
  for (const char* type : {notifications::kRuleStream, notifications::kTemplateStream,
                           notifications::kSubscriptionStream, notifications::kSettingsStream,
                           notifications::kNotificationStream, notifications::kDeliveryStream,
                           notifications::kTriggerStream, notifications::kActionStream,
                           notifications::kSurveyStream}) {
    EXPECT_EQ(OwnerOfStreamType(type), "notifications") << type;
  }
  for (const char* type : {"analytics_settings", "kpi_target", "channel_spend"}) {
    EXPECT_EQ(OwnerOfStreamType(type), "analytics") << type;
  }
  EXPECT_EQ(OwnerOfStreamType("imported_legacy"), "platform");
}

TEST(DistributedLogTest, TopicsCarryThePrefix) {
  KafkaConfig kafka;
  kafka.topic_prefix = "crm-prod";
  EXPECT_THAT(
      EventTopics(kafka),
      ::testing::ElementsAre("crm-prod.contacts", "crm-prod.deals", "crm-prod.activities",
                             "crm-prod.notifications", "crm-prod.analytics", "crm-prod.platform"));
}

}  // namespace
}  // namespace chronicle::server
