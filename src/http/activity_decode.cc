// Decoding of activity bodies (POST/PUT /api/v1/activities): every field problem is collected
// so the client sees all of them at once.
#include "core/text.h"
#include "http/activity_json.h"
#include "service/activities.h"

namespace om::http {

namespace json = boost::json;

namespace {

class Decoder {
 public:
  Decoder(const json::object& o, FieldErrors& errors) : o_(o), errors_(errors) {}

  std::string Text(const char* field) {
    const json::value* v = o_.if_contains(field);
    if (v == nullptr || v->is_null()) return {};
    if (!v->is_string()) {
      errors_.emplace_back(field, "must be a string");
      return {};
    }
    return std::string(v->get_string());
  }

  Id IdField(const char* field, Store& store) {
    const json::value* v = o_.if_contains(field);
    if (v == nullptr || v->is_null()) return 0;
    if (!v->is_int64() || v->get_int64() <= 0) {
      errors_.emplace_back(field, "must be a positive integer id");
      return 0;
    }
    if (!store.GetOrganization(v->get_int64()).ok()) {
      errors_.emplace_back(field, "no organization " + std::to_string(v->get_int64()));
    }
    return v->get_int64();
  }

  std::optional<double> Number(const char* field, double limit) {
    const json::value* v = o_.if_contains(field);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_number()) {
      errors_.emplace_back(field, "must be a number");
      return std::nullopt;
    }
    double d = v->to_number<double>();
    if (d < -limit || d > limit) errors_.emplace_back(field, "out of range");
    return d;
  }

  Date DateField(const char* field) {
    std::string text = Text(field);
    if (text.empty()) return {};
    auto d = ParseIsoDate(text);
    if (!d.ok()) errors_.emplace_back(field, d.status().message());
    return d.ok() ? *d : Date{};
  }

  People PeopleField(const char* field) {
    People p;
    const json::value* v = o_.if_contains(field);
    if (v == nullptr || v->is_null()) return p;
    if (!v->is_object()) {
      errors_.emplace_back(field, "must be an object of counts");
      return p;
    }
    std::pair<const char*, int64_t*> slots[] = {
        {"total", &p.total}, {"women", &p.women},       {"men", &p.men},      {"girls", &p.girls},
        {"boys", &p.boys},   {"children", &p.children}, {"adults", &p.adults}};
    for (const auto& [name, slot] : slots) {
      const json::value* n = v->get_object().if_contains(name);
      if (n == nullptr || n->is_null()) continue;
      if (!n->is_int64() || n->get_int64() < 0) {
        errors_.emplace_back(std::string(field) + "." + name, "must be a count >= 0");
      } else {
        *slot = n->get_int64();
      }
    }
    return p;
  }

  void Error(std::string field, std::string reason) {
    errors_.emplace_back(std::move(field), std::move(reason));
  }

 private:
  const json::object& o_;
  FieldErrors& errors_;
};

void DecodePlace(Decoder& d, const std::string& pcode, Store& store, Activity& a) {
  a.place = pcode;
  if (pcode.empty()) return;
  for (std::string code = pcode; !code.empty();) {
    auto place = store.GetPlace(code);
    if (!place.ok() || !place->has_value()) {
      d.Error("place", "unknown p-code '" + code + "'");
      return;
    }
    const Place& p = **place;
    std::string* slots[] = {&a.adm0, &a.adm1, &a.adm2, &a.adm3};
    *slots[p.level] = p.pcode;
    a.adm0 = p.country;
    code = p.level >= 1 ? p.parent_pcode : "";
    if (p.level == 1) break;
  }
}

void DecodeBudget(const json::object& o, Decoder& d, Activity& a) {
  const json::value* b = o.if_contains("budget");
  if (b == nullptr || b->is_null()) return;
  const json::object* bo = b->if_object();
  const json::value* amount = bo ? bo->if_contains("amount") : nullptr;
  const json::value* currency = bo ? bo->if_contains("currency") : nullptr;
  if (!amount || !amount->is_string() || !currency || !currency->is_string()) {
    d.Error("budget", "must be {\"amount\": \"decimal\", \"currency\": \"ISO 4217\"}");
    return;
  }
  auto cents = ParseAmount(amount->get_string());
  if (!cents.ok()) d.Error("budget.amount", cents.status().message());
  std::string code(currency->get_string());
  if (!IsCurrencyCode(code)) d.Error("budget.currency", "not an ISO 4217 code");
  if (cents.ok()) a.budget = Money{*cents, code};
}

}  // namespace

bool ActivityFromJson(std::string_view body, Store& store, Activity& a, FieldErrors& errors) {
  boost::system::error_code ec;
  json::value root = json::parse(body, ec);
  if (ec || !root.is_object()) {
    errors.emplace_back("body", "must be a JSON object");
    return false;
  }
  const json::object& o = root.get_object();
  Decoder d(o, errors);
  a.implementing_org = d.IdField("implementing_org_id", store);
  if (a.implementing_org == 0) d.Error("implementing_org_id", "is required");
  a.programme_org = d.IdField("programme_org_id", store);
  a.funding_org = d.IdField("funding_org_id", store);
  a.meta.org_id = d.IdField("owner_org_id", store);
  a.sector = d.Text("sector");
  if (!a.sector.empty()) {
    auto sectors = store.ListSectors();
    bool known = false;
    if (sectors.ok()) {
      for (const Sector& s : *sectors) known = known || s.code == a.sector;
    }
    if (!known) d.Error("sector", "unknown sector code '" + a.sector + "'");
  }
  a.title = d.Text("title");
  a.description = d.Text("description");
  a.external_id = d.Text("external_id");
  DecodePlace(d, d.Text("place"), store, a);
  a.location_name = d.Text("location_name");
  a.lat = d.Number("lat", 90);
  a.lon = d.Number("lon", 180);
  if (a.lat.has_value() != a.lon.has_value()) d.Error("lat", "lat and lon go together");
  a.start = d.DateField("start");
  a.end = d.DateField("end");
  if (!a.start.empty() && !a.end.empty() && a.end < a.start) d.Error("end", "before start");
  std::string status = d.Text("status");
  if (!status.empty() && !ParseActivityStatus(status, a.status))
    d.Error("status", "unknown status");
  a.targeted = d.PeopleField("targeted");
  a.reached = d.PeopleField("reached");
  DecodeBudget(o, d, a);
  std::string classification = d.Text("classification");
  if (!classification.empty() && !ParseClassification(classification, a.meta.classification)) {
    d.Error("classification", "must be public, internal or restricted");
  }
  a.meta.compartment = d.Text("compartment");  // "" = the default (see PrepareActivityWrite)
  if (!a.meta.compartment.empty() && !IsValidCompartmentName(a.meta.compartment))
    d.Error("compartment", "must be none, humanitarian, protection, security or another name");
  a.contact = d.Text("contact");
  a.sensitive = kDefaultSensitivity;
  if (const json::value* fields = o.if_contains("sensitive_fields"); fields && !fields->is_null()) {
    a.sensitive = 0;
    const json::array* list = fields->if_array();
    if (list == nullptr) d.Error("sensitive_fields", "must be an array of field names");
    for (const json::value& f : list ? *list : json::array{}) {
      uint32_t bit = 0;
      if (!f.is_string() || !ParseSensitiveField(f.get_string(), bit)) {
        d.Error("sensitive_fields", "fields are contact or location");
      } else {
        a.sensitive |= bit;
      }
    }
  }
  return errors.empty();
}

}  // namespace om::http
