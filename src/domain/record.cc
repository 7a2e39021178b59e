#include "domain/record.h"

namespace om {

const char* ClassificationName(Classification c) {
  switch (c) {
    case Classification::kPublic:
      return "public";
    case Classification::kInternal:
      return "internal";
    case Classification::kRestricted:
      return "restricted";
  }
  return "internal";
}

bool ParseClassification(std::string_view text, Classification& out) {
  if (text == "public")
    out = Classification::kPublic;
  else if (text == "internal")
    out = Classification::kInternal;
  else if (text == "restricted")
    out = Classification::kRestricted;
  else
    return false;
  return true;
}

}  // namespace om
