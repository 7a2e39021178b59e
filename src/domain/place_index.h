// PlaceIndex: resolves the where of an imported row to a place, by p-code first and otherwise by
// names, each name looked up only among the children of its resolved parent (a district name is
// never searched for across the whole country). Unresolved and ambiguous names are reported,
// never guessed.
//
//   PlaceIndex index(places);
//   PlaceQuery q;  q.country = "AFG";  q.names[1] = "Ghor";  q.names[2] = "Lal Wa Sarjangal";
//   PlaceMatch m = index.Resolve(q);   // m.place -> AF2307, m.problems empty
//
// Immutable after construction; safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/registry.h"

namespace om {

struct PlaceQuery {
  std::string country;   // ISO2, ISO3 or a country name; "" = infer from p-codes
  std::string codes[4];  // p-codes per admin level (index 0 = country code)
  std::string names[4];  // names per admin level (index 0 = country name)
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

class PlaceIndex {
 public:
  explicit PlaceIndex(std::vector<Place> places);

  const Place* Find(std::string_view pcode) const;
  PlaceMatch Resolve(const PlaceQuery& query) const;
  bool HasCountry(std::string_view iso3) const;
  size_t size() const { return places_.size(); }

  // Folded form used for name comparison: accents, case, punctuation and spacing removed.
  static std::string LooseName(std::string_view name);

 private:
  const Place* FindLoose(std::string_view code) const;
  void FillAncestors(const Place* place, PlaceMatch& match) const;
  bool ResolveByCodes(const PlaceQuery& query, PlaceMatch& match) const;
  void ResolveByNames(const PlaceQuery& query, PlaceMatch& match) const;

  std::vector<Place> places_;
  std::unordered_map<std::string, size_t> by_pcode_;
  // parent p-code (ISO3 for level 1) + '\x1f' + loose name -> indexes of places
  std::unordered_map<std::string, std::vector<size_t>> by_parent_name_;
  std::unordered_map<std::string, bool> countries_;
};

}  // namespace om
