// The commands rule actions give the other services: create a task, tag a client or change its
// temperature, move a deal, log an NPS answer as an activity. Each carries a request id derived
// from the job, so a command retried after a crash takes effect once. Errors keep their codes:
// UNAVAILABLE and DEADLINE_EXCEEDED are worth retrying; the rest are final.
#ifndef CHRONICLE_NOTIFICATIONS_APP_PEERS_H_
#define CHRONICLE_NOTIFICATIONS_APP_PEERS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "chronicle/v1/activities.pb.h"
#include "chronicle/v1/contacts_resources.pb.h"
#include "grpcpp/channel.h"

namespace chronicle::notifications {

class Peers {
 public:
  virtual ~Peers() = default;
  // Each returns the name of what it created or changed.
  virtual absl::StatusOr<std::string> CreateTask(const v1::CreateTaskRequest& request) = 0;
  virtual absl::StatusOr<std::string> LogActivity(const v1::LogActivityRequest& request) = 0;
  virtual absl::StatusOr<std::string> AddClientTag(const std::string& client,
                                                   const std::string& tag,
                                                   const std::string& request_id) = 0;
  virtual absl::StatusOr<std::string> SetClientTemperature(const std::string& client,
                                                           v1::Temperature temperature,
                                                           const std::string& request_id) = 0;
  virtual absl::StatusOr<std::string> MoveDeal(const std::string& deal, const std::string& stage,
                                               const std::string& request_id) = 0;
};

// Where each peer service answers: in one process, all three are the server's in-process
// channel; with one process per service, channels to the others.
struct PeerChannels {
  std::shared_ptr<grpc::Channel> activities;
  std::shared_ptr<grpc::Channel> contacts;
  std::shared_ptr<grpc::Channel> deals;
};

// Peers over gRPC, authenticated with `token`. Each call has a deadline.
std::unique_ptr<Peers> NewGrpcPeers(const PeerChannels& channels, std::string token);

}  // namespace chronicle::notifications

#endif  // CHRONICLE_NOTIFICATIONS_APP_PEERS_H_
