// libFuzzer target for what the server parses from a request before any check: the Cookie
// header, role lists, ISO times, and JSON bodies of activities (ActivityFromJson against an
// in-memory store). Beyond "no crash, no sanitizer report" it checks that a cookie value never
// contains the separators it was cut at, and that parsed roles print back to what they parse.
// Run through scripts/fuzz, which builds with -DOM_FUZZ=ON.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/date.h"
#include "domain/access.h"
#include "http/activity_json.h"

namespace {

om::Store& FuzzStore() {
  static std::unique_ptr<om::Store> store = [] {
    auto s = om::OpenMemoryStore();
    if (!s.ok()) __builtin_trap();
    om::Organization org;
    org.name = "UNICEF";
    (void)(*s)->CreateOrganization(org);
    return std::move(*s);
  }();
  return *store;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  om::http::Request req;
  req.cookie = input;
  std::string session = req.Cookie("om_session");
  if (session.find(';') != std::string::npos) __builtin_trap();
  auto roles = om::ParseRoles(input);
  if (roles.ok()) {
    auto again = om::ParseRoles(om::RoleList(*roles));
    if (!again.ok() || *again != *roles) __builtin_trap();
  }
  (void)om::SecondsUntil(input);
  om::Activity a;
  om::http::FieldErrors errors;
  bool ok = om::http::ActivityFromJson(input, FuzzStore(), a, errors);
  if (ok != errors.empty()) __builtin_trap();
  return 0;
}
