// BoundedQueue: hands items from one producer thread to one consumer, holding at most
// `capacity` of them, so a fast producer waits instead of filling memory.
//
//   BoundedQueue<Batch> queue(4);
//   producer: while (...) if (!queue.Push(std::move(batch))) break;  // false: consumer gave up
//             queue.Close();
//   consumer: while (auto batch = queue.Pop()) use(*batch);           // nullopt: closed, empty
//             queue.Close();  // when giving up early, to release a waiting producer
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace om {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity) {}

  // Waits for room; false (item dropped) once the queue is closed.
  bool Push(T item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  // Waits for an item; nullopt once the queue is closed and empty.
  std::optional<T> Pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }

  // An item when one is waiting; never waits.
  std::optional<T> TryPop() {
    std::lock_guard lock(mutex_);
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }

  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_full_.notify_all();
    not_empty_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace om
