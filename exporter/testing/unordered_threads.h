// Two threads run one after the other with no happens-before ThreadSanitizer can see.
#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace five9exp {

// `first` runs on one thread; `second` starts on another once `first` has returned. The
// hand-over is a relaxed atomic, which orders nothing for ThreadSanitizer: what `first`
// initialised is seen by `second` only if the code under test orders it itself (call_once,
// a mutex). Joining, a barrier or starting `second` later would order it for the test and
// hide exactly the race the test is for: a lazily made global of a library not built for
// TSan, whose "already made?" check TSan cannot see.
inline void RunOneAfterTheOtherUnordered(const std::function<void()>& first,
                                         const std::function<void()>& second) {
  std::atomic<bool> first_done{false};
  std::jthread waiter([&] {
    while (!first_done.load(std::memory_order_relaxed)) std::this_thread::yield();
    second();
  });
  std::jthread runner([&] {
    first();
    first_done.store(true, std::memory_order_relaxed);
  });
}

}  // namespace five9exp
