#include "io/csv_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace om {
namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows ReadAll(CsvReader& reader, std::vector<int64_t>* lines = nullptr) {
  Rows rows;
  CsvRecord rec;
  while (reader.Next(rec)) {
    rows.push_back(rec.ToStrings());
    if (lines) lines->push_back(rec.line);
  }
  EXPECT_TRUE(reader.status().ok()) << reader.status().ToString();
  return rows;
}

Rows ReadString(std::string data, std::vector<int64_t>* lines = nullptr) {
  auto reader = CsvReader::FromString(std::move(data));
  return ReadAll(*reader, lines);
}

TEST(CsvReaderTest, ReadsPlainRecordsAndLineNumbers) {
  std::vector<int64_t> lines;
  Rows rows = ReadString("a,b,c\n1,2,3\n", &lines);
  EXPECT_EQ(rows, (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ(lines, (std::vector<int64_t>{1, 2}));
}

TEST(CsvReaderTest, StripsUtf8BomAndReportsIt) {
  auto reader = CsvReader::FromString("\xEF\xBB\xBFname,x\nCaf\xC3\xA9,1\n");
  Rows rows = ReadAll(*reader);
  EXPECT_EQ(reader->encoding(), TextEncoding::kUtf8Bom);
  EXPECT_EQ(rows, (Rows{{"name", "x"}, {"Café", "1"}}));
}

TEST(CsvReaderTest, ConvertsWindows1252) {
  auto reader = CsvReader::FromString("name;place\nCaf\xE9;Gen\xE8ve\n\x80 5;ok\n");
  Rows rows = ReadAll(*reader);
  EXPECT_EQ(reader->encoding(), TextEncoding::kWindows1252);
  EXPECT_EQ(reader->separator(), ';');
  EXPECT_EQ(rows, (Rows{{"name", "place"}, {"Café", "Genève"}, {"€ 5", "ok"}}));
}

TEST(CsvReaderTest, RepairsAStrayWindows1252ByteAfterTheSample) {
  // The sample (first 64 KiB) is valid UTF-8; a later record has a Latin-1 byte.
  std::string data = "name,n\n";
  while (data.size() < 70 * 1024) data += "S\xC3\xA3o Tom\xC3\xA9,1\n";
  data += "Caf\xE9 S\xC3\xA3o,2\n";
  auto reader = CsvReader::FromString(data);
  Rows rows = ReadAll(*reader);
  EXPECT_EQ(reader->encoding(), TextEncoding::kUtf8);
  EXPECT_EQ(rows[1][0], "São Tomé");
  EXPECT_EQ(rows.back(), (std::vector<std::string>{"Café São", "2"}));
}

TEST(CsvReaderTest, DecodesUtf16LittleAndBigEndian) {
  std::string text = "a,b\r\nCaf\u00e9,\U0001F600\r\n";  // includes a surrogate pair
  std::u16string units = u"a,b\r\nCaf\u00e9,\U0001F600\r\n";
  std::string le = "\xFF\xFE";
  std::string be = "\xFE\xFF";
  for (char16_t u : units) {
    le += static_cast<char>(u & 0xFF);
    le += static_cast<char>(u >> 8);
    be += static_cast<char>(u >> 8);
    be += static_cast<char>(u & 0xFF);
  }
  for (const std::string& data : {le, be}) {
    auto reader = CsvReader::FromString(data);
    Rows rows = ReadAll(*reader);
    EXPECT_EQ(reader->encoding(), TextEncoding::kUtf16);
    EXPECT_EQ(rows, (Rows{{"a", "b"}, {"Café", "\U0001F600"}}));
  }
}

TEST(CsvReaderTest, HandlesCrlfCrAndLf) {
  std::vector<int64_t> lines;
  Rows rows = ReadString("a,b\r\n1,2\r3,4\n5,6", &lines);
  EXPECT_EQ(rows, (Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}, {"5", "6"}}));
  EXPECT_EQ(lines, (std::vector<int64_t>{1, 2, 3, 4}));
}

TEST(CsvReaderTest, QuotedFieldsKeepSeparatorsQuotesAndNewlines) {
  std::vector<int64_t> lines;
  Rows rows = ReadString("id,text\r\n1,\"a, \"\"b\"\"\r\nc\"\r\n2,\"x\ny\nz\"\n3,end\n", &lines);
  EXPECT_EQ(rows, (Rows{{"id", "text"}, {"1", "a, \"b\"\r\nc"}, {"2", "x\ny\nz"}, {"3", "end"}}));
  EXPECT_EQ(lines, (std::vector<int64_t>{1, 2, 4, 7}));
}

TEST(CsvReaderTest, LenientOnStrayQuotes) {
  Rows rows = ReadString("a,b\nsay \"hi\",x\n\"q\"tail,y\n\"open,z\n");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"say \"hi\"", "x"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"qtail", "y"}));
  EXPECT_EQ(rows[3], (std::vector<std::string>{"open,z\n"}));  // unterminated: rest of file
}

TEST(CsvReaderTest, SkipsEmptyLinesAndLinesOfSeparators) {
  std::vector<int64_t> lines;
  Rows rows = ReadString("\n\na,b\n\n,\n\r\n1,2\n,,,\n", &lines);
  EXPECT_EQ(rows, (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(lines, (std::vector<int64_t>{3, 7}));
}

TEST(CsvReaderTest, DetectsSeparators) {
  EXPECT_EQ(CsvReader::FromString("a;b;c\n1;2,5;3\n")->separator(), ';');
  EXPECT_EQ(CsvReader::FromString("a\tb\n1\t2\n")->separator(), '\t');
  EXPECT_EQ(CsvReader::FromString("a|b|c\n1|2|3\n")->separator(), '|');
  EXPECT_EQ(CsvReader::FromString("\"x;y\",b\n\"1;2\",3\n")->separator(), ',');
  EXPECT_EQ(CsvReader::FromString("single\nvalue\n")->separator(), ',');
  // Inside quotes nothing counts: a doubled quote does not end the field, nor does a line end.
  EXPECT_EQ(CsvReader::FromString("\"a;\"\"b;\nc;\",d\n\"1;\",2\n")->separator(), ',');
  EXPECT_EQ(CsvReader::FromString("x;y\n\"a,b,c\";1\n")->separator(), ';');
  Rows rows = ReadString("a;b\n\"1;2\";3,5\n");
  EXPECT_EQ(rows, (Rows{{"a", "b"}, {"1;2", "3,5"}}));
}

TEST(CsvReaderTest, KeepsSurroundingSpacesAndOpensQuoteAfterSpaces) {
  Rows rows = ReadString("a, b ,c\n1, \"x,y\",3\n");
  EXPECT_EQ(rows, (Rows{{"a", " b ", "c"}, {"1", "x,y", "3"}}));
}

TEST(CsvReaderTest, StreamsInChunksAcrossBoundaries) {
  // Records straddle the 64 KiB chunk boundary at every offset of a quoted CRLF field.
  std::string data = "k,v\r\n";
  int count = 0;
  while (data.size() < 300 * 1024) {
    data += std::to_string(count++) + ",\"l1\r\nl\"\"2\"\r\n";
  }
  auto reader = CsvReader::FromStream(std::make_unique<std::istringstream>(data), data.size());
  CsvRecord rec;
  ASSERT_TRUE(reader->Next(rec));
  int seen = 0;
  while (reader->Next(rec)) {
    ASSERT_EQ(rec.fields.size(), 2u);
    EXPECT_EQ(rec.fields[0], std::to_string(seen));
    EXPECT_EQ(rec.fields[1], "l1\r\nl\"2");
    EXPECT_EQ(rec.line, 2 + 2 * seen);
    ++seen;
  }
  EXPECT_EQ(seen, count);
  EXPECT_EQ(reader->bytes_read(), data.size());
  EXPECT_EQ(reader->total_bytes(), data.size());
}

// Records without quotes are split in one pass (CsvReader::Impl::ParsePlainRecord), the others
// field by field: random unquoted text, with every kind of line end, empty lines and non-ASCII
// letters, reads as a plain line-and-separator split says it should.
TEST(CsvReaderTest, PlainRecordsSplitAsLinesAndSeparators) {
  std::mt19937 random(7);
  // Long runs too, so that lines span several 16-byte blocks with separators on either side of
  // each block's edge.
  const std::vector<std::string> pieces = {
      "a", "b", " ", ",", ",", ",,", "\r", "\n", "\r\n", "\xC3\xA9", "abcdefghijklm", ",x,y,z,"};
  for (int round = 0; round < 400; ++round) {
    std::string data = "h1,h2,h3\n";
    int length = static_cast<int>(random() % 120);
    for (int i = 0; i < length; ++i) data += pieces[random() % pieces.size()];
    Rows expected;
    std::vector<int64_t> expected_lines;
    int64_t line = 1;
    for (size_t start = 0; start < data.size();) {
      size_t stop = data.find_first_of("\r\n", start);
      if (stop == std::string::npos) stop = data.size();
      std::vector<std::string> fields;
      for (size_t f = start;;) {
        size_t comma = data.find(',', f);
        if (comma == std::string::npos || comma > stop) comma = stop;
        fields.push_back(data.substr(f, comma - f));
        if (comma == stop) break;
        f = comma + 1;
      }
      bool empty = std::all_of(fields.begin(), fields.end(), [](auto& f) { return f.empty(); });
      if (!empty) {
        expected.push_back(fields);
        expected_lines.push_back(line);
      }
      ++line;
      start = stop + (data.compare(stop, 2, "\r\n") == 0 ? 2 : 1);
    }
    std::vector<int64_t> lines;
    EXPECT_EQ(ReadString(data, &lines), expected) << "input: " << data;
    EXPECT_EQ(lines, expected_lines) << "input: " << data;
  }
}

// Random records of plain and quoted fields (separators, doubled quotes and line ends inside the
// quotes, empty quoted fields), read by whichever path fits each, give back every field and the
// line each record starts on.
TEST(CsvReaderTest, QuotedAndPlainFieldsReadBackAsWritten) {
  std::mt19937 random(11);
  const std::vector<std::string> plain = {"a", "b", " ", "\xC3\xA9", "x1"};
  const std::vector<std::string> quoted = {"a", " ", ",", "\"\"", "\xC3\xA9", "\n", "\r\n"};
  const std::vector<std::string> line_ends = {"\n", "\r\n", "\r"};
  for (int round = 0; round < 200; ++round) {
    std::string data = "h1,h2,h3\n";
    Rows expected = {{"h1", "h2", "h3"}};
    std::vector<int64_t> expected_lines = {1};
    int64_t line = 2;
    for (int r = static_cast<int>(random() % 6); r > 0; --r) {
      std::vector<std::string> fields;
      int64_t breaks = 0;
      for (int f = 1 + static_cast<int>(random() % 4); f > 0; --f) {
        std::string value;
        if (random() % 2 == 0) {
          for (int k = static_cast<int>(random() % 4); k > 0; --k) value += plain[random() % 5];
          data += value;
        } else {
          data += '"';
          for (int k = static_cast<int>(random() % 4); k > 0; --k) {
            const std::string& piece = quoted[random() % quoted.size()];
            data += piece;
            value += piece == "\"\"" ? "\"" : piece;
            breaks += piece == "\n" || piece == "\r\n";
          }
          data += '"';
        }
        fields.push_back(value);
        if (f > 1) data += ',';
      }
      data += line_ends[random() % line_ends.size()];
      bool empty = std::all_of(fields.begin(), fields.end(), [](auto& f) { return f.empty(); });
      if (!empty) {
        expected.push_back(fields);
        expected_lines.push_back(line);
      }
      line += 1 + breaks;
    }
    std::vector<int64_t> lines;
    EXPECT_EQ(ReadString(data, &lines), expected) << "input: " << data;
    EXPECT_EQ(lines, expected_lines) << "input: " << data;
  }
}

// The one-pass path (fields left in the buffer as views) and the general byte-by-byte path read
// any input alike: random records of plain and quoted fields, stray quotes, quotes after spaces,
// text after a closing quote, doubled quotes, quoted line ends, non-ASCII and invalid bytes, long
// fields across 16-byte blocks, with and without a line end at the very end.
TEST(CsvReaderTest, FastPathAgreesWithGeneralPath) {
  std::mt19937 random(23);
  const std::vector<std::string> pieces = {
      "a",      "bc",       " ",        ",",        ",",
      ";",      "\"",       "\"\"",     "\r",       "\n",
      "\r\n",   "\xC3\xA9", "\xE9",     "\x80\x81", "abcdefghijklmnopq",
      " \"q\"", "\"x,y\"",  "\"\"\"\"", "\"a\nb\""};
  for (int round = 0; round < 3000; ++round) {
    std::string data = round % 2 == 0 ? "h1,h2,h3\n" : "";
    int length = static_cast<int>(random() % 60);
    for (int i = 0; i < length; ++i) data += pieces[random() % pieces.size()];
    auto fast = CsvReader::FromString(data);
    auto general = CsvReader::FromString(data);
    general->SetFastPathForTesting(false);
    std::vector<int64_t> fast_lines;
    std::vector<int64_t> general_lines;
    ASSERT_EQ(ReadAll(*fast, &fast_lines), ReadAll(*general, &general_lines)) << "input: " << data;
    ASSERT_EQ(fast_lines, general_lines) << "input: " << data;
  }
}

// A record's fields stay valid while the caller reads them, each record's own, and its doubled
// quotes and repaired bytes are rewritten while its plain fields are the file's own bytes.
TEST(CsvReaderTest, FieldsOfEachRecordAreItsOwn) {
  auto reader = CsvReader::FromString("a,\"b\"\"c\",d\r\n\"e\",f\xE9,g\n");
  CsvRecord rec;
  ASSERT_TRUE(reader->Next(rec));
  EXPECT_EQ(rec.ToStrings(), (std::vector<std::string>{"a", "b\"c", "d"}));
  ASSERT_TRUE(reader->Next(rec));
  EXPECT_EQ(rec.ToStrings(), (std::vector<std::string>{"e", "f\xC3\xA9", "g"}));
  EXPECT_FALSE(reader->Next(rec));
}

// Plain and quoted records in turn, the quoted ones with line ends inside: each is read by its
// own path and the line numbers carry from one to the next.
TEST(CsvReaderTest, PlainAndQuotedRecordsInTurn) {
  std::vector<int64_t> lines;
  Rows rows = ReadString("a,b\r\n\"x\r\ny\",c\r\nd,e\r\n\"q\"\"\",f\rg,h\n", &lines);
  EXPECT_EQ(rows, (Rows{{"a", "b"}, {"x\r\ny", "c"}, {"d", "e"}, {"q\"", "f"}, {"g", "h"}}));
  EXPECT_EQ(lines, (std::vector<int64_t>{1, 2, 4, 5, 6}));
}

TEST(CsvReaderTest, OpenFileReportsMissingFile) {
  auto reader = CsvReader::OpenFile("/nonexistent/file.csv");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kIoError);
}

TEST(CsvReaderTest, OpenFileReadsFixture) {
  auto reader = CsvReader::OpenFile(std::string(OM_TEST_DATA) + "/hxl/afg_3w_2021q3.csv");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  Rows rows = ReadAll(**reader);
  EXPECT_EQ((*reader)->encoding(), TextEncoding::kUtf8Bom);
  ASSERT_EQ(rows.size(), 2416u);
  EXPECT_EQ(rows[0][0], "REGION");
  EXPECT_EQ(rows[1][5], "#org +acronym");
}

TEST(CsvReaderTest, EmptyInputHasNoRecords) {
  EXPECT_TRUE(ReadString("").empty());
  EXPECT_TRUE(ReadString("\xEF\xBB\xBF").empty());
  EXPECT_TRUE(ReadString("\r\n\r\n").empty());
}

TEST(CsvReaderTest, AppendCsvRecordQuotesWhereNeeded) {
  std::string out;
  AppendCsvRecord(out, {"plain", "a,b", "say \"hi\"", "two\nlines", ""});
  EXPECT_EQ(out, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
  Rows rows = ReadString(out + out);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"plain", "a,b", "say \"hi\"", "two\nlines", ""}));
}

}  // namespace
}  // namespace om
