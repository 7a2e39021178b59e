// Sub-command implementations behind the CLI. Each returns a process exit code and prints
// errors to stderr in one line ("onemission: <what went wrong>").
#pragma once

#include <boost/json.hpp>
#include <string>

#include "http/server.h"
#include "service/import_hxl.h"
#include "store/store.h"

namespace om {

struct ExportArgs {
  ActivityFilter filter;
  std::string org;
  std::string output;  // "" or "-" = stdout
};

int RunServe(const std::string& db, http::ServerOptions options);
int RunMigrate(const std::string& db);
int RunImportHxl(const std::string& db, const std::string& file, ImportOptions options, bool json);
int RunImportPcodes(const std::string& db, const std::string& file, bool json);
int RunExportHxl(const std::string& db, ExportArgs args);
int RunOrgAdd(const std::string& db, Organization org);
int RunDemo(const std::string& db, std::string data_dir);

struct UserArgs {
  std::string name;
  std::string org;
  std::string roles;  // comma-separated
  std::string display_name;
  std::string compartments;  // comma-separated explicit grants
  bool password_stdin = false;
};
int RunUserAdd(const std::string& db, const UserArgs& args);
int RunUserList(const std::string& db);
int RunUserDisable(const std::string& db, const std::string& name, bool disabled);
int RunUserResetPassword(const std::string& db, const std::string& name, bool password_stdin);
int RunTokenCreate(const std::string& db, const std::string& user, const std::string& name);
int RunAuditVerify(const std::string& db);

// The command line acts as the system principal, named after the operating-system user in
// the audit log.
Principal CliActor();
void AuditCli(Store& store, const std::string& action, const std::string& command,
              const boost::json::object& detail);

// Opens and migrates the database, printing the error when it fails.
Result<std::unique_ptr<Store>> OpenDatabase(const std::string& db);
int Fail(const Status& status);

}  // namespace om
