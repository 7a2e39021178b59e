// JSON encoding of activities and registry records (docs/api.md), and decoding of activity
// bodies for POST/PUT. Names of organizations, sectors and places are looked up through a
// per-request NameCache so a page of 50 rows costs a handful of point queries.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <unordered_map>

#include "http/problem.h"
#include "store/store.h"

namespace om::http {

// Encoded references to organizations, places and sectors. The maps live per thread and per
// store connection, and are dropped whenever the database changes, so names are looked up once
// per change rather than once per row.
class NameCache {
 public:
  explicit NameCache(Store& store);
  boost::json::value Org(Id id);
  boost::json::value PlaceRef(const std::string& pcode);
  boost::json::value SectorRef(const std::string& code);
  // The same references already serialized, for responses built as text.
  const std::string& PlaceRefText(const std::string& pcode);
  const std::string& SectorRefText(const std::string& code);
  const std::string& OrgText(Id id);

  struct Maps {
    uint64_t store_instance = 0;
    int64_t data_version = -1;
    std::unordered_map<Id, boost::json::value> orgs;
    std::unordered_map<std::string, boost::json::value> places;
    std::unordered_map<std::string, boost::json::value> sectors;
    bool sectors_loaded = false;
    // Serialized references, by p-code, sector code and organization id.
    std::unordered_map<std::string, std::string> place_text, sector_text;
    std::unordered_map<Id, std::string> org_text;
  };

 private:
  Store& store_;
  Maps* maps_;
};

boost::json::object ActivityToJson(const Activity& a, NameCache& names);
boost::json::object OrganizationToJson(const Organization& o);
boost::json::object PlaceToJson(const Place& p);

// Decodes a POST/PUT body. Field problems go to `errors` (field, reason); returns false then.
bool ActivityFromJson(std::string_view body, Store& store, Activity& out, FieldErrors& errors);

}  // namespace om::http
