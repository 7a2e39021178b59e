#include "app/cli.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>

#include "app/commands.h"
#include "core/crypto.h"
#include "core/log.h"

namespace om {
namespace {

void AddFilterOptions(CLI::App* cmd, ExportArgs& args, std::string& status, std::string& from,
                      std::string& to) {
  cmd->add_option("--org", args.org, "organization id, name or acronym");
  cmd->add_option("--sector", args.filter.sector, "sector code");
  cmd->add_option("--place", args.filter.place, "p-code at any level (matches all below it)");
  cmd->add_option("--status", status, "planned|ongoing|completed|suspended|cancelled|unknown");
  cmd->add_option("--from", from, "YYYY-MM-DD");
  cmd->add_option("--to", to, "YYYY-MM-DD");
  cmd->add_option("--q", args.filter.q, "text search");
  cmd->add_option("-o,--output", args.output, "file to write (default: standard output)");
}

constexpr const char* kCommands[] = {"serve", "migrate", "import", "export", "org",
                                     "demo",  "user",    "token",  "audit"};

// The command named on the command line: the first argument that is neither a global option nor
// its value. "" when there is none, or when it is not a command (CLI11 then reports it).
std::string_view CommandName(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--db") {
      ++i;  // its value
      continue;
    }
    if (arg.starts_with("-")) continue;  // -v, --verbose, --db=X, --help
    for (const char* command : kCommands) {
      if (arg == command) return arg;
    }
    return "";
  }
  return "";
}

bool Ran(const CLI::App* command) { return command != nullptr && command->parsed(); }

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{"OneMission: the shared workspace of a UN integrated mission"};
  app.require_subcommand(1);
  // Only the command named on the command line is built: building every command and option
  // (some seventy CLI11 objects) took 0.7 ms of every run. All are built when no known command
  // is named, so that --help lists them and a mistyped one is reported against them.
  std::string_view named = CommandName(argc, argv);
  auto wants = [named](const char* command) { return named.empty() || named == command; };
  const char* env_db = std::getenv("ONEMISSION_DB");
  std::string db = env_db && *env_db ? env_db : "onemission.db";
  app.add_option("--db", db, "database file (default onemission.db or $ONEMISSION_DB)");
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "log debug messages");

  http::ServerOptions serve_opts;
  std::string port_file;
  CLI::App* serve = nullptr;
  if (wants("serve")) {
    serve = app.add_subcommand("serve", "serve the API and web client");
    serve->add_option("--port", serve_opts.port, "TCP port (0 = any free port)");
    serve->add_option("--address", serve_opts.address, "address to listen on");
    serve->add_option("--threads", serve_opts.threads, "worker threads (default: cores)");
    serve->add_option("--web-root", serve_opts.web_root, "directory of the built web client");
    serve->add_option("--data-root", serve_opts.data_root, "directory served under /data/");
    serve->add_option("--port-file", port_file, "write the bound port to this file once listening");
    serve->add_option("--request-timeout", serve_opts.request_timeout,
                      "seconds a client has to send a whole request, and to take each part of "
                      "a response (default 30)");
  }

  CLI::App* migrate = nullptr;
  if (wants("migrate")) {
    migrate = app.add_subcommand("migrate", "create or upgrade the database schema");
  }

  ImportOptions import_opts;
  std::string import_file;
  bool import_json = false;
  CLI::App *import_hxl = nullptr, *import_pcodes = nullptr;
  if (wants("import")) {
    auto* import = app.add_subcommand("import", "import a file");
    import->require_subcommand(1);
    import_hxl = import->add_subcommand("hxl", "import an HXL-tagged 3W/4W CSV file");
    import_hxl->add_option("FILE", import_file, "the file")->required();
    import_hxl->add_option("--org", import_opts.reporting_org, "reporting organization (owner)");
    import_hxl->add_option("--country", import_opts.country, "default country (ISO2/ISO3/name)");
    import_hxl->add_flag("--dry-run", import_opts.dry_run, "check and report; write nothing");
    import_hxl->add_flag("--strict", import_opts.strict, "write nothing if any row is rejected");
    import_hxl->add_flag("--json", import_json, "print the report as JSON");
    import_hxl->add_flag_callback(
        "--no-infer-columns", [&import_opts] { import_opts.infer_columns = false; },
        "use tagged columns only; guess no tag from an untagged column's header");
    import_pcodes = import->add_subcommand("pcodes", "import an OCHA p-code table");
    import_pcodes->add_option("FILE", import_file, "the file")->required();
    import_pcodes->add_flag("--json", import_json, "print the report as JSON");
  }

  ExportArgs export_args;
  std::string status, from, to;
  CLI::App* export_hxl = nullptr;
  if (wants("export")) {
    auto* exp = app.add_subcommand("export", "export records");
    exp->require_subcommand(1);
    export_hxl = exp->add_subcommand("hxl", "export activities as HXL-tagged CSV");
    AddFilterOptions(export_hxl, export_args, status, from, to);
  }

  Organization new_org;
  std::string org_type;
  CLI::App* org_add = nullptr;
  if (wants("org")) {
    auto* org = app.add_subcommand("org", "manage organizations");
    org->require_subcommand(1);
    org_add = org->add_subcommand("add", "add an organization");
    org_add->add_option("NAME", new_org.name, "full name")->required();
    org_add->add_option("--acronym", new_org.acronym, "acronym");
    org_add
        ->add_option("--type", org_type, "mission_component|un_agency|ngo|donor|government|other")
        ->required();
    org_add->add_flag("--humanitarian", new_org.humanitarian, "a humanitarian organization");
  }

  std::string demo_dir = "data/demo";
  CLI::App* demo = nullptr;
  if (wants("demo")) {
    demo = app.add_subcommand("demo", "build the demo mission from data/demo");
    demo->add_option("--data", demo_dir, "directory of the demo files");
  }

  UserArgs user_args;
  CLI::App *user_add = nullptr, *user_list = nullptr, *user_disable = nullptr,
           *user_enable = nullptr, *user_reset = nullptr;
  if (wants("user")) {
    auto* user = app.add_subcommand("user", "manage users");
    user->require_subcommand(1);
    user_add = user->add_subcommand("add", "add a user (password on standard input)");
    user_add->add_option("NAME", user_args.name, "username")->required();
    user_add->add_option("--org", user_args.org, "organization name or acronym")->required();
    user_add
        ->add_option("--role", user_args.roles,
                     "roles, comma-separated: admin, planner, analyst, viewer, srsg, hc, force,"
                     " police, joc, jmac")
        ->required();
    user_add->add_option("--display-name", user_args.display_name, "full name");
    user_add->add_option("--compartment", user_args.compartments,
                         "compartments granted explicitly, comma-separated (e.g. protection)");
    user_add->add_flag("--password-stdin", user_args.password_stdin,
                       "read the password from standard input");
    user_list = user->add_subcommand("list", "list users");
    user_disable = user->add_subcommand("disable", "disable a user and end their sessions");
    user_disable->add_option("NAME", user_args.name, "username")->required();
    user_enable = user->add_subcommand("enable", "enable a disabled user");
    user_enable->add_option("NAME", user_args.name, "username")->required();
    user_reset = user->add_subcommand(
        "reset-password", "set a new password (standard input), ending sessions and lockout");
    user_reset->add_option("NAME", user_args.name, "username")->required();
    user_reset->add_flag("--password-stdin", user_args.password_stdin,
                         "read the password from standard input");
  }

  std::string token_name = "cli";
  CLI::App* token_create = nullptr;
  if (wants("token")) {
    auto* token = app.add_subcommand("token", "manage API tokens");
    token->require_subcommand(1);
    token_create =
        token->add_subcommand("create", "create an API token for USER and print it (only copy)");
    token_create->add_option("USER", user_args.name, "username")->required();
    token_create->add_option("--name", token_name, "what the token is for");
  }

  CLI::App* audit_verify = nullptr;
  if (wants("audit")) {
    auto* audit = app.add_subcommand("audit", "the audit log");
    audit->require_subcommand(1);
    audit_verify =
        audit->add_subcommand("verify", "check the hash chain: exit 1 if an entry was altered");
  }

  CLI11_PARSE(app, argc, argv);
  SetupLogging(verbose);
  if (Status s = InitCrypto(); !s.ok()) return Fail(s);
  if (Ran(user_add)) return RunUserAdd(db, user_args);
  if (Ran(user_list)) return RunUserList(db);
  if (Ran(user_disable)) return RunUserDisable(db, user_args.name, true);
  if (Ran(user_enable)) return RunUserDisable(db, user_args.name, false);
  if (Ran(user_reset)) return RunUserResetPassword(db, user_args.name, user_args.password_stdin);
  if (Ran(token_create)) return RunTokenCreate(db, user_args.name, token_name);
  if (Ran(audit_verify)) return RunAuditVerify(db);

  if (Ran(serve)) {
    if (!port_file.empty()) {
      serve_opts.on_listening = [port_file](int port) {
        std::string tmp = port_file + ".tmp";
        if (FILE* f = std::fopen(tmp.c_str(), "w")) {
          std::fprintf(f, "%d\n", port);
          std::fclose(f);
          std::rename(tmp.c_str(), port_file.c_str());
        }
      };
    }
    return RunServe(db, serve_opts);
  }
  if (Ran(migrate)) return RunMigrate(db);
  if (Ran(import_hxl)) return RunImportHxl(db, import_file, import_opts, import_json);
  if (Ran(import_pcodes)) return RunImportPcodes(db, import_file, import_json);
  if (Ran(export_hxl)) {
    if (!status.empty() && !ParseActivityStatus(status, export_args.filter.status.emplace())) {
      return Fail(InvalidArgument("unknown --status '" + status + "'"));
    }
    for (auto [text, date] :
         {std::pair{&from, &export_args.filter.from}, std::pair{&to, &export_args.filter.to}}) {
      if (text->empty()) continue;
      auto d = ParseIsoDate(*text);
      if (!d.ok()) return Fail(d.status());
      *date = *d;
    }
    return RunExportHxl(db, export_args);
  }
  if (Ran(org_add)) {
    if (!ParseOrgType(org_type, new_org.type)) {
      return Fail(
          InvalidArgument("unknown --type '" + org_type +
                          "' (mission_component, un_agency, ngo, donor, government, other)"));
    }
    return RunOrgAdd(db, new_org);
  }
  if (Ran(demo)) return RunDemo(db, demo_dir);
  return 1;
}

}  // namespace om
