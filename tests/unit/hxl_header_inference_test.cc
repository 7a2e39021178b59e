#include "io/hxl_header_inference.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/hxl_activity_map.h"

namespace om::hxl_internal {
namespace {

std::string Tag(std::string_view header) {
  auto tag = InferHxlTag(header);
  return tag ? tag->ToString() : "";
}

TEST(FoldHeaderTest, FoldsCaseAccentsPunctuationSpacingAndCamelCase) {
  std::string note;
  EXPECT_EQ(FoldHeader("  FECHA DE  FINALIZACIÓN ", note), "fecha de finalizacion");
  EXPECT_EQ(FoldHeader("Start_Date:", note), "start date");
  EXPECT_EQ(FoldHeader("StartDate", note), "start date");
  EXPECT_EQ(FoldHeader("ACT ID", note), "act id");
  EXPECT_EQ(FoldHeader("Description de l'activité", note), "description de l activite");
  EXPECT_EQ(FoldHeader("Partenaire de mise en œuvre", note), "partenaire de mise en oeuvre");
  EXPECT_EQ(FoldHeader("Date de début (jj/mm/aaaa)", note), "date de debut");
  EXPECT_EQ(note, "jj mm aaaa");
  EXPECT_EQ(FoldHeader("Orçamento", note), "orcamento");
}

TEST(InferHxlTagTest, EnglishHeaders) {
  EXPECT_EQ(Tag("ID"), "#activity+id");
  EXPECT_EQ(Tag("Activity ID"), "#activity+id");
  EXPECT_EQ(Tag("Start Date (dd/mm/yyyy)"), "#date+start");
  EXPECT_EQ(Tag("end"), "#date+end");
  EXPECT_EQ(Tag("Activity status"), "#status");
  EXPECT_EQ(Tag("Activity name"), "#activity+name");
  EXPECT_EQ(Tag("Project name"), "#activity+project");
  EXPECT_EQ(Tag("Funding organisation"), "#org+funding");
  EXPECT_EQ(Tag("Implementing partner"), "#org+impl");
  EXPECT_EQ(Tag("Total budget"), "#value+budget");
  EXPECT_EQ(Tag("Budget USD"), "#value+budget+usd");
  EXPECT_EQ(Tag("Estimated cost [USD]"), "#value+cost+usd");
  EXPECT_EQ(Tag("Beneficiaries reached"), "#reached+total");
  EXPECT_EQ(Tag("People targeted"), "#targeted+total");
}

TEST(InferHxlTagTest, FrenchHeaders) {
  EXPECT_EQ(Tag("Identifiant"), "#activity+id");
  EXPECT_EQ(Tag("Date de début"), "#date+start");
  EXPECT_EQ(Tag("Date de fin"), "#date+end");
  EXPECT_EQ(Tag("État"), "#status");
  EXPECT_EQ(Tag("Activité"), "#activity+name");
  EXPECT_EQ(Tag("Description de l'activité"), "#activity+description");
  EXPECT_EQ(Tag("Bailleur"), "#org+funding");
  EXPECT_EQ(Tag("Partenaire de mise en œuvre"), "#org+impl");
  EXPECT_EQ(Tag("Coût"), "#value+cost");
  EXPECT_EQ(Tag("Devise"), "#currency");
  EXPECT_EQ(Tag("Personnes atteintes"), "#reached+total");
  EXPECT_EQ(Tag("Personnes ciblées"), "#targeted+total");
}

TEST(InferHxlTagTest, SpanishHeaders) {
  EXPECT_EQ(Tag("Identificador"), "#activity+id");
  EXPECT_EQ(Tag("FECHA DE INICIO"), "#date+start");
  EXPECT_EQ(Tag("FECHA DE FINALIZACIÓN"), "#date+end");
  EXPECT_EQ(Tag("Fecha de fin"), "#date+end");
  EXPECT_EQ(Tag("ESTADO"), "#status");
  EXPECT_EQ(Tag("ACTIVIDAD"), "#activity+name");
  EXPECT_EQ(Tag("DESCRIPCIÓN DE LA ACTIVIDAD"), "#activity+description");
  EXPECT_EQ(Tag("DESCRIPCIÓN"), "#description");
  EXPECT_EQ(Tag("ORGANIZACIÓN DONANTE"), "#org+funding");
  EXPECT_EQ(Tag("Organización implementadora"), "#org+impl");
  EXPECT_EQ(Tag("COSTO ESTIMADO"), "#value+cost");
  EXPECT_EQ(Tag("Presupuesto (USD)"), "#value+budget+usd");
  EXPECT_EQ(Tag("Moneda"), "#currency");
  EXPECT_EQ(Tag("PERSONAS ALCANZADAS"), "#reached+total");
  EXPECT_EQ(Tag("Población meta"), "#targeted+total");
}

TEST(InferHxlTagTest, PortugueseHeaders) {
  EXPECT_EQ(Tag("Data de início"), "#date+start");
  EXPECT_EQ(Tag("Data de fim"), "#date+end");
  EXPECT_EQ(Tag("Atividade"), "#activity+name");
  EXPECT_EQ(Tag("Descrição"), "#description");
  EXPECT_EQ(Tag("Financiador"), "#org+funding");
  EXPECT_EQ(Tag("Parceiro implementador"), "#org+impl");
  EXPECT_EQ(Tag("Orçamento"), "#value+budget");
  EXPECT_EQ(Tag("Moeda"), "#currency");
  EXPECT_EQ(Tag("Pessoas alcançadas"), "#reached+total");
  EXPECT_EQ(Tag("População alvo"), "#targeted+total");
}

TEST(InferHxlTagTest, LeavesVagueAmbiguousAndPlaceHeadersAlone) {
  for (const char* header : {"",
                             "ACT ID",
                             "Act ID",
                             "Project ID",
                             "Project code",
                             "Activity code",
                             "Code",
                             "Target",
                             "Cible",
                             "Meta",
                             "Achieved",
                             "AnnualTarget",
                             "Organization",
                             "Partner",
                             "Date",
                             "FECHA DE REPORTE",
                             "Province",
                             "ADMIN 1",
                             "PCODE1",
                             "Country",
                             "Lugar",
                             "Women",
                             "Niñas menor de 5 años",
                             "Hombres",
                             "Familias",
                             "Budget (EUR)",
                             "Presupuesto GTQ",
                             "Start date of the second phase",
                             "Notes",
                             "Comments",
                             "Sector (Arabic)",
                             "ACTIVITY UNIT\"|trans}}"}) {
    EXPECT_EQ(Tag(header), "") << header;
  }
}

// ---- Through the table: the same row under headers in each language ----

// Opens headers + a tag row naming only the first two columns (#org, #sector) + one data row,
// checks the fields the inferred columns gave, and returns "HEADER (#tag)" for each of them.
std::vector<std::string> InferFrom(const std::string& headers) {
  auto table = HxlActivityTable::Open(CsvReader::FromString(
      headers + "\n#org,#sector,,,,,,,,,,,\n" +
      "WFP,Food,R1,Wells,Drill wells,ECHO,01/02/2021,30/06/2021,Ongoing,5000,EUR,120,200\n"));
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  if (!table.ok()) return {};
  RawActivity row;
  EXPECT_TRUE((*table)->Next(row));
  EXPECT_EQ(row.row_id, "R1") << headers;
  EXPECT_EQ(row.title, "Wells");
  EXPECT_EQ(row.description, "Drill wells");
  EXPECT_EQ(row.org_funding, "ECHO");
  EXPECT_EQ(row.date_start, "01/02/2021");
  EXPECT_EQ(row.date_end, "30/06/2021");
  EXPECT_EQ(row.status, "Ongoing");
  EXPECT_EQ(row.budget, "5000");
  EXPECT_EQ(row.currency, "EUR");
  using Pairs = std::vector<std::pair<std::string_view, std::string_view>>;
  EXPECT_EQ(row.reached, (Pairs{{"total", "120"}}));
  EXPECT_EQ(row.targeted, (Pairs{{"total", "200"}}));
  const InferredFields& f = row.inferred;
  EXPECT_TRUE(f.date_start && f.date_end && f.status && f.budget && f.currency && f.targeted &&
              f.reached);
  std::vector<std::string> out;
  for (const HxlColumn& c : (*table)->inferred_columns())
    out.push_back(c.header + " (" + c.tag + ")");
  return out;
}

TEST(HxlTableInferenceTest, English) {
  EXPECT_EQ(InferFrom("Organization,Sector,ID,Activity,Description,Donor,Start date,End date,"
                      "Status,Budget,Currency,People reached,People targeted"),
            (std::vector<std::string>{
                "ID (#activity+id)", "Activity (#activity+name)", "Description (#description)",
                "Donor (#org+funding)", "Start date (#date+start)", "End date (#date+end)",
                "Status (#status)", "Budget (#value+budget)", "Currency (#currency)",
                "People reached (#reached+total)", "People targeted (#targeted+total)"}));
}

TEST(HxlTableInferenceTest, French) {
  EXPECT_EQ(InferFrom("Organisation,Secteur,Identifiant,Activité,Description de l'activité,"
                      "Bailleur de fonds,Date de début,Date de fin,Statut,Coût,Devise,"
                      "Personnes atteintes,Personnes ciblées")
                .size(),
            11u);
}

TEST(HxlTableInferenceTest, Spanish) {
  EXPECT_EQ(InferFrom("ORGANIZACIÓN,SECTOR,ID,ACTIVIDAD,DESCRIPCIÓN DE LA ACTIVIDAD,"
                      "ORGANIZACIÓN DONANTE,FECHA DE INICIO,FECHA DE FINALIZACIÓN,ESTADO,"
                      "COSTO ESTIMADO,MONEDA,PERSONAS ALCANZADAS,POBLACIÓN META")
                .size(),
            11u);
}

TEST(HxlTableInferenceTest, Portuguese) {
  EXPECT_EQ(InferFrom("Organização,Setor,Identificador,Atividade,Descrição,Financiador,"
                      "Data de início,Data de fim,Status,Orçamento,Moeda,Pessoas alcançadas,"
                      "População alvo")
                .size(),
            11u);
}

}  // namespace
}  // namespace om::hxl_internal
