// Cryptographic helpers over libsodium: password hashing (argon2id), random tokens, SHA-256.
//
//   OM_TRY(std::string stored, HashPassword(password));      // argon2id, encoded with its salt
//   bool ok = VerifyPassword(stored, attempt);                // constant-time
//   std::string token = RandomToken();                        // 256 random bits, base64url
//   std::string key = Sha256Hex(token);                       // what gets stored
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace om {

// argon2id parameters: libsodium's "interactive" limits, t=2 passes over 64 MiB, above OWASP's
// minimum (m=19 MiB, t=2, p=1).
constexpr uint64_t kPasswordOpsLimit = 2;
constexpr size_t kPasswordMemLimit = size_t{64} << 20;

Status InitCrypto();  // idempotent; call once before anything below
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(const std::string& stored_hash, std::string_view password);
// Minimum rules for a new password; the message says what is wrong.
Status CheckPasswordStrength(std::string_view password);

// `bytes` random bytes as unpadded base64url text.
std::string RandomToken(size_t bytes = 32);
std::string Sha256Hex(std::string_view data);
// Keyed BLAKE2b of `data` (hex), for values derived from a secret (CSRF tokens).
std::string KeyedHashHex(std::string_view key, std::string_view data);
// Constant-time equality of two strings of equal length (false when lengths differ).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace om
