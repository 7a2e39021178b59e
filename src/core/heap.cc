#include "core/heap.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14; older headers lack the name
#endif

namespace om {

size_t ReserveHeap(size_t bytes) {
  if (bytes == 0) return 0;
  // Large blocks from the heap too (glibc's upper limit for this setting is 32 MiB on 64-bit),
  // and no trimming of what is freed below the reservation.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(std::min<size_t>(bytes + (1 << 20), INT32_MAX)));
  void* block = std::malloc(bytes);
  if (block == nullptr) return 0;
  auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  auto begin = (reinterpret_cast<uintptr_t>(block) + page - 1) & ~(page - 1);
  auto end = (reinterpret_cast<uintptr_t>(block) + bytes) & ~(page - 1);
  size_t populated = 0;
  if (end > begin &&
      madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE) == 0) {
    populated = end - begin;
  }
  std::free(block);  // back to the top of the heap, where the next allocations come from
  return populated;
}

}  // namespace om
