// The scheduler across kill -9: reminders and deadlines that come due while chronicled is down
// fire once after it starts again, never twice (not after another restart either), never lost.
#include <fstream>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/testing/temp_dir.h"
#include "chronicle/v1/activities.grpc.pb.h"
#include "chronicle/v1/notifications.grpc.pb.h"
#include "chronicled_process.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"

namespace chronicle {
namespace {

using testing::ChronicledProcess;

class NotificationsRestartTest : public ::testing::Test {
 protected:
  NotificationsRestartTest()
      : data_dir_(dir_.Sub("data")),
        process_(CHRONICLED_PATH, data_dir_, dir_.Sub("chronicled.out")) {}

  void Connect() {
    std::ifstream in(data_dir_ + "/admin.token");
    std::getline(in, token_);
    auto channel = grpc::CreateChannel(process_.address(), grpc::InsecureChannelCredentials());
    activities_ = v1::Activities::NewStub(channel);
    notifications_ = v1::Notifications::NewStub(channel);
  }

  std::unique_ptr<grpc::ClientContext> Context() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + token_);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return context;
  }

  // The admin's notifications (the admin token's user is "admin").
  std::vector<v1::Notification> Inbox() {
    v1::ListNotificationsRequest request;
    request.set_page_size(100);
    v1::ListNotificationsResponse response;
    grpc::Status status = notifications_->ListNotifications(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.notifications().begin(), response.notifications().end()};
  }

  chronicle::testing::TempDir dir_;
  std::string data_dir_;
  ChronicledProcess process_;
  std::string token_;
  std::unique_ptr<v1::Activities::Stub> activities_;
  std::unique_ptr<v1::Notifications::Stub> notifications_;
};

TEST_F(NotificationsRestartTest, WhatCameDueWhileDownFiresOnceAfterStart) {
  ASSERT_TRUE(process_.Start({"--services=all"}).ok()) << process_.output();
  Connect();
  v1::CreateEmployeeRequest employee;
  employee.set_employee_id("admin");
  employee.mutable_employee()->set_display_name("Администратор");
  employee.mutable_employee()->set_time_zone("Europe/Moscow");
  v1::Employee created;
  ASSERT_TRUE(activities_->CreateEmployee(Context().get(), employee, &created).ok());

  // Three tasks, each with a reminder 3 s from now and its deadline 2 s later.
  const absl::Time due = absl::Now() + absl::Seconds(5);
  for (int i = 0; i < 3; ++i) {
    v1::CreateTaskRequest request;
    request.set_request_id("task-" + std::to_string(i));
    request.mutable_task()->set_title("Перезвонить клиенту " + std::to_string(i));
    request.mutable_task()->set_assignee("admin");
    *request.mutable_task()->mutable_due_time() = aggregate::ToProtoTime(due);
    request.mutable_task()->add_reminder_offsets()->set_seconds(2);
    v1::Task task;
    grpc::Status status = activities_->CreateTask(Context().get(), request, &task);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  process_.Kill9();
  absl::SleepFor(due + absl::Seconds(1) - absl::Now());  // all of it came due while down

  ASSERT_TRUE(process_.Start({"--services=all"}).ok()) << process_.output();
  Connect();
  const absl::Time deadline = absl::Now() + absl::Seconds(15);
  while (Inbox().size() < 6 && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(100));
  auto count = [](const std::vector<v1::Notification>& inbox, const std::string& prefix) {
    int n = 0;
    for (const auto& notification : inbox) n += absl::StartsWith(notification.title(), prefix);
    return n;
  };
  std::vector<v1::Notification> inbox = Inbox();
  EXPECT_EQ(count(inbox, "Напоминание: Перезвонить клиенту"), 3);
  // The default rule "task-overdue" fires on each deadline.
  EXPECT_EQ(count(inbox, "Просрочена задача: Перезвонить клиенту"), 3);
  EXPECT_EQ(inbox.size(), 6u);

  // Nothing fires again: not later, not after another crash and start.
  absl::SleepFor(absl::Seconds(1));
  process_.Kill9();
  ASSERT_TRUE(process_.Start({"--services=all"}).ok()) << process_.output();
  Connect();
  absl::SleepFor(absl::Seconds(2));
  EXPECT_EQ(Inbox().size(), 6u);
  v1::ListScheduledJobsResponse jobs;
  ASSERT_TRUE(notifications_->ListScheduledJobs(Context().get(), {}, &jobs).ok());
  EXPECT_EQ(jobs.total(), 0);
  EXPECT_EQ(process_.Terminate(), 0);
}

}  // namespace
}  // namespace chronicle
