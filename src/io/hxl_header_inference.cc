#include "io/hxl_header_inference.h"

#include <unordered_map>

#include "core/text.h"

namespace om::hxl_internal {
namespace {

// Folded header names (see FoldHeader) and the tag each implies, '|' between names.
struct HeaderRule {
  const char* tag;
  const char* names;
};

constexpr HeaderRule kRules[] = {
    // The file's own row identifier. Only names that say "this row": "ACT ID", "activity code",
    // "project id" or "project code" usually name a category or project shared by many rows
    // (in the Guatemala 345W file "ACT ID" is an activity type while "ID" is the row).
    {"#activity+id", "id|row id|record id|activity id|identifiant|identificador"},
    {"#date+start",
     "start date|date start|start|starting date|activity start date|date de debut|date debut|"
     "debut|date de debut de l activite|fecha de inicio|fecha inicio|inicio|"
     "fecha de inicio de la actividad|data de inicio|data inicio|data de inicio da atividade"},
    {"#date+end",
     "end date|date end|end|finish date|completion date|activity end date|date de fin|date fin|"
     "fin|date de fin de l activite|fecha de finalizacion|fecha finalizacion|fecha de fin|"
     "fecha fin|fecha de termino|fecha de finalizacion de la actividad|data de fim|data fim|fim|"
     "data de termino|data de conclusao|data de fim da atividade"},
    // "estado" is also a state (an admin area) in Mexico, Venezuela or Brazil: a wrong guess
    // gives an "unknown status" warning per row, never a rejected row or a misplaced activity.
    {"#status",
     "status|activity status|statut|statut de l activite|etat|etat d avancement|estado|estatus|"
     "estado de la actividad|estado da atividade|status da atividade"},
    {"#activity+name",
     "activity|activities|activity name|activity title|activite|activites|nom de l activite|"
     "intitule de l activite|titre de l activite|actividad|actividades|nombre de la actividad|"
     "atividade|atividades|nome da atividade"},
    // A project name is a title only when the file names no activity: no +name, so it loses.
    {"#activity+project",
     "project name|project title|nom du projet|titre du projet|nombre del proyecto|"
     "nome do projeto"},
    {"#activity+description",
     "activity description|description of activity|description de l activite|"
     "descripcion de la actividad|descricao da atividade"},
    {"#description", "description|descripcion|descricao"},
    {"#org+funding",
     "donor|donors|donor organization|donor organisation|funding organization|"
     "funding organisation|funder|funders|bailleur|bailleurs|bailleur de fonds|"
     "bailleurs de fonds|donante|donantes|organizacion donante|financiador|financiadores|"
     "organizacion financiadora|doador|doadores|organizacao doadora|organizacao financiadora"},
    // Wins only where no #org column is tagged: a tagged #org is the implementing organization.
    {"#org+impl",
     "implementing partner|implementing partners|implementing organization|"
     "implementing organisation|implementing agency|partenaire de mise en oeuvre|"
     "partenaire d execution|organisation de mise en oeuvre|organizacion implementadora|"
     "organizacion ejecutora|socio implementador|socio ejecutor|organizacao implementadora|"
     "parceiro implementador|parceiro de implementacao"},
    {"#value+budget",
     "budget|total budget|budget total|activity budget|presupuesto|presupuesto total|orcamento|"
     "orcamento total"},
    {"#value+cost",
     "cost|estimated cost|total cost|cout|cout estime|cout total|costo|costo estimado|"
     "costo total|coste|coste estimado|custo|custo estimado|custo total"},
    {"#currency", "currency|devise|monnaie|moneda|divisa|moeda"},
    // Totals only: a bare "target" is as often an indicator's target (wells, sessions) as people.
    {"#reached+total",
     "people reached|persons reached|individuals reached|beneficiaries reached|total reached|"
     "personnes atteintes|beneficiaires atteints|personas alcanzadas|beneficiarios alcanzados|"
     "personas atendidas|pessoas alcancadas|pessoas atingidas|pessoas atendidas|"
     "beneficiarios atingidos"},
    {"#targeted+total",
     "people targeted|persons targeted|individuals targeted|beneficiaries targeted|"
     "targeted beneficiaries|total targeted|personnes ciblees|beneficiaires cibles|"
     "personas meta|poblacion meta|personas objetivo|beneficiarios meta|pessoas alvo|"
     "populacao alvo|beneficiarios alvo"},
};

// How a budget header may say its amounts are US dollars: "Budget USD", "Presupuesto en USD".
constexpr std::string_view kUsdSuffixes[] = {" usd", " in usd", " en usd", " em usd", " us"};

const std::unordered_map<std::string, HxlTag>& RulesByName() {
  static const auto* rules = [] {
    auto* map = new std::unordered_map<std::string, HxlTag>();
    for (const HeaderRule& rule : kRules) {
      HxlTag tag = *ParseHxlTag(rule.tag);
      for (std::string_view name : SplitView(rule.names, '|')) map->emplace(name, tag);
    }
    return map;
  }();
  return *rules;
}

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// "StartDate" -> "Start Date"; "Partenaire de mise en œuvre" -> "... oeuvre".
std::string SplitCamelCaseAndLigatures(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (i > 0 && c >= 'A' && c <= 'Z' && text[i - 1] >= 'a' && text[i - 1] <= 'z') out += ' ';
    if (c == '\xC5' && i + 1 < text.size() && (text[i + 1] == '\x92' || text[i + 1] == '\x93')) {
      out += "oe";  // U+0152 / U+0153
      ++i;
      continue;
    }
    out += c;
  }
  return out;
}

// Words of text (ASCII punctuation is a separator), single-spaced.
std::string Words(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (IsWordByte(static_cast<unsigned char>(c))) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::optional<HxlTag> Lookup(const std::string& name) {
  const auto& rules = RulesByName();
  auto it = rules.find(name);
  if (it == rules.end()) return std::nullopt;
  return it->second;
}

// "budget usd" -> #value+budget+usd: only for the amount columns, and only for dollars.
std::optional<HxlTag> LookupUsdBudget(const std::string& name, const std::string& note) {
  bool note_is_usd = note == "usd" || note == "us" || note == "us dollars";
  std::optional<HxlTag> tag;
  if (note_is_usd) tag = Lookup(name);
  for (std::string_view suffix : kUsdSuffixes) {
    if (tag || note_is_usd || name.size() <= suffix.size() || !name.ends_with(suffix)) continue;
    tag = Lookup(name.substr(0, name.size() - suffix.size()));
  }
  if (!tag || tag->hashtag != "value") return std::nullopt;
  tag->attributes.push_back("usd");
  return tag;
}

}  // namespace

std::string FoldHeader(std::string_view header, std::string& note) {
  std::string folded = FoldName(SplitCamelCaseAndLigatures(header));
  std::string outside;
  std::string inside;
  int depth = 0;
  for (char c : folded) {
    if (c == '(' || c == '[') {
      ++depth;
      inside += ' ';
    } else if ((c == ')' || c == ']') && depth > 0) {
      --depth;
    } else {
      (depth > 0 ? inside : outside) += c;
    }
  }
  note = Words(inside);
  return Words(outside);
}

std::optional<HxlTag> InferHxlTag(std::string_view header) {
  std::string note;
  std::string name = FoldHeader(header, note);
  if (name.empty()) return std::nullopt;
  if (auto usd = LookupUsdBudget(name, note)) return usd;
  std::optional<HxlTag> tag = Lookup(name);
  // An amount in an unnamed or other currency ("Budget (EUR)") would be taken for dollars.
  if (tag && tag->hashtag == "value" && !note.empty()) return std::nullopt;
  return tag;
}

}  // namespace om::hxl_internal
