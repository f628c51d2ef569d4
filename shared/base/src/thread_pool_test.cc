#include "chronicle/base/thread_pool.h"

#include <atomic>

#include "absl/synchronization/blocking_counter.h"
#include "gtest/gtest.h"

namespace chronicle {
namespace {

TEST(ThreadPoolTest, RunsEveryClosureOnWorkers) {
  std::atomic<int> sum{0};
  absl::BlockingCounter done(100);
  ThreadPool pool(4);
  for (int i = 1; i <= 100; ++i) {
    pool.Schedule([&, i] {
      sum += i;
      done.DecrementCount();
    });
  }
  done.Wait();
  EXPECT_EQ(sum.load(), 5050);
}

TEST(ThreadPoolTest, DestructorDrainsTheQueue) {
  std::atomic<int> ran{0};
  {
    ThreadPool pool(1);
    for (int i = 0; i < 50; ++i) pool.Schedule([&] { ++ran; });
  }
  EXPECT_EQ(ran.load(), 50);
}

}  // namespace
}  // namespace chronicle
