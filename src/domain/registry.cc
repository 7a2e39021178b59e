#include "domain/registry.h"

#include "core/text.h"

namespace om {

const char* OrgTypeName(OrgType t) {
  switch (t) {
    case OrgType::kMissionComponent:
      return "mission_component";
    case OrgType::kUnAgency:
      return "un_agency";
    case OrgType::kNgo:
      return "ngo";
    case OrgType::kDonor:
      return "donor";
    case OrgType::kGovernment:
      return "government";
    case OrgType::kOther:
      return "other";
  }
  return "other";
}

bool ParseOrgType(std::string_view text, OrgType& out) {
  static const std::pair<const char*, OrgType> kNames[] = {
      {"mission_component", OrgType::kMissionComponent},
      {"un_agency", OrgType::kUnAgency},
      {"ngo", OrgType::kNgo},
      {"donor", OrgType::kDonor},
      {"government", OrgType::kGovernment},
      {"other", OrgType::kOther}};
  for (const auto& [name, type] : kNames) {
    if (text == name) {
      out = type;
      return true;
    }
  }
  return false;
}

OrgType GuessOrgType(std::string_view label) {
  std::string f = FoldName(label);
  auto has = [&](const char* word) { return f.find(word) != std::string::npos; };
  if (f.empty()) return OrgType::kOther;
  OrgType exact;
  if (ParseOrgType(f, exact)) return exact;
  if (has("ngo") || has("ong") || has("red cross") || has("red crescent") || has("croix") ||
      has("cruz roja") || has("civil society") || has("sociedad civil") || has("societe civile")) {
    return OrgType::kNgo;
  }
  if (has("un ") || f == "un" || has("united nations") || has("nations unies") ||
      has("naciones unidas") || has("agency") || has("agencia") || has("agence") || has("fund") ||
      has("programme")) {
    return OrgType::kUnAgency;
  }
  if (has("gov") || has("gobierno") || has("gouvernement") || has("ministr") || has("municipal") ||
      has("public")) {
    return OrgType::kGovernment;
  }
  if (has("donor") || has("donante") || has("bailleur")) return OrgType::kDonor;
  if (has("mission") || has("military") || has("police") || has("force")) {
    return OrgType::kMissionComponent;
  }
  return OrgType::kOther;
}

const std::vector<Sector>& BuiltinSectors() {
  static const std::vector<Sector> kSectors = {
      {"CCCM", "Camp Coordination and Camp Management", "Coordination et gestion des camps", true},
      {"CP", "Child Protection", "Protection de l'enfance", true},
      {"CSH", "Multi-purpose Cash", "Transferts monétaires à usages multiples", true},
      {"COR", "Coordination and Common Services", "Coordination et services communs", true},
      {"ERY", "Early Recovery", "Relèvement précoce", true},
      {"EDU", "Education", "Éducation", true},
      {"ETC", "Emergency Telecommunications", "Télécommunications d'urgence", true},
      {"FSC", "Food Security", "Sécurité alimentaire", true},
      {"GBV", "Gender-Based Violence", "Violences basées sur le genre", true},
      {"HEA", "Health", "Santé", true},
      {"HLP", "Housing, Land and Property", "Logement, terre et propriété", true},
      {"LOG", "Logistics", "Logistique", true},
      {"MA", "Mine Action", "Action contre les mines", true},
      {"NUT", "Nutrition", "Nutrition", true},
      {"PRO", "Protection", "Protection", true},
      {"SHL", "Emergency Shelter and NFI", "Abris d'urgence et articles non alimentaires", true},
      {"WSH", "Water, Sanitation and Hygiene", "Eau, hygiène et assainissement", true},
  };
  return kSectors;
}

}  // namespace om
