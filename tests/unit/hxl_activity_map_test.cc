#include "io/hxl_activity_map.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "io/hxl_header_inference.h"

namespace om {
namespace {

// Every non-empty field of a row, named as in tests/data/hxl/*.expected.txt.
std::map<std::string, std::string> FieldsOf(const RawActivity& r) {
  std::map<std::string, std::string> out = {{"row_id", std::string(r.row_id)},
                                            {"org_impl", std::string(r.org_impl)},
                                            {"org_impl_acronym", std::string(r.org_impl_acronym)},
                                            {"org_type", std::string(r.org_type)},
                                            {"org_prog", std::string(r.org_prog)},
                                            {"org_funding", std::string(r.org_funding)},
                                            {"sector", std::string(r.sector)},
                                            {"sector_code", std::string(r.sector_code)},
                                            {"title", std::string(r.title)},
                                            {"description", std::string(r.description)},
                                            {"country", std::string(r.country)},
                                            {"country_code", std::string(r.country_code)},
                                            {"loc", std::string(r.loc)},
                                            {"loc_code", std::string(r.loc_code)},
                                            {"lat", std::string(r.lat)},
                                            {"lon", std::string(r.lon)},
                                            {"date_start", std::string(r.date_start)},
                                            {"date_end", std::string(r.date_end)},
                                            {"date", std::string(r.date)},
                                            {"status", std::string(r.status)},
                                            {"budget", std::string(r.budget)},
                                            {"currency", std::string(r.currency)}};
  for (int i = 0; i < 4; ++i) {
    out["adm_name." + std::to_string(i)] = r.adm_name[i];
    out["adm_code." + std::to_string(i)] = r.adm_code[i];
  }
  for (const auto& [key, value] : r.targeted) out["targeted." + std::string(key)] = value;
  for (const auto& [key, value] : r.reached) out["reached." + std::string(key)] = value;
  std::erase_if(out, [](const auto& kv) { return kv.second.empty(); });
  return out;
}

Result<std::unique_ptr<HxlActivityTable>> OpenString(std::string csv, bool infer = true) {
  return HxlActivityTable::Open(CsvReader::FromString(std::move(csv)), infer);
}

std::vector<std::string> IgnoredTags(const HxlActivityTable& table) {
  std::vector<std::string> tags;
  for (const HxlColumn& c : table.ignored_columns()) tags.push_back(c.tag);
  return tags;
}

// "HEADER (#tag)" for each inferred column, as the import report lists them.
std::vector<std::string> Inferred(const HxlActivityTable& table) {
  std::vector<std::string> out;
  for (const HxlColumn& c : table.inferred_columns()) out.push_back(c.header + " (" + c.tag + ")");
  return out;
}

TEST(HxlActivityTableTest, TagRowFirst) {
  auto table = OpenString("#org,#sector,#adm1+code\nMSF,Health,AF01\n");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ((*table)->tag_line(), 1);
  RawActivity row;
  ASSERT_TRUE((*table)->Next(row));
  EXPECT_EQ(row.line, 2);
  EXPECT_EQ(row.org_impl, "MSF");
  EXPECT_EQ(row.sector, "Health");
  EXPECT_EQ(row.adm_code[1], "AF01");
  EXPECT_EQ((*table)->columns()[0].header, "");
  EXPECT_FALSE((*table)->Next(row));
}

TEST(HxlActivityTableTest, TagRowSecondGivesHeadersAndTrimsCells) {
  auto table =
      OpenString("Title\nOrganisation,Cluster,Notes\n#org +name, # sector ,\n  MSF , WASH ,x\n");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  const HxlActivityTable& t = **table;
  EXPECT_EQ(t.tag_line(), 3);
  ASSERT_EQ(t.columns().size(), 3u);
  EXPECT_EQ(t.columns()[0].header, "Organisation");
  EXPECT_EQ(t.columns()[0].tag, "#org+name");
  EXPECT_EQ(t.columns()[2].header, "Notes");
  EXPECT_EQ(t.columns()[2].tag, "");
  EXPECT_TRUE(t.ignored_columns().empty());
  RawActivity row;
  ASSERT_TRUE((*table)->Next(row));
  EXPECT_EQ(row.org_impl, "MSF");
  EXPECT_EQ(row.sector, "WASH");
  EXPECT_EQ(row.line, 4);
}

TEST(HxlActivityTableTest, MostSpecificTagWins) {
  auto table = OpenString(
      "#org,#org+name+impl,#org+prog,#org+funding,#org+impl+acronym,#sector+code,"
      "#sector+cluster+name,#adm1,#adm1+pcode,#activity+code,#activity+name\n"
      "plain,Impl Org,Lead Org,Donor,IO,WSH,Water,Kabul,AF01,A-1,Wells\n");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  RawActivity row;
  ASSERT_TRUE((*table)->Next(row));
  EXPECT_EQ(row.org_impl, "Impl Org");
  EXPECT_EQ(row.org_prog, "Lead Org");
  EXPECT_EQ(row.org_funding, "Donor");
  EXPECT_EQ(row.org_impl_acronym, "IO");
  EXPECT_EQ(row.sector, "Water");
  EXPECT_EQ(row.sector_code, "WSH");
  EXPECT_EQ(row.adm_name[1], "Kabul");
  EXPECT_EQ(row.adm_code[1], "AF01");
  EXPECT_EQ(row.row_id, "A-1");
  EXPECT_EQ(row.title, "Wells");
  EXPECT_EQ(IgnoredTags(**table), (std::vector<std::string>{"#org"}));
}

TEST(HxlActivityTableTest, AttributesInAnyOrder) {
  auto table = OpenString("#org+name+impl,#sector +name +cluster,#org +name +impl +x\nA,B,C\n");
  ASSERT_TRUE(table.ok());
  RawActivity row;
  ASSERT_TRUE((*table)->Next(row));
  EXPECT_EQ(row.org_impl, "A");  // first of two equally specific columns
  EXPECT_EQ(row.sector, "B");
  EXPECT_EQ(IgnoredTags(**table), (std::vector<std::string>{"#org+name+impl+x"}));
}

TEST(HxlActivityTableTest, ListsTaggedButUnusedColumns) {
  auto table =
      OpenString("Org,Sector,Need,Notes,HH\n#org,#sector,#inneed,,#reached+hh\nA,B,5,x,3\n");
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(IgnoredTags(**table), (std::vector<std::string>{"#inneed", "#reached+hh"}));
  EXPECT_EQ((*table)->ignored_columns()[0].header, "Need");
  EXPECT_EQ((*table)->ignored_columns()[0].index, 2);
  EXPECT_EQ((*table)->columns().size(), 5u);
}

TEST(HxlActivityTableTest, PeopleBudgetDatesAndPre10Tags) {
  auto table = OpenString(
      "#org,#activity_id,#lat_deg,#lon_deg,#period_date,#date+start,#date+end,#status,"
      "#targeted,#targeted+f+children,#reached +total,#reached+women,#reached+m,"
      "#value+budget+usd,#x_id\n"
      "A,7,1.5,2.5,June,2021-01-01,2021-12-31,Ongoing,100,40,90,30,,5000,X9\n");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  RawActivity row;
  ASSERT_TRUE((*table)->Next(row));
  EXPECT_EQ(row.row_id, "7");  // #activity_id beats #x_id
  EXPECT_EQ(row.lat, "1.5");
  EXPECT_EQ(row.lon, "2.5");
  EXPECT_EQ(row.date, "June");
  EXPECT_EQ(row.date_start, "2021-01-01");
  EXPECT_EQ(row.date_end, "2021-12-31");
  EXPECT_EQ(row.status, "Ongoing");
  using Pairs = std::vector<std::pair<std::string_view, std::string_view>>;
  EXPECT_EQ(row.targeted, (Pairs{{"total", "100"}, {"girls", "40"}}));
  EXPECT_EQ(row.reached, (Pairs{{"total", "90"}, {"women", "30"}, {"men", ""}}));
  EXPECT_EQ(row.budget, "5000");
  EXPECT_EQ(row.currency, "USD");
  EXPECT_EQ(IgnoredTags(**table), (std::vector<std::string>{"#x_id"}));
}

TEST(HxlActivityTableTest, ClearsFieldsBetweenRowsAndShortRows) {
  auto table = OpenString("#org,#sector,#adm1\nA,B,C\nD\n");
  ASSERT_TRUE(table.ok());
  RawActivity row;
  row.title = "stale";
  ASSERT_TRUE((*table)->Next(row));
  EXPECT_EQ(row.title, "");
  EXPECT_EQ(row.adm_name[1], "C");
  ASSERT_TRUE((*table)->Next(row));
  EXPECT_EQ(row.org_impl, "D");
  EXPECT_EQ(row.sector, "");
  EXPECT_EQ(row.adm_name[1], "");
}

TEST(HxlActivityTableTest, RejectsFilesWithoutTagRow) {
  auto table = OpenString("Organisation,Sector\nMSF,Health\n");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidArgument);
  std::string late = "#org,#sector\n";
  for (int i = 0; i < 25; ++i) late = "header,row\n" + late;
  EXPECT_FALSE(OpenString(late).ok());
}

TEST(HxlActivityTableTest, RejectsNon3WFile) {
  auto table = OpenString("Province,Population\n#adm1+name,#population\nKabul,5000000\n");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(table.status().message().find("#org"), std::string::npos);
  EXPECT_NE(table.status().message().find("#sector"), std::string::npos);
}

// ---- Untagged columns: tags inferred from the header ----

using Pairs = std::vector<std::pair<std::string_view, std::string_view>>;

TEST(HxlInferenceTest, TaggedColumnsWinOverInferredOnes) {
  auto table = OpenString(
      "Implementing partner,Org,Start date,Start,People reached,Reached women,Donor,Status\n"
      ",#org,,#date+start,,#reached+f,,#status\n"
      "Impl,Tagged Org,2020-01-01,2021-01-01,99,40,ECHO,Ongoing\n");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  RawActivity row;
  ASSERT_TRUE((*table)->Next(row));
  EXPECT_EQ(row.org_impl, "Tagged Org");
  EXPECT_EQ(row.date_start, "2021-01-01");
  EXPECT_EQ(row.reached, (Pairs{{"women", "40"}}));  // the file tags its #reached columns
  EXPECT_EQ(row.org_funding, "ECHO");                // no tagged column fills it
  EXPECT_FALSE(row.inferred.date_start || row.inferred.reached || row.inferred.status);
  EXPECT_EQ(Inferred(**table), (std::vector<std::string>{"Donor (#org+funding)"}));
  EXPECT_TRUE((*table)->ignored_columns().empty());
  EXPECT_EQ((*table)->columns()[0].tag, "");  // columns() shows the file's own tags
}

TEST(HxlInferenceTest, ImplementingOrganizationWhenNoOrgIsTagged) {
  auto table = OpenString("Socio implementador,Sector\n,#sector\nCARE,Salud\n");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  RawActivity row;
  ASSERT_TRUE((*table)->Next(row));
  EXPECT_EQ(row.org_impl, "CARE");
  EXPECT_EQ(Inferred(**table), (std::vector<std::string>{"Socio implementador (#org+impl)"}));
}

TEST(HxlInferenceTest, UnknownAndVagueHeadersStayUnmapped) {
  auto table = OpenString(
      "Org,ACT ID,Project code,Target,Notes,Province,P-code,Women,Date,Organization,"
      "Budget (EUR),Niñas menor de 5 años\n"
      "#org,,,,,,,,,,,\n"
      "A,2032,P1,5,x,Kabul,AF01,3,June,B,100,4\n");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  RawActivity row;
  ASSERT_TRUE((*table)->Next(row));
  EXPECT_EQ(FieldsOf(row), (std::map<std::string, std::string>{{"org_impl", "A"}}));
  EXPECT_TRUE((*table)->inferred_columns().empty());
}

TEST(HxlInferenceTest, UsdInTheBudgetHeaderSetsTheCurrencyUnlessACurrencyIsTagged) {
  auto usd = OpenString("Org,Budget (USD)\n#org,\nA,100\n");
  ASSERT_TRUE(usd.ok());
  RawActivity row;
  ASSERT_TRUE((*usd)->Next(row));
  EXPECT_EQ(row.budget, "100");
  EXPECT_EQ(row.currency, "USD");
  EXPECT_EQ(Inferred(**usd), (std::vector<std::string>{"Budget (USD) (#value+budget+usd)"}));
  auto tagged = OpenString("Org,Budget in USD,Currency\n#org,,#currency\nA,100,EUR\n");
  ASSERT_TRUE(tagged.ok());
  ASSERT_TRUE((*tagged)->Next(row));
  EXPECT_EQ(row.currency, "EUR");
}

TEST(HxlInferenceTest, CanBeTurnedOffAndNeverMakesA3wFile) {
  auto off = OpenString("Org,ID,Start date\n#org,,\nA,7,2021-01-01\n", /*infer=*/false);
  ASSERT_TRUE(off.ok());
  RawActivity row;
  ASSERT_TRUE((*off)->Next(row));
  EXPECT_EQ(FieldsOf(row), (std::map<std::string, std::string>{{"org_impl", "A"}}));
  EXPECT_TRUE((*off)->inferred_columns().empty());
  auto not_3w = OpenString("Implementing partner,Activity,Province\n,,#adm1\nCARE,Wells,Kabul\n");
  ASSERT_FALSE(not_3w.ok());
  EXPECT_EQ(not_3w.status().code(), StatusCode::kInvalidArgument);
}

TEST(HxlInferenceTest, GuatemalaFileGetsIdDatesStatusAndDonor) {
  auto reader = CsvReader::OpenFile(std::string(OM_TEST_DATA) + "/hxl/gtm_345w_2021.csv");
  ASSERT_TRUE(reader.ok());
  auto table = HxlActivityTable::Open(std::move(*reader));
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  RawActivity row;
  ASSERT_TRUE((*table)->Next(row));
  EXPECT_EQ(row.row_id, "745459");
  EXPECT_EQ(row.date_start, "04/06/2021");
  EXPECT_EQ(row.date_end, "01/08/2021");
  EXPECT_EQ(row.status, "En ejecución");
  EXPECT_EQ(row.org_funding, "The Shalom Foundation");
  EXPECT_EQ(row.org_impl, "The Shalom Foundation");  // tagged #org+name, not the inferred column
  EXPECT_EQ(row.title, "Nutrición - Otra - Especificar en comentarios");
}

// ---- Real 3W files: tests/data/hxl/<name>.csv against <name>.expected.txt ----

std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    out += c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c;
  }
  return out;
}

struct Expected {
  int64_t data_rows = -1;
  int64_t tag_line = -1;
  std::vector<std::string> ignored;
  std::vector<std::string> inferred;  // "HEADER (#tag)"
  std::map<int64_t, std::map<std::string, std::string>> rows;
};

Expected ReadExpected(const std::string& path) {
  Expected e;
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  std::string line;
  int64_t current = -1;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t space = line.find(' ');
    std::string key = line.substr(0, space);
    std::string value = space == std::string::npos ? "" : Unescape(line.substr(space + 1));
    if (key == "data_rows")
      e.data_rows = std::stoll(value);
    else if (key == "tag_line")
      e.tag_line = std::stoll(value);
    else if (key == "ignored")
      e.ignored.push_back(value);
    else if (key == "inferred")  // "inferred #tag HEADER"
      e.inferred.push_back(value.substr(value.find(' ') + 1) + " (" +
                           value.substr(0, value.find(' ')) + ")");
    else if (key == "row")
      e.rows[current = std::stoll(value)];
    else if (key == "end")
      current = -1;
    else if (current >= 0)
      e.rows[current][key] = value;
  }
  return e;
}

class HxlFixtureTest : public testing::TestWithParam<const char*> {};

TEST_P(HxlFixtureTest, MatchesExpectedResults) {
  std::string base = std::string(OM_TEST_DATA) + "/hxl/" + GetParam();
  Expected expected = ReadExpected(base + ".expected.txt");
  ASSERT_GT(expected.data_rows, 0);
  ASSERT_FALSE(expected.rows.empty());
  auto reader = CsvReader::OpenFile(base + ".csv");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto table = HxlActivityTable::Open(std::move(*reader));
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ((*table)->tag_line(), expected.tag_line);
  EXPECT_EQ(IgnoredTags(**table), expected.ignored);
  EXPECT_EQ(Inferred(**table), expected.inferred);
  RawActivity row;
  int64_t count = 0;
  std::set<int64_t> checked;
  while ((*table)->Next(row)) {
    ++count;
    auto want = expected.rows.find(row.line);
    if (want == expected.rows.end()) continue;
    EXPECT_EQ(FieldsOf(row), want->second) << GetParam() << " line " << row.line;
    checked.insert(row.line);
  }
  EXPECT_TRUE((*table)->status().ok());
  EXPECT_EQ(count, expected.data_rows);
  EXPECT_EQ(checked.size(), expected.rows.size()) << "some expected lines were never read";
}

INSTANTIATE_TEST_SUITE_P(RealFiles, HxlFixtureTest,
                         testing::Values("afg_3w_2021q3", "gtm_345w_2021", "rowca_sahel_3w_2014",
                                         "unhcr_3w_refugee_ops"));

}  // namespace
}  // namespace om
