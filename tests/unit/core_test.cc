#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <random>

#include "core/checksum.h"
#include "core/date.h"
#include "core/hex.h"
#include "core/money.h"
#include "core/sha256.h"
#include "core/text.h"

namespace om {
namespace {

TEST(DateTest, ParsesTheFormsFoundIn3wFiles) {
  EXPECT_EQ(ParseDate("2021-12-31")->ToIso(), "2021-12-31");
  EXPECT_EQ(ParseDate("31/12/2021")->ToIso(), "2021-12-31");
  EXPECT_EQ(ParseDate("12/31/2021")->ToIso(), "2021-12-31");  // unambiguous month-first
  EXPECT_EQ(ParseDate("01/02/2021")->ToIso(), "2021-02-01");  // day-first when ambiguous
  EXPECT_EQ(ParseDate("2021-07-01T10:00:00Z")->ToIso(), "2021-07-01");
  EXPECT_EQ(ParseDate("20210701")->ToIso(), "2021-07-01");
  EXPECT_TRUE(ParseDate("  ")->empty());
  EXPECT_FALSE(ParseDate("June").ok());
  EXPECT_FALSE(ParseDate("31/02/2021").ok());
  EXPECT_FALSE(ParseIsoDate("2021-7-1").ok());
  EXPECT_EQ(ParseDate("1.7.21")->ToIso(), "2021-07-01");
  EXPECT_EQ(ParseIsoDate("2021-07-01")->ToIso(), "2021-07-01");
  // Three numbers exactly, none empty or longer than four digits.
  for (const char* bad : {"2021-07-01-05", "1/2", "1/2/3/", "/1/2021", "1//2021", "1/2/20211",
                          "1/2/20x1", "2021-07-1x", "+1/2/2021", "1/-2/2021"}) {
    EXPECT_FALSE(ParseDate(bad).ok()) << bad;
  }
}

// UTC stamps (made without strftime, once a second per thread) read as strftime writes the same
// second, at any offset from now.
TEST(DateTest, TimeStampsAreUtcToTheSecond) {
  auto reference = [](std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return std::string(text);
  };
  std::time_t before = std::time(nullptr);
  std::string now = NowIso8601();
  std::time_t after = std::time(nullptr);
  EXPECT_TRUE(now == reference(before) || now == reference(after)) << now;
  // Stamps are kept for the second they were made in: another second gets its own.
  for (int64_t offset : {int64_t{-86400 * 400}, int64_t{0}, int64_t{59}, int64_t{86400 * 3000}}) {
    std::time_t first = std::time(nullptr) + offset;
    std::string stamp = IsoTimeFromNow(offset);
    std::time_t last = std::time(nullptr) + offset;
    EXPECT_TRUE(stamp == reference(first) || stamp == reference(last)) << offset << " " << stamp;
  }
  auto left = SecondsUntil(IsoTimeFromNow(3600));
  ASSERT_TRUE(left.has_value());
  EXPECT_GE(*left, 3598);
  EXPECT_LE(*left, 3600);
}

// Ten-character dates ("2021-07-01", "01/07/2021") are read by a shortcut; the same numbers
// written without leading zeros take the general path. Both must agree, valid or not.
TEST(DateTest, PaddedAndUnpaddedDatesReadTheSame) {
  std::mt19937 random(5);
  for (int round = 0; round < 20000; ++round) {
    char sep = "-/."[random() % 3];
    int a = static_cast<int>(random() % 40), b = static_cast<int>(random() % 15);
    int year = 1890 + static_cast<int>(random() % 330);
    bool year_first = random() % 2 == 0;
    char padded[32], unpadded[32];
    if (year_first) {
      std::snprintf(padded, sizeof padded, "%04d%c%02d%c%02d", year, sep, b, sep, a);
      std::snprintf(unpadded, sizeof unpadded, "%d%c%d%c%d", year, sep, b, sep, a);
    } else {
      std::snprintf(padded, sizeof padded, "%02d%c%02d%c%04d", a, sep, b, sep, year);
      std::snprintf(unpadded, sizeof unpadded, "%d%c%d%c%d", a, sep, b, sep, year);
    }
    auto fast = ParseDate(padded);
    auto general = ParseDate(unpadded);
    ASSERT_EQ(fast.ok(), general.ok()) << padded << " " << unpadded;
    if (fast.ok()) {
      ASSERT_EQ(fast->ToIso(), general->ToIso()) << padded << " " << unpadded;
    }
  }
}

TEST(MoneyTest, ParsesAmountsExactly) {
  EXPECT_EQ(*ParseAmount("1,234.56"), 123456);
  EXPECT_EQ(*ParseAmount("1 234,5"), 123450);
  EXPECT_EQ(*ParseAmount("$1,234"), 123400);
  EXPECT_EQ(*ParseAmount("USD 15000"), 1500000);
  EXPECT_EQ(*ParseAmount("1.234.567"), 123456700);
  EXPECT_FALSE(ParseAmount("twelve").ok());
  EXPECT_EQ(*ParseAmount("-1.5"), -150);
  EXPECT_EQ(*ParseAmount(" 007 "), 700);
  EXPECT_EQ(*ParseAmount(""), 0);
  EXPECT_FALSE(ParseAmount("-").ok());
  EXPECT_FALSE(ParseAmount("12-3").ok());  // a minus after digits is no sign
  EXPECT_EQ(*ParseAmount("9999999999999999"), 999999999999999900);  // 16 digits, the most
  EXPECT_EQ(*ParseAmount("99999999999999.99"), 9999999999999999);
  EXPECT_FALSE(ParseAmount("10000000000000000").ok());  // 17 digits
  EXPECT_FALSE(ParseAmount("00000000000000001").ok());  // leading zeros are digits too
  EXPECT_FALSE(ParseAmount("100000000000000000x").ok());
  EXPECT_EQ(FormatAmount(123450), "1234.50");
  EXPECT_EQ(FormatAmount(-5), "-0.05");
  EXPECT_EQ(FormatAmount(0), "0.00");
  EXPECT_EQ(FormatAmount(-123456789), "-1234567.89");
}

TEST(TextTest, TrimsAsciiWhitespaceOnly) {
  EXPECT_EQ(Trim("  AF2307 \t\r\n"), "AF2307");
  EXPECT_EQ(Trim("\v\fSave the  Children\f"), "Save the  Children");  // inner spaces kept
  EXPECT_EQ(Trim(" \t\n"), "");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim("x"), "x");
  EXPECT_EQ(Trim("\xc2\xa0x\xc2\xa0"), "\xc2\xa0x\xc2\xa0");  // no-break space is not ASCII
  EXPECT_EQ(Trim(std::string_view("\0x\0", 3)), std::string_view("\0x\0", 3));
}

TEST(TextTest, FoldsNameVariantsTogether) {
  EXPECT_EQ(FoldName("  Save the   Children "), "save the children");
  EXPECT_EQ(FoldName("Médecins Sans Frontières"), "medecins sans frontieres");
  EXPECT_EQ(FoldName("SANTÉ"), "sante");
  auto [name, acronym] = SplitAcronym("Save the Children (SCI)");
  EXPECT_EQ(name, "Save the Children");
  EXPECT_EQ(acronym, "SCI");
  EXPECT_EQ(SplitAcronym("UNICEF").second, "");
}

// The folding rules, one character at a time, written plainly: what FoldName and AppendFolded
// must agree with on any bytes.
std::string ReferenceFold(std::string_view text) {
  std::string out;
  bool pending_space = false;
  auto put = [&](char c) {
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += c;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xA0) {
      pending_space = true;
    } else if (c == 0xC2 && i + 1 < text.size() && next == 0xA0) {
      pending_space = true;
      ++i;
    } else if (c == 0xC3 && i + 1 < text.size() && next >= 0x80 && next <= 0xBF) {
      put("aaaaaaaceeeeiiiidnooooo*ouuuuytsaaaaaaaceeeeiiiidnooooo/ouuuuyty"[next - 0x80]);
      ++i;
    } else {
      put(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
    }
  }
  return out;
}

TEST(TextTest, FoldingAgreesWithTheRulesOnAnyBytes) {
  std::mt19937 random(7);
  const std::string pieces[] = {
      "a",        "Z",        "m",        " ",    "\t",       "\r\n", "\xc3",
      "\xc3\x89", "\xc3\xbf", "\xc3\x41", "\xc2", "\xc2\xa0", "\xa0", std::string(1, '\0'),
      "\x80",     "\xff",     "-",        "(",    "7"};
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    for (int n = static_cast<int>(random() % 24); n > 0; --n)
      text += pieces[random() % std::size(pieces)];
    ASSERT_EQ(FoldName(text), ReferenceFold(text)) << "round " << round;
    std::string appended = "prefix";
    AppendFolded(appended, text);
    ASSERT_EQ(appended, "prefix" + ReferenceFold(text)) << "round " << round;
  }
}

TEST(TextTest, ConvertsWindows1252AndValidatesUtf8) {
  EXPECT_EQ(Windows1252ToUtf8("Caf\xe9 \x80"), "Café €");
  EXPECT_TRUE(IsValidUtf8("Café"));
  EXPECT_FALSE(IsValidUtf8("Caf\xe9"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));
  // Past and across the eight-byte ASCII steps: every offset of a good and a bad sequence.
  for (size_t at = 0; at < 20; ++at) {
    std::string pad(at, 'a');
    EXPECT_TRUE(IsValidUtf8(pad + "Bogot\xc3\xa1" + pad)) << at;
    EXPECT_FALSE(IsValidUtf8(pad + "Bogot\xe1" + pad)) << at;
    EXPECT_FALSE(IsValidUtf8(pad + "\xe2\x82")) << at;  // cut short at the end
    EXPECT_TRUE(IsValidUtf8(pad + "\xe2\x82\xac")) << at;
  }
  // Random mixes of ASCII runs and good and bad sequences, against a byte-at-a-time reading.
  auto reference = [](std::string_view text) {
    for (size_t i = 0; i < text.size();) {
      auto c = static_cast<unsigned char>(text[i]);
      size_t extra = c < 0x80                 ? 0
                     : c >= 0xC2 && c <= 0xDF ? 1
                     : c >= 0xE0 && c <= 0xEF ? 2
                     : c >= 0xF0 && c <= 0xF4 ? 3
                                              : 9;
      if (extra == 9 || i + extra >= text.size() + (extra == 0)) return false;
      for (size_t k = 1; k <= extra; ++k) {
        if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
      }
      i += extra + 1;
    }
    return true;
  };
  std::mt19937 random(11);
  const std::string pieces[] = {
      "a",    "abcdefghijk", "\xc3\xa1", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xe1",
      "\xc3", "\x80",        " ",        "0123456"};
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    for (int n = static_cast<int>(random() % 12); n > 0; --n) {
      text += pieces[random() % std::size(pieces)];
    }
    ASSERT_EQ(IsValidUtf8(text), reference(text)) << "round " << round;
  }
}

TEST(TextTest, ContainsAgreesWithFind) {
  EXPECT_TRUE(Contains("", ""));
  EXPECT_TRUE(Contains("abc", ""));
  EXPECT_FALSE(Contains("", "a"));
  EXPECT_FALSE(Contains("ab", "abc"));
  EXPECT_TRUE(Contains("water", "water"));
  std::string long_text = std::string(40, 'x') + "needle";  // a match in the last bytes
  EXPECT_TRUE(Contains(long_text, "needle"));
  EXPECT_FALSE(Contains(long_text, "needles"));
  EXPECT_TRUE(Contains(long_text, "e"));
  // Random texts over a small alphabet (many partial matches), every length around the 16-byte
  // blocks, against std::string::find.
  std::mt19937 random(7);
  auto make = [&](size_t n) {
    std::string s(n, 'a');
    for (char& c : s) c = "abc\0"[random() % 4];
    return s;
  };
  for (int trial = 0; trial < 20000; ++trial) {
    std::string text = make(random() % 70);
    std::string needle = make(1 + random() % 6);
    if (random() % 3 == 0 && !text.empty()) {  // often a piece of the text itself
      size_t at = random() % text.size();
      needle = text.substr(at, 1 + random() % 20);
    }
    ASSERT_EQ(Contains(text, needle), text.find(needle) != std::string::npos)
        << "text '" << text << "' needle '" << needle << "'";
  }
}

TEST(ChecksumTest, Crc32cMatchesPublishedValuesOnEveryPath) {
  // RFC 3720 appendix B.4, and the customary check value.
  EXPECT_EQ(Crc32c("123456789"), 0xE3069283u);
  EXPECT_EQ(Crc32c(std::string(32, '\0')), 0x8A9136AAu);
  EXPECT_EQ(Crc32c(std::string(32, '\xff')), 0x62A8AB43u);
  std::string ascending(32, '\0');
  for (int i = 0; i < 32; ++i) ascending[static_cast<size_t>(i)] = static_cast<char>(i);
  EXPECT_EQ(Crc32c(ascending), 0x46DD794Eu);
  EXPECT_EQ(Crc32c(""), 0u);
  EXPECT_EQ(Crc32cPortable("123456789"), 0xE3069283u);
  std::mt19937 random(11);
  for (int trial = 0; trial < 2000; ++trial) {  // every length around the 8-byte steps
    std::string bytes(random() % 40, '\0');
    for (char& c : bytes) c = static_cast<char>(random());
    ASSERT_EQ(Crc32c(bytes), Crc32cPortable(bytes)) << bytes.size();
  }
}

// Every byte value, against printf's %02x; and written over a string that held longer text.
TEST(HexTest, EveryByteIsTwoLowerCaseDigits) {
  unsigned char bytes[256];
  std::string expected;
  for (int b = 0; b < 256; ++b) {
    bytes[b] = static_cast<unsigned char>(b);
    char digits[3];
    std::snprintf(digits, sizeof digits, "%02x", b);
    expected += digits;
  }
  EXPECT_EQ(ToHex(bytes, sizeof bytes), expected);
  std::string reused = "something longer than the result, to be replaced";
  ToHex(bytes + 250, 6, reused);
  EXPECT_EQ(reused, "fafbfcfdfeff");
}

TEST(ChecksumTest, Sha256MatchesPublishedValuesOnEveryPath) {
  auto hex = [](std::string_view data) {
    Sha256Digest d = Sha256(data);
    return ToHex(d.data(), d.size());
  };
  // FIPS 180-4 examples (NIST CSRC), and the empty message.
  EXPECT_EQ(hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  std::printf("SHA-256 with the CPU's SHA extensions: %s\n",
              Sha256UsesCpuExtensions() ? "yes" : "no (libsodium's code)");
  std::mt19937 random(12);
  for (size_t length = 0; length < 300; ++length) {  // every tail: one or two padding blocks
    std::string bytes(length, '\0');
    for (char& c : bytes) c = static_cast<char>(random());
    ASSERT_EQ(Sha256(bytes), Sha256Portable(bytes)) << length;
  }
}

}  // namespace
}  // namespace om
