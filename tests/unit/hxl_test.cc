#include "io/hxl.h"

#include <gtest/gtest.h>

namespace om {
namespace {

TEST(HxlTagTest, ParsesHashtagAndAttributes) {
  auto tag = ParseHxlTag("#org+impl+name");
  ASSERT_TRUE(tag);
  EXPECT_EQ(tag->hashtag, "org");
  EXPECT_EQ(tag->attributes, (std::vector<std::string>{"impl", "name"}));
  EXPECT_TRUE(tag->Has("impl"));
  EXPECT_FALSE(tag->Has("prog"));
  EXPECT_EQ(tag->ToString(), "#org+impl+name");
}

TEST(HxlTagTest, AllowsSpacesAndIgnoresCase) {
  for (const char* cell :
       {"# org +impl +Name", "#ORG+IMPL+NAME", "  #org + impl+name  ", "#org\t+impl +name"}) {
    auto tag = ParseHxlTag(cell);
    ASSERT_TRUE(tag) << cell;
    EXPECT_EQ(tag->ToString(), "#org+impl+name") << cell;
  }
}

TEST(HxlTagTest, KeepsAttributeOrderAsWritten) {
  auto a = ParseHxlTag("#reached+f+children");
  auto b = ParseHxlTag("#reached +children +f");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->attributes, (std::vector<std::string>{"f", "children"}));
  EXPECT_EQ(b->attributes, (std::vector<std::string>{"children", "f"}));
  EXPECT_TRUE(b->Has("f") && b->Has("children"));
}

TEST(HxlTagTest, AcceptsPre10Tags) {
  EXPECT_EQ(ParseHxlTag("#lat_deg")->hashtag, "lat_deg");
  EXPECT_EQ(ParseHxlTag("#x_id")->hashtag, "x_id");
  EXPECT_EQ(ParseHxlTag("#adm1")->ToString(), "#adm1");
  EXPECT_EQ(ParseHxlTag("#sector/fr")->ToString(), "#sector+i_fr");
}

TEST(HxlTagTest, RejectsCellsThatAreNotTags) {
  for (const char* cell : {"", "   ", "org", "#", "# ", "#+impl", "#org+", "#org+impl name",
                           "#org-impl", "#1st", "#org+impl!", "text #org", "#sector/"}) {
    EXPECT_FALSE(ParseHxlTag(cell)) << cell;
  }
}

TEST(HxlTagRowTest, NeedsOneTagAndOnlyTags) {
  EXPECT_TRUE(IsHxlTagRow({"#org", "", "#sector +cluster", " "}));
  EXPECT_FALSE(IsHxlTagRow({"", " ", ""}));
  EXPECT_FALSE(IsHxlTagRow({"#org", "Organisation"}));
  EXPECT_FALSE(IsHxlTagRow({}));
}

}  // namespace
}  // namespace om
