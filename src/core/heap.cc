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
  auto* block = static_cast<char*>(std::malloc(bytes));
  if (block == nullptr) return 0;
  auto page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  size_t offset = (page - reinterpret_cast<uintptr_t>(block) % page) % page;  // to a page start
  size_t length = bytes > offset ? (bytes - offset) / page * page : 0;        // whole pages
  size_t populated = 0;
  if (length > 0 && madvise(block + offset, length, MADV_POPULATE_WRITE) == 0) populated = length;
  std::free(block);  // back to the top of the heap, where the next allocations come from
  return populated;
}

}  // namespace om
