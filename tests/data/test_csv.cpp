// read_csv: RFC 4180 edge cases and one test per kind of malformed file. Each
// error test checks that the message names the file, the line (and column
// where one character is at fault) and the offending text.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <string_view>

#include "host/data/csv.hpp"
#include "host/errors.hpp"

namespace {

namespace fs = std::filesystem;

// A fresh directory per test, so tests may run in parallel (ctest -j) and a
// failed run leaves nothing that changes the next one.
class CsvTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::random_device random;
    do {
      dir_ = fs::temp_directory_path() / ("priorsweep-csv-" + test + "-" + std::to_string(random()));
    } while (!fs::create_directory(dir_));
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(std::string_view contents, const std::string& name = "data.csv") const {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  fs::path dir_;
};

std::string input_error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const ps::InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ps::InputError";
  return "";
}

void expect_contains(const std::string& message, std::initializer_list<std::string_view> parts) {
  for (std::string_view part : parts) {
    EXPECT_NE(message.find(part), std::string::npos) << "message: " << message << "\nlacks: " << part;
  }
}

using Rows = std::vector<std::vector<std::string>>;

TEST_F(CsvTest, ReadsHeaderRowsAndLines) {
  const std::string path = write("id,time,status\n1,5.5,1\n2,3,0\n");
  const ps::CsvTable table = ps::read_csv(path);
  EXPECT_EQ(table.path, path);
  EXPECT_EQ(table.header, (std::vector<std::string>{"id", "time", "status"}));
  EXPECT_EQ(table.rows, (Rows{{"1", "5.5", "1"}, {"2", "3", "0"}}));
  EXPECT_EQ(table.line_of_row, (std::vector<int>{2, 3}));
  EXPECT_EQ(table.header_line, 1);
}

TEST_F(CsvTest, LastRowWithoutNewline) {
  const ps::CsvTable table = ps::read_csv(write("a,b\n1,2"));
  EXPECT_EQ(table.rows, (Rows{{"1", "2"}}));
}

TEST_F(CsvTest, QuotedFieldsKeepCommasNewlinesAndDoubledQuotes) {
  const ps::CsvTable table =
      ps::read_csv(write("id,note\n1,\"a, b\"\n2,\"first\nsecond\"\n3,\"say \"\"hi\"\"\"\n4,\"\"\n5,plain\n"));
  EXPECT_EQ(table.rows, (Rows{{"1", "a, b"}, {"2", "first\nsecond"}, {"3", "say \"hi\""}, {"4", ""}, {"5", "plain"}}));
  // The multi-line field moves every later row one line down.
  EXPECT_EQ(table.line_of_row, (std::vector<int>{2, 3, 5, 6, 7}));
}

TEST_F(CsvTest, QuotedHeaderNames) {
  const ps::CsvTable table = ps::read_csv(write("\"id\",\"time, days\"\n1,2\n"));
  EXPECT_EQ(table.header, (std::vector<std::string>{"id", "time, days"}));
}

TEST_F(CsvTest, CrlfLineEnds) {
  const ps::CsvTable table = ps::read_csv(write("a,b\r\n1,\"x\r\ny\"\r\n3,4\r\n"));
  EXPECT_EQ(table.header, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(table.rows, (Rows{{"1", "x\r\ny"}, {"3", "4"}}));
  EXPECT_EQ(table.line_of_row, (std::vector<int>{2, 4}));
}

TEST_F(CsvTest, LoneCarriageReturnEndsALine) {
  const ps::CsvTable table = ps::read_csv(write("a,b\r1,2\r3,4\r"));
  EXPECT_EQ(table.rows, (Rows{{"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(table.line_of_row, (std::vector<int>{2, 3}));
}

TEST_F(CsvTest, Utf8ByteOrderMarkIsIgnored) {
  const ps::CsvTable table = ps::read_csv(write("\xEF\xBB\xBFid,time\n1,2\n"));
  EXPECT_EQ(table.header, (std::vector<std::string>{"id", "time"}));
  EXPECT_EQ(table.column_index("id"), 0);
}

TEST_F(CsvTest, BlankLinesAreSkippedButCounted) {
  const ps::CsvTable table = ps::read_csv(write("\n\na,b\n\n1,2\n   \n\r\n3,4\n\n"));
  EXPECT_EQ(table.header_line, 3);
  EXPECT_EQ(table.rows, (Rows{{"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(table.line_of_row, (std::vector<int>{5, 8}));
}

TEST_F(CsvTest, TrimsUnquotedFieldsOnly) {
  const ps::CsvTable table = ps::read_csv(write("a , b\t\n  1 ,  \" 2 \"  \n"));
  EXPECT_EQ(table.header, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(table.rows, (Rows{{"1", " 2 "}}));
}

TEST_F(CsvTest, EmptyFieldsAreKept) {
  const ps::CsvTable table = ps::read_csv(write("a,b,c\n1,,\n,,\n"));
  EXPECT_EQ(table.rows, (Rows{{"1", "", ""}, {"", "", ""}}));
}

TEST_F(CsvTest, HeaderOnlyGivesNoRows) {
  const ps::CsvTable table = ps::read_csv(write("a,b\n"));
  EXPECT_EQ(table.header.size(), 2u);
  EXPECT_TRUE(table.rows.empty());
}

TEST_F(CsvTest, ColumnIndexFindsAndNamesMissingColumns) {
  const std::string path = write("id,time,status\n1,2,3\n");
  const ps::CsvTable table = ps::read_csv(path);
  EXPECT_EQ(table.column_index("status"), 2);
  EXPECT_EQ(table.find_column("nope"), -1);
  const std::string message = input_error_of([&] { table.column_index("tme"); });
  expect_contains(message, {path + ":1:", "'tme'", "expected one of: id, time, status"});
}

// ---- malformed files -------------------------------------------------------

TEST_F(CsvTest, MissingFileCannotBeOpened) {
  const std::string path = (dir_ / "absent.csv").string();
  const std::string message = input_error_of([&] { ps::read_csv(path); });
  expect_contains(message, {path + ": cannot open", "No such file"});
}

TEST_F(CsvTest, DirectoryCannotBeOpened) {
  const std::string path = dir_.string();
  const std::string message = input_error_of([&] { ps::read_csv(path); });
  expect_contains(message, {path + ": cannot open", "directory"});
}

TEST_F(CsvTest, EmptyFileHasNoHeader) {
  const std::string path = write("");
  expect_contains(input_error_of([&] { ps::read_csv(path); }), {path + ": ", "empty", "expected a header row"});
}

TEST_F(CsvTest, OnlyBlankLinesHasNoHeader) {
  const std::string path = write("\n  \r\n\n");
  expect_contains(input_error_of([&] { ps::read_csv(path); }), {path + ": ", "expected a header row"});
}

TEST_F(CsvTest, DuplicateHeaderName) {
  const std::string path = write("id,age,time,age\n1,2,3,4\n");
  expect_contains(input_error_of([&] { ps::read_csv(path); }),
                  {path + ":1: ", "'age'", "columns 2 and 4", "expected unique column names"});
}

TEST_F(CsvTest, EmptyHeaderName) {
  const std::string path = write("\nid,,time\n1,2,3\n");
  expect_contains(input_error_of([&] { ps::read_csv(path); }),
                  {path + ":2: ", "empty name for column 2", "expected every column to be named"});
}

TEST_F(CsvTest, RowWithTooManyFields) {
  const std::string path = write("a,b,c,d,e,f\n1,2,3,4,5,6\n1,2,3,4,5,6,7\n");
  expect_contains(input_error_of([&] { ps::read_csv(path); }),
                  {path + ":3: found 7 fields; expected 6 (the header's)"});
}

TEST_F(CsvTest, RowWithTooFewFieldsAfterAMultiLineField) {
  const std::string path = write("a,b,c\n1,\"x\ny\",3\n\n1,2\n");
  expect_contains(input_error_of([&] { ps::read_csv(path); }),
                  {path + ":5: found 2 fields; expected 3 (the header's)"});
}

TEST_F(CsvTest, UnterminatedQuote) {
  const std::string path = write("a,b\n1,2\n3,\"open\n4,5\n");
  expect_contains(input_error_of([&] { ps::read_csv(path); }),
                  {path + ":3:3: ", "never closed", "'open\\n4,5\\n'", "expected a closing '\"'"});
}

TEST_F(CsvTest, TextAfterClosingQuote) {
  const std::string path = write("a,b\n1,\"x\"y\n");
  expect_contains(input_error_of([&] { ps::read_csv(path); }),
                  {path + ":2:6: ", "found 'y' after the closing quote of 'x'", "expected ',' or the end of the line"});
}

TEST_F(CsvTest, QuoteInsideUnquotedField) {
  const std::string path = write("a,b\n1,5'3\"\n");
  expect_contains(input_error_of([&] { ps::read_csv(path); }),
                  {path + ":2:6: ", "inside the unquoted field '5\\'3\"'", "expected the whole field in quotes"});
}

}  // namespace
