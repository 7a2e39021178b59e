#include "service/import_hxl.h"

#include <unordered_map>

#include "core/date.h"
#include "core/text.h"
#include "domain/place_index.h"
#include "io/hxl_activity_map.h"
#include "service/activity_row.h"
#include "service/registry_cache.h"
#include "service/row_key.h"

namespace om {

void ImportReport::Warn(int64_t line, std::string column, std::string reason) {
  ++warnings_total;
  if (warnings.size() < kMaxWarnings)
    warnings.push_back({line, std::move(column), std::move(reason)});
}

namespace {

// Places for the import's PlaceIndex, read from the store as rows need them.
class StorePlaceSource : public PlaceSource {
 public:
  explicit StorePlaceSource(Store& store) : store_(store) {}
  Result<std::optional<Place>> FindPlace(std::string_view pcode) override {
    return store_.GetPlace(pcode);
  }
  Result<std::vector<Place>> CountryPlaces(std::string_view iso3) override {
    return store_.ListCountryPlaces(iso3);
  }

 private:
  Store& store_;
};

// Imports rows inside an open transaction; returns a Status only for store failures.
Status ImportRows(Store& store, HxlActivityTable& table, ActivityRowConverter& convert, Id owner,
                  ImportReport& report, const ImportOptions& options) {
  std::unordered_map<std::string, int64_t> first_line_of_key;  // key -> first line
  std::unordered_map<std::string, int> occurrences;
  RawActivity raw;
  std::string now = NowIso8601();
  while (table.Next(raw)) {
    ++report.read;
    if (options.progress && report.read % 4096 == 0) {
      options.progress(table.csv().bytes_read(), table.csv().total_bytes());
    }
    OM_TRY(RowOutcome row, convert.Convert(raw));
    for (RowIssue& w : row.warnings) report.Warn(w.line, std::move(w.column), std::move(w.reason));
    if (row.rejected) {
      ++report.rejected;
      report.errors.push_back(std::move(row.error));
      continue;
    }
    std::string key = ImportRowKey(owner, row.identity);
    int n = ++occurrences[key];
    if (n == 1) {
      first_line_of_key.emplace(key, raw.line);
    } else {
      report.duplicates.push_back({raw.line, first_line_of_key[key]});
      key += "#" + std::to_string(n);  // kept as its own record, never merged silently
    }
    Activity& a = row.activity;
    a.row_key = std::move(key);
    a.meta.source_batch = report.batch;
    a.meta.created_at = a.meta.updated_at = now;
    auto outcome = store.UpsertActivityByKey(a);
    if (!outcome.ok()) {
      if (outcome.status().code() != StatusCode::kAlreadyExists) return outcome.status();
      ++report.rejected;
      report.errors.push_back({raw.line, "", outcome.status().message()});
      continue;
    }
    switch (*outcome) {
      case UpsertOutcome::kCreated:
        ++report.created;
        break;
      case UpsertOutcome::kUpdated:
        ++report.updated;
        break;
      case UpsertOutcome::kUnchanged:
        ++report.unchanged;
        break;
    }
  }
  return table.status();
}

}  // namespace

Result<ImportReport> ImportHxlActivities(Store& store, const std::string& path,
                                         const ImportOptions& options) {
  OM_TRY(auto reader, CsvReader::OpenFile(path));
  ImportOptions with_name = options;
  if (with_name.file_name.empty()) with_name.file_name = path;
  return ImportHxlActivities(store, std::move(reader), with_name);
}

Result<ImportReport> ImportHxlActivities(Store& store, std::unique_ptr<CsvReader> reader,
                                         const ImportOptions& options) {
  OM_TRY(auto table, HxlActivityTable::Open(std::move(reader), options.infer_columns));
  ImportReport report;
  report.format = "hxl";
  report.file = options.file_name;
  report.encoding = TextEncodingName(table->csv().encoding());
  report.separator = table->csv().separator();
  report.dry_run = options.dry_run;
  report.strict = options.strict;
  for (const HxlColumn& c : table->ignored_columns()) {
    report.ignored_columns.push_back(c.header.empty() ? c.tag : c.header + " (" + c.tag + ")");
  }
  for (const HxlColumn& c : table->inferred_columns()) {
    report.inferred_columns.push_back(c.header + " (" + c.tag + ")");
  }
  StorePlaceSource place_source(store);
  PlaceIndex places(place_source);

  OM_RETURN_IF_ERROR(store.Begin());
  auto fail = [&](const Status& s) {
    store.Rollback();
    return s;
  };
  auto registry = RegistryCache::Load(store);
  if (!registry.ok()) return fail(registry.status());
  Id owner = 0;
  if (!Trim(options.reporting_org).empty()) {
    auto id = registry->ResolveOrganization(options.reporting_org, "", "");
    if (!id.ok()) return fail(id.status());
    owner = *id;
  }
  auto batch = store.CreateImportBatch({0, "hxl", options.file_name, owner});
  if (!batch.ok()) return fail(batch.status());
  report.batch = *batch;
  ActivityRowConverter convert(*registry, places, owner, options.country);
  if (Status s = ImportRows(store, *table, convert, owner, report, options); !s.ok())
    return fail(s);
  if (options.progress) options.progress(table->csv().bytes_read(), table->csv().total_bytes());
  report.organizations_created = registry->organizations_created();
  report.sectors_created = registry->sectors_created();

  if (options.dry_run) {
    report.message = "dry run: nothing was written";
  } else if (options.strict && report.rejected > 0) {
    report.message =
        "strict: " + std::to_string(report.rejected) + " rejected rows, nothing was written";
  } else {
    ImportBatch done{
        report.batch,   "hxl",          options.file_name, owner,           report.read,
        report.created, report.updated, report.unchanged,  report.rejected, true};
    if (Status s = store.FinishImportBatch(done); !s.ok()) return fail(s);
    if (Status s = store.Commit(); !s.ok()) return fail(s);
    report.committed = true;
    return report;
  }
  store.Rollback();
  return report;
}

}  // namespace om
