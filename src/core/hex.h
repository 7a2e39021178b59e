// Lower-case hexadecimal text of bytes: ToHex(bytes, 2) == "0aff".
#pragma once

#include <cstddef>
#include <string>

namespace om {

std::string ToHex(const unsigned char* bytes, size_t size);

}  // namespace om
