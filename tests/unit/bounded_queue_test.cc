#include "core/bounded_queue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace om {
namespace {

// Every item arrives once and in order, whether the other side is quick (the wait spins) or
// slow (the wait sleeps and must be woken).
TEST(BoundedQueueTest, HandsOverEveryItemInOrderWhetherWaitsSpinOrSleep) {
  BoundedQueue<int> queue(4);
  constexpr int kItems = 20000;
  std::thread producer([&] {
    for (int i = 0; i < kItems; ++i) {
      if (i % 5000 == 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // consumer sleeps
      ASSERT_TRUE(queue.Push(i));
    }
    queue.Close();
  });
  int expected = 0;
  while (auto item = queue.Pop()) {
    ASSERT_EQ(*item, expected);
    ++expected;
    if (expected % 7000 == 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));  // producer sleeps
  }
  producer.join();
  EXPECT_EQ(expected, kItems);
}

// A consumer that gives up releases a producer waiting for room; a producer's last items before
// it closes are still taken.
TEST(BoundedQueueTest, CloseReleasesTheWaitingSideAndKeepsWhatWasPushed) {
  BoundedQueue<int> full(2);
  ASSERT_TRUE(full.Push(1));
  ASSERT_TRUE(full.Push(2));
  std::thread closer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    full.Close();
  });
  EXPECT_FALSE(full.Push(3));  // waited, then refused
  closer.join();

  BoundedQueue<int> queue(2);
  ASSERT_TRUE(queue.Push(7));
  queue.Close();
  EXPECT_EQ(queue.Pop(), 7);
  EXPECT_EQ(queue.Pop(), std::nullopt);
  EXPECT_EQ(queue.TryPop(), std::nullopt);
}

}  // namespace
}  // namespace om
