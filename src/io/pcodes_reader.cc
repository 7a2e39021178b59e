#include "io/pcodes_reader.h"

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_map>
#include <utility>

#include "core/coordinate.h"
#include "core/text.h"
#include "domain/countries.h"
#include "io/hxl.h"

namespace om {
namespace {

constexpr int kMaxLevel = 3;

// Lower-case, without spaces, dashes, underscores and dots: "Parent P-Code" -> "parentpcode".
std::string LongKey(std::string_view header) {
  std::string key;
  for (char c : ToLowerAscii(Trim(header))) {
    if (c != ' ' && c != '-' && c != '_' && c != '.') key += c;
  }
  return key;
}

bool IsIso3(std::string_view s) {
  if (s.size() != 3) return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
  }
  return true;
}

// ISO3 for an ISO2/ISO3 code or a country name; an unknown three-letter code is taken as ISO3.
std::string Iso3Of(std::string_view code_or_name) {
  if (const Country* country = FindCountry(code_or_name)) return country->iso3;
  return IsIso3(code_or_name) ? ToUpperAscii(code_or_name) : std::string();
}

std::string Cell(const CsvRecord& record, int column) {
  if (column < 0 || column >= static_cast<int>(record.fields.size())) return {};
  return std::string(Trim(record.fields[column]));
}

struct LongColumns {
  int location = -1, level = -1, pcode = -1, name = -1, parent = -1, lat = -1, lon = -1;
};

// Wide COD layout: per level, the p-code column and name columns best language first.
struct WideColumns {
  std::array<int, kMaxLevel + 1> pcode{-1, -1, -1, -1};
  std::array<std::vector<std::pair<int, int>>, kMaxLevel + 1> names;  // (priority, column)
};

std::optional<LongColumns> MatchLong(const std::vector<std::string>& headers) {
  LongColumns c;
  for (int i = 0; i < static_cast<int>(headers.size()); ++i) {
    std::string key = LongKey(headers[i]);
    if (key == "location" || key == "iso3" || key == "countryiso3") c.location = i;
    if (key == "adminlevel" || key == "level") c.level = i;
    if (key == "pcode") c.pcode = i;
    if (key == "name") c.name = i;
    if (key == "parentpcode" || key == "parent") c.parent = i;
    if (key == "latitude" || key == "lat" || key == "centroidlat") c.lat = i;
    if (key == "longitude" || key == "lon" || key == "long" || key == "centroidlon") c.lon = i;
  }
  if (c.level < 0 || c.pcode < 0 || c.name < 0) return std::nullopt;
  return c;
}

int LanguagePriority(std::string_view language) {
  constexpr std::string_view kOrder[] = {"en", "fr", "es", "pt", ""};
  for (int i = 0; i < 5; ++i) {
    if (kOrder[i] == language) return i;
  }
  return 5;
}

// "admin1Pcode", "ADM1_PCODE", "admin1Name_fr", "ADM1_EN", "#adm1+code": level, is-code, priority.
bool MatchWideHeader(std::string_view header, int& level, bool& is_code, int& priority) {
  if (auto tag = ParseHxlTag(header)) {
    const std::string& h = tag->hashtag;
    if (h == "country") {
      level = 0;
    } else if (h.size() == 4 && StartsWith(h, "adm") && h[3] >= '0' && h[3] <= '9') {
      level = h[3] - '0';
    } else {
      return false;
    }
    is_code = tag->Has("code") || tag->Has("pcode");
    priority = 4;
    for (const std::string& a : tag->attributes) {
      if (StartsWith(a, "i_")) priority = LanguagePriority(a.substr(2));
    }
    return true;
  }
  std::string h = ToLowerAscii(Trim(header));
  std::string_view rest = h;
  if (StartsWith(rest, "admin")) {
    rest.remove_prefix(5);
  } else if (StartsWith(rest, "adm")) {
    rest.remove_prefix(3);
  } else {
    return false;
  }
  if (rest.empty() || rest[0] < '0' || rest[0] > '9') return false;
  level = rest[0] - '0';
  rest.remove_prefix(1);
  if (StartsWith(rest, "_")) rest.remove_prefix(1);
  is_code = rest == "pcode";
  if (is_code) return true;
  if (StartsWith(rest, "name")) rest.remove_prefix(4);
  if (StartsWith(rest, "_")) rest.remove_prefix(1);
  if (rest.size() != 0 && rest.size() != 2) return false;  // admin1RefName, admin1AltName1_en
  if (rest.empty() && h.find("name") == std::string::npos) return false;
  priority = LanguagePriority(rest);
  return true;
}

std::optional<WideColumns> MatchWide(const std::vector<std::string>& headers) {
  WideColumns c;
  bool any = false;
  for (int i = 0; i < static_cast<int>(headers.size()); ++i) {
    int level = 0, priority = 0;
    bool is_code = false;
    if (!MatchWideHeader(headers[i], level, is_code, priority) || level > kMaxLevel) continue;
    if (is_code) {
      if (c.pcode[level] < 0) c.pcode[level] = i;
      any = true;
    } else {
      c.names[level].emplace_back(priority, i);
    }
  }
  if (!any) return std::nullopt;
  for (auto& names : c.names) std::stable_sort(names.begin(), names.end());
  return c;
}

// Collects places, rejects bad rows, and completes countries and admin-0 places at the end.
class PcodeBuilder {
 public:
  void Reject(int64_t line, std::string column, std::string reason) {
    table_.errors.push_back({line, std::move(column), std::move(reason)});
  }
  bool Seen(const std::string& pcode) const { return index_.count(pcode) > 0; }
  int64_t LineOf(const std::string& pcode) const { return lines_[index_.at(pcode)]; }
  void Add(Place place, int64_t line) {
    index_.emplace(place.pcode, table_.places.size());
    table_.places.push_back(std::move(place));
    lines_.push_back(line);
  }
  void CountRow() { ++table_.rows_read; }
  // Iso3Of, remembered: a list names the same few countries on every row.
  const std::string& Iso3(const std::string& code_or_name) {
    auto it = iso3_cache_.find(code_or_name);
    if (it == iso3_cache_.end()) it = iso3_cache_.emplace(code_or_name, Iso3Of(code_or_name)).first;
    return it->second;
  }
  PcodeTable Finish();

 private:
  std::string CountryOf(const Place& place) const;

  PcodeTable table_;
  std::unordered_map<std::string, size_t> index_;
  std::vector<int64_t> lines_;
  std::unordered_map<std::string, std::string> iso3_cache_;
};

std::string PcodeBuilder::CountryOf(const Place& place) const {
  const Place* p = &place;
  for (int hops = 0; hops <= kMaxLevel && p->country.empty(); ++hops) {
    if (p->level == 0 && IsIso3(p->pcode)) return p->pcode;
    if (p->level == 1 && IsIso3(p->parent_pcode)) return ToUpperAscii(p->parent_pcode);
    auto it = index_.find(p->parent_pcode);
    if (it == index_.end()) return {};
    p = &table_.places[it->second];
  }
  return p->country;
}

PcodeTable PcodeBuilder::Finish() {
  std::vector<Place> kept;
  kept.reserve(table_.places.size());
  std::vector<std::string> countries;
  for (size_t i = 0; i < table_.places.size(); ++i) {
    Place& place = table_.places[i];
    if (place.country.empty()) place.country = CountryOf(place);
    if (place.country.empty()) {
      Reject(lines_[i], "Location",
             "country unknown: no ISO3 location and parent p-code '" + place.parent_pcode +
                 "' not in the file");
      continue;
    }
    if (place.level == 1 && place.parent_pcode.empty()) place.parent_pcode = place.country;
    if (!Seen(place.country)) countries.push_back(place.country);
    kept.push_back(std::move(place));
  }
  for (const std::string& iso3 : countries) {
    if (Seen(iso3)) continue;
    index_.emplace(iso3, 0);
    const Country* country = FindCountry(iso3);
    std::string name = country != nullptr ? country->name_en : iso3;
    kept.push_back(Place{iso3, name, 0, "", iso3, std::nullopt, std::nullopt});
  }
  table_.places = std::move(kept);
  return std::move(table_);
}

void AddLongRow(const LongColumns& c, const CsvRecord& rec, PcodeBuilder& out) {
  std::string level_text = Cell(rec, c.level);
  int level = -1;
  if (level_text.size() == 1 && level_text[0] >= '0' && level_text[0] <= '9') {
    level = level_text[0] - '0';
  }
  if (level < 0)
    return out.Reject(rec.line, "Admin Level",
                      "admin level '" + level_text + "' is not a number 0-3");
  if (level > kMaxLevel) {
    return out.Reject(rec.line, "Admin Level", "admin level " + level_text + " not supported");
  }
  Place place;
  place.level = level;
  place.pcode = Cell(rec, c.pcode);
  place.name = Cell(rec, c.name);
  std::string location = Cell(rec, c.location);
  std::string parent = Cell(rec, c.parent);
  if (!location.empty()) {
    std::string iso3 = out.Iso3(location);
    if (iso3.empty()) return out.Reject(rec.line, "Location", "unknown country '" + location + "'");
    location = iso3;
  }
  if (level == 0 && location.empty()) location = out.Iso3(place.pcode);
  if (level == 0 && !location.empty()) place.pcode = location;  // admin-0 is keyed by ISO3
  if (place.pcode.empty()) return out.Reject(rec.line, "P-Code", "empty p-code");
  if (place.name.empty()) return out.Reject(rec.line, "Name", "empty name");
  if (!ParseCoordinate(Cell(rec, c.lat), 90, DecimalComma::kRejected, place.lat) ||
      !ParseCoordinate(Cell(rec, c.lon), 180, DecimalComma::kRejected, place.lon) ||
      place.lat.has_value() != place.lon.has_value()) {
    return out.Reject(rec.line, "Latitude", "not a valid coordinate pair");
  }
  if (level == 1 && location.empty()) location = out.Iso3(parent);  // the parent is the country
  place.country = location;
  if (level == 1) {
    place.parent_pcode = location.empty() ? parent : location;
  } else if (level > 1) {
    if (parent.empty()) return out.Reject(rec.line, "Parent P-Code", "empty parent p-code");
    place.parent_pcode = parent;
  }
  if (out.Seen(place.pcode)) {
    return out.Reject(rec.line, "P-Code",
                      "duplicate p-code " + place.pcode + " (first on line " +
                          std::to_string(out.LineOf(place.pcode)) + ")");
  }
  out.Add(std::move(place), rec.line);
}

std::string WideName(const WideColumns& c, int level, const CsvRecord& rec) {
  for (const auto& [priority, column] : c.names[level]) {
    std::string name = Cell(rec, column);
    if (!name.empty()) return name;
  }
  return {};
}

void AddWideRow(const WideColumns& c, const CsvRecord& rec, PcodeBuilder& out) {
  std::string country;
  std::string parent;
  for (int level = 0; level <= kMaxLevel; ++level) {
    std::string pcode = Cell(rec, c.pcode[level]);
    if (pcode.empty()) continue;
    if (level == 0) {
      std::string iso3 = out.Iso3(pcode);  // COD tables often key admin-0 by ISO2 ("ML")
      if (!iso3.empty()) pcode = iso3;
      country = pcode;
    }
    std::string name = WideName(c, level, rec);
    if (name.empty() && level == 0) name = pcode;
    if (name.empty()) {
      out.Reject(rec.line, "admin" + std::to_string(level) + "Name", "empty name");
    } else if (!out.Seen(pcode)) {
      out.Add(Place{pcode, name, level, parent, country, std::nullopt, std::nullopt}, rec.line);
    }
    parent = pcode;
  }
}

}  // namespace

Result<PcodeTable> ReadPcodes(std::unique_ptr<CsvReader> reader) {
  CsvRecord record;
  if (!reader->Next(record)) {
    OM_RETURN_IF_ERROR(reader->status());
    return InvalidArgument("empty p-code file");
  }
  std::vector<std::string> header = record.ToStrings();  // kept past the next read
  bool pending = reader->Next(record);
  if (pending && IsHxlTagRow(record.fields)) {  // COD tables often carry an HXL row
    if (!MatchLong(header) && !MatchWide(header)) header = record.ToStrings();
    pending = reader->Next(record);
  }
  std::optional<LongColumns> long_columns = MatchLong(header);
  std::optional<WideColumns> wide_columns;
  if (!long_columns) wide_columns = MatchWide(header);
  if (!long_columns && !wide_columns) {
    return InvalidArgument(
        "not a p-code table: expected columns Admin Level, P-Code, Name (global list) or "
        "admin1Pcode, admin1Name_en ... (COD table)");
  }
  PcodeBuilder builder;
  for (; pending; pending = reader->Next(record)) {
    builder.CountRow();
    if (long_columns) {
      AddLongRow(*long_columns, record, builder);
    } else {
      AddWideRow(*wide_columns, record, builder);
    }
  }
  OM_RETURN_IF_ERROR(reader->status());
  return builder.Finish();
}

}  // namespace om
