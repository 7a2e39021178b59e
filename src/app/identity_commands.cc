// `onemission user ...`, `token create` and `audit verify`.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "app/commands.h"
#include "core/crypto.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/auth.h"
#include "store/audit_journal.h"

namespace om {
namespace {

Result<User> FindExisting(Store& store, const std::string& name) {
  OM_TRY(auto user, store.FindUser(name));
  if (!user) return NotFound("no user '" + name + "'");
  return *user;
}

// One line from standard input, without its line end.
Result<std::string> ReadPassword() {
  std::string line;
  if (!std::getline(std::cin, line)) return InvalidArgument("no password on standard input");
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

}  // namespace

Principal CliActor() {
  Principal p = Principal::System();
  const char* user = std::getenv("USER");
  p.username = std::string("cli:") + (user && *user ? user : "unknown");
  return p;
}

void AuditCli(Store& store, const std::string& action, const std::string& command,
              const boost::json::object& detail) {
  if (Status s = Audit(store, CliActor(), action, "cli: " + command, detail); !s.ok())
    std::fprintf(stderr, "onemission: audit log: %s\n", s.message().c_str());
}

int RunUserAdd(const std::string& db, const UserArgs& args) {
  if (!args.password_stdin)
    return Fail(InvalidArgument("give the password on standard input with --password-stdin"));
  auto store = OpenDatabase(db);
  if (!store.ok()) return Fail(store.status());
  auto org = (*store)->FindOrganizationByName(args.org);
  if (!org.ok()) return Fail(org.status());
  if (*org == 0) return Fail(InvalidArgument("no organization '" + args.org + "' (see `org add`)"));
  auto roles = ParseRoles(args.roles);
  if (!roles.ok()) return Fail(roles.status());
  auto password = ReadPassword();
  if (!password.ok()) return Fail(password.status());
  User u;
  u.username = args.name;
  u.display_name = args.display_name.empty() ? args.name : args.display_name;
  u.org_id = *org;
  u.roles = *roles;
  for (std::string_view c : SplitView(args.compartments, ',')) {
    if (!Trim(c).empty()) u.compartments.emplace_back(Trim(c));
  }
  auto created = AddUser(**store, u, *password);
  if (!created.ok()) return Fail(created.status());
  AuditCli(**store, "user-add", "user add",
           {{"user", created->username}, {"roles", RoleList(created->roles)}});
  std::printf("%lld\t%s\n", static_cast<long long>(created->id), created->username.c_str());
  return 0;
}

int RunUserList(const std::string& db) {
  auto store = OpenDatabase(db);
  if (!store.ok()) return Fail(store.status());
  auto users = (*store)->ListUsers();
  if (!users.ok()) return Fail(users.status());
  std::printf("%-6s %-20s %-30s %-28s %s\n", "id", "username", "organization", "roles", "state");
  for (const User& u : *users) {
    auto org = (*store)->GetOrganization(u.org_id);
    std::string state = u.disabled ? "disabled" : "active";
    if (auto left = SecondsUntil(u.locked_until); left && *left > 0) state += ", locked";
    std::printf("%-6lld %-20s %-30s %-28s %s\n", static_cast<long long>(u.id), u.username.c_str(),
                org.ok() ? org->name.c_str() : "?", RoleList(u.roles).c_str(), state.c_str());
  }
  return 0;
}

int RunUserDisable(const std::string& db, const std::string& name, bool disabled) {
  auto store = OpenDatabase(db);
  if (!store.ok()) return Fail(store.status());
  auto user = FindExisting(**store, name);
  if (!user.ok()) return Fail(user.status());
  user->disabled = disabled;
  if (Status s = (*store)->UpdateUser(*user); !s.ok()) return Fail(s);
  if (disabled) (void)(*store)->DeleteUserSessions(user->id);
  AuditCli(**store, "user-update", disabled ? "user disable" : "user enable",
           {{"user", user->username}, {"disabled", disabled}});
  std::printf("%s %s\n", user->username.c_str(), disabled ? "disabled" : "enabled");
  return 0;
}

int RunUserResetPassword(const std::string& db, const std::string& name, bool password_stdin) {
  if (!password_stdin)
    return Fail(InvalidArgument("give the new password on standard input with --password-stdin"));
  auto store = OpenDatabase(db);
  if (!store.ok()) return Fail(store.status());
  auto user = FindExisting(**store, name);
  if (!user.ok()) return Fail(user.status());
  auto password = ReadPassword();
  if (!password.ok()) return Fail(password.status());
  if (Status s = SetPassword(**store, user->id, *password); !s.ok()) return Fail(s);
  AuditCli(**store, "user-password", "user reset-password", {{"user", user->username}});
  std::printf("password of %s reset; their sessions ended\n", user->username.c_str());
  return 0;
}

int RunTokenCreate(const std::string& db, const std::string& name, const std::string& label) {
  auto store = OpenDatabase(db);
  if (!store.ok()) return Fail(store.status());
  auto user = FindExisting(**store, name);
  if (!user.ok()) return Fail(user.status());
  auto issued = IssueApiToken(**store, user->id, label);
  if (!issued.ok()) return Fail(issued.status());
  AuditCli(**store, "token-create", "token create",
           {{"user", user->username}, {"token_id", issued->first.id}});
  std::printf("%s\n", issued->second.c_str());
  return 0;
}

int RunAuditVerify(const std::string& db) {
  auto store = OpenDatabase(db);
  if (!store.ok()) return Fail(store.status());
  // Entries a killed server left in its journal go into the log first. A running server holds
  // the journal and copies them itself; its latest reads then show up within 100 ms.
  if (std::filesystem::exists(db + "-audit")) {
    auto journal = AuditJournal::Open(db, [&db] { return OpenDatabase(db); });
    if (!journal.ok() && journal.status().code() != StatusCode::kFailedPrecondition)
      return Fail(journal.status());
  }
  auto check = VerifyAudit(**store);
  if (!check.ok()) return Fail(check.status());
  if (check->ok()) {
    std::printf("audit log intact: %lld entries, head %s\n", static_cast<long long>(check->entries),
                check->head.c_str());
    return 0;
  }
  std::printf("audit log BROKEN: %zu problems in %lld entries\n", check->problems.size(),
              static_cast<long long>(check->entries));
  for (const std::string& p : check->problems) std::printf("  %s\n", p.c_str());
  return 1;
}

}  // namespace om
