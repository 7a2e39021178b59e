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

class NameCache {
 public:
  explicit NameCache(Store& store) : store_(store) {}
  boost::json::value Org(Id id);
  boost::json::value PlaceRef(const std::string& pcode);
  boost::json::value SectorRef(const std::string& code);

 private:
  Store& store_;
  std::unordered_map<Id, boost::json::value> orgs_;
  std::unordered_map<std::string, boost::json::value> places_;
  std::unordered_map<std::string, boost::json::value> sectors_;
  bool sectors_loaded_ = false;
};

boost::json::object ActivityToJson(const Activity& a, NameCache& names);
boost::json::object OrganizationToJson(const Organization& o);
boost::json::object PlaceToJson(const Place& p);

// Decodes a POST/PUT body. Field problems go to `errors` (field, reason); returns false then.
bool ActivityFromJson(std::string_view body, Store& store, Activity& out, FieldErrors& errors);

}  // namespace om::http
