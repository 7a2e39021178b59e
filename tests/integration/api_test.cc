// The API over real HTTP against the real server on the demo mission.
#include <set>

#include "server_fixture.h"

namespace om::testing {
namespace {

namespace json = boost::json;

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new Server(); }
  static void TearDownTestSuite() {
    EXPECT_EQ(server_->Stop(), 0) << "SIGTERM must shut the server down cleanly";
    delete server_;
  }
  static int64_t Total(const std::string& query) {
    auto r = server_->Get("/api/v1/activities?limit=1" + query);
    EXPECT_EQ(r.status, 200u) << r.body;
    return r.Json().at("total").as_int64();
  }
  static Server* server_;
};
Server* ApiTest::server_ = nullptr;

TEST_F(ApiTest, HealthAndMetrics) {
  auto h = server_->Get("/healthz");
  EXPECT_EQ(h.status, 200u);
  EXPECT_EQ(h.Json().at("status").as_string(), "ok");
  auto m = server_->Get("/metrics");
  EXPECT_EQ(m.status, 200u);
  EXPECT_NE(m.body.find("onemission_http_requests_total"), std::string::npos);
}

TEST_F(ApiTest, CursorPagingCoversEveryActivityOnce) {
  int64_t total = Total("");
  EXPECT_GT(total, 3000);  // the demo: Afghanistan and Guatemala 3W files
  std::set<int64_t> ids;
  std::string cursor;
  do {
    auto r =
        server_->Get("/api/v1/activities?limit=1000" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200u);
    json::object page = r.Json().as_object();
    for (const json::value& item : page.at("items").as_array()) {
      EXPECT_TRUE(ids.insert(item.at("id").as_int64()).second);
    }
    cursor =
        page.at("next_cursor").is_null() ? "" : std::string(page.at("next_cursor").as_string());
  } while (!cursor.empty());
  EXPECT_EQ(static_cast<int64_t>(ids.size()), total);
}

TEST_F(ApiTest, FiltersNarrowAndCombine) {
  int64_t all = Total("");
  int64_t afg = Total("&place=AFG");
  int64_t ghor = Total("&place=AF23");
  int64_t ghor_district = Total("&place=AF2307");
  EXPECT_LT(afg, all);
  EXPECT_LT(ghor, afg);
  EXPECT_LE(ghor_district, ghor);
  EXPECT_GT(ghor_district, 0);
  int64_t wash = Total("&sector=WSH");
  int64_t wash_ghor = Total("&sector=WSH&place=AF23");
  EXPECT_LE(wash_ghor, std::min(wash, ghor));
  EXPECT_GT(Total("&org=UNICEF"), 0);
  EXPECT_EQ(Total("&q=zzzz-no-such-text"), 0);
  EXPECT_EQ(Total("&q=%27%20OR%201%3D1%20--"), 0);  // ' OR 1=1 --
}

TEST_F(ApiTest, BadParametersGetProblemJsonWithFieldErrors) {
  for (const char* query : {"limit=0", "limit=5000", "status=lost", "from=2021-13-01", "cursor=xyz",
                            "from=2021-05-01&to=2021-01-01"}) {
    auto r = server_->Get(std::string("/api/v1/activities?") + query);
    EXPECT_EQ(r.status, 400u) << query;
    EXPECT_EQ(r.content_type, "application/problem+json");
    json::object p = r.Json().as_object();
    EXPECT_EQ(p.at("status").as_int64(), 400);
    EXPECT_FALSE(p.at("errors").as_array().empty()) << query;
  }
  auto bad_by = server_->Get("/api/v1/activities/summary?by=colour");
  EXPECT_EQ(bad_by.status, 400u);
  auto unknown = server_->Get("/api/v1/no-such-thing");
  EXPECT_EQ(unknown.status, 404u);
  EXPECT_EQ(unknown.content_type, "application/problem+json");
  EXPECT_EQ(server_->Request(bhttp::verb::patch, "/api/v1/activities").status, 405u);
  EXPECT_EQ(server_->Get("/api/v1/activities/999999999").status, 404u);
  EXPECT_EQ(server_->Get("/api/v1/activities/abc").status, 404u);
}

TEST_F(ApiTest, SummaryAddsUpToTheList) {
  for (const char* filter : {"", "&place=AFG", "&sector=WSH", "&place=GT01"}) {
    auto r = server_->Get(std::string("/api/v1/activities/summary?by=adm1,sector") + filter);
    ASSERT_EQ(r.status, 200u) << r.body;
    json::object s = r.Json().as_object();
    int64_t sum = 0;
    for (const json::value& g : s.at("items").as_array()) sum += g.at("count").as_int64();
    EXPECT_EQ(sum, s.at("total").at("count").as_int64()) << filter;
    EXPECT_EQ(sum, Total(filter)) << filter;
  }
  auto by_adm1 = server_->Get("/api/v1/activities/summary?by=adm1&place=AFG").Json();
  int with_position = 0;
  for (const json::value& g : by_adm1.at("items").as_array()) {
    if (!g.at("adm1").is_null() && !g.at("adm1").at("lat").is_null()) ++with_position;
  }
  EXPECT_GE(with_position, 30);  // Afghanistan's provinces carry a map position
}

TEST_F(ApiTest, CreateReadUpdateDeleteWithVersions) {
  auto orgs = server_->Get("/api/v1/organizations?q=unicef").Json();
  int64_t org = orgs.at("items").as_array().at(0).at("id").as_int64();
  std::string body = "{\"implementing_org_id\": " + std::to_string(org) +
                     ", \"sector\": \"EDU\", \"title\": \"Temporary learning spaces\","
                     " \"place\": \"AF2307\", \"start\": \"2021-09-01\", \"status\": \"ongoing\","
                     " \"targeted\": {\"total\": 500, \"girls\": 260}}";
  auto created = server_->Request(bhttp::verb::post, "/api/v1/activities", body,
                                  {{"Content-Type", "application/json"}});
  ASSERT_EQ(created.status, 201u) << created.body;
  ASSERT_FALSE(created.location.empty());
  EXPECT_EQ(created.Json().at("adm1").at("pcode").as_string(), "AF23");
  auto read = server_->Get(created.location);
  EXPECT_EQ(read.status, 200u);
  EXPECT_EQ(read.etag, "\"1\"");
  EXPECT_EQ(read.Json().at("targeted").at("girls").as_int64(), 260);

  auto stale = server_->Request(bhttp::verb::put, created.location, body, {{"If-Match", "\"7\""}});
  EXPECT_EQ(stale.status, 412u);
  auto missing = server_->Request(bhttp::verb::put, created.location, body);
  EXPECT_EQ(missing.status, 428u);
  auto updated =
      server_->Request(bhttp::verb::put, created.location, body, {{"If-Match", read.etag}});
  EXPECT_EQ(updated.status, 200u) << updated.body;
  EXPECT_EQ(updated.etag, "\"2\"");
  auto invalid =
      server_->Request(bhttp::verb::post, "/api/v1/activities",
                       "{\"sector\": \"NOPE\", \"place\": \"XX99\", \"start\": \"soon\"}");
  EXPECT_EQ(invalid.status, 400u);
  EXPECT_GE(invalid.Json().at("errors").as_array().size(), 4u);  // org, sector, place, start
  EXPECT_EQ(
      server_->Request(bhttp::verb::delete_, created.location, "", {{"If-Match", "\"1\""}}).status,
      412u);
  EXPECT_EQ(
      server_->Request(bhttp::verb::delete_, created.location, "", {{"If-Match", "\"2\""}}).status,
      204u);
  EXPECT_EQ(server_->Get(created.location).status, 404u);
}

TEST_F(ApiTest, ExportedHxlReimportsIntoAnEmptyDatabaseWithEveryRow) {
  auto exported = server_->Get("/api/v1/activities.hxl.csv?place=GT01");
  ASSERT_EQ(exported.status, 200u);
  EXPECT_EQ(exported.content_type, "text/csv; charset=utf-8");
  Server empty(false);
  // Places first, then the exported file through the import endpoint.
  ASSERT_EQ(RunCommand({OM_BINARY, "--db", empty.db(), "import", "pcodes",
                        SourceDir() + "/data/demo/global_pcodes_adm1_adm2.csv"}),
            0);
  ASSERT_EQ(RunCommand({OM_BINARY, "--db", empty.db(), "org", "add", "OCHA ROLAC", "--type",
                        "un_agency", "--humanitarian"}),
            0);
  Capture("echo importer-password | " + std::string(OM_BINARY) + " --db " + empty.db() +
          " user add importer --org 'OCHA ROLAC' --role planner --password-stdin");
  std::string token = empty.CreateToken("importer");
  ASSERT_FALSE(token.empty());
  auto report = empty.RequestAs(token, bhttp::verb::post, "/api/v1/imports?format=hxl",
                                exported.body, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(report.status, 200u) << report.body;
  json::object r = report.Json().as_object();
  EXPECT_EQ(r.at("rejected").as_int64(), 0);
  EXPECT_EQ(r.at("read").as_int64(), Total("&place=GT01"));
  EXPECT_EQ(r.at("read").as_int64(), r.at("created").as_int64() + r.at("updated").as_int64() +
                                         r.at("unchanged").as_int64() +
                                         r.at("rejected").as_int64());
  auto again = empty.GetAs(token, "/api/v1/activities.hxl.csv?place=GT01");
  EXPECT_EQ(again.body, exported.body);  // same activities, same bytes
}

TEST_F(ApiTest, OversizedBodiesAre413AndTheServerKeepsServing) {
  // Announce a 33 MiB body; the server must refuse it from the header alone.
  auto r = server_->RawExchange(
      "POST /api/v1/imports?format=hxl HTTP/1.1\r\nHost: x\r\nContent-Length: 34603008\r\n\r\n" +
      std::string(4096, 'x'));
  EXPECT_EQ(r.substr(0, 12), "HTTP/1.1 413") << r.substr(0, 200);
  EXPECT_EQ(server_->Get("/healthz").status, 200u);
}

// HEAD answers as GET would, with the length of the body and without it: the next response
// on the same connection must start right after the head.
TEST_F(ApiTest, HeadGetsTheHeadersOfGetAndNoBody) {
  const std::string target = "/api/v1/activities?limit=5";
  auto got = server_->Get(target);
  ASSERT_EQ(got.status, 200u);
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(
      {boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(server_->port())});
  beast::flat_buffer buffer;
  for (bhttp::verb method : {bhttp::verb::head, bhttp::verb::get, bhttp::verb::head}) {
    bhttp::request<bhttp::empty_body> req{method, method == bhttp::verb::get ? "/healthz" : target,
                                          11};
    req.set(bhttp::field::host, "127.0.0.1");
    req.set(bhttp::field::authorization, "Bearer " + server_->token());
    bhttp::write(stream, req);
    bhttp::response_parser<bhttp::string_body> parser;
    parser.skip(method == bhttp::verb::head);  // a client reads no body after HEAD
    bhttp::read(stream, buffer, parser);
    auto res = parser.release();
    EXPECT_EQ(res.result_int(), 200u);
    if (method == bhttp::verb::head) {
      EXPECT_EQ(res[bhttp::field::content_length], std::to_string(got.body.size()));
      EXPECT_EQ(res[bhttp::field::content_type], got.content_type);
    } else {
      EXPECT_NE(res.body().find("\"status\":\"ok\""), std::string::npos)
          << "the response after a HEAD must not be read from its body: " << res.body();
    }
  }
}

TEST_F(ApiTest, ASilentClientDoesNotHoldUpOthers) {
  boost::asio::io_context io;
  beast::tcp_stream idle(io);
  idle.connect(
      {boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(server_->port())});
  boost::asio::write(idle.socket(), boost::asio::buffer(std::string("GET /healthz HTTP/1.1\r\n")));
  // The half-sent request stays open while other clients are served.
  for (int i = 0; i < 20; ++i) EXPECT_EQ(server_->Get("/healthz").status, 200u);
}

TEST_F(ApiTest, GarbageRequestsGetAnAnswerOrAClose) {
  auto r = server_->RawExchange("NOT HTTP AT ALL\r\n\r\n");
  EXPECT_EQ(r.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_EQ(server_->Get("/healthz").status, 200u);
}

TEST_F(ApiTest, StaticFilesRefusePathTraversal) {
  for (const char* path :
       {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/data/../../CMakeLists.txt"}) {
    auto r = server_->Get(path);
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << path;
    EXPECT_EQ(r.body.find("cmake_minimum_required"), std::string::npos) << path;
  }
  auto geo = server_->Get("/data/countries.geojson");
  EXPECT_EQ(geo.status, 200u);
}

TEST_F(ApiTest, OpenApiListsTheRoutes) {
  auto doc = server_->Get("/api/v1/openapi.json").Json().as_object();
  EXPECT_TRUE(doc.at("paths").as_object().contains("/api/v1/activities/summary"));
}

}  // namespace
}  // namespace om::testing
