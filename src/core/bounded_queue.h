// BoundedQueue: hands items from one producer thread to one consumer, holding at most
// `capacity` of them, so a fast producer waits instead of filling memory.
//
//   BoundedQueue<Batch> queue(4);
//   producer: while (...) if (!queue.Push(std::move(batch))) break;  // false: consumer gave up
//             queue.Close();
//   consumer: while (auto batch = queue.Pop()) use(*batch);           // nullopt: closed, empty
//             queue.Close();  // when giving up early, to release a waiting producer
//
// A side that must wait spins on the CPU for a while (about 100 us) before it sleeps: a wait
// for the other side is usually that short, and on a virtual machine a sleeping thread can take
// a millisecond to wake (its virtual CPU halts), which in a two-thread pipeline makes the two
// take turns instead of working at once. Nobody sleeping, a hand-over makes no system call.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace om {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : slots_(capacity == 0 ? 1 : capacity) {}

  // Waits for room; false (item dropped) once the queue is closed.
  bool Push(T item) {
    size_t tail = tail_.load(std::memory_order_relaxed);
    WaitUntil([&] {
      return closed_.load(std::memory_order_acquire) ||
             tail - head_.load(std::memory_order_acquire) < slots_.size();
    });
    if (closed_.load(std::memory_order_acquire)) return false;
    slots_[tail % slots_.size()] = std::move(item);
    tail_.store(tail + 1, std::memory_order_release);
    Signal();
    return true;
  }

  // Waits for an item; nullopt once the queue is closed and empty.
  std::optional<T> Pop() {
    size_t head = head_.load(std::memory_order_relaxed);
    WaitUntil([&] {
      return tail_.load(std::memory_order_acquire) != head ||
             closed_.load(std::memory_order_acquire);
    });
    return Take(head);
  }

  // An item when one is waiting; never waits.
  std::optional<T> TryPop() { return Take(head_.load(std::memory_order_relaxed)); }

  void Close() {
    closed_.store(true, std::memory_order_release);
    Signal();
  }

 private:
  static constexpr unsigned kSpins = 4096;  // pauses before sleeping: 50-200 us on x86

  std::optional<T> Take(size_t head) {
    // Read after the caller's check: an item pushed before Close is still taken.
    if (tail_.load(std::memory_order_acquire) == head) return std::nullopt;
    std::optional<T> item(std::move(slots_[head % slots_.size()]));
    head_.store(head + 1, std::memory_order_release);
    Signal();
    return item;
  }

  template <typename Ready>
  void WaitUntil(Ready ready) {
    for (unsigned round = 0; !ready(); ++round) {
      if (round < kSpins) {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#elif defined(__aarch64__)
        asm volatile("yield");
#endif
        continue;
      }
      // Sleep until the other side does something. Read `events_` before checking again: an
      // event between the check and the wait changes it, and the wait returns at once.
      uint32_t seen = events_.load(std::memory_order_acquire);
      if (ready()) return;
      events_.wait(seen, std::memory_order_acquire);
    }
  }

  // Counts an event and wakes a sleeper, if any (no system call otherwise).
  void Signal() {
    events_.fetch_add(1, std::memory_order_acq_rel);
    events_.notify_all();
  }

  std::vector<T> slots_;
  // On lines of their own: the producer writes tail_, the consumer head_.
  alignas(64) std::atomic<size_t> head_{0};  // next to pop
  alignas(64) std::atomic<size_t> tail_{0};  // next to push
  alignas(64) std::atomic<uint32_t> events_{0};
  std::atomic<bool> closed_{false};
};

}  // namespace om
