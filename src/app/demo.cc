// `onemission demo`: builds the demo mission from the real files in data/demo (see its
// SOURCE.txt): p-codes and admin-1 positions, then the Afghanistan and Guatemala 3W files.
#include <cstdio>
#include <filesystem>

#include "app/commands.h"
#include "core/date.h"
#include "io/pcodes_reader.h"
#include "service/audit.h"
#include "service/auth.h"

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

// The demo mission's organizations and one user per role (README "Demo users").
constexpr const char* kDemoPassword = "onemission-demo";

struct DemoOrg {
  const char* name;
  const char* acronym;
  OrgType type;
  bool humanitarian;
};

struct DemoUser {
  const char* username;
  const char* display_name;
  const char* org;
  const char* roles;
  const char* compartments;
};

Status CreateDemoOrganizations(Store& store) {
  const DemoOrg kOrgs[] = {
      {"Office of the SRSG", "SRSG", OrgType::kMissionComponent, false},
      {"Mission Planning Unit", "MPU", OrgType::kMissionComponent, false},
      {"Mission Force", "FORCE", OrgType::kMissionComponent, false},
      {"Mission Police", "UNPOL", OrgType::kMissionComponent, false},
      {"Joint Operations Centre", "JOC", OrgType::kMissionComponent, false},
      {"Joint Mission Analysis Centre", "JMAC", OrgType::kMissionComponent, false},
      {"OCHA Afghanistan", "OCHA-AFG", OrgType::kUnAgency, true},
      {"OCHA ROLAC", "ROLAC", OrgType::kUnAgency, true},
      {"United Nations Children's Fund", "UNICEF", OrgType::kUnAgency, true},
  };
  for (const DemoOrg& o : kOrgs) {
    OM_TRY(Id existing, store.FindOrganizationByName(o.name));
    if (existing != 0) continue;
    Organization org;
    org.name = o.name;
    org.acronym = o.acronym;
    org.type = o.type;
    org.humanitarian = o.humanitarian;
    OM_RETURN_IF_ERROR(store.CreateOrganization(org).status());
  }
  return Status::Ok();
}

Status CreateDemoUsers(Store& store) {
  const DemoUser kUsers[] = {
      {"admin", "Mission administrator", "Mission Planning Unit", "admin", ""},
      {"planner", "Planning officer", "Mission Planning Unit", "planner,analyst", ""},
      {"analyst", "Planning analyst", "Mission Planning Unit", "analyst", ""},
      {"viewer", "Visitor", "Mission Planning Unit", "viewer", ""},
      {"srsg", "Special Representative", "Office of the SRSG", "srsg", ""},
      {"hc", "Humanitarian Coordinator", "OCHA Afghanistan", "hc,planner", "protection"},
      {"force.analyst", "Force analyst (U2)", "Mission Force", "force,analyst", ""},
      {"police", "Police planner", "Mission Police", "police,planner", ""},
      {"joc", "JOC duty officer", "Joint Operations Centre", "joc,analyst", "security"},
      {"jmac", "JMAC analyst", "Joint Mission Analysis Centre", "jmac,analyst", "security"},
      {"unicef.officer", "UNICEF information officer", "United Nations Children's Fund",
       "planner,analyst", ""},
  };
  for (const DemoUser& d : kUsers) {
    OM_TRY(auto existing, store.FindUser(d.username));
    if (existing) continue;
    User u;
    u.username = d.username;
    u.display_name = d.display_name;
    OM_TRY(u.org_id, store.FindOrganizationByName(d.org));
    OM_TRY(u.roles, ParseRoles(d.roles));
    if (*d.compartments) u.compartments.emplace_back(d.compartments);
    OM_RETURN_IF_ERROR(AddUser(store, u, kDemoPassword).status());
  }
  return Status::Ok();
}

// The HC lets mission leadership and the security components count humanitarian activities
// in Afghanistan per area and sector, without seeing a single row.
Status CreateDemoRelease(Store& store) {
  OM_TRY(auto releases, store.ListReleases());
  if (!releases.empty()) return Status::Ok();
  OM_TRY(auto hc, store.FindUser("hc"));
  if (!hc) return Status::Ok();
  Release r;
  r.scope.compartment = "humanitarian";
  r.scope.place = "AFG";
  r.recipient_roles = RoleBit(Role::kSrsg) | RoleBit(Role::kForce) | RoleBit(Role::kPolice) |
                      RoleBit(Role::kJoc) | RoleBit(Role::kJmac);
  r.level = ReleaseLevel::kAggregate;
  r.reason = "Protection of civilians planning: where humanitarian partners work (counts only)";
  r.expires_at = IsoTimeFromNow(365LL * 24 * 3600);
  r.meta.org_id = hc->org_id;
  r.created_by = hc->id;
  OM_TRY(Release created, store.CreateRelease(r));
  return Audit(store, CliActor(), "release", "cli: demo",
               {{"release_id", created.meta.id}, {"level", "aggregate"}});
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
  if (Status s = CreateDemoOrganizations(**store); !s.ok()) return Fail(s);
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
  if (Status s = CreateDemoUsers(**store); !s.ok()) return Fail(s);
  if (Status s = CreateDemoRelease(**store); !s.ok()) return Fail(s);
  std::printf(
      "demo users (password %s): admin planner analyst viewer srsg hc force.analyst"
      " police joc jmac unicef.officer\n",
      kDemoPassword);
  std::printf("demo mission ready in %s\n", db.c_str());
  return 0;
}

}  // namespace om
