// The write side of a server-streaming call that other threads feed (a log tail, an employee's
// notifications): messages queue and are written one at a time, as gRPC allows one write in
// flight, and the stream finishes once, with the first status asked for, after the write in
// flight. Also the set of a service's open streams, which shutdown must end: they never end by
// themselves.
#ifndef CHRONICLE_SERVER_QUEUED_WRITE_REACTOR_H_
#define CHRONICLE_SERVER_QUEUED_WRITE_REACTOR_H_

#include <deque>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "chronicle/errors/errors.h"
#include "grpcpp/grpcpp.h"

namespace chronicle::server {

// Subclasses feed the queue inside Act and implement OnDone. Thread-safe.
template <typename Message>
class QueuedWriteReactor : public grpc::ServerWriteReactor<Message> {
 public:
  // Ends the stream with `status` after the write in flight. Idempotent: the first status wins.
  void Stop(const absl::Status& status) {
    Act([&] { RequestFinish(errors::ToGrpc(status)); });
  }

  void OnWriteDone(bool ok) override {
    Act([&] {
      writing_ = false;
      if (!ok) RequestFinish(grpc::Status(grpc::StatusCode::CANCELLED, "client went away"));
    });
  }

  void OnCancel() override {
    Act([&] { RequestFinish(grpc::Status::CANCELLED); });
  }

 protected:
  // Runs `change` under mu_ (it may Enqueue and RequestFinish), then the write or finish that
  // became possible, outside mu_: gRPC may run reactions inline, and mu_ is not reentrant.
  template <typename Change>
  void Act(Change change) {
    Action action;
    {
      absl::MutexLock lock(&mu_);
      change();
      action = NextAction();
    }
    if (action.write != nullptr) this->StartWrite(action.write);
    if (action.finish) this->Finish(*action.finish);
  }

  // Under mu_, inside Act.
  void Enqueue(Message message) { queue_.push_back(std::move(message)); }
  void RequestFinish(grpc::Status status) {
    if (!finish_status_) finish_status_ = std::move(status);
  }
  size_t queued() const { return queue_.size(); }
  bool finishing() const { return finish_status_.has_value(); }

  absl::Mutex mu_;

 private:
  struct Action {
    const Message* write = nullptr;
    std::optional<grpc::Status> finish;
  };

  Action NextAction() {
    Action action;
    if (writing_ || finish_sent_) return action;
    if (finish_status_) {
      finish_sent_ = true;
      action.finish = *finish_status_;
      return action;
    }
    if (queue_.empty()) return action;
    in_flight_ = std::move(queue_.front());
    queue_.pop_front();
    writing_ = true;
    action.write = &in_flight_;  // stable until OnWriteDone, which is what clears writing_
    return action;
  }

  std::deque<Message> queue_;
  Message in_flight_;
  bool writing_ = false;
  std::optional<grpc::Status> finish_status_;
  bool finish_sent_ = false;
};

// A service's open streams. Reactors leave in their OnDone, under the lock, so each one StopAll
// sees is alive; Stop may call Finish under the lock, and gRPC runs OnDone later, from a callback
// thread, never inside Finish.
template <typename Reactor>
class OpenStreams {
 public:
  explicit OpenStreams(absl::Status shutting_down) : shutting_down_(std::move(shutting_down)) {}

  // Registers `reactor`; stops it at once when StopAll already ran.
  void Add(Reactor* reactor) {
    bool stopped;
    {
      absl::MutexLock lock(&mu_);
      stopped = stopped_;
      streams_.insert(reactor);
    }
    if (stopped) reactor->Stop(shutting_down_);
  }

  void Remove(Reactor* reactor) {
    absl::MutexLock lock(&mu_);
    streams_.erase(reactor);
  }

  // Ends every open stream, and any added later, with the shutting-down status.
  void StopAll() {
    absl::MutexLock lock(&mu_);
    stopped_ = true;
    for (Reactor* reactor : streams_) reactor->Stop(shutting_down_);
  }

 private:
  const absl::Status shutting_down_;
  absl::Mutex mu_;
  absl::flat_hash_set<Reactor*> streams_ ABSL_GUARDED_BY(mu_);
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace chronicle::server

#endif  // CHRONICLE_SERVER_QUEUED_WRITE_REACTOR_H_
