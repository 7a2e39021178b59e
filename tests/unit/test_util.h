// Helpers shared by unit tests: an in-memory store with a few real places loaded.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/store.h"

namespace om::testing {

// A migrated in-memory store with Afghanistan's Ghor and Bamyan provinces and some districts,
// and Guatemala's Guatemala department (p-codes as in the OCHA list).
inline std::unique_ptr<Store> StoreWithPlaces() {
  auto store = OpenMemoryStore();
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  std::vector<Place> places = {
      {"AFG", "Afghanistan", 0, "", "AFG", std::nullopt, std::nullopt},
      {"AF23", "Ghor", 1, "AFG", "AFG", 34.1, 64.9},
      {"AF2301", "Feroz Koh", 2, "AF23", "AFG", std::nullopt, std::nullopt},
      {"AF2307", "Lal Wa Sarjangal", 2, "AF23", "AFG", std::nullopt, std::nullopt},
      {"AF10", "Bamyan", 1, "AFG", "AFG", 34.8, 67.8},
      {"AF1001", "Bamyan", 2, "AF10", "AFG", std::nullopt, std::nullopt},
      {"AF1002", "Shibar", 2, "AF10", "AFG", std::nullopt, std::nullopt},
      // A district name that exists in two provinces: must never be matched across them.
      {"AF1003", "Kahmard", 2, "AF10", "AFG", std::nullopt, std::nullopt},
      {"AF2302", "Kahmard", 2, "AF23", "AFG", std::nullopt, std::nullopt},
      {"GTM", "Guatemala", 0, "", "GTM", std::nullopt, std::nullopt},
      {"GT01", "Guatemala", 1, "GTM", "GTM", std::nullopt, std::nullopt},
      {"GT0101", "Guatemala", 2, "GT01", "GTM", std::nullopt, std::nullopt},
      {"GT0108", "Mixco", 2, "GT01", "GTM", std::nullopt, std::nullopt},
  };
  int64_t created = 0, updated = 0;
  Status s = (*store)->UpsertPlaces(places, &created, &updated);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return std::move(*store);
}

// A database file of its own in the temporary directory, removed with its log and index files
// when the test ends (for tests that need several connections to one file).
class TempDatabase {
 public:
  explicit TempDatabase(const std::string& name)
      : path_((std::filesystem::temp_directory_path() /
               ("om_" + name + "_" + std::to_string(getpid()) + ".db"))
                  .string()) {}
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;
  ~TempDatabase() {
    for (const char* suffix : {"", "-wal", "-shm", "-audit"})
      std::filesystem::remove(path_ + suffix);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace om::testing
