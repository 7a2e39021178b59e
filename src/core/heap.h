// Heap reservation for short-lived bulk commands (an import run from the command line).
//
//   ReserveHeap(4 << 20);  // the next 4 MiB of allocations touch no fresh page
//
// The first write to a fresh page costs a page fault; on the virtual machines this runs on that
// is 10-14 us a page (docs/import.md, "Speed"), against about 1 us a page for populating the
// same pages with one madvise(MADV_POPULATE_WRITE). An import of a small file faults in some 400
// pages, most of them heap, so it spends about 5 ms on faults alone. ReserveHeap grows the heap by
// `bytes` in one call and keeps it: allocations are then carved out of pages already mapped.
//
// It changes malloc's settings for the rest of the process (blocks up to 32 MiB come from the
// heap, and freed memory is not returned to the system until the heap has `bytes` more than it
// needs), which suits a command that exits when done, not the server.
#pragma once

#include <cstddef>

namespace om {

// Returns the bytes populated: 0 where the kernel has no MADV_POPULATE_WRITE (before Linux 5.14)
// or the memory could not be had, in which case pages fault in one by one as before.
size_t ReserveHeap(size_t bytes);

}  // namespace om
