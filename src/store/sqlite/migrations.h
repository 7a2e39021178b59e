// Numbered schema migrations, embedded in the binary. Never edit a released migration: add the
// next number. `onemission migrate` (and every open of a database by the server) applies those
// not yet applied, each in its own transaction, and records them in schema_migrations.
#pragma once

#include <vector>

namespace om::sqlite {

struct Migration {
  int number;
  const char* name;
  const char* sql;
};

const std::vector<Migration>& Migrations();

}  // namespace om::sqlite
