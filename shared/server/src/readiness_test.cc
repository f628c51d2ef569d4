#include "readiness.h"

#include <atomic>
#include <map>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"

namespace chronicle::server {
namespace {

// Records what the readiness watcher sets, as gRPC's default health service would serve it.
class RecordingHealth : public grpc::HealthCheckServiceInterface {
 public:
  void SetServingStatus(const std::string& service, bool serving) override {
    absl::MutexLock lock(&mu_);
    statuses_[service] = serving;
  }
  void SetServingStatus(bool serving) override { SetServingStatus("", serving); }
  void Shutdown() override {}

  // The status of `service` once it equals `serving`, or after two seconds; -1 when never set.
  int WaitFor(const std::string& service, bool serving) {
    absl::MutexLock lock(&mu_);
    auto is = [&] {
      auto it = statuses_.find(service);
      return it != statuses_.end() && it->second == serving;
    };
    mu_.AwaitWithTimeout(absl::Condition(&is), absl::Seconds(2));
    auto it = statuses_.find(service);
    return it == statuses_.end() ? -1 : it->second;
  }

 private:
  absl::Mutex mu_;
  std::map<std::string, bool> statuses_ ABSL_GUARDED_BY(mu_);
};

TEST(ReadinessTest, ServesOnlyWhileCaughtUpWithinTheThreshold) {
  RecordingHealth health;
  std::atomic<uint64_t> contacts_lag{5000}, deals_lag{0};
  std::atomic<bool> deals_failed{false};
  {
    Readiness readiness(&health,
                        {{"chronicle.v1.Contacts",
                          [&] {
                            return Readiness::Standing{contacts_lag.load(), false};
                          }},
                         {"chronicle.v1.Deals",
                          [&] {
                            return Readiness::Standing{deals_lag.load(), deals_failed.load()};
                          }}},
                        /*max_lag=*/1000, absl::Milliseconds(10));
    // Set before the constructor returns: a probe never sees an unknown service.
    EXPECT_EQ(health.WaitFor("chronicle.v1.Contacts", false), 0);
    EXPECT_EQ(health.WaitFor("chronicle.v1.Deals", true), 1);
    EXPECT_EQ(health.WaitFor("", false), 0);  // not every service is ready
    EXPECT_EQ(health.WaitFor("liveness", true), 1);

    contacts_lag = 1000;  // at the threshold is caught up
    EXPECT_EQ(health.WaitFor("chronicle.v1.Contacts", true), 1);
    EXPECT_EQ(health.WaitFor("", true), 1);

    deals_failed = true;  // a projection that stopped for good is never ready
    EXPECT_EQ(health.WaitFor("chronicle.v1.Deals", false), 0);
    EXPECT_EQ(health.WaitFor("", false), 0);
    EXPECT_EQ(health.WaitFor("liveness", true), 1);
  }
}

}  // namespace
}  // namespace chronicle::server
