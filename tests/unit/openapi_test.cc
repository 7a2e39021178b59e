#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "http/handlers.h"

namespace om::http {
std::string BuildOpenApiDocument();
namespace {

TEST(OpenApiTest, DocumentsExactlyTheRoutesInTheTable) {
  auto doc = boost::json::parse(BuildOpenApiDocument()).as_object();
  EXPECT_EQ(doc.at("openapi").as_string(), "3.1.0");
  std::set<std::string> documented;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      std::string m(method);
      for (char& c : m) c = static_cast<char>(std::toupper(c));
      documented.insert(m + " " + std::string(path));
      EXPECT_TRUE(op.as_object().contains("responses")) << m << " " << path;
    }
  }
  std::set<std::string> served;
  Router router = BuildRouter();
  for (const Route& r : router.routes()) served.insert(r.method + " " + r.pattern);
  EXPECT_EQ(documented, served);
  EXPECT_GE(served.size(), 15u);
}

}  // namespace
}  // namespace om::http
