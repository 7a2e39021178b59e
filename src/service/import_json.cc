#include "service/import_json.h"

#include <boost/json.hpp>

namespace om {

namespace json = boost::json;

namespace {
json::array Issues(const std::vector<RowIssue>& issues) {
  json::array out;
  for (const RowIssue& i : issues) {
    out.push_back({{"line", i.line}, {"column", i.column}, {"reason", i.reason}});
  }
  return out;
}
}  // namespace

std::string ImportReportToJson(const ImportReport& r) {
  json::object o;
  o["file"] = r.file;
  o["format"] = r.format;
  o["encoding"] = r.encoding;
  o["separator"] = std::string(1, r.separator);
  o["batch"] = r.batch;
  o["read"] = r.read;
  o["imported"] = r.imported();
  o["created"] = r.created;
  o["updated"] = r.updated;
  o["unchanged"] = r.unchanged;
  o["rejected"] = r.rejected;
  o["errors"] = Issues(r.errors);
  o["warnings"] = Issues(r.warnings);
  o["warnings_total"] = r.warnings_total;
  json::array dups;
  for (const DuplicateRow& d : r.duplicates) {
    dups.push_back({{"line", d.line}, {"duplicate_of_line", d.first_line}});
  }
  o["duplicates"] = std::move(dups);
  json::array ignored;
  for (const std::string& c : r.ignored_columns) ignored.push_back(json::string(c));
  o["ignored_columns"] = std::move(ignored);
  json::array inferred;
  for (const std::string& c : r.inferred_columns) inferred.push_back(json::string(c));
  o["inferred_columns"] = std::move(inferred);
  o["organizations_created"] = r.organizations_created;
  o["sectors_created"] = r.sectors_created;
  o["dry_run"] = r.dry_run;
  o["strict"] = r.strict;
  o["committed"] = r.committed;
  o["message"] = r.message;
  return json::serialize(o);
}

}  // namespace om
