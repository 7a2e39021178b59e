// Lower-case hexadecimal text of bytes: ToHex(bytes, 2) == "0aff".
#pragma once

#include <cstddef>
#include <string>

namespace om {

std::string ToHex(const unsigned char* bytes, size_t size);
// The same into `out`, in the storage it has when that is large enough.
void ToHex(const unsigned char* bytes, size_t size, std::string& out);

}  // namespace om
