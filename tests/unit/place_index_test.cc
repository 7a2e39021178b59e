#include "domain/place_index.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace om {
namespace {

PlaceIndex Index() {
  auto store = testing::StoreWithPlaces();
  return PlaceIndex(*store->ListPlaces(PlaceFilter{}));
}

TEST(PlaceIndexTest, PcodeWinsAndFillsAncestors) {
  PlaceIndex index = Index();
  PlaceQuery q;
  q.codes[2] = "af2307";  // case and spacing are normalized
  q.names[2] = "Somewhere else";
  PlaceMatch m = index.Resolve(q);
  ASSERT_NE(m.place, nullptr);
  EXPECT_EQ(m.place->pcode, "AF2307");
  EXPECT_EQ(m.ancestors[1], "AF23");
  EXPECT_EQ(m.country, "AFG");
  EXPECT_TRUE(m.problems.empty());
}

TEST(PlaceIndexTest, InconsistentCodesAreReported) {
  PlaceIndex index = Index();
  PlaceQuery q;
  q.codes[1] = "AF10";
  q.codes[2] = "AF2307";
  PlaceMatch m = index.Resolve(q);
  ASSERT_NE(m.place, nullptr);
  EXPECT_EQ(m.place->pcode, "AF2307");
  ASSERT_EQ(m.problems.size(), 1u);
  EXPECT_NE(m.problems[0].reason.find("does not contain"), std::string::npos);
}

TEST(PlaceIndexTest, NamesResolveWithinTheirParent) {
  PlaceIndex index = Index();
  PlaceQuery q;
  q.country = "AF";  // ISO2
  q.names[1] = "ghor";
  q.names[2] = "Kahmard";
  PlaceMatch m = index.Resolve(q);
  ASSERT_NE(m.place, nullptr);
  EXPECT_EQ(m.place->pcode, "AF2302");
}

// Names are indexed parent by parent, as lookups first need them: looking a name up again, or
// under another parent, or after places of an indexed parent arrive, finds each place once.
TEST(PlaceIndexTest, NamesIndexedParentByParentAreFoundOnce) {
  auto place = [](const char* pcode, const char* name, int level, const char* parent) {
    Place p;
    p.pcode = pcode;
    p.name = name;
    p.level = level;
    p.parent_pcode = parent;
    p.country = "MLI";
    return p;
  };
  PlaceIndex index({place("ML01", "North", 1, "MLI"), place("ML02", "South", 1, "MLI"),
                    place("ML0101", "Central", 2, "ML01"), place("ML0201", "Central", 2, "ML02")});
  auto resolve = [&index](const char* province, const char* district) {
    PlaceQuery q;
    q.country = "MLI";
    q.names[1] = province;
    q.names[2] = district;
    PlaceMatch m = index.Resolve(q);
    std::string got = m.place != nullptr ? m.place->pcode : "none";
    for (const PlaceProblem& problem : m.problems) got += "; " + problem.reason;
    return got;
  };
  EXPECT_EQ(resolve("North", "Central"), "ML0101");
  EXPECT_EQ(resolve("North", "Central"), "ML0101");  // not found twice: not "ambiguous"
  EXPECT_EQ(resolve("South", "central"), "ML0201");
  EXPECT_EQ(resolve("South", "Nowhere"), "ML02; adm2 'Nowhere' not found in 'South' (ML02)");
  EXPECT_EQ(resolve("East", "Central"), "none; adm1 'East' not found in MLI");
}

TEST(PlaceIndexTest, ChildNameIsNeverSearchedAcrossTheCountry) {
  PlaceIndex index = Index();
  PlaceQuery q;
  q.country = "AFG";
  q.names[2] = "Shibar";  // unique in the country, but no parent given
  PlaceMatch m = index.Resolve(q);
  EXPECT_EQ(m.place, nullptr);
  ASSERT_EQ(m.problems.size(), 1u);
  EXPECT_NE(m.problems[0].reason.find("parent"), std::string::npos);
}

TEST(PlaceIndexTest, UnknownNameIsReportedNotGuessed) {
  PlaceIndex index = Index();
  PlaceQuery q;
  q.country = "Afghanistan";
  q.names[1] = "Ghor";
  q.names[2] = "Lal";
  PlaceMatch m = index.Resolve(q);
  ASSERT_NE(m.place, nullptr);
  EXPECT_EQ(m.place->pcode, "AF23");  // the part that did resolve
  ASSERT_EQ(m.problems.size(), 1u);
  EXPECT_EQ(m.problems[0].level, 2);
  EXPECT_NE(m.problems[0].reason.find("not found in 'Ghor'"), std::string::npos);
}

TEST(PlaceIndexTest, CountryWithoutPcodesIsSaid) {
  PlaceIndex index = Index();
  PlaceQuery q;
  q.country = "Chad";
  q.names[1] = "Logone Oriental";
  PlaceMatch m = index.Resolve(q);
  EXPECT_EQ(m.place, nullptr);
  EXPECT_EQ(m.country, "TCD");
  ASSERT_EQ(m.problems.size(), 1u);
  EXPECT_NE(m.problems[0].reason.find("no p-codes loaded for TCD"), std::string::npos);
}

// A source over the test store that counts what the index asks of it.
class CountingSource : public PlaceSource {
 public:
  explicit CountingSource(Store& store) : store_(store) {}
  Result<std::optional<Place>> FindPlace(std::string_view pcode) override {
    ++finds;
    return store_.GetPlace(pcode);
  }
  Result<std::vector<Place>> CountryPlaces(std::string_view iso3) override {
    countries.emplace_back(iso3);
    if (fail) return IoError("disk on fire");
    return store_.ListCountryPlaces(iso3);
  }
  int finds = 0;
  std::vector<std::string> countries;
  bool fail = false;

 private:
  Store& store_;
};

TEST(PlaceIndexTest, LoadsOnlyTheCountriesRowsNeedOnce) {
  auto store = testing::StoreWithPlaces();
  CountingSource source(*store);
  PlaceIndex index(source);
  PlaceQuery by_code;
  by_code.codes[2] = "AF2307";
  EXPECT_EQ(index.Resolve(by_code).ancestors[1], "AF23");
  PlaceQuery by_name;
  by_name.country = "AFG";
  by_name.names[1] = "Bamyan";
  by_name.names[2] = "Shibar";
  PlaceMatch m = index.Resolve(by_name);
  ASSERT_NE(m.place, nullptr);
  EXPECT_EQ(m.place->pcode, "AF1002");
  PlaceQuery unknown;
  unknown.codes[2] = "AF9999";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(index.Resolve(unknown).place, nullptr);
  EXPECT_EQ(source.countries, std::vector<std::string>{"AFG"});  // never GTM
  EXPECT_EQ(source.finds, 2);  // AF2307 once, AF9999 once however often it is asked
  EXPECT_TRUE(index.status().ok());
}

TEST(PlaceIndexTest, SourceFailureIsKept) {
  auto store = testing::StoreWithPlaces();
  CountingSource source(*store);
  source.fail = true;
  PlaceIndex index(source);
  PlaceQuery q;
  q.codes[1] = "AF23";
  EXPECT_EQ(index.Resolve(q).place, nullptr);
  EXPECT_EQ(index.status().code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace om
