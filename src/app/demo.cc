// `onemission demo`: builds the demo mission from the real files in data/demo (see its
// SOURCE.txt): p-codes and admin-1 positions, then the Afghanistan and Guatemala 3W files.
#include <cstdio>
#include <filesystem>

#include "app/commands.h"
#include "io/pcodes_reader.h"

namespace om {
namespace {

Status ImportPlaces(Store& store, const std::string& path) {
  OM_TRY(auto reader, CsvReader::OpenFile(path));
  OM_TRY(PcodeTable table, ReadPcodes(std::move(reader)));
  OM_RETURN_IF_ERROR(store.Begin());
  int64_t created = 0, updated = 0;
  Status s = store.UpsertPlaces(table.places, &created, &updated);
  if (s.ok()) s = store.Commit();
  if (!s.ok()) {
    store.Rollback();
    return s;
  }
  std::printf("%s: %zu places\n", path.c_str(), table.places.size());
  return Status::Ok();
}

struct DemoFile {
  const char* file;
  const char* reporting_org;
  const char* country;
};

}  // namespace

int RunDemo(const std::string& db, std::string dir) {
  namespace fs = std::filesystem;
  if (!fs::exists(dir)) {
    // Run from elsewhere than the repository root: look beside the binary (build/../data/demo).
    std::error_code ec;
    fs::path beside = fs::read_symlink("/proc/self/exe", ec).parent_path().parent_path() / dir;
    if (!ec && fs::exists(beside)) dir = beside.string();
  }
  auto store = OpenDatabase(db);
  if (!store.ok()) return Fail(store.status());
  for (const char* places : {"global_pcodes_adm1_adm2.csv", "admin_centroids.csv"}) {
    Status s = ImportPlaces(**store, (fs::path(dir) / places).string());
    if (!s.ok()) return Fail(s);
  }
  const DemoFile kFiles[] = {
      {"afg_3w_2021q3.csv", "OCHA Afghanistan", "AFG"},
      {"gtm_345w_2021.csv", "OCHA ROLAC", "GTM"},
  };
  for (const DemoFile& f : kFiles) {
    ImportOptions options;
    options.reporting_org = f.reporting_org;
    options.country = f.country;
    auto report = ImportHxlActivities(**store, (fs::path(dir) / f.file).string(), options);
    if (!report.ok()) return Fail(report.status());
    std::printf("%s: %lld rows, %lld imported, %lld rejected, %lld warnings\n", f.file,
                static_cast<long long>(report->read), static_cast<long long>(report->imported()),
                static_cast<long long>(report->rejected),
                static_cast<long long>(report->warnings_total));
  }
  std::printf("demo mission ready in %s\n", db.c_str());
  return 0;
}

}  // namespace om
