#include "store/sqlite/db.h"

#include <gtest/gtest.h>

#include <deque>
#include <initializer_list>
#include <string>

namespace om::sqlite {
namespace {

// A parameter bound again to the NULL or integer it already holds is left as it is (Stmt skips
// the call); every other change still reaches SQLite, across Rewind (bindings kept) and Reset
// (bindings cleared to NULL).
TEST(StmtTest, RepeatedNullAndIntegerBindingsAreSkippedAndChangesAreNot) {
  Db db;
  ASSERT_TRUE(db.Open(":memory:").ok());
  ASSERT_TRUE(db.Exec("CREATE TABLE t (a, b, c)").ok());
  Stmt& insert = static_cast<Stmt&>(db.Prepare("INSERT INTO t VALUES (?1, ?2, ?3)"));
  auto row = [&](auto a, auto b, auto c) {
    a(insert, 1);
    b(insert, 2);
    c(insert, 3);
    EXPECT_TRUE(insert.Run().ok());
    insert.Rewind();
  };
  auto null = [](Stmt& s, int i) { s.BindNull(i); };
  auto seven = [](Stmt& s, int i) { s.Bind(i, int64_t{7}); };
  auto eight = [](Stmt& s, int i) { s.Bind(i, int64_t{8}); };
  auto text = [](Stmt& s, int i) { s.BindStatic(i, "x"); };
  auto real = [](Stmt& s, int i) { s.Bind(i, 2.5); };
  row(null, seven, text);          // 1: NULL, 7, 'x'
  row(null, seven, null);          // 2: the same NULL and 7 again, the text to NULL
  row(seven, eight, seven);        // 3
  row(seven, null, real);          // 4
  row(text, null, seven);          // 5
  row(seven, eight, seven);        // 6: 7 after text, 8 after NULL, 7 after a double
  insert.Reset();                  // bindings cleared: all NULL now
  EXPECT_TRUE(insert.Run().ok());  // 7: NULL, NULL, NULL
  insert.Rewind();
  row(seven, seven, seven);  // 8: 7 again after the clear
  Stmt& select = static_cast<Stmt&>(db.Prepare(
      "SELECT group_concat(coalesce(quote(a), 'N') || ',' || coalesce(quote(b), 'N') || ',' || "
      "coalesce(quote(c), 'N'), ' ') FROM t"));
  ASSERT_TRUE(select.Step());
  EXPECT_EQ(select.Text(0),
            "NULL,7,'x' NULL,7,NULL 7,8,7 7,NULL,2.5 'x',NULL,7 7,8,7 NULL,NULL,NULL 7,7,7");
}

// Inserts a row into t (a) for each value in turn, through `insert`: "null" is bound as NULL,
// "int" as the integer 5, any other value by `bind_text`. Returns t's values, quoted, in order.
template <typename BindText>
std::string InsertInTurn(Db& db, Stmt& insert, std::initializer_list<const char*> values,
                         BindText bind_text) {
  for (const char* value : values) {
    std::string_view v = value;
    if (v == "null") {
      insert.BindNull(1);
    } else if (v == "int") {
      insert.Bind(1, int64_t{5});
    } else {
      bind_text(value);
    }
    EXPECT_TRUE(insert.Run().ok()) << value;
    insert.Rewind();
  }
  Stmt& select =
      static_cast<Stmt&>(db.Prepare("SELECT group_concat(coalesce(quote(a), 'N'), ' ') FROM t"));
  EXPECT_TRUE(select.Step());
  return select.Text(0);
}

// Repeating text is copied when bound (the caller's buffer may change after) and bound again
// only when it changes, or when something else was bound in between.
TEST(StmtTest, RepeatingTextIsCopiedAndBoundAgainOnlyWhenItChanges) {
  Db db;
  ASSERT_TRUE(db.Open(":memory:").ok());
  ASSERT_TRUE(db.Exec("CREATE TABLE t (a)").ok());
  Stmt& insert = static_cast<Stmt&>(db.Prepare("INSERT INTO t VALUES (?1)"));
  std::string buffer;
  auto bind = [&](const char* text) {
    buffer = text;
    insert.BindRepeating(1, buffer);
    buffer = "overwritten";  // SQLite holds its own copy
  };
  EXPECT_EQ(
      InsertInTurn(db, insert, {"WSH", "WSH", "EDU", "", "EDU", "null", "EDU", "int", "EDU"}, bind),
      "'WSH' 'WSH' 'EDU' '' 'EDU' NULL 'EDU' 5 'EDU'");
}

// Static text is read from the caller's buffer at the step; the empty string is bound once and
// skipped while it stays empty, and any other binding after it still reaches SQLite.
TEST(StmtTest, StaticTextIsBoundEachTimeAndTheEmptyStringOnce) {
  Db db;
  ASSERT_TRUE(db.Open(":memory:").ok());
  ASSERT_TRUE(db.Exec("CREATE TABLE t (a)").ok());
  Stmt& insert = static_cast<Stmt&>(db.Prepare("INSERT INTO t VALUES (?1)"));
  std::deque<std::string> buffers;  // each kept until the end: SQLite reads it at the step
  auto bind = [&](const char* text) { insert.BindStatic(1, buffers.emplace_back(text)); };
  InsertInTurn(db, insert, {"", "", "a", "", "null", "", "int", "", "b"}, bind);
  insert.Reset();  // cleared to NULL: the empty string is bound again after it
  EXPECT_EQ(InsertInTurn(db, insert, {""}, bind), "'' '' 'a' '' NULL '' 5 '' 'b' ''");
}

// A binding SQLite refuses (here: the statement is mid-step, not reset) is not remembered, so the
// same value bound again after the reset does reach SQLite.
TEST(StmtTest, ARefusedBindingIsNotRemembered) {
  Db db;
  ASSERT_TRUE(db.Open(":memory:").ok());
  Stmt& select = static_cast<Stmt&>(db.Prepare("SELECT ?1 FROM (SELECT 1 UNION ALL SELECT 2)"));
  for (bool text : {false, true}) {
    ASSERT_TRUE(select.Step());  // one row read, one to go: bindings cannot change now
    if (text) {
      select.BindRepeating(1, "x");  // refused (SQLITE_MISUSE)
    } else {
      select.Bind(1, int64_t{5});  // refused
    }
    select.Rewind();
    if (text) {
      select.BindRepeating(1, "x");
    } else {
      select.Bind(1, int64_t{5});
    }
    ASSERT_TRUE(select.Step());
    EXPECT_EQ(select.Text(0), text ? "x" : "5");
    select.Rewind();
  }
}

}  // namespace
}  // namespace om::sqlite
