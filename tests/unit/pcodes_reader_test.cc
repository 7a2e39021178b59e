#include "io/pcodes_reader.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace om {
namespace {

std::map<std::string, Place> ByPcode(const PcodeTable& table) {
  std::map<std::string, Place> out;
  for (const Place& p : table.places) out[p.pcode] = p;
  return out;
}

Result<PcodeTable> ReadString(std::string csv) {
  return ReadPcodes(CsvReader::FromString(std::move(csv)));
}

TEST(PcodesReaderTest, LongListLinksAdmin1ToCountry) {
  auto table = ReadString(
      "Location,Admin Level,P-Code,Name,Parent P-Code,Valid from date\n"
      "AFG,1,AF01,Kabul,AFG,2019-10-22\n"
      "AFG,2,AF0101,Kabul,AF01,2019-10-22\n");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->rows_read, 2);
  EXPECT_TRUE(table->errors.empty());
  auto places = ByPcode(*table);
  ASSERT_EQ(places.size(), 3u);
  EXPECT_EQ(places["AF01"].parent_pcode, "AFG");
  EXPECT_EQ(places["AF01"].level, 1);
  EXPECT_EQ(places["AF01"].country, "AFG");
  EXPECT_EQ(places["AF0101"].parent_pcode, "AF01");
  EXPECT_EQ(places["AF0101"].level, 2);
  EXPECT_EQ(places["AF0101"].country, "AFG");
  EXPECT_EQ(places["AFG"].level, 0);
  EXPECT_EQ(places["AFG"].name, "Afghanistan");  // named from ISO 3166
  EXPECT_EQ(places["AFG"].parent_pcode, "");
}

TEST(PcodesReaderTest, RejectsBadRowsWithLineAndReason) {
  auto table = ReadString(
      "location;admin level;p-code;name;parent p-code\n"
      "MLI;1;ML01;Kayes;MLI\n"
      "MLI;4;ML01010101;Deep;ML010101\n"
      "MLI;1;;Nameless code;MLI\n"
      "MLI;2;ML0101;;ML01\n"
      "MLI;x;ML02;Bad level;MLI\n"
      "MLI;1;ML01;Kayes again;MLI\n"
      "MLI;2;ML0102;Orphan;\n");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->rows_read, 7);
  ASSERT_EQ(table->errors.size(), 6u);
  EXPECT_EQ(table->errors[0].line, 3);
  EXPECT_EQ(table->errors[0].reason, "admin level 4 not supported");
  EXPECT_EQ(table->errors[1].line, 4);
  EXPECT_EQ(table->errors[1].reason, "empty p-code");
  EXPECT_EQ(table->errors[2].reason, "empty name");
  EXPECT_EQ(table->errors[2].column, "Name");
  EXPECT_NE(table->errors[3].reason.find("not a number"), std::string::npos);
  EXPECT_NE(table->errors[4].reason.find("duplicate p-code ML01 (first on line 2)"),
            std::string::npos);
  EXPECT_EQ(table->errors[5].reason, "empty parent p-code");
  EXPECT_EQ(ByPcode(*table).size(), 2u);  // ML01 and the MLI country
}

TEST(PcodesReaderTest, WideCodTableYieldsEveryLevelOnce) {
  auto table = ReadString(
      "admin0Name_en,admin0Pcode,admin1Name_fr,admin1Name_en,admin1Pcode,admin1RefName,"
      "admin2Name_en,admin2Pcode\n"
      "Mali,MLI,Kayes FR,Kayes,ML01,ref,Bafoulabe,ML0101\n"
      "Mali,MLI,Kayes FR,Kayes,ML01,ref,Diema,ML0102\n"
      "Mali,MLI,Koulikoro FR,,ML02,ref,Banamba,ML0201\n");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_TRUE(table->errors.empty());
  auto places = ByPcode(*table);
  ASSERT_EQ(places.size(), 6u);
  EXPECT_EQ(places["MLI"].name, "Mali");
  EXPECT_EQ(places["MLI"].level, 0);
  EXPECT_EQ(places["ML01"].name, "Kayes");         // _en preferred
  EXPECT_EQ(places["ML02"].name, "Koulikoro FR");  // falls back to _fr when _en is empty
  EXPECT_EQ(places["ML01"].parent_pcode, "MLI");
  EXPECT_EQ(places["ML0102"].parent_pcode, "ML01");
  EXPECT_EQ(places["ML0102"].level, 2);
  EXPECT_EQ(places["ML0102"].country, "MLI");
}

TEST(PcodesReaderTest, WideTableWithHxlRowAndShapefileHeaders) {
  auto table = ReadString(
      "ADM0_EN,ADM0_PCODE,ADM1_EN,ADM1_PCODE,ADM3_EN,ADM3_PCODE\n"
      "#country+name,#country+code,#adm1+name,#adm1+code,#adm3+name,#adm3+code\n"
      "Chad,TCD,Lac,TD07,Bol,TD070101\n");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  auto places = ByPcode(*table);
  ASSERT_EQ(places.size(), 3u);
  EXPECT_EQ(places["TD070101"].level, 3);
  EXPECT_EQ(places["TD070101"].parent_pcode, "TD07");  // nearest level present
  EXPECT_EQ(places["TD07"].parent_pcode, "TCD");
  EXPECT_EQ(table->rows_read, 1);
}

TEST(PcodesReaderTest, CountryFromIso2OrName) {
  auto wide =
      ReadString("admin0Pcode,admin0Name_en,admin1Pcode,admin1Name_en\nML,Mali,ML01,Kayes\n");
  ASSERT_TRUE(wide.ok()) << wide.status().ToString();
  auto places = ByPcode(*wide);
  ASSERT_EQ(places.size(), 2u);
  EXPECT_EQ(places["MLI"].name, "Mali");
  EXPECT_EQ(places["ML01"].parent_pcode, "MLI");
  EXPECT_EQ(places["ML01"].country, "MLI");
  auto long_list = ReadString(
      "Location,Admin Level,P-Code,Name,Parent P-Code\nTchad,1,TD01,Batha,\nAtlantis,1,XX01,A,\n");
  ASSERT_TRUE(long_list.ok());
  EXPECT_EQ(ByPcode(*long_list)["TD01"].parent_pcode, "TCD");
  ASSERT_EQ(long_list->errors.size(), 1u);
  EXPECT_EQ(long_list->errors[0].reason, "unknown country 'Atlantis'");
  EXPECT_EQ(long_list->errors[0].line, 3);
}

TEST(PcodesReaderTest, RejectsUnknownShape) {
  auto table = ReadString("Country,Population\nMali,20000000\n");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(ReadString("").ok());
}

TEST(PcodesReaderTest, GlobalListFixture) {
  auto reader =
      CsvReader::OpenFile(std::string(OM_TEST_DATA) + "/pcodes/global_pcodes_adm1_adm2.csv");
  ASSERT_TRUE(reader.ok());
  auto table = ReadPcodes(std::move(*reader));
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  // Counts from tests/data/pcodes/SOURCE.txt: 33363 rows, 2455 admin-1, 30908 admin-2,
  // 156 countries; no row is invalid.
  EXPECT_EQ(table->rows_read, 33363);
  EXPECT_TRUE(table->errors.empty()) << table->errors[0].line << " " << table->errors[0].reason;
  std::map<int, int> per_level;
  std::map<std::string, int> per_country;
  for (const Place& p : table->places) {
    ++per_level[p.level];
    if (p.level > 0) ++per_country[p.country];
  }
  EXPECT_EQ(per_level[0], 156);
  EXPECT_EQ(per_level[1], 2455);
  EXPECT_EQ(per_level[2], 30908);
  EXPECT_EQ(per_country["AFG"], 435);
  EXPECT_EQ(per_country["GTM"], 364);
  EXPECT_EQ(per_country["MLI"], 63);
  auto places = ByPcode(*table);
  EXPECT_EQ(places["AF01"].name, "Kabul");
  EXPECT_EQ(places["AF01"].parent_pcode, "AFG");
  EXPECT_EQ(places["AF2307"].parent_pcode, "AF23");
  EXPECT_EQ(places["AF2307"].country, "AFG");
}

}  // namespace
}  // namespace om
