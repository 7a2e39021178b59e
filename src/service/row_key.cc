#include "service/row_key.h"

#include <sodium.h>

#include <charconv>

#include "core/hex.h"

namespace om {

RowDigester::RowDigester(Id owner) {
  // The digest of "OWNER\x1eIDENTITY", fed in parts rather than copied into one string first.
  char prefix[24];
  auto [end, error] = std::to_chars(prefix, prefix + sizeof prefix - 1, owner);
  *end++ = '\x1e';
  crypto_generichash_init(&owner_state_, nullptr, 0, RowDigest{}.size());
  crypto_generichash_update(&owner_state_, reinterpret_cast<const unsigned char*>(prefix),
                            static_cast<unsigned long long>(end - prefix));
}

RowDigest RowDigester::Digest(std::string_view identity) const {
  crypto_generichash_state state = owner_state_;
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(identity.data()),
                            identity.size());
  RowDigest digest;
  crypto_generichash_final(&state, digest.data(), digest.size());
  return digest;
}

RowDigest ImportRowDigest(Id owner, std::string_view identity) {
  return RowDigester(owner).Digest(identity);
}

std::string ImportRowKey(const RowDigest& digest) { return ToHex(digest.data(), digest.size()); }

void ImportRowKey(const RowDigest& digest, std::string& key) {
  ToHex(digest.data(), digest.size(), key);
}

std::string ImportRowKey(Id owner, std::string_view identity) {
  return ImportRowKey(ImportRowDigest(owner, identity));
}

}  // namespace om
