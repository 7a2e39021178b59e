#include "store/sqlite/migrations.h"

namespace om::sqlite {
namespace {

// Common record fields (DESIGN.md "Records"), repeated in every table of records.
#define OM_RECORD_COLUMNS                                            \
  "id INTEGER PRIMARY KEY,"                                          \
  "created_at TEXT NOT NULL,"                                        \
  "updated_at TEXT NOT NULL,"                                        \
  "version INTEGER NOT NULL DEFAULT 1,"                              \
  "org_id INTEGER REFERENCES organizations(id),"                     \
  "classification TEXT NOT NULL DEFAULT 'internal'"                  \
  " CHECK (classification = 'public' OR classification = 'internal'" \
  " OR classification = 'restricted'),"                              \
  "compartment TEXT NOT NULL DEFAULT 'none',"                        \
  "source_batch INTEGER REFERENCES import_batches(id),"              \
  "source_row INTEGER NOT NULL DEFAULT 0,"

constexpr const char* kInitial =
    "CREATE TABLE import_batches ("
    "  id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, format TEXT NOT NULL,"
    "  file_name TEXT NOT NULL, reporting_org INTEGER,"
    "  rows_read INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL DEFAULT 0,"
    "  updated INTEGER NOT NULL DEFAULT 0, unchanged INTEGER NOT NULL DEFAULT 0,"
    "  rejected INTEGER NOT NULL DEFAULT 0, committed INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE organizations (" OM_RECORD_COLUMNS
    "  name TEXT NOT NULL, acronym TEXT NOT NULL DEFAULT '',"
    "  type TEXT NOT NULL DEFAULT 'other', humanitarian INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE organization_names ("
    "  folded TEXT PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,"
    "  display TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE places ("
    "  pcode TEXT PRIMARY KEY, name TEXT NOT NULL, folded_name TEXT NOT NULL,"
    "  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 3),"
    "  parent_pcode TEXT, country TEXT NOT NULL, lat REAL, lon REAL) WITHOUT ROWID;"
    "CREATE INDEX places_by_parent ON places(parent_pcode, folded_name);"
    "CREATE INDEX places_by_country ON places(country, level, folded_name);"
    "CREATE TABLE sectors ("
    "  code TEXT PRIMARY KEY, name_en TEXT NOT NULL, name_fr TEXT NOT NULL DEFAULT '',"
    "  builtin INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
    "CREATE TABLE activities (" OM_RECORD_COLUMNS
    "  row_key TEXT NOT NULL, key_hash INTEGER NOT NULL UNIQUE,"
    "  external_id TEXT NOT NULL DEFAULT '',"
    "  content_hash INTEGER NOT NULL,"
    "  implementing_org INTEGER REFERENCES organizations(id),"
    "  programme_org INTEGER REFERENCES organizations(id),"
    "  funding_org INTEGER REFERENCES organizations(id),"
    "  sector TEXT REFERENCES sectors(code), title TEXT NOT NULL DEFAULT '',"
    "  description TEXT NOT NULL DEFAULT '',"
    "  place TEXT, adm0 TEXT, adm1 TEXT, adm2 TEXT, adm3 TEXT,"
    "  location_name TEXT NOT NULL DEFAULT '', lat REAL, lon REAL,"
    "  start_date TEXT, end_date TEXT, status TEXT NOT NULL DEFAULT 'unknown',"
    "  targeted_total INTEGER, targeted_women INTEGER, targeted_men INTEGER,"
    "  targeted_girls INTEGER, targeted_boys INTEGER, targeted_children INTEGER,"
    "  targeted_adults INTEGER,"
    "  reached_total INTEGER, reached_women INTEGER, reached_men INTEGER,"
    "  reached_girls INTEGER, reached_boys INTEGER, reached_children INTEGER,"
    "  reached_adults INTEGER,"
    "  budget_cents INTEGER, budget_currency TEXT);"
    "CREATE INDEX activities_by_adm1 ON activities(adm1);"
    "CREATE INDEX activities_by_adm2 ON activities(adm2);"
    "CREATE INDEX activities_by_sector ON activities(sector);"
    "CREATE INDEX activities_by_implementer ON activities(implementing_org);";

#undef OM_RECORD_COLUMNS

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "registry and activities", kInitial},
  };
  return kMigrations;
}

}  // namespace om::sqlite
