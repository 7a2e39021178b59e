#include "http/response_head.h"

#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <string>

namespace om::http {
namespace {

namespace bhttp = boost::beast::http;

// Parses head + body as a client would (Beast's parser), so that what is checked is what a
// client reads, not the text the function happened to produce.
bhttp::response<bhttp::string_body> ParseAsClient(const std::string& wire, bool head_request) {
  bhttp::response_parser<bhttp::string_body> parser;
  parser.skip(head_request);
  parser.eager(true);
  boost::beast::error_code ec;
  size_t used = 0;
  while (!ec && !parser.is_done() && used < wire.size())
    used += parser.put(boost::asio::buffer(wire.data() + used, wire.size() - used), ec);
  EXPECT_FALSE(ec) << ec.message() << "\n" << wire;
  EXPECT_TRUE(parser.is_done()) << wire;
  EXPECT_EQ(used, wire.size()) << "bytes left over would be read as the next response";
  return parser.release();
}

TEST(ResponseHeadTest, AClientReadsStatusHeadersAndExactlyTheBody) {
  Response r = Response::Json(R"({"items":[]})");
  r.headers.emplace_back("ETag", "\"7\"");
  r.headers.emplace_back("Set-Cookie", "a=1");
  r.headers.emplace_back("Set-Cookie", "b=2");
  std::string wire = ResponseHead(r, 11, true, r.body.size()) + r.body;
  EXPECT_EQ(wire.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  auto res = ParseAsClient(wire, false);
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res.body(), r.body);
  EXPECT_EQ(res[bhttp::field::content_type], "application/json");
  EXPECT_EQ(res[bhttp::field::etag], "\"7\"");
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(res.count(bhttp::field::set_cookie), 2u);  // both cookies, in order
  EXPECT_TRUE(res.keep_alive());
}

TEST(ResponseHeadTest, ConnectionHeaderFollowsTheVersion) {
  Response r = Response::Json("{}");
  auto close11 = ParseAsClient(ResponseHead(r, 11, false, 2) + "{}", false);
  EXPECT_FALSE(close11.keep_alive());
  EXPECT_EQ(close11[bhttp::field::connection], "close");
  auto keep10 = ParseAsClient(ResponseHead(r, 10, true, 2) + "{}", false);
  EXPECT_EQ(keep10.version(), 10u);
  EXPECT_TRUE(keep10.keep_alive());
  auto close10 = ParseAsClient(ResponseHead(r, 10, false, 2) + "{}", false);
  EXPECT_FALSE(close10.keep_alive());
}

TEST(ResponseHeadTest, NoBodyFor204Or304OrAHeadRequest) {
  Response deleted;
  deleted.status = 204;
  std::string head = ResponseHead(deleted, 11, true, 0);
  EXPECT_EQ(head.find("\r\nContent-Length:"), std::string::npos);
  EXPECT_EQ(head.find("\r\nContent-Type:"), std::string::npos);
  EXPECT_EQ(ParseAsClient(head, false).result_int(), 204u);
  EXPECT_FALSE(SendsBody(204, /*head_request=*/false));
  EXPECT_FALSE(SendsBody(304, /*head_request=*/false));
  EXPECT_FALSE(SendsBody(101, /*head_request=*/false));
  EXPECT_TRUE(SendsBody(200, /*head_request=*/false));
  EXPECT_TRUE(SendsBody(404, /*head_request=*/false));
  // HEAD: the length of the body a GET would get, and no body.
  Response r = Response::Json("{\"a\":1}");
  EXPECT_FALSE(SendsBody(200, /*head_request=*/true));
  auto res = ParseAsClient(ResponseHead(r, 11, true, r.body.size()), true);
  EXPECT_EQ(res[bhttp::field::content_length], std::to_string(r.body.size()));
}

TEST(ResponseHeadTest, AHeaderThatWouldSplitTheResponseIsLeftOut) {
  Response r = Response::Json("{}");
  r.headers.emplace_back("Location", "/x\r\nSet-Cookie: stolen=1");
  r.headers.emplace_back("Bad Name", "v");
  r.headers.emplace_back("X-Nul", std::string("a\0b", 3));
  r.headers.emplace_back("Retry-After", "5");
  std::string head = ResponseHead(r, 11, true, 2);
  EXPECT_EQ(head.find("stolen"), std::string::npos);
  EXPECT_EQ(head.find("Bad Name"), std::string::npos);
  EXPECT_EQ(head.find("X-Nul"), std::string::npos);
  auto res = ParseAsClient(head + "{}", false);
  EXPECT_EQ(res["Retry-After"], "5");
  EXPECT_EQ(res.count(bhttp::field::location), 0u);
}

TEST(ResponseHeadTest, UnusualStatusesKeepTheirCode) {
  Response r = Response::Json("{}", 431);
  EXPECT_EQ(
      ResponseHead(r, 11, false, 2).rfind("HTTP/1.1 431 Request Header Fields Too Large\r\n", 0),
      0u);
  r.status = 599;  // no reason phrase known: the code still goes out
  EXPECT_EQ(ParseAsClient(ResponseHead(r, 11, false, 2) + "{}", false).result_int(), 599u);
}

}  // namespace
}  // namespace om::http
