#include "domain/identity.h"

namespace om {
namespace {

void Field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '\n';
}

}  // namespace

std::string AuditHashInput(const AuditEntry& e) {
  std::string text;
  Field(text, e.prev_hash);
  Field(text, std::to_string(e.seq));
  Field(text, e.at);
  Field(text, std::to_string(e.user_id));
  Field(text, e.username);
  Field(text, std::to_string(e.org_id));
  Field(text, e.action);
  Field(text, e.endpoint);
  Field(text, e.detail);
  return text;
}

}  // namespace om
