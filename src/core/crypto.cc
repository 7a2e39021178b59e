#include "core/crypto.h"

#include <sodium.h>

#include <vector>

#include "core/hex.h"
#include "core/sha256.h"

namespace om {

Status InitCrypto() {
  if (sodium_init() < 0) return Internal("libsodium could not be initialized");
  return Status::Ok();
}

Result<std::string> HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kPasswordOpsLimit,
                            kPasswordMemLimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Internal("password hashing ran out of memory");
  return std::string(out);
}

bool VerifyPassword(const std::string& stored_hash, std::string_view password) {
  if (stored_hash.empty()) return false;
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

Status CheckPasswordStrength(std::string_view password) {
  if (password.size() < 10) return InvalidArgument("a password needs at least 10 characters");
  if (password.size() > 1024) return InvalidArgument("a password may have at most 1024 bytes");
  return Status::Ok();
}

std::string RandomToken(size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::string Sha256Hex(std::string_view data) {
  Sha256Digest hash = Sha256(data);
  return ToHex(hash.data(), hash.size());
}

std::string KeyedHashHex(std::string_view key, std::string_view data) {
  unsigned char hash[32];
  unsigned char k[crypto_generichash_KEYBYTES];
  crypto_generichash(k, sizeof k, reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                     nullptr, 0);
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), k, sizeof k);
  return ToHex(hash, sizeof hash);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace om
