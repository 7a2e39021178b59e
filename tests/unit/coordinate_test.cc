#include "core/coordinate.h"

#include <gtest/gtest.h>

namespace om {
namespace {

std::optional<double> Parsed(std::string_view text, double limit, DecimalComma comma) {
  std::optional<double> out;
  if (!ParseCoordinate(text, limit, comma, out)) return -999;  // marks a rejected cell
  return out;
}

TEST(CoordinateTest, NumbersWithinTheLimit) {
  EXPECT_EQ(Parsed("34.52", 90, DecimalComma::kRejected), 34.52);
  EXPECT_EQ(Parsed(" -64.9 ", 180, DecimalComma::kRejected), -64.9);
  EXPECT_EQ(Parsed("+12", 90, DecimalComma::kRejected), 12.0);
  EXPECT_EQ(Parsed("1.5e1", 90, DecimalComma::kRejected), 15.0);
  EXPECT_EQ(Parsed("-90", 90, DecimalComma::kRejected), -90.0);
}

TEST(CoordinateTest, EmptyCellIsNoCoordinate) {
  EXPECT_EQ(Parsed("", 90, DecimalComma::kAllowed), std::nullopt);
  EXPECT_EQ(Parsed("   ", 90, DecimalComma::kRejected), std::nullopt);
}

TEST(CoordinateTest, DecimalCommaOnlyWhereAllowed) {
  EXPECT_EQ(Parsed("34,52", 90, DecimalComma::kAllowed), 34.52);
  EXPECT_EQ(Parsed("34,52", 90, DecimalComma::kRejected), -999);
}

TEST(CoordinateTest, RejectsTextOutOfRangeAndNonFinite) {
  for (DecimalComma comma : {DecimalComma::kAllowed, DecimalComma::kRejected}) {
    EXPECT_EQ(Parsed("90.5", 90, comma), -999);
    EXPECT_EQ(Parsed("-181", 180, comma), -999);
    EXPECT_EQ(Parsed("12 N", 90, comma), -999);
    EXPECT_EQ(Parsed("nan", 90, comma), -999);
    EXPECT_EQ(Parsed("inf", 180, comma), -999);
    EXPECT_EQ(Parsed("1,2,3", 90, comma), -999);
  }
}

}  // namespace
}  // namespace om
