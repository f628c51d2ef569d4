#include "readiness.h"

#include <utility>

namespace chronicle::server {

Readiness::Readiness(grpc::HealthCheckServiceInterface* health, std::vector<Watched> watched,
                     uint64_t max_lag, absl::Duration period)
    : health_(health), watched_(std::move(watched)), max_lag_(max_lag), period_(period) {
  health_->SetServingStatus("liveness", true);
  Update();
  thread_ = std::thread([this] {
    absl::MutexLock lock(&mu_);
    while (!mu_.AwaitWithTimeout(absl::Condition(&stopping_), period_)) {
      mu_.Unlock();
      Update();
      mu_.Lock();
    }
  });
}

Readiness::~Readiness() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void Readiness::Update() {
  bool all_ready = true;
  for (const Watched& watched : watched_) {
    const Standing standing = watched.standing();
    const bool ready = !standing.failed && standing.lag <= max_lag_;
    health_->SetServingStatus(watched.service, ready);
    all_ready = all_ready && ready;
  }
  health_->SetServingStatus("", all_ready);
}

}  // namespace chronicle::server
