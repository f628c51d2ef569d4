#include <chrono>

#include "absl/strings/str_cat.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "chronicle/v1/activities.grpc.pb.h"
#include "chronicle/v1/contacts.grpc.pb.h"
#include "chronicle/v1/deals.grpc.pb.h"
#include "notifications/app/peers.h"

namespace chronicle::notifications {
namespace {

constexpr auto kDeadline = std::chrono::seconds(10);
constexpr int kConflictRetries = 5;

class GrpcPeers final : public Peers {
 public:
  GrpcPeers(const PeerChannels& channels, std::string token)
      : token_(std::move(token)),
        activities_(v1::Activities::NewStub(channels.activities)),
        contacts_(v1::Contacts::NewStub(channels.contacts)),
        deals_(v1::Deals::NewStub(channels.deals)) {}

  absl::StatusOr<std::string> CreateTask(const v1::CreateTaskRequest& request) override {
    v1::Task task;
    auto context = Context();
    RETURN_IF_ERROR(Check(activities_->CreateTask(context.get(), request, &task)));
    return task.name();
  }

  absl::StatusOr<std::string> LogActivity(const v1::LogActivityRequest& request) override {
    v1::Activity activity;
    auto context = Context();
    RETURN_IF_ERROR(Check(activities_->LogActivity(context.get(), request, &activity)));
    return activity.name();
  }

  absl::StatusOr<std::string> AddClientTag(const std::string& client, const std::string& tag,
                                           const std::string& request_id) override {
    return UpdateClient(client, request_id, "tags", [&](v1::Client* card) {
      for (const std::string& t : card->tags()) {
        if (t == tag) return false;  // already there: nothing to write
      }
      card->add_tags(tag);
      return true;
    });
  }

  absl::StatusOr<std::string> SetClientTemperature(const std::string& client,
                                                   v1::Temperature temperature,
                                                   const std::string& request_id) override {
    return UpdateClient(client, request_id, "temperature", [&](v1::Client* card) {
      if (card->temperature() == temperature) return false;
      card->set_temperature(temperature);
      return true;
    });
  }

  absl::StatusOr<std::string> MoveDeal(const std::string& deal, const std::string& stage,
                                       const std::string& request_id) override {
    v1::MoveDealRequest move;
    move.set_name(deal);
    move.set_stage(stage);
    move.set_request_id(request_id);
    v1::Deal moved;
    auto context = Context();
    RETURN_IF_ERROR(Check(deals_->MoveDeal(context.get(), move, &moved)));
    return moved.name();
  }

 private:
  std::unique_ptr<grpc::ClientContext> Context() const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", absl::StrCat("Bearer ", token_));
    context->set_deadline(std::chrono::system_clock::now() + kDeadline);
    return context;
  }

  static absl::Status Check(const grpc::Status& status) { return errors::FromGrpc(status); }

  // Read, change, write with the card's etag; again when someone else wrote in between.
  template <typename Change>
  absl::StatusOr<std::string> UpdateClient(const std::string& client, const std::string& request_id,
                                           const std::string& path, Change change) {
    for (int attempt = 0;; ++attempt) {
      v1::GetClientRequest get;
      get.set_name(client);
      v1::Client card;
      auto get_context = Context();
      RETURN_IF_ERROR(Check(contacts_->GetClient(get_context.get(), get, &card)));
      if (!change(&card)) return card.name();
      v1::UpdateClientRequest update;
      *update.mutable_client() = card;
      update.mutable_update_mask()->add_paths(path);
      update.set_request_id(request_id);
      v1::Client updated;
      auto context = Context();
      absl::Status status = Check(contacts_->UpdateClient(context.get(), update, &updated));
      if (absl::IsAborted(status) && attempt < kConflictRetries) continue;
      RETURN_IF_ERROR(status);
      return updated.name();
    }
  }

  const std::string token_;
  std::unique_ptr<v1::Activities::Stub> activities_;
  std::unique_ptr<v1::Contacts::Stub> contacts_;
  std::unique_ptr<v1::Deals::Stub> deals_;
};

}  // namespace

std::unique_ptr<Peers> NewGrpcPeers(const PeerChannels& channels, std::string token) {
  return std::make_unique<GrpcPeers>(channels, std::move(token));
}

}  // namespace chronicle::notifications
