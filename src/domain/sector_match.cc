#include "domain/sector_match.h"

#include <vector>

#include "core/text.h"

namespace om {
namespace {

struct Rule {
  const char* code;
  std::vector<const char*> codes;     // whole-label or prefix codes, folded
  std::vector<const char*> keywords;  // substrings of the folded label
};

const std::vector<Rule>& Rules() {
  // Order matters: more specific areas of responsibility before their parent cluster.
  static const std::vector<Rule> kRules = {
      {"CP",
       {"cp", "child protection"},
       {"child protection", "protection de l'enfan", "proteccion de la infancia",
        "proteccion infantil", "ninez", "ninos y ninas"}},
      {"GBV",
       {"gbv", "vbg"},
       {"gender-based", "gender based", "sgbv", "violence basee", "violences basees",
        "violencia basada", "vbg"}},
      {"MA",
       {"ma", "mine"},
       {"mine action", "action contre les mines", "antiminas", "demining", "explosive"}},
      {"HLP", {"hlp"}, {"housing, land", "housing land", "logement, terre"}},
      {"CCCM",
       {"cccm", "cm"},
       {"camp coordination", "camp management", "gestion des camps", "gestion de campamentos",
        "cccm"}},
      {"WSH",
       {"wash", "wsh", "eha", "ash"},
       {"water", "sanitation", "hygiene", "eau,", "eau et", "l'eau", "eau potable",
        "assainissement", "agua", "saneamiento", "wash"}},
      {"SHL",
       {"esnfi", "shelter", "snfi", "nfi", "abris"},
       {"shelter", "non-food", "non food", "nfi", "abri", "albergue", "refugio", "alojamiento",
        "core relief"}},
      {"FSC",
       {"fsc", "fsl", "fsac", "food", "sa"},
       {"food security", "food", "securite alimentaire", "seguridad alimentaria", "alimentaire",
        "alimentari", "agricultur", "livelihood", "medios de vida", "moyens d'existence"}},
      {"NUT", {"nut", "nutrition"}, {"nutrition", "nutricion"}},
      {"HEA", {"hea", "health", "sante", "salud"}, {"health", "sante", "salud", "medical"}},
      {"EDU", {"edu", "education"}, {"education", "educacion", "school", "ecole", "escuela"}},
      {"LOG", {"log", "logistics"}, {"logistic", "logistique", "logistica"}},
      {"ETC", {"etc", "tel"}, {"telecommunication", "telecomunicacion"}},
      {"ERY", {"ery", "er"}, {"early recovery", "relevement", "recuperacion temprana"}},
      {"CSH",
       {"mpc", "mpca", "cash"},
       {"multi-purpose cash", "multipurpose cash", "cash", "monetaire", "efectivo"}},
      {"COR", {"coord", "ccs"}, {"coordination", "coordinacion", "common services"}},
      {"PRO", {"pro", "prot", "protection", "proteccion"}, {"protection", "proteccion"}},
  };
  return kRules;
}

// Drops the "Operational Presence: " style prefix and "_OP" suffix some files add.
std::string StripDecorations(std::string folded) {
  if (size_t colon = folded.find(':'); colon != std::string::npos) {
    std::string head = folded.substr(0, colon);
    if (head.find("presence") != std::string::npos || head.find("cluster") != std::string::npos ||
        head.find("sector") != std::string::npos) {
      folded = std::string(Trim(folded.substr(colon + 1)));
    }
  }
  for (const char* suffix : {"_op", " cluster", " sector"}) {
    std::string s = suffix;
    if (folded.size() > s.size() && folded.compare(folded.size() - s.size(), s.size(), s) == 0) {
      folded.resize(folded.size() - s.size());
    }
  }
  return folded;
}

}  // namespace

std::string MatchBuiltinSector(std::string_view label) {
  std::string folded = StripDecorations(FoldName(label));
  if (folded.empty()) return {};
  for (const Rule& rule : Rules()) {
    for (const char* code : rule.codes) {
      if (folded == code) return rule.code;
    }
  }
  for (const Rule& rule : Rules()) {
    for (const char* keyword : rule.keywords) {
      if (folded.find(keyword) != std::string::npos) return rule.code;
    }
  }
  return {};
}

std::string SectorCodeFor(std::string_view label) {
  std::string folded = FoldName(label);
  std::string code;
  bool gap = false;
  for (char c : folded) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!keep) {
      gap = !code.empty();
      continue;
    }
    if (gap) code += '_';
    gap = false;
    code += static_cast<char>(c >= 'a' ? c - 'a' + 'A' : c);
    if (code.size() >= 32) break;
  }
  return code.empty() ? "OTHER" : code;
}

}  // namespace om
