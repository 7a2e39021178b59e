#include "core/heap.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cstdlib>
#include <cstring>
#include <vector>

namespace om {
namespace {

long MinorFaults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

TEST(ReserveHeapTest, NothingAskedNothingDone) { EXPECT_EQ(ReserveHeap(0), 0u); }

// After the reservation, writing 4 MiB of new allocations (1,024 pages, each a fault without it)
// faults in next to nothing: the pages were populated in one call and kept by malloc.
TEST(ReserveHeapTest, LaterAllocationsWriteToPagesAlreadyThere) {
  constexpr size_t kReserved = size_t{8} << 20;
  size_t populated = ReserveHeap(kReserved);
  if (populated == 0) GTEST_SKIP() << "this kernel has no MADV_POPULATE_WRITE (Linux < 5.14)";
  EXPECT_GE(populated, kReserved - 8192);
  long before = MinorFaults();
  std::vector<char*> blocks;
  for (int i = 0; i < 64; ++i) {
    blocks.push_back(static_cast<char*>(std::malloc(64 << 10)));
    std::memset(blocks.back(), i, 64 << 10);
  }
  long faults = MinorFaults() - before;
  for (char* b : blocks) std::free(b);
  EXPECT_LT(faults, 32) << "the reserved pages were not kept: " << faults << " faults";
}

}  // namespace
}  // namespace om
