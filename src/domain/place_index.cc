#include "domain/place_index.h"

#include "core/text.h"
#include "domain/countries.h"

namespace om {
namespace {

std::string NameKey(std::string_view parent, std::string_view loose) {
  std::string key(parent);
  key += '\x1f';
  key += loose;
  return key;
}

std::string NormalizeCode(std::string_view code) {
  std::string out;
  for (char c : Trim(code)) {
    if (c == ' ' || c == '-' || c == '_' || c == '.') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

const char* LevelWord(int level) {
  static const char* kWords[] = {"country", "adm1", "adm2", "adm3"};
  return kWords[level];
}

}  // namespace

std::string PlaceIndex::LooseName(std::string_view name) {
  std::string folded = FoldName(name);
  std::string out;
  for (char c : folded) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80) {
      out += c;
    }
  }
  return out;
}

PlaceIndex::PlaceIndex(std::vector<Place> places) { Add(std::move(places)); }

PlaceIndex::PlaceIndex(PlaceSource& source) : source_(&source) {}

void PlaceIndex::Add(std::vector<Place> places) {
  by_pcode_.reserve(by_pcode_.size() + places.size());
  const std::string* country = nullptr;  // the last one added to countries_
  for (Place& place : places) {
    if (by_pcode_.count(place.pcode)) continue;  // loaded with its country already
    const Place& p = places_.emplace_back(std::move(place));
    by_pcode_.emplace(p.pcode, &p);  // a view of the place's own p-code: places_ never moves it
    if (country == nullptr || *country != p.country) {
      countries_.insert(p.country);
      country = &p.country;
    }
    if (p.level >= 1) unnamed_[p.level == 1 ? p.country : p.parent_pcode].push_back(&p);
  }
}

// Folding every name costs more than the rest of loading a country, and a file that gives
// p-codes never looks a name up: the children of a parent have their names indexed when a name
// is first looked up under that parent.
void PlaceIndex::IndexNames(std::string_view parent) {
  auto it = unnamed_.find(parent);
  if (it == unnamed_.end()) return;
  for (const Place* p : it->second) {
    by_parent_name_[NameKey(parent, LooseName(p->name))].push_back(p);
  }
  unnamed_.erase(it);
}

void PlaceIndex::LoadCountry(std::string_view iso3) {
  if (source_ == nullptr || !status_.ok() || !loaded_countries_.emplace(iso3).second) return;
  auto places = source_->CountryPlaces(iso3);
  if (!places.ok()) {
    status_ = places.status();
    return;
  }
  Add(std::move(*places));
}

const Place* PlaceIndex::Find(std::string_view pcode) {
  if (auto it = by_pcode_.find(pcode); it != by_pcode_.end()) return it->second;
  std::string key(pcode);
  if (source_ == nullptr || !status_.ok() || key.empty() || unknown_pcodes_.count(key)) {
    return nullptr;
  }
  auto place = source_->FindPlace(key);
  if (!place.ok()) {
    status_ = place.status();
    return nullptr;
  }
  if (!place->has_value()) {
    unknown_pcodes_.insert(std::move(key));
    return nullptr;
  }
  LoadCountry((*place)->country);  // its ancestors and siblings come with it
  if (!status_.ok()) return nullptr;
  if (auto it = by_pcode_.find(key); it != by_pcode_.end()) return it->second;
  Add({std::move(**place)});  // not listed under its country (a source that disagrees)
  return by_pcode_.find(key)->second;
}

const Place* PlaceIndex::FindLoose(std::string_view code) {
  if (const Place* p = Find(Trim(code))) return p;
  return Find(NormalizeCode(code));
}

bool PlaceIndex::HasCountry(std::string_view iso3) {
  LoadCountry(iso3);
  return countries_.count(std::string(iso3)) > 0;
}

void PlaceIndex::FillAncestors(const Place* place, PlaceMatch& match) {
  match.place = place;
  match.country = place->country;
  for (const Place* p = place; p != nullptr && p->level >= 1;) {
    match.ancestors[p->level] = p->pcode;
    // A province's parent is its country, which ancestors[0] takes from place->country.
    p = p->level > 1 && !p->parent_pcode.empty() ? Find(p->parent_pcode) : nullptr;
  }
  match.ancestors[0] = place->country;
}

// Uses the deepest p-code that is known; checks that shallower codes given agree with it.
bool PlaceIndex::ResolveByCodes(const PlaceQuery& q, PlaceMatch& match) {
  const Place* deepest = nullptr;
  for (int level = 3; level >= 1; --level) {
    if (Trim(q.codes[level]).empty()) continue;
    const Place* p = FindLoose(q.codes[level]);
    if (p == nullptr) {
      match.problems.push_back({level, true,
                                std::string("unknown ") + LevelWord(level) + " p-code '" +
                                    std::string(Trim(q.codes[level])) + "'"});
      continue;
    }
    if (deepest == nullptr) {
      deepest = p;
      FillAncestors(p, match);
    } else if (match.ancestors[p->level] != p->pcode) {
      match.problems.push_back({level, true,
                                std::string(LevelWord(level)) + " p-code '" + p->pcode +
                                    "' does not contain " + LevelWord(deepest->level) + " '" +
                                    deepest->pcode + "'"});
    }
  }
  return deepest != nullptr;
}

void PlaceIndex::ResolveByNames(const PlaceQuery& q, PlaceMatch& match) {
  std::string parent = match.country;
  int parent_level = parent.empty() ? -1 : 0;
  for (int level = 1; level <= 3; ++level) {
    std::string_view name = Trim(q.names[level]);
    if (name.empty()) continue;
    if (parent_level != level - 1) {
      match.problems.push_back({level, false,
                                std::string(LevelWord(level)) + " '" + std::string(name) +
                                    "' not matched: its parent " + LevelWord(level - 1) +
                                    " is not known"});
      return;
    }
    IndexNames(parent);
    auto it = by_parent_name_.find(NameKey(parent, LooseName(name)));
    size_t found = it == by_parent_name_.end() ? 0 : it->second.size();
    if (found != 1) {
      std::string where =
          level == 1 ? parent : "'" + std::string(Find(parent)->name) + "' (" + parent + ")";
      match.problems.push_back({level, false,
                                std::string(LevelWord(level)) + " '" + std::string(name) + "' " +
                                    (found == 0 ? "not found in " : "is ambiguous in ") + where});
      return;
    }
    const Place* p = it->second.front();
    FillAncestors(p, match);
    parent = p->pcode;
    parent_level = level;
  }
}

PlaceMatch PlaceIndex::Resolve(const PlaceQuery& q) {
  PlaceMatch match;
  if (ResolveByCodes(q, match)) return match;
  std::string_view country_text = !Trim(q.codes[0]).empty() ? q.codes[0] : q.country;
  if (Trim(country_text).empty()) country_text = q.names[0];
  if (!Trim(country_text).empty()) {
    const Country* c = FindCountry(country_text);
    if (c == nullptr && !Trim(q.names[0]).empty()) c = FindCountry(q.names[0]);
    if (c == nullptr) {
      match.problems.push_back(
          {0, false, "unknown country '" + std::string(Trim(country_text)) + "'"});
      return match;
    }
    match.country = c->iso3;
    match.ancestors[0] = c->iso3;
  }
  bool any_name =
      !Trim(q.names[1]).empty() || !Trim(q.names[2]).empty() || !Trim(q.names[3]).empty();
  if (any_name && !match.country.empty() && !HasCountry(match.country)) {
    match.problems.push_back(
        {1, false,
         "no p-codes loaded for " + match.country + " (run: onemission import pcodes FILE)"});
    return match;
  }
  ResolveByNames(q, match);
  return match;
}

}  // namespace om
