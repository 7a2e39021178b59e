// PlaceIndex: resolves the where of an imported row to a place, by p-code first and otherwise by
// names, each name looked up only among the children of its resolved parent (a district name is
// never searched for across the whole country). Unresolved and ambiguous names are reported,
// never guessed.
//
//   PlaceIndex index(places);
//   PlaceQuery q;  q.country = "AFG";  q.names[1] = "Ghor";  q.names[2] = "Lal Wa Sarjangal";
//   PlaceMatch m = index.Resolve(q);   // m.place -> AF2307, m.problems empty
//
// Built on a PlaceSource (the store, in an import), it reads places one country at a time on
// first use, so a file about one country never loads the p-codes of the world. Not thread-safe:
// lookups fill the cache. A source failure stops loading and is kept in status().
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/status.h"
#include "domain/registry.h"

namespace om {

// The values of one row, as the file gives them: views, which must outlive the Resolve call.
struct PlaceQuery {
  std::string_view country;   // ISO2, ISO3 or a country name; "" = infer from p-codes
  std::string_view codes[4];  // p-codes per admin level (index 0 = country code)
  std::string_view names[4];  // names per admin level (index 0 = country name)
};

struct PlaceProblem {
  int level = 0;         // admin level of the offending value (0 = country)
  bool is_code = false;  // the value was a p-code (else a name)
  std::string reason;
};

struct PlaceMatch {
  const Place* place = nullptr;  // deepest resolved place; nullptr when none
  std::string country;           // ISO3 when known
  std::string ancestors[4];      // p-codes of the place and its ancestors by level
  std::vector<PlaceProblem> problems;
};

// Where a PlaceIndex reads places from on first use.
class PlaceSource {
 public:
  virtual ~PlaceSource() = default;
  virtual Result<std::optional<Place>> FindPlace(std::string_view pcode) = 0;
  // Every place of the country (ISO3), any level.
  virtual Result<std::vector<Place>> CountryPlaces(std::string_view iso3) = 0;
};

class PlaceIndex {
 public:
  explicit PlaceIndex(std::vector<Place> places);  // every place there is, loaded now
  explicit PlaceIndex(PlaceSource& source);        // places read on first use
  // Its maps hold pointers to, and views of, the places it owns: a copy would point into the
  // original. Moving keeps them (a deque's elements stay where they are).
  PlaceIndex(const PlaceIndex&) = delete;
  PlaceIndex& operator=(const PlaceIndex&) = delete;
  PlaceIndex(PlaceIndex&&) = default;
  PlaceIndex& operator=(PlaceIndex&&) = default;

  const Place* Find(std::string_view pcode);
  PlaceMatch Resolve(const PlaceQuery& query);
  bool HasCountry(std::string_view iso3);
  size_t size() const { return places_.size(); }  // places loaded so far
  const Status& status() const { return status_; }

  // Folded form used for name comparison: accents, case, punctuation and spacing removed.
  static std::string LooseName(std::string_view name);

 private:
  void Add(std::vector<Place> places);
  void LoadCountry(std::string_view iso3);
  const Place* FindLoose(std::string_view code);
  void FillAncestors(const Place* place, PlaceMatch& match);
  bool ResolveByCodes(const PlaceQuery& query, PlaceMatch& match);
  void ResolveByNames(const PlaceQuery& query, PlaceMatch& match);
  void IndexNames(std::string_view parent);  // moves its children from unnamed_ to by_parent_name_

  PlaceSource* source_ = nullptr;  // nullptr: everything is loaded
  Status status_;
  std::deque<Place> places_;  // a deque, so places keep their address as countries load
  std::unordered_map<std::string_view, const Place*> by_pcode_;  // keys: the places' own p-codes
  // parent p-code (ISO3 for level 1) + '\x1f' + loose name -> places
  std::unordered_map<std::string, std::vector<const Place*>> by_parent_name_;
  // parent p-code (ISO3 for level 1) -> its children loaded and not yet in by_parent_name_; keys
  // are views of the children's own parent p-codes (or countries), which places_ never moves
  std::unordered_map<std::string_view, std::vector<const Place*>> unnamed_;
  std::unordered_set<std::string> countries_;         // with at least one place
  std::unordered_set<std::string> loaded_countries_;  // asked of the source
  std::unordered_set<std::string> unknown_pcodes_;    // asked of the source, not found
};

}  // namespace om
