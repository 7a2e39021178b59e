#include "store/sqlite/db.h"

#include <gtest/gtest.h>

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

// Repeating text is copied when bound (the caller's buffer may change after) and bound again
// only when it changes, or when something else was bound in between.
TEST(StmtTest, RepeatingTextIsCopiedAndBoundAgainOnlyWhenItChanges) {
  Db db;
  ASSERT_TRUE(db.Open(":memory:").ok());
  ASSERT_TRUE(db.Exec("CREATE TABLE t (a)").ok());
  Stmt& insert = static_cast<Stmt&>(db.Prepare("INSERT INTO t VALUES (?1)"));
  std::string buffer = "WSH";
  for (const char* next : {"WSH", "WSH", "EDU", "", "EDU", "null", "EDU", "int", "EDU"}) {
    std::string_view v = next;
    if (v == "null") {
      insert.BindNull(1);
    } else if (v == "int") {
      insert.Bind(1, int64_t{5});
    } else {
      buffer = next;
      insert.BindRepeating(1, buffer);
      buffer = "overwritten";  // SQLite holds its own copy
    }
    ASSERT_TRUE(insert.Run().ok());
    insert.Rewind();
  }
  Stmt& select =
      static_cast<Stmt&>(db.Prepare("SELECT group_concat(coalesce(quote(a), 'N'), ' ') FROM t"));
  ASSERT_TRUE(select.Step());
  EXPECT_EQ(select.Text(0), "'WSH' 'WSH' 'EDU' '' 'EDU' NULL 'EDU' 5 'EDU'");
}

// Static text is read from the caller's buffer at the step; the empty string is bound once and
// skipped while it stays empty, and any other binding after it still reaches SQLite.
TEST(StmtTest, StaticTextIsBoundEachTimeAndTheEmptyStringOnce) {
  Db db;
  ASSERT_TRUE(db.Open(":memory:").ok());
  ASSERT_TRUE(db.Exec("CREATE TABLE t (a)").ok());
  Stmt& insert = static_cast<Stmt&>(db.Prepare("INSERT INTO t VALUES (?1)"));
  std::string buffers[9];
  const char* values[] = {"", "", "a", "", "null", "", "int", "", "b"};
  for (int i = 0; i < 9; ++i) {
    std::string_view v = values[i];
    if (v == "null") {
      insert.BindNull(1);
    } else if (v == "int") {
      insert.Bind(1, int64_t{5});
    } else {
      buffers[i] = values[i];
      insert.BindStatic(1, buffers[i]);
    }
    ASSERT_TRUE(insert.Run().ok());
    insert.Rewind();
  }
  insert.Reset();  // cleared to NULL: the empty string is bound again after it
  insert.BindStatic(1, "");
  ASSERT_TRUE(insert.Run().ok());
  Stmt& select =
      static_cast<Stmt&>(db.Prepare("SELECT group_concat(coalesce(quote(a), 'N'), ' ') FROM t"));
  ASSERT_TRUE(select.Step());
  EXPECT_EQ(select.Text(0), "'' '' 'a' '' NULL '' 5 '' 'b' ''");
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
