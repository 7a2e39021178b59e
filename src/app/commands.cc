#include "app/commands.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "core/heap.h"
#include "io/pcodes_reader.h"
#include "service/activities.h"
#include "service/audit.h"
#include "service/import_json.h"

namespace om {

int Fail(const Status& status) {
  std::fprintf(stderr, "onemission: %s\n", status.message().c_str());
  return status.code() == StatusCode::kInvalidArgument ? 2 : 1;
}

Result<std::unique_ptr<Store>> OpenDatabase(const std::string& db) {
  OM_TRY(auto store, OpenSqliteStore(db));
  OM_RETURN_IF_ERROR(store->Migrate());
  return store;
}

int RunServe(const std::string& db, http::ServerOptions options) {
  options.db_path = db;
  {
    auto store = OpenDatabase(db);  // migrate once before the workers open their connections
    if (!store.ok()) return Fail(store.status());
    // A database made before sign-in existed has nobody who can sign in: say how to fix it.
    if (auto users = (*store)->ListUsers(); users.ok() && users->empty()) {
      std::fprintf(stderr,
                   "onemission: %s has no users, so nobody can sign in: add an organization and "
                   "a user (`onemission --db %s org add ...`, then `user add NAME --org ORG --role "
                   "admin --password-stdin`), or rebuild the demo (delete the file, `make run`)\n",
                   db.c_str(), db.c_str());
    }
  }
  Status s = http::RunServer(options);
  return s.ok() ? 0 : Fail(s);
}

int RunMigrate(const std::string& db) {
  auto store = OpenDatabase(db);
  if (!store.ok()) return Fail(store.status());
  auto version = (*store)->SchemaVersion();
  if (!version.ok()) return Fail(version.status());
  std::printf("%s: schema version %d\n", db.c_str(), *version);
  return 0;
}

namespace {

void DrawProgress(uint64_t done, uint64_t total) {
  if (total == 0) return;
  int percent = static_cast<int>(done * 100 / total);
  int bar = percent / 4;
  std::fprintf(stderr, "\r[%-25s] %3d%%", std::string(static_cast<size_t>(bar), '#').c_str(),
               percent);
  if (done >= total) std::fprintf(stderr, "\n");
}

void PrintReport(const ImportReport& r) {
  std::printf(
      "%s: read %lld rows: %lld imported (%lld created, %lld updated, %lld unchanged), %lld "
      "rejected\n",
      r.file.c_str(), static_cast<long long>(r.read), static_cast<long long>(r.imported()),
      static_cast<long long>(r.created), static_cast<long long>(r.updated),
      static_cast<long long>(r.unchanged), static_cast<long long>(r.rejected));
  for (const RowIssue& e : r.errors) {
    std::printf("  line %lld, %s: %s\n", static_cast<long long>(e.line), e.column.c_str(),
                e.reason.c_str());
  }
  if (r.warnings_total > 0) {
    std::printf("%lld warnings (rows kept):\n", static_cast<long long>(r.warnings_total));
    for (size_t i = 0; i < r.warnings.size() && i < 20; ++i) {
      const RowIssue& w = r.warnings[i];
      std::printf("  line %lld, %s: %s\n", static_cast<long long>(w.line), w.column.c_str(),
                  w.reason.c_str());
    }
    if (r.warnings_total > 20)
      std::printf("  ... (--json lists up to %zu)\n", ImportReport::kMaxWarnings);
  }
  for (const DuplicateRow& d : r.duplicates) {
    std::printf("  line %lld: same who/what/where/when as line %lld (kept both)\n",
                static_cast<long long>(d.line), static_cast<long long>(d.first_line));
  }
  if (!r.ignored_columns.empty()) {
    std::printf("ignored columns:");
    for (const std::string& c : r.ignored_columns) std::printf(" %s;", c.c_str());
    std::printf("\n");
  }
  if (!r.inferred_columns.empty()) {
    std::printf("inferred columns:");
    for (const std::string& c : r.inferred_columns) std::printf(" %s;", c.c_str());
    std::printf("\n");
  }
  std::printf("%s\n", r.committed ? "committed" : r.message.c_str());
}

}  // namespace

int RunImportHxl(const std::string& db, const std::string& file, ImportOptions options, bool json) {
  ReserveHeap(ImportHeapEstimate(file, options.one_thread_below_bytes));
  auto store = OpenDatabase(db);
  if (!store.ok()) return Fail(store.status());
  if (isatty(STDERR_FILENO)) options.progress = DrawProgress;
  // The audit entry is written in the import's own transaction: one commit, and no import
  // without its entry.
  options.before_commit = [&](Store& tx, const ImportReport& r) {
    return Audit(tx, CliActor(), "import", "cli: import hxl",
                 {{"format", "hxl"},
                  {"file_name", file},
                  {"org", options.reporting_org},
                  {"batch", r.batch},
                  {"created", r.created},
                  {"updated", r.updated},
                  {"rejected", r.rejected}});
  };
  auto report = ImportHxlActivities(**store, file, options);
  if (!report.ok()) return Fail(report.status());
  if (json) {
    std::printf("%s\n", ImportReportToJson(*report).c_str());
  } else {
    PrintReport(*report);
  }
  if (options.dry_run) return report->rejected > 0 ? 3 : 0;
  return report->committed ? (report->rejected > 0 ? 3 : 0) : 3;
}

int RunImportPcodes(const std::string& db, const std::string& file, bool json) {
  auto store = OpenDatabase(db);
  if (!store.ok()) return Fail(store.status());
  auto reader = CsvReader::OpenFile(file);
  if (!reader.ok()) return Fail(reader.status());
  auto table = ReadPcodes(std::move(*reader));
  if (!table.ok()) return Fail(table.status());
  int64_t created = 0, updated = 0;
  Status s = (*store)->Begin();
  if (s.ok()) s = (*store)->UpsertPlaces(table->places, &created, &updated);
  if (s.ok()) s = (*store)->Commit();
  if (!s.ok()) {
    (*store)->Rollback();
    return Fail(s);
  }
  int64_t unchanged = static_cast<int64_t>(table->places.size()) - created - updated;
  if (json) {
    std::printf(
        "{\"read\":%lld,\"places\":%zu,\"created\":%lld,\"updated\":%lld,\"unchanged\":%lld,"
        "\"rejected\":%zu}\n",
        static_cast<long long>(table->rows_read), table->places.size(),
        static_cast<long long>(created), static_cast<long long>(updated),
        static_cast<long long>(unchanged), table->errors.size());
  } else {
    std::printf(
        "%s: read %lld rows: %zu places (%lld created, %lld updated, %lld unchanged), %zu "
        "rejected\n",
        file.c_str(), static_cast<long long>(table->rows_read), table->places.size(),
        static_cast<long long>(created), static_cast<long long>(updated),
        static_cast<long long>(unchanged), table->errors.size());
  }
  for (const RowError& e : table->errors) {
    std::fprintf(stderr, "  line %lld, %s: %s\n", static_cast<long long>(e.line), e.column.c_str(),
                 e.reason.c_str());
  }
  return table->errors.empty() ? 0 : 3;
}

int RunExportHxl(const std::string& db, ExportArgs args) {
  auto store = OpenDatabase(db);
  if (!store.ok()) return Fail(store.status());
  if (!args.org.empty()) {
    auto ids = ResolveOrganizationFilter(**store, args.org);
    if (!ids.ok()) return Fail(ids.status());
    args.filter.orgs = *ids;
    args.filter.org_filter = true;
  }
  std::ofstream file;
  bool to_stdout = args.output.empty() || args.output == "-";
  if (!to_stdout) {
    file.open(args.output, std::ios::binary);
    if (!file) return Fail(IoError("cannot write '" + args.output + "'"));
  }
  std::ostream& out = to_stdout ? std::cout : file;
  int64_t rows = 0;
  Status s = ExportHxl(
      **store, CliActor(), args.filter,
      [&](std::string_view chunk) {
        out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      },
      &rows);
  out.flush();
  if (!s.ok()) return Fail(s);
  if (!out) return Fail(IoError("write failed"));
  AuditCli(**store, "export", "export hxl",
           {{"format", "hxl"}, {"rows", rows}, {"output", to_stdout ? "-" : args.output}});
  return 0;
}

int RunOrgAdd(const std::string& db, Organization org) {
  auto store = OpenDatabase(db);
  if (!store.ok()) return Fail(store.status());
  auto created = (*store)->CreateOrganization(std::move(org));
  if (!created.ok()) return Fail(created.status());
  std::printf("%lld\t%s\n", static_cast<long long>(created->meta.id), created->name.c_str());
  return 0;
}

}  // namespace om
