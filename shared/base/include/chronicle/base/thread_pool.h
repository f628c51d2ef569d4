// A fixed set of worker threads running queued closures in FIFO order: the executor that gRPC
// callback handlers hand blocking work to (a callback thread must never block).
//
// Thread-safe. The destructor runs every closure already scheduled, then joins the workers.
#ifndef CHRONICLE_BASE_THREAD_POOL_H_
#define CHRONICLE_BASE_THREAD_POOL_H_

#include <deque>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace chronicle {

class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Queues `work`; it runs on a worker thread. Must not be called after destruction started.
  void Schedule(std::function<void()> work);

 private:
  void Work();

  absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> workers_;
};

}  // namespace chronicle

#endif  // CHRONICLE_BASE_THREAD_POOL_H_
