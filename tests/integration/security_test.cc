// The real server attacked over HTTP the way an outsider or a curious insider would: secrets in
// the log or the database file, session fixation, CSRF, sign-in throttling, SQL injection strings
// in every filter of the route table, path traversal, slow and oversized requests, and a
// tamperer editing the audit log behind the server's back (docs/access.md).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <iterator>
#include <set>

#include "http/handlers.h"
#include "server_fixture.h"

namespace om::testing {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kDemoPassword = "onemission-demo";

// ---- helpers ----

std::string ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string PercentEncode(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string ProblemType(const HttpResult& r) {
  boost::system::error_code ec;
  json::value v = json::parse(r.body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("type")) return "";
  return std::string(v.at("type").as_string());
}

// The value the server put in the om_session cookie, or "".
std::string SessionCookie(const HttpResult& r) {
  for (const std::string& c : r.set_cookie) {
    if (c.rfind("om_session=", 0) == 0) return c.substr(11, c.find(';') - 11);
  }
  return "";
}

std::string SetCookieLine(const HttpResult& r) {
  for (const std::string& c : r.set_cookie) {
    if (c.rfind("om_session=", 0) == 0) return c;
  }
  return "";
}

struct SignedIn {
  HttpResult result;
  std::string cookie;  // the om_session value
  std::string csrf;
  Headers Cookie() const { return {{"Cookie", "om_session=" + cookie}}; }
  Headers Write(const std::string& csrf_token) const {
    return {{"Cookie", "om_session=" + cookie},
            {"X-CSRF-Token", csrf_token},
            {"Content-Type", "application/json"}};
  }
};

SignedIn SignIn(Server& server, const std::string& user, const std::string& password,
                Headers headers = {}) {
  headers.emplace_back("Content-Type", "application/json");
  SignedIn s;
  s.result = server.RequestAs(
      "", bhttp::verb::post, "/api/v1/session",
      json::serialize(json::object{{"username", user}, {"password", password}}), headers);
  s.cookie = SessionCookie(s.result);
  if (s.result.status == 200) s.csrf = std::string(s.result.Json().at("csrf_token").as_string());
  return s;
}

// A GET that may find the connection closed without an answer (status 0 then).
HttpResult TryGet(Server& server, const std::string& token, const std::string& target) {
  try {
    return server.RequestAs(token, bhttp::verb::get, target);
  } catch (const std::exception&) {
    return {};
  }
}

// A direct connection to a database file, as a tamperer with file access would have.
class Db {
 public:
  explicit Db(const std::string& path) {
    sqlite3_open(path.c_str(), &db_);
    sqlite3_busy_timeout(db_, 5000);
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // sqlite3_exec's result code; its message in `error`.
  int Exec(const std::string& sql, std::string* error = nullptr) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    if (error) *error = message ? message : "";
    sqlite3_free(message);
    return rc;
  }
  int64_t Int(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    int64_t value = -1;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
      value = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    return value;
  }

 private:
  sqlite3* db_ = nullptr;
};

struct Verdict {
  int exit_code = -1;
  std::string output;
};

Verdict AuditVerify(const std::string& db) {
  std::string out =
      Capture(std::string(OM_BINARY) + " --db '" + db + "' audit verify 2>&1; echo \"exit=$?\"");
  size_t at = out.rfind("exit=");
  if (at == std::string::npos) return {-1, out};
  return {std::atoi(out.c_str() + at + 5), out.substr(0, at)};
}

// Sets a user's password from the command line, as an administrator would.
std::string ResetPassword(Server& server, const std::string& user, const std::string& password) {
  return Capture("printf '%s\\n' '" + password + "' | " + OM_BINARY + " --db '" + server.db() +
                 "' user reset-password " + user + " --password-stdin 2>&1");
}

// Sleeps until the wall clock enters a new second: throttling waits are whole seconds.
void AwaitNextSecond() {
  std::time_t now = std::time(nullptr);
  while (std::time(nullptr) == now) std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

int ConnectTo(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Whether the server has closed the connection (reads without blocking).
bool PeerClosed(int fd) {
  char buf[512];
  while (true) {
    ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0) return true;
    if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK;
  }
}

class SecurityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new Server(true, "hc", {"--request-timeout", "2"}); }
  static void TearDownTestSuite() {
    EXPECT_EQ(server_->Stop(), 0) << "SIGTERM must shut the server down cleanly";
    delete server_;
    server_ = nullptr;
  }
  static int64_t ErrorsOf5xx() {
    std::string metrics = server_->Get("/metrics").body;
    const std::string key = "onemission_http_errors_total{class=\"5xx\"} ";
    size_t at = metrics.find(key);
    return at == std::string::npos ? -1 : std::atoll(metrics.c_str() + at + key.size());
  }
  static Server* server_;
};
Server* SecurityTest::server_ = nullptr;

// ---- 1. secrets ----

TEST_F(SecurityTest, NoPasswordCookieOrTokenIsWrittenInClear) {
  const std::vector<std::string> wrong = {"Wrong-Passw0rd-Zq81", "hunter2-but-longer-Kx"};
  std::vector<std::string> secrets = {kDemoPassword, server_->token()};
  secrets.insert(secrets.end(), wrong.begin(), wrong.end());
  std::vector<SignedIn> sessions;
  for (const char* user : {"admin", "planner", "unicef.officer"}) {
    sessions.push_back(SignIn(*server_, user, kDemoPassword));
    ASSERT_EQ(sessions.back().result.status, 200u) << user << ": " << sessions.back().result.body;
    ASSERT_GE(sessions.back().cookie.size(), 32u) << "a session secret of at least 128 bits";
    secrets.push_back(sessions.back().cookie);
    secrets.push_back(sessions.back().csrf);
  }
  for (const std::string& password : wrong) {
    EXPECT_EQ(SignIn(*server_, "analyst", password).result.status, 401u);
  }
  auto created =
      server_->RequestAs("", bhttp::verb::post, "/api/v1/tokens", "{\"name\": \"nightly export\"}",
                         sessions[0].Write(sessions[0].csrf));
  ASSERT_EQ(created.status, 201u) << created.body;
  std::string token = std::string(created.Json().at("token").as_string());
  secrets.push_back(token);
  auto as_token = server_->GetAs(token, "/api/v1/session");
  ASSERT_EQ(as_token.status, 200u) << as_token.body;
  EXPECT_EQ(as_token.Json().at("user").at("username").as_string(), "admin");
  EXPECT_EQ(server_->GetAs(token, "/api/v1/activities?limit=3").status, 200u);
  EXPECT_EQ(
      server_
          ->RequestAs("", bhttp::verb::get, "/api/v1/activities?limit=3", "", sessions[2].Cookie())
          .status,
      200u);

  std::vector<std::pair<std::string, std::string>> files = {
      {"server log", ReadBytes(server_->log())}};
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::string path = server_->db() + suffix;
    if (std::filesystem::exists(path)) files.emplace_back(path, ReadBytes(path));
  }
  ASSERT_GT(files[1].second.size(), 100000u) << "the database file was read";
  for (const auto& [name, bytes] : files) {
    for (const std::string& secret : secrets) {
      EXPECT_FALSE(Contains(bytes, secret)) << "'" << secret << "' is written in " << name;
    }
  }
}

// ---- 2. sessions ----

TEST_F(SecurityTest, SignInNeverAdoptsAPlantedSessionAndSignOutEndsIt) {
  const std::string planted = "attacker-chosen-session-0123456789abcdef0123456789";
  SignedIn victim = SignIn(*server_, "hc", kDemoPassword, {{"Cookie", "om_session=" + planted}});
  ASSERT_EQ(victim.result.status, 200u) << victim.result.body;
  ASSERT_FALSE(victim.cookie.empty());
  EXPECT_NE(victim.cookie, planted);
  auto with_planted = server_->RequestAs("", bhttp::verb::get, "/api/v1/session", "",
                                         {{"Cookie", "om_session=" + planted}});
  EXPECT_EQ(with_planted.status, 401u) << "the planted value must not authenticate";

  // The attacker plants a real session of their own: the victim's sign-in ends it.
  SignedIn attacker = SignIn(*server_, "viewer", kDemoPassword);
  ASSERT_EQ(attacker.result.status, 200u);
  SignedIn second = SignIn(*server_, "hc", kDemoPassword, attacker.Cookie());
  ASSERT_EQ(second.result.status, 200u);
  EXPECT_NE(second.cookie, attacker.cookie);
  EXPECT_EQ(
      server_->RequestAs("", bhttp::verb::get, "/api/v1/session", "", attacker.Cookie()).status,
      401u);
  auto mine = server_->RequestAs("", bhttp::verb::get, "/api/v1/session", "", second.Cookie());
  ASSERT_EQ(mine.status, 200u);
  EXPECT_EQ(mine.Json().at("user").at("username").as_string(), "hc");

  auto out = server_->RequestAs("", bhttp::verb::delete_, "/api/v1/session", "",
                                second.Write(second.csrf));
  EXPECT_EQ(out.status, 204u) << out.body;
  EXPECT_TRUE(Contains(SetCookieLine(out), "Max-Age=0")) << "sign-out clears the cookie";
  EXPECT_EQ(server_->RequestAs("", bhttp::verb::get, "/api/v1/session", "", second.Cookie()).status,
            401u)
      << "a signed-out cookie must stop working at once";
  EXPECT_EQ(server_->RequestAs("", bhttp::verb::get, "/api/v1/session", "", victim.Cookie()).status,
            200u)
      << "signing out ends that session only";
}

// ---- 3. CSRF ----

TEST_F(SecurityTest, CookieWritesNeedTheSessionsCsrfTokenBearerWritesDoNot) {
  SignedIn planner = SignIn(*server_, "planner", kDemoPassword);
  SignedIn analyst = SignIn(*server_, "analyst", kDemoPassword);
  ASSERT_EQ(planner.result.status, 200u);
  ASSERT_EQ(analyst.result.status, 200u);
  ASSERT_FALSE(planner.csrf.empty());
  std::string cookie = SetCookieLine(planner.result);
  EXPECT_TRUE(Contains(cookie, "; HttpOnly")) << cookie;
  EXPECT_TRUE(Contains(cookie, "; SameSite=Strict")) << cookie;
  EXPECT_TRUE(Contains(cookie, "; Path=/")) << cookie;

  const std::string body = "{\"name\":\"x\"}";
  Headers no_token = planner.Cookie();
  no_token.emplace_back("Content-Type", "application/json");
  for (const auto& [what, headers] : std::vector<std::pair<std::string, Headers>>{
           {"no X-CSRF-Token", no_token},
           {"a wrong token", planner.Write("0123456789abcdef")},
           {"an empty token", planner.Write("")},
           {"another session's token", planner.Write(analyst.csrf)}}) {
    auto r = server_->RequestAs("", bhttp::verb::post, "/api/v1/tokens", body, headers);
    EXPECT_EQ(r.status, 403u) << what << ": " << r.body;
    std::string type = ProblemType(r);
    EXPECT_TRUE(type.size() >= 5 && type.substr(type.size() - 5) == "/csrf")
        << what << ": " << type;
  }
  auto signout = server_->RequestAs("", bhttp::verb::delete_, "/api/v1/session", "", no_token);
  EXPECT_EQ(signout.status, 403u) << "a forged sign-out is refused too";
  auto ok = server_->RequestAs("", bhttp::verb::post, "/api/v1/tokens", body,
                               planner.Write(planner.csrf));
  EXPECT_EQ(ok.status, 201u) << ok.body;
  auto reads = server_->RequestAs("", bhttp::verb::get, "/api/v1/tokens", "", planner.Cookie());
  EXPECT_EQ(reads.status, 200u) << "reads need no CSRF token";
  auto bearer = server_->Request(bhttp::verb::post, "/api/v1/tokens", body,
                                 {{"Content-Type", "application/json"}});
  EXPECT_EQ(bearer.status, 201u) << "a bearer token is never sent by a browser on its own";
}

// ---- 4. throttling ----

TEST_F(SecurityTest, RepeatedFailuresAreThrottledForKnownAndUnknownNamesAlike) {
  auto start = Clock::now();
  const std::string wrong = "not-the-password";
  for (const std::string& user :
       std::vector<std::string>{"viewer", "nobody-" + std::to_string(getpid())}) {
    SCOPED_TRACE(user);
    std::vector<std::string> details;
    // Failures 1 to 3 are free; the 4th imposes a wait of 1 s, the 5th of 2 s.
    for (int i = 1; i <= 3; ++i) {
      auto r = SignIn(*server_, user, wrong).result;
      EXPECT_EQ(r.status, 401u) << "attempt " << i << ": " << r.body;
      EXPECT_TRUE(r.retry_after.empty());
      details.push_back(std::string(r.Json().at("detail").as_string()));
    }
    EXPECT_EQ(details[0], "invalid username or password");
    EXPECT_EQ(std::set<std::string>(details.begin(), details.end()).size(), 1u);
    AwaitNextSecond();  // the waits are whole seconds from the failure's second
    EXPECT_EQ(SignIn(*server_, user, wrong).result.status, 401u) << "4th failure";
    auto throttled = SignIn(*server_, user, kDemoPassword).result;
    EXPECT_EQ(throttled.status, 429u) << "even the right password waits: " << throttled.body;
    EXPECT_EQ(throttled.retry_after, "1");
    EXPECT_TRUE(SessionCookie(throttled).empty());
    AwaitNextSecond();
    EXPECT_EQ(SignIn(*server_, user, wrong).result.status, 401u) << "5th failure, after the wait";
    auto longer = SignIn(*server_, user, wrong).result;
    EXPECT_EQ(longer.status, 429u);
    EXPECT_EQ(longer.retry_after, "2") << "the wait doubles with each failure";
  }

  // 10 failures lock the account; an administrator's password reset lifts lock and waits.
  EXPECT_TRUE(Contains(ResetPassword(*server_, "viewer", "viewer passphrase two"), "reset"));
  EXPECT_EQ(SignIn(*server_, "viewer", "viewer passphrase two").result.status, 200u)
      << "a reset clears the wait";
  Db(server_->db()).Exec("UPDATE users SET failed_logins = 9 WHERE username = 'viewer'");
  EXPECT_EQ(SignIn(*server_, "viewer", wrong).result.status, 401u);
  auto locked = SignIn(*server_, "viewer", "viewer passphrase two").result;
  EXPECT_EQ(locked.status, 403u) << locked.body;
  EXPECT_TRUE(Contains(ProblemType(locked), "/account-locked")) << locked.body;
  EXPECT_TRUE(Contains(ResetPassword(*server_, "viewer", kDemoPassword), "reset"));
  EXPECT_EQ(SignIn(*server_, "viewer", kDemoPassword).result.status, 200u)
      << "a reset lifts the lock";
  EXPECT_LT(SecondsSince(start), 10.0);
}

// Regression: the throttle was checked and the failure recorded in separate steps, so guesses
// sent in parallel were all checked and overwrote each other's failure count.
TEST_F(SecurityTest, ParallelGuessesAreCountedOneByOne) {
  constexpr int kGuesses = 8;
  std::vector<unsigned> statuses(kGuesses);
  std::vector<std::thread> guessers;
  guessers.reserve(kGuesses);
  for (int i = 0; i < kGuesses; ++i) {
    guessers.emplace_back([&statuses, i] {
      statuses[i] = SignIn(*server_, "joc", "guess number " + std::to_string(i)).result.status;
    });
  }
  for (std::thread& t : guessers) t.join();
  int64_t checked = std::count(statuses.begin(), statuses.end(), 401u);
  int64_t throttled = std::count(statuses.begin(), statuses.end(), 429u);
  EXPECT_EQ(checked + throttled, kGuesses);
  EXPECT_EQ(Db(server_->db()).Int("SELECT failed_logins FROM users WHERE username = 'joc'"),
            checked)
      << "every checked guess counts as a failure";
  EXPECT_TRUE(Contains(ResetPassword(*server_, "joc", kDemoPassword), "reset"));
}

// ---- 5. SQL injection ----

TEST_F(SecurityTest, HostileFilterValuesNeverFailNorWidenTheAnswer) {
  const std::string hc_total_before =
      std::to_string(server_->Get("/api/v1/activities?limit=1").Json().at("total").as_int64());
  const int64_t errors_before = ErrorsOf5xx();
  std::string ten_kb;
  while (ten_kb.size() < 10240) ten_kb += "' OR '1'='1' -- ";
  const std::vector<std::string> hostile = {"' OR 1=1 --",
                                            "\"; DROP TABLE activities; --",
                                            "%",
                                            "_",
                                            "\\",
                                            "1) OR (1=1",
                                            std::string("a\0b", 3),
                                            std::string(1, '\0'),
                                            ten_kb,
                                            std::string(7000, 'A'),
                                            "K\u0101bul \u2603 \U0001D518 \u202E",
                                            "\xFF\xFE\xC3("};
  const std::set<std::string> paths = {"/api/v1/activities",         "/api/v1/activities/summary",
                                       "/api/v1/activities.hxl.csv", "/api/v1/places",
                                       "/api/v1/organizations",      "/api/v1/audit"};
  const std::string little = server_->CreateToken("force.analyst");
  // How many records an answer holds: its total when it has one, else its items or CSV lines.
  auto size_of = [](const HttpResult& r) -> int64_t {
    if (r.content_type.rfind("text/csv", 0) == 0)
      return std::count(r.body.begin(), r.body.end(), '\n');
    json::value v = r.Json();
    if (const json::value* t = v.as_object().if_contains("total"))
      return t->is_object() ? t->at("count").to_number<int64_t>() : t->to_number<int64_t>();
    return static_cast<int64_t>(v.at("items").as_array().size());
  };
  std::set<std::string> seen;
  int checked = 0;
  const http::Router router = http::BuildRouter();
  for (const http::Route& route : router.routes()) {
    if (route.method != "GET" || !paths.count(route.pattern)) continue;
    seen.insert(route.pattern);
    bool audit = route.pattern == "/api/v1/audit";
    // The audit log is for the HC and admins only; it grows as we go, so its baseline is taken
    // after each request.
    const std::string& token = audit ? server_->token() : little;
    std::string paged = route.pattern == "/api/v1/activities/summary" ||
                                route.pattern == "/api/v1/activities.hxl.csv"
                            ? ""
                            : "limit=1000";
    if (route.pattern == "/api/v1/activities") paged = "limit=1";
    auto baseline = TryGet(*server_, token, route.pattern + "?" + paged);
    ASSERT_EQ(baseline.status, 200u) << route.pattern << ": " << baseline.body;
    for (const http::ParamDoc& param : route.doc.query) {
      for (const std::string& value : hostile) {
        std::string target = route.pattern + "?";
        if (param.name != "limit" && !paged.empty()) target.append(paged).append("&");
        target.append(param.name).append("=").append(PercentEncode(value));
        std::string shown = route.pattern + "?";
        shown.append(param.name).append("=").append(PercentEncode(value.substr(0, 40)));
        HttpResult r = TryGet(*server_, token, target);
        ++checked;
        if (target.size() > 8192) {  // beyond the request header limit: refused, but answered
          EXPECT_EQ(r.status, 431u) << shown;
          continue;
        }
        if (audit) {
          EXPECT_EQ(TryGet(*server_, little, target).status, 403u) << shown;
        }
        ASSERT_TRUE(r.status == 200u || r.status == 400u)
            << shown << " -> " << r.status << " " << r.body.substr(0, 300);
        if (r.status != 200) continue;
        if (audit) baseline = TryGet(*server_, token, route.pattern + "?" + paged);
        EXPECT_LE(size_of(r), size_of(baseline)) << shown << " widened the answer";
      }
    }
  }
  EXPECT_EQ(seen, paths) << "every filtered list of the route table was tried";
  // Regression: place search used LIKE, so `%` and `_` matched every place.
  for (const char* wildcard : {"%", "_"}) {
    auto places = server_->Get("/api/v1/places?limit=1000&q=" + PercentEncode(wildcard));
    ASSERT_EQ(places.status, 200u);
    const json::value found = places.Json();
    EXPECT_LT(found.at("items").as_array().size(), 10u) << "q=" << wildcard;
    for (const json::value& place : found.at("items").as_array()) {
      EXPECT_TRUE(Contains(std::string(place.at("name").as_string()), wildcard))
          << "q=" << wildcard << " found " << place.at("name").as_string();
    }
  }
  EXPECT_GE(checked, 30 * static_cast<int>(hostile.size()));
  EXPECT_EQ(ErrorsOf5xx(), errors_before) << "no hostile value made the server fail";
  auto after = server_->Get("/api/v1/activities?limit=1");
  ASSERT_EQ(after.status, 200u);
  EXPECT_EQ(std::to_string(after.Json().at("total").as_int64()), hc_total_before)
      << "every activity is still there";
}

// ---- 6. path traversal ----

TEST_F(SecurityTest, StaticFilesNeverEscapeTheirRoots) {
  const char* targets[] = {"/../../etc/passwd",
                           "/%2e%2e/%2e%2e/etc/passwd",
                           "/..%2f..%2fetc/passwd",
                           "/data/../../../etc/passwd",
                           "/data/%2e%2e/%2e%2e/etc/passwd",
                           "/assets/..%5c..%5cetc%5cpasswd",
                           "/data/..%2f..%2f..%2f..%2f..%2fetc/passwd",
                           "/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                           "//etc/passwd",
                           "/data//etc/passwd",
                           "/data/%2fetc%2fpasswd",
                           "/assets/%00/../../etc/passwd",
                           "/.%2e/.%2e/.%2e/etc/passwd"};
  for (const char* target : targets) {
    for (const std::string& token : {std::string(), server_->token()}) {
      HttpResult r = TryGet(*server_, token, target);
      EXPECT_FALSE(Contains(r.body, "root:")) << target << " served /etc/passwd";
      EXPECT_NE(r.status, 500u) << target;
      if (token.empty() && std::string_view(target).rfind("/data/", 0) == 0) {
        EXPECT_EQ(r.status, 401u) << target << ": data files need a signed-in caller";
      }
    }
  }
  EXPECT_EQ(server_->Get("/healthz").status, 200u) << "the server keeps serving";
  EXPECT_EQ(TryGet(*server_, "", "/").status, 200u) << "the client application is still served";
}

// ---- 7. slow and oversized requests ----

TEST_F(SecurityTest, SlowClientsAreCutOffWhileOthersAreServed) {
  const std::string request =
      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(60, 'z') + "\r\n\r\n";
  constexpr int kSlow = 20;
  std::vector<int> fds;
  for (int i = 0; i < kSlow; ++i) {
    fds.push_back(ConnectTo(server_->port()));
    ASSERT_GE(fds.back(), 0);
  }
  std::vector<double> closed_after(kSlow, -1);
  auto start = Clock::now();
  std::thread trickle([&] {
    size_t sent = 0;
    auto next_byte = start;
    while (SecondsSince(start) < 8) {
      bool all_closed = true;
      bool send_now = Clock::now() >= next_byte;
      for (int i = 0; i < kSlow; ++i) {
        if (closed_after[i] >= 0) continue;
        if (PeerClosed(fds[i])) {
          closed_after[i] = SecondsSince(start);
          continue;
        }
        all_closed = false;
        if (send_now) send(fds[i], &request[sent % request.size()], 1, MSG_NOSIGNAL);
      }
      if (all_closed) break;
      if (send_now) {
        ++sent;
        next_byte += std::chrono::milliseconds(300);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  double slowest = 0;
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  for (int i = 0; i < 5; ++i) {
    auto asked = Clock::now();
    EXPECT_EQ(server_->Get("/healthz").status, 200u);
    EXPECT_EQ(server_->Get("/api/v1/activities?limit=5").status, 200u);
    slowest = std::max(slowest, SecondsSince(asked));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  trickle.join();
  for (int fd : fds) close(fd);
  EXPECT_LT(slowest, 1.0) << "other clients are served while slow ones hang on";
  for (int i = 0; i < kSlow; ++i) {
    EXPECT_GE(closed_after[i], 1.5) << "slow client " << i << " was cut off before the timeout";
    EXPECT_LE(closed_after[i], 3.5) << "slow client " << i << " was not cut off (-1: still open)";
  }
}

// A client that reads a large response slowly gets all of it, however long it takes; one that
// stops reading is cut off after the request timeout (2 s here) instead of holding the
// response in the server's memory forever. The export is made larger than the socket buffers
// (up to 4 MiB each way on Linux) can hold, or the server would never wait on the client.
TEST(SlowReaderTest, SlowReadersGetEverythingStalledOnesAreCutOff) {
  Server server(true, "hc", {"--request-timeout", "2"});
  // The most a sending socket's buffer may grow to (4 MiB on Debian): the export is made at
  // least twice that and 9 MiB, about 170 bytes a row.
  size_t send_buffer_max = 4u << 20;
  {
    std::ifstream wmem("/proc/sys/net/ipv4/tcp_wmem");
    size_t low = 0, initial = 0, max = 0;
    if (wmem >> low >> initial >> max) send_buffer_max = max;
  }
  const size_t want = std::max<size_t>(9u << 20, 2 * send_buffer_max + (1u << 20));
  const int rows = static_cast<int>(want / 160);
  std::string csv_path = std::filesystem::path(server.db()).parent_path() / "big.csv";
  {
    std::ofstream csv(csv_path);
    csv << "Organisation,Sector,Activity,Start\n#org,#sector,#activity,#date+start\n";
    for (int i = 0; i < rows; ++i) {
      csv << "Org " << i % 50 << ",Health,Distribution of supplies number " << i
          << " with a description long enough to make the export large,2024-01-" << 10 + i % 18
          << "\n";
    }
  }
  ASSERT_EQ(RunCommand({OM_BINARY, "--db", server.db(), "import", "hxl", csv_path}), 0);
  const std::string full = server.Get("/api/v1/activities.hxl.csv").body;
  ASSERT_GT(full.size(), want) << "the export must outgrow the socket buffers";
  const std::string request =
      "GET /api/v1/activities.hxl.csv HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Authorization: Bearer " +
      server.token() + "\r\n\r\n";
  auto open = [&] {
    int fd = ConnectTo(server.port());
    EXPECT_GE(fd, 0);
    timeval tv{10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    EXPECT_EQ(send(fd, request.data(), request.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(request.size()));
    return fd;
  };
  // Reads until the server closes or all of the response came (false if a read timed out),
  // pausing `pause` once `pause_at` bytes and again once 3 x `pause_at` bytes are in.
  auto read_all = [&](int fd, std::string& got, size_t pause_at, std::chrono::milliseconds pause) {
    std::vector<char> buf(65536);
    int pauses = 0;
    while (true) {
      size_t head_end = got.find("\r\n\r\n");
      if (head_end != std::string::npos && got.size() - head_end - 4 >= full.size()) return true;
      ssize_t n = recv(fd, buf.data(), buf.size(), 0);
      if (n < 0) return false;
      if (n == 0) return true;
      got.append(buf.data(), static_cast<size_t>(n));
      if (got.size() > full.size() + (1u << 20)) {
        ADD_FAILURE() << "more bytes than the response: " << got.size();
        return false;
      }
      if ((pauses == 0 && got.size() > pause_at) || (pauses == 1 && got.size() > 3 * pause_at)) {
        ++pauses;
        std::this_thread::sleep_for(pause);
      }
    }
  };

  auto start = Clock::now();
  int stalled = open();
  int slow = open();
  std::string slow_got;
  ASSERT_TRUE(read_all(slow, slow_got, 1u << 20, std::chrono::milliseconds(1500)));
  EXPECT_GT(SecondsSince(start), 3.0) << "the slow read must outlast the request timeout";
  ASSERT_NE(slow_got.find("\r\n\r\n"), std::string::npos);
  std::string body = slow_got.substr(slow_got.find("\r\n\r\n") + 4);
  EXPECT_TRUE(body == full)  // not EXPECT_EQ: its diff of two 10 MB strings needs gigabytes
      << body.size() << " of " << full.size()
      << " bytes: a client that keeps reading gets the whole export";

  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the stalled one: > 3.5 s now
  std::string stalled_got;
  EXPECT_TRUE(read_all(stalled, stalled_got, std::string::npos, {}))
      << "the server must have closed the stalled connection";
  EXPECT_LT(stalled_got.size(), full.size()) << "a stalled client is cut off";
  close(slow);
  close(stalled);
  EXPECT_EQ(server.Get("/healthz").status, 200u);
}

TEST_F(SecurityTest, OversizedBodiesAreRefusedUpFront) {
  for (const std::string& auth :
       {std::string(), "Authorization: Bearer " + server_->token() + "\r\n"}) {
    auto start = Clock::now();
    std::string reply = server_->RawExchange(
        "POST /api/v1/activities HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth +
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(33 << 20) +
        "\r\n\r\n{\"title\": \"");
    EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply.substr(0, 200);
    EXPECT_LT(SecondsSince(start), 1.0) << "refused on the header, not after a wait";
  }
  auto start = Clock::now();
  EXPECT_EQ(server_->Get("/healthz").status, 200u);
  EXPECT_EQ(server_->Get("/api/v1/activities?limit=5").status, 200u);
  EXPECT_LT(SecondsSince(start), 1.0);
}

// ---- 8. audit ----

TEST_F(SecurityTest, ReadsOfCompartmentedRecordsAreAuditedForTheHcAndAdminsOnly) {
  const std::string target = "/api/v1/activities?limit=7&place=AF23";
  auto read = server_->Get(target);
  ASSERT_EQ(read.status, 200u);
  ASSERT_FALSE(read.Json().at("items").as_array().empty());
  const std::string admin = server_->CreateToken("admin");
  for (const std::string& token : {server_->token(), admin}) {
    auto log = server_->GetAs(token, "/api/v1/audit?action=read&limit=50");
    ASSERT_EQ(log.status, 200u) << log.body;
    bool found = false;
    const json::value entries = log.Json();
    for (const json::value& e : entries.at("items").as_array()) {
      found |= e.at("endpoint").as_string() == "GET " + target &&
               e.at("user").at("username").as_string() == "hc";
    }
    EXPECT_TRUE(found) << "no read entry for " << target << " in " << log.body.substr(0, 500);
  }
  EXPECT_EQ(server_->GetAs(server_->CreateToken("force.analyst"), "/api/v1/audit").status, 403u);
}

TEST_F(SecurityTest, AuditedReadsAnsweredBeforeAKillAreInTheLogOnce) {
  Server server;
  std::vector<std::string> targets;
  for (int i = 0; i < 30; ++i) {
    targets.push_back("/api/v1/activities?place=AF23&limit=" + std::to_string(i + 1));
    ASSERT_EQ(server.Get(targets.back()).status, 200u);
  }
  server.Kill();  // within the 100 ms the journal waits before copying: most are only there
  std::printf("[ info ] journal left by the killed server: %llu bytes\n",
              static_cast<unsigned long long>(std::filesystem::file_size(server.db() + "-audit")));
  Verdict v = AuditVerify(server.db());  // copies the journal into the log first
  EXPECT_EQ(v.exit_code, 0) << v.output;
  Db db(server.db());
  for (const std::string& t : targets) {
    EXPECT_EQ(db.Int("SELECT count(*) FROM audit_log WHERE action = 'read' AND endpoint = 'GET " +
                     t + "'"),
              1)
        << t;
  }
  EXPECT_EQ(std::filesystem::file_size(server.db() + "-audit"), 0u);
}

TEST_F(SecurityTest, AuditVerifyFindsEditedDeletedReorderedAndTruncatedEntries) {
  // Some activity of every kind first: sign-ins, failures, a token, reads, an export.
  EXPECT_EQ(SignIn(*server_, "jmac", kDemoPassword).result.status, 200u);
  EXPECT_EQ(SignIn(*server_, "jmac", "wrong guess").result.status, 401u);
  EXPECT_EQ(server_->Get("/api/v1/activities?limit=3").status, 200u);
  EXPECT_EQ(server_->Get("/api/v1/activities.hxl.csv?place=AF2307").status, 200u);
  // Reading the log brings it up to date with the server's journal before the copies below.
  EXPECT_EQ(server_->Get("/api/v1/audit?limit=1").status, 200u);
  Verdict intact = AuditVerify(server_->db());
  EXPECT_EQ(intact.exit_code, 0) << intact.output;

  const std::filesystem::path dir = server_->dir();
  int copies = 0;
  // A consistent copy of the live database (its WAL included), triggers dropped or not.
  auto copy = [&](bool drop_triggers) {
    std::string path = (dir / ("tampered-" + std::to_string(++copies) + ".db")).string();
    EXPECT_EQ(Db(server_->db()).Exec("VACUUM INTO '" + path + "'"), SQLITE_OK);
    if (drop_triggers) {
      EXPECT_EQ(Db(path).Exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete"),
                SQLITE_OK);
    }
    return path;
  };
  {
    std::string path = copy(false);
    Db db(path);
    ASSERT_GE(db.Int("SELECT count(*) FROM audit_log"), 6);
    std::string error;
    EXPECT_NE(db.Exec("UPDATE audit_log SET detail = '{}' WHERE seq = 2", &error), SQLITE_OK);
    EXPECT_TRUE(Contains(error, "append-only")) << error;
    EXPECT_NE(db.Exec("DELETE FROM audit_log WHERE seq = 2", &error), SQLITE_OK);
    EXPECT_TRUE(Contains(error, "append-only")) << error;
    EXPECT_EQ(AuditVerify(path).exit_code, 0);
  }
  int64_t last = Db(server_->db()).Int("SELECT max(seq) FROM audit_log");
  int64_t middle = last / 2;
  std::string m = std::to_string(middle);
  const std::vector<std::tuple<std::string, std::string, std::string>> tamperings = {
      {"edited", "UPDATE audit_log SET detail = '{\"rows\":0}' WHERE seq = " + m,
       "entry " + m + ": its content was altered"},
      {"deleted", "DELETE FROM audit_log WHERE seq = " + m, "entry " + m + ": missing"},
      {"reordered",
       "CREATE TEMP TABLE two AS SELECT * FROM audit_log WHERE seq IN (" + m + ", " + m +
           " + 1);"
           "UPDATE audit_log SET (at, user_id, username, org_id, action, endpoint, detail, "
           "prev_hash,"
           " hash) = (SELECT at, user_id, username, org_id, action, endpoint, detail, prev_hash, "
           "hash"
           " FROM two WHERE two.seq = 2 * " +
           m + " + 1 - audit_log.seq) WHERE seq IN (" + m + ", " + m + " + 1)",
       "entry " + m + ":"},
      {"truncated", "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)",
       "removed from the end"}};
  for (const auto& [what, sql, named] : tamperings) {
    std::string path = copy(true);
    std::string error;
    ASSERT_EQ(Db(path).Exec(sql, &error), SQLITE_OK) << what << ": " << error;
    Verdict v = AuditVerify(path);
    EXPECT_EQ(v.exit_code, 1) << what << ": " << v.output;
    EXPECT_TRUE(Contains(v.output, named))
        << what << " should name '" << named << "': " << v.output;
  }
}

}  // namespace
}  // namespace om::testing
