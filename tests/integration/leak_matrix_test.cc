// The leak matrix: a generated mission (organizations, users with every kind of role and grant,
// records in every compartment and classification, releases of every kind, active, expired and
// revoked) served by the real server. For every user and every GET endpoint of the route table,
// what the API answers must equal what a small reference policy, written here independently of
// src/domain/access.cc, says the user may see. Every response body is also scanned for the
// secret markers of records the user may not read and for contacts they are not cleared for.
#include <map>
#include <random>
#include <set>

#include "core/crypto.h"
#include "core/text.h"
#include "http/handlers.h"
#include "server_fixture.h"
#include "service/auth.h"

namespace om::testing {
namespace {

namespace json = boost::json;

// ---- the generated population ----

struct Rec {
  Id id = 0;
  Id owner = 0;
  std::string classification, compartment, sector, adm1, adm2, start, end;
  std::string contact;  // "" or a secret
  bool has_coordinates = false;
  bool location_sensitive = false;
  Id implementer = 0;
  std::string Marker() const { return "mk" + std::to_string(id) + "x"; }
  std::string SiteMarker() const { return "loc" + std::to_string(id) + "y"; }
};

struct Usr {
  std::string name;
  Id id = 0;
  Id org = 0;
  bool org_humanitarian = false;
  std::set<std::string> roles;
  std::set<std::string> grants;  // as stored, including grants the policy must ignore
  std::string token;
};

struct Rel {
  Id id = 0;
  std::string compartment, sector, place;
  int place_level = -1;
  std::string from, to;
  std::set<Id> orgs;
  std::set<std::string> roles;
  bool full = false;
  bool active = true;
};

// ---- the reference policy (DESIGN.md "Access"; issue 4) ----

bool Holds(const Usr& u, const std::string& compartment) {
  if (compartment == "humanitarian" && u.org_humanitarian) return true;
  if (!u.grants.count(compartment)) return false;
  // Humanitarian data opens to other organizations only through the HC.
  return (compartment != "humanitarian" && compartment != "protection") || u.org_humanitarian;
}

bool Addressed(const Rel& r, const Usr& u) {
  if (!r.active) return false;
  if (r.orgs.count(u.org)) return true;
  for (const auto& role : u.roles) {
    if (r.roles.count(role)) return true;
  }
  return false;
}

bool Covers(const Rel& r, const Rec& rec) {
  if (rec.compartment != r.compartment) return false;
  if (!r.sector.empty() && rec.sector != r.sector) return false;
  if (r.place_level == 0 && r.place != "AFG") return false;
  if (r.place_level == 1 && rec.adm1 != r.place) return false;
  if (r.place_level == 2 && rec.adm2 != r.place) return false;
  if (!r.from.empty() && !rec.end.empty() && rec.end < r.from) return false;
  if (!r.to.empty() && !rec.start.empty() && rec.start > r.to) return false;
  return true;
}

enum class Sees { kNothing, kCount, kRow };

Sees Policy(const Usr& u, const Rec& rec, const std::vector<Rel>& releases) {
  if (rec.classification == "restricted") return rec.owner == u.org ? Sees::kRow : Sees::kNothing;
  if (rec.compartment == "none" || rec.owner == u.org || Holds(u, rec.compartment))
    return Sees::kRow;
  for (const Rel& r : releases) {
    if (r.full && Addressed(r, u) && Covers(r, rec)) return Sees::kRow;
  }
  for (const Rel& r : releases) {
    if (!r.full && Addressed(r, u) && Covers(r, rec)) return Sees::kCount;
  }
  return Sees::kNothing;
}

// ---- filters, in the API's terms ----

struct Filter {
  std::string query;  // as sent
  std::string sector, adm1, q, from, to;
};

bool Matches(const Filter& f, const Rec& r, const Usr& u) {
  if (!f.sector.empty() && r.sector != f.sector) return false;
  if (!f.adm1.empty() && r.adm1 != f.adm1) return false;
  if (!f.from.empty() && !r.end.empty() && r.end < f.from) return false;
  if (!f.to.empty() && !r.start.empty() && r.start > f.to) return false;
  if (!f.q.empty()) {
    bool site_readable = !r.location_sensitive || r.owner == u.org;
    bool title = ("Activity " + r.Marker()).find(f.q) != std::string::npos;
    bool site = site_readable && ("Site " + r.SiteMarker()).find(f.q) != std::string::npos;
    if (!title && !site) return false;
  }
  return true;
}

class LeakMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<Server>(false, "");
    auto opened = OpenSqliteStore(server_->db());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    ASSERT_TRUE(InitCrypto().ok());
    Populate();
  }

  void Populate() {
    std::vector<Place> places = {{"AFG", "Afghanistan", 0, "", "AFG", {}, {}},
                                 {"AF01", "Kabul", 1, "AFG", "AFG", {}, {}},
                                 {"AF02", "Kapisa", 1, "AFG", "AFG", {}, {}},
                                 {"AF23", "Ghor", 1, "AFG", "AFG", {}, {}},
                                 {"AF0101", "Kabul district", 2, "AF01", "AFG", {}, {}},
                                 {"AF0201", "Mahmood Raqi", 2, "AF02", "AFG", {}, {}},
                                 {"AF2307", "Lal Wa Sarjangal", 2, "AF23", "AFG", {}, {}},
                                 {"AF2301", "Chaghcharan", 2, "AF23", "AFG", {}, {}}};
    ASSERT_TRUE(store_->UpsertPlaces(places, nullptr, nullptr).ok());
    struct OrgSpec {
      const char* name;
      OrgType type;
      bool humanitarian;
    };
    const OrgSpec orgs[] = {{"Mission Force", OrgType::kMissionComponent, false},
                            {"Joint Mission Analysis Centre", OrgType::kMissionComponent, false},
                            {"Mission Planning Unit", OrgType::kMissionComponent, false},
                            {"UNICEF", OrgType::kUnAgency, true},
                            {"Norwegian Refugee Council", OrgType::kNgo, true},
                            {"OCHA", OrgType::kUnAgency, true}};
    for (const OrgSpec& o : orgs) {
      Organization org;
      org.name = o.name;
      org.type = o.type;
      org.humanitarian = o.humanitarian;
      auto created = store_->CreateOrganization(org);
      ASSERT_TRUE(created.ok());
      org_ids_.push_back(created->meta.id);
      org_humanitarian_[created->meta.id] = o.humanitarian;
    }
    struct UserSpec {
      const char* name;
      int org;
      const char* roles;
      const char* grants;
    };
    const UserSpec users[] = {
        {"admin", 2, "admin", ""},
        {"planner", 2, "planner", ""},
        {"force", 0, "force,analyst", ""},
        {"police", 0, "police", ""},
        {"jmac", 1, "jmac", "security"},
        {"srsg", 2, "srsg", ""},
        {"unicef", 3, "planner", "protection"},
        {"nrc", 4, "analyst", ""},
        {"hc", 5, "hc", "protection"},
        {"viewer", 4, "viewer", "security"},
        // Stored grants the policy must ignore: humanitarian compartments for a mission org.
        {"sneaky", 0, "analyst", "humanitarian,protection"},
    };
    for (const UserSpec& spec : users) {
      User u;
      u.username = spec.name;
      u.org_id = org_ids_[static_cast<size_t>(spec.org)];
      auto roles = ParseRoles(spec.roles);
      ASSERT_TRUE(roles.ok());
      u.roles = *roles;
      Usr ref;
      for (std::string_view g : SplitView(spec.grants, ',')) {
        if (g.empty()) continue;
        u.compartments.emplace_back(g);
        ref.grants.emplace(g);
      }
      u.password_hash = "not-a-password";    // these users sign in with tokens only
      auto created = store_->CreateUser(u);  // bypasses AddUser's grant check on purpose
      ASSERT_TRUE(created.ok()) << created.status().ToString();
      auto token = IssueApiToken(*store_, created->id, "leak matrix");
      ASSERT_TRUE(token.ok());
      ref.name = spec.name;
      ref.id = created->id;
      ref.org = u.org_id;
      ref.org_humanitarian = org_humanitarian_[u.org_id];
      for (std::string_view r : SplitView(spec.roles, ',')) ref.roles.emplace(r);
      ref.token = token->second;
      users_.push_back(ref);
    }

    std::mt19937 rng(20261124);
    auto pick = [&](const std::vector<std::string>& from) {
      return from[std::uniform_int_distribution<size_t>(0, from.size() - 1)(rng)];
    };
    const std::vector<std::string> compartments = {"none",       "humanitarian", "humanitarian",
                                                   "protection", "security",     "medical"};
    const std::vector<std::string> classifications = {"public", "internal", "internal", "internal",
                                                      "restricted"};
    const std::vector<std::string> sectors = {"WSH", "HEA", "PRO", "EDU"};
    const std::vector<std::pair<std::string, std::string>> where = {
        {"AF01", "AF0101"}, {"AF02", "AF0201"}, {"AF23", "AF2307"}, {"AF23", "AF2301"}};
    const std::vector<std::string> dates = {"", "2020-03-01", "2021-02-15", "2021-07-01",
                                            "2022-01-10"};
    for (int i = 0; i < 240; ++i) {
      Rec r;
      r.owner = org_ids_[std::uniform_int_distribution<size_t>(0, org_ids_.size() - 1)(rng)];
      r.implementer = org_ids_[std::uniform_int_distribution<size_t>(0, org_ids_.size() - 1)(rng)];
      r.compartment = pick(compartments);
      r.classification = pick(classifications);
      r.sector = pick(sectors);
      auto [adm1, adm2] = where[std::uniform_int_distribution<size_t>(0, where.size() - 1)(rng)];
      r.adm1 = adm1;
      r.adm2 = adm2;
      r.start = pick(dates);
      r.end = pick(dates);
      if (!r.start.empty() && !r.end.empty() && r.end < r.start) std::swap(r.start, r.end);
      r.has_coordinates = i % 2 == 0;
      r.location_sensitive = r.compartment == "protection" || i % 7 == 0;
      Activity a;
      a.meta.org_id = r.owner;
      ParseClassification(r.classification, a.meta.classification);
      a.meta.compartment = r.compartment;
      a.implementing_org = r.implementer;
      a.sector = r.sector;
      a.adm0 = "AFG";
      a.adm1 = r.adm1;
      a.adm2 = r.adm2;
      a.place = r.adm2;
      if (!r.start.empty()) a.start = *ParseIsoDate(r.start);
      if (!r.end.empty()) a.end = *ParseIsoDate(r.end);
      a.sensitive = kSensitiveContact | (r.location_sensitive ? kSensitiveLocation : 0u);
      a.targeted.total = i + 1;
      if (r.has_coordinates) {
        a.lat = 34.5 + i * 0.001;
        a.lon = 69.1;
      }
      auto created = store_->CreateActivity(a);
      ASSERT_TRUE(created.ok()) << created.status().ToString();
      r.id = created->meta.id;
      // The markers carry the id, so they are written once the id is known.
      created->title = "Activity " + r.Marker();
      created->location_name = "Site " + r.SiteMarker();
      if (i % 2 == 1) created->contact = r.contact = "contact-" + std::to_string(r.id) + "-secret";
      ASSERT_TRUE(store_->UpdateActivity(Principal::System(), *created, 0).ok());
      records_.push_back(r);
    }

    auto release = [&](Rel r, bool revoke, bool expired) {
      Release rel;
      rel.scope.compartment = r.compartment;
      rel.scope.sector = r.sector;
      rel.scope.place = r.place;
      if (!r.from.empty()) rel.scope.from = *ParseIsoDate(r.from);
      if (!r.to.empty()) rel.scope.to = *ParseIsoDate(r.to);
      rel.recipient_orgs.assign(r.orgs.begin(), r.orgs.end());
      for (const auto& role : r.roles) rel.recipient_roles |= *ParseRoles(role);
      rel.level = r.full ? ReleaseLevel::kFull : ReleaseLevel::kAggregate;
      rel.reason = "leak matrix";
      rel.expires_at = expired ? IsoTimeFromNow(-60) : IsoTimeFromNow(3600);
      rel.created_by = users_[8].id;
      auto created = store_->CreateRelease(rel);
      ASSERT_TRUE(created.ok()) << created.status().ToString();
      r.id = created->meta.id;
      if (revoke) {
        ASSERT_TRUE(store_->RevokeRelease(r.id, users_[8].id, NowIso8601()).ok());
      }
      r.active = !revoke && !expired;
      r.place_level = r.place.empty() ? -1 : r.place == "AFG" ? 0 : r.place.size() == 4 ? 1 : 2;
      releases_.push_back(r);
    };
    Id planning = org_ids_[2];
    release({0, "humanitarian", "WSH", "", -1, "", "", {}, {"force"}, true}, false, false);
    release({0, "humanitarian", "", "AFG", -1, "", "", {}, {"srsg", "force", "jmac"}, false}, false,
            false);
    release({0, "protection", "", "AF01", -1, "", "", {planning}, {}, false}, false, false);
    release({0, "security", "", "", -1, "2021-01-01", "2021-06-30", {planning}, {}, true}, false,
            false);
    release({0, "humanitarian", "", "", -1, "", "", {}, {"police"}, true}, false, true);
    release({0, "protection", "", "", -1, "", "", {}, {"jmac"}, true}, true, false);
    release({0, "medical", "HEA", "", -1, "", "", {}, {"analyst"}, false}, false, false);
    release({0, "humanitarian", "EDU", "AF2307", -1, "", "2021-12-31", {}, {"viewer"}, true}, false,
            false);
  }

  // Every body a user gets must be free of what they may not read.
  void Scan(const Usr& u, const std::string& what, const std::string& body) {
    for (const Rec& r : records_) {
      Sees sees = Policy(u, r, releases_);
      if (sees != Sees::kRow) {
        ++checks_;
        EXPECT_EQ(body.find(r.Marker()), std::string::npos)
            << u.name << " got the title of record " << r.id << " from " << what;
        EXPECT_EQ(body.find(r.SiteMarker()), std::string::npos)
            << u.name << " got the site of record " << r.id << " from " << what;
      } else if (r.location_sensitive && r.owner != u.org) {
        ++checks_;
        EXPECT_EQ(body.find(r.SiteMarker()), std::string::npos)
            << u.name << " got the sensitive site of record " << r.id << " from " << what;
      }
      if (!r.contact.empty() && r.owner != u.org) {
        ++checks_;
        EXPECT_EQ(body.find(r.contact), std::string::npos)
            << u.name << " got the contact of record " << r.id << " from " << what;
      }
    }
  }

  HttpResult Get(const Usr& u, const std::string& target) {
    HttpResult r = server_->GetAs(u.token, target);
    Scan(u, target, r.body);
    return r;
  }

  std::set<Id> Expected(const Usr& u, const Filter& f, Sees level) {
    std::set<Id> ids;
    for (const Rec& r : records_) {
      if (Policy(u, r, releases_) == level && Matches(f, r, u)) ids.insert(r.id);
    }
    return ids;
  }

  std::vector<Filter> Filters() {
    std::vector<Filter> out = {
        {"", "", "", "", "", ""},
        {"sector=WSH", "WSH", "", "", "", ""},
        {"sector=PRO", "PRO", "", "", "", ""},
        {"place=AF01", "", "AF01", "", "", ""},
        {"place=AF23&sector=EDU", "EDU", "AF23", "", "", ""},
        {"from=2021-01-01&to=2021-06-30", "", "", "", "2021-01-01", "2021-06-30"}};
    for (size_t i = 0; i < records_.size(); i += 23) {
      out.push_back({"q=" + records_[i].Marker(), "", "", records_[i].Marker(), "", ""});
      out.push_back({"q=" + records_[i].SiteMarker(), "", "", records_[i].SiteMarker(), "", ""});
    }
    return out;
  }

  void CheckList(const Usr& u, const Filter& f) {
    std::set<Id> expected = Expected(u, f, Sees::kRow);
    std::set<Id> got;
    std::string cursor;
    int64_t total = -1;
    do {
      auto r = Get(u, "/api/v1/activities?limit=37&" + f.query +
                          (cursor.empty() ? "" : "&cursor=" + cursor));
      ASSERT_EQ(r.status, 200u) << r.body;
      json::object page = r.Json().as_object();
      total = page.at("total").as_int64();
      for (const json::value& item : page.at("items").as_array()) {
        Id id = item.at("id").as_int64();
        got.insert(id);
        CheckRedaction(u, item.as_object());
      }
      cursor =
          page.at("next_cursor").is_null() ? "" : std::string(page.at("next_cursor").as_string());
    } while (!cursor.empty());
    ++checks_;
    EXPECT_EQ(got, expected) << u.name << " list " << f.query;
    ++checks_;
    EXPECT_EQ(total, static_cast<int64_t>(expected.size())) << u.name << " total " << f.query;
  }

  void CheckRedaction(const Usr& u, const json::object& item) {
    Id id = item.at("id").as_int64();
    auto it =
        std::find_if(records_.begin(), records_.end(), [&](const Rec& r) { return r.id == id; });
    ASSERT_NE(it, records_.end());
    bool cleared = it->owner == u.org;
    ++checks_;
    if (!it->contact.empty()) {
      EXPECT_EQ(item.at("contact").is_null(), !cleared) << u.name << " " << id;
    }
    if (it->has_coordinates && it->location_sensitive) {
      ++checks_;
      EXPECT_EQ(item.at("lat").is_null(), !cleared) << u.name << " coordinates of " << id;
    }
  }

  void CheckSummary(const Usr& u, const Filter& f, const std::string& by) {
    auto r = Get(u, "/api/v1/activities/summary?by=" + by + "&" + f.query);
    ASSERT_EQ(r.status, 200u) << r.body;
    json::object s = r.Json().as_object();
    bool aggregates = !f.q.empty() || by.find("org") != std::string::npos ? false : true;
    std::set<Id> rows = Expected(u, f, Sees::kRow);
    std::set<Id> counted = aggregates ? Expected(u, f, Sees::kCount) : std::set<Id>{};
    std::map<std::string, int64_t> expected;
    for (const Rec& rec : records_) {
      if (!rows.count(rec.id) && !counted.count(rec.id)) continue;
      std::string key;
      for (std::string_view k : SplitView(by, ',')) {
        if (k == "adm1") key += rec.adm1 + "|";
        if (k == "adm2") key += rec.adm2 + "|";
        if (k == "sector") key += rec.sector + "|";
        if (k == "org") key += std::to_string(rec.implementer) + "|";
      }
      ++expected[key];
    }
    std::map<std::string, int64_t> got;
    for (const json::value& g : s.at("items").as_array()) {
      std::string key;
      for (std::string_view k : SplitView(by, ',')) {
        const json::value& v = g.at(k);
        if (k == "adm1" || k == "adm2") key += std::string(v.at("pcode").as_string()) + "|";
        if (k == "sector") key += std::string(v.at("code").as_string()) + "|";
        if (k == "org") key += std::to_string(v.at("id").as_int64()) + "|";
      }
      got[key] += g.at("count").as_int64();
    }
    if (by.empty() && !(rows.empty() && counted.empty()))
      got[""] = s.at("total").at("count").as_int64();
    ++checks_;
    EXPECT_EQ(got, expected) << u.name << " summary by=" << by << " " << f.query;
    ++checks_;
    EXPECT_EQ(s.at("total").at("count").as_int64(),
              static_cast<int64_t>(rows.size() + counted.size()))
        << u.name << " summary total by=" << by << " " << f.query;
    ++checks_;
    EXPECT_EQ(s.at("aggregate_only").as_int64(), static_cast<int64_t>(counted.size()))
        << u.name << " aggregate_only by=" << by << " " << f.query;
  }

  void CheckExport(const Usr& u, const Filter& f) {
    auto r = Get(u, "/api/v1/activities.hxl.csv?" + f.query);
    ASSERT_EQ(r.status, 200u);
    int64_t lines = std::count(r.body.begin(), r.body.end(), '\n');
    ++checks_;
    EXPECT_EQ(lines - 2, static_cast<int64_t>(Expected(u, f, Sees::kRow).size()))
        << u.name << " export " << f.query;
    for (Id id : Expected(u, f, Sees::kRow)) {
      auto rec =
          std::find_if(records_.begin(), records_.end(), [&](const Rec& x) { return x.id == id; });
      ++checks_;
      EXPECT_NE(r.body.find(rec->Marker()), std::string::npos) << u.name << " export lacks " << id;
    }
  }

  void CheckGetById(const Usr& u) {
    for (const Rec& rec : records_) {
      auto r = Get(u, "/api/v1/activities/" + std::to_string(rec.id));
      bool visible = Policy(u, rec, releases_) == Sees::kRow;
      ++checks_;
      ASSERT_EQ(r.status, visible ? 200u : 404u) << u.name << " get " << rec.id;
      if (visible) {
        EXPECT_FALSE(r.etag.empty());
        CheckRedaction(u, r.Json().as_object());
      } else {
        // Hidden is indistinguishable from absent: same status, same message, no ETag.
        ++checks_;
        EXPECT_EQ(r.Json().at("detail").as_string(), "no activity " + std::to_string(rec.id));
        EXPECT_TRUE(r.etag.empty());
      }
    }
  }

  std::unique_ptr<Server> server_;
  std::unique_ptr<Store> store_;
  std::vector<Id> org_ids_;
  std::map<Id, bool> org_humanitarian_;
  std::vector<Usr> users_;
  std::vector<Rec> records_;
  std::vector<Rel> releases_;
  int64_t checks_ = 0;
};

TEST_F(LeakMatrixTest, EveryUserSeesExactlyWhatThePolicyAllowsOnEveryReadEndpoint) {
  // Each GET route of the table has a check here; a new read endpoint fails this test until
  // it is added to the matrix.
  std::map<std::string, std::function<void(const Usr&)>> checks = {
      {"/api/v1/activities",
       [&](const Usr& u) {
         for (const Filter& f : Filters()) CheckList(u, f);
       }},
      {"/api/v1/activities/summary",
       [&](const Usr& u) {
         for (const Filter& f : Filters()) {
           for (const char* by : {"", "adm1", "adm2", "sector", "org", "adm1,sector"})
             CheckSummary(u, f, by);
         }
       }},
      {"/api/v1/activities.hxl.csv",
       [&](const Usr& u) {
         for (const Filter& f : Filters()) CheckExport(u, f);
       }},
      {"/api/v1/activities/{id}", [&](const Usr& u) { CheckGetById(u); }},
      {"/api/v1/users",
       [&](const Usr& u) {
         ++checks_;
         EXPECT_EQ(Get(u, "/api/v1/users").status, u.roles.count("admin") ? 200u : 403u) << u.name;
       }},
      {"/api/v1/audit",
       [&](const Usr& u) {
         // The log records the searches people made (the endpoint with its filters), by
         // design and for admins and the HC only; what it says about records is their ids.
         auto r = server_->GetAs(u.token, "/api/v1/audit?limit=1000");
         ++checks_;
         bool allowed = u.roles.count("admin") || u.roles.count("hc");
         ASSERT_EQ(r.status, allowed ? 200u : 403u) << u.name;
         if (!allowed) return Scan(u, "/api/v1/audit", r.body);
         json::value log = r.Json();
         for (json::value& entry : log.at("items").as_array()) entry.as_object()["endpoint"] = "";
         Scan(u, "/api/v1/audit", json::serialize(log));
       }},
      {"/api/v1/releases",
       [&](const Usr& u) {
         auto r = Get(u, "/api/v1/releases");
         ASSERT_EQ(r.status, 200u);
         std::set<Id> got, expected;
         json::value list = r.Json();
         for (const json::value& item : list.at("items").as_array()) {
           got.insert(item.at("id").as_int64());
         }
         for (const Rel& rel : releases_) {
           if (u.roles.count("hc") || u.roles.count("admin") || Addressed(rel, u)) {
             expected.insert(rel.id);
           }
         }
         ++checks_;
         EXPECT_EQ(got, expected) << u.name << " releases";
       }},
      {"/api/v1/tokens",
       [&](const Usr& u) {
         auto r = Get(u, "/api/v1/tokens");
         ASSERT_EQ(r.status, 200u);
         json::value list = r.Json();
         for (const json::value& item : list.at("items").as_array()) {
           ++checks_;
           if (!u.roles.count("admin")) {
             EXPECT_EQ(item.at("user").at("id").as_int64(), u.id)
                 << u.name << " sees a token of another user";
           }
         }
         for (const Usr& other : users_) {
           ++checks_;
           EXPECT_EQ(r.body.find(other.token), std::string::npos) << "a token in clear";
         }
       }},
      {"/api/v1/session",
       [&](const Usr& u) {
         auto r = Get(u, "/api/v1/session");
         ASSERT_EQ(r.status, 200u);
         ++checks_;
         EXPECT_EQ(r.Json().at("user").at("id").as_int64(), u.id);
       }},
      {"/api/v1/organizations",
       [&](const Usr& u) { EXPECT_EQ(Get(u, "/api/v1/organizations").status, 200u); }},
      {"/api/v1/places",
       [&](const Usr& u) { EXPECT_EQ(Get(u, "/api/v1/places?country=AFG").status, 200u); }},
      {"/api/v1/sectors", [&](const Usr& u) { EXPECT_EQ(Get(u, "/api/v1/sectors").status, 200u); }},
      {"/api/v1/openapi.json",
       [&](const Usr& u) { EXPECT_EQ(Get(u, "/api/v1/openapi.json").status, 200u); }},
      {"/metrics",
       [&](const Usr& u) {
         auto r = Get(u, "/metrics");
         EXPECT_EQ(r.status, 200u);
         ++checks_;
         EXPECT_EQ(r.body.find("activities"), std::string::npos)
             << "metrics must not count records";
       }},
      {"/healthz", [&](const Usr& u) { EXPECT_EQ(Get(u, "/healthz").status, 200u); }},
  };
  http::Router router = http::BuildRouter();
  for (const http::Route& route : router.routes()) {
    if (route.method != "GET") continue;
    ASSERT_TRUE(checks.count(route.pattern))
        << "GET " << route.pattern << " is not in the leak matrix";
  }
  for (const Usr& u : users_) {
    for (const auto& [pattern, check] : checks) check(u);
    // Without a token, nothing but health.
    EXPECT_EQ(server_->GetAs("", "/api/v1/activities").status, 401u);
  }
  // The population must exercise every rule: rows, counts and nothing, for several users.
  int rows = 0, counts = 0, nothing = 0;
  for (const Usr& u : users_) {
    for (const Rec& r : records_) {
      Sees s = Policy(u, r, releases_);
      rows += s == Sees::kRow;
      counts += s == Sees::kCount;
      nothing += s == Sees::kNothing;
    }
  }
  EXPECT_GT(counts, 50);
  EXPECT_GT(nothing, 200);
  std::printf(
      "leak matrix: %zu users x %zu records x %zu releases, %lld checks, 0 leaks allowed"
      " (rows %d, counts only %d, hidden %d)\n",
      users_.size(), records_.size(), releases_.size(), static_cast<long long>(checks_), rows,
      counts, nothing);
}

}  // namespace
}  // namespace om::testing
