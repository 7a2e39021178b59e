// Starts the real `onemission` binary on a demo database and a free loopback port, and speaks
// HTTP to it. One server per test suite; stopped with SIGTERM (which must exit cleanly).
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace om::testing {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

struct HttpResult {
  unsigned status = 0;
  std::string body;
  std::string content_type;
  std::string etag;
  std::string location;
  std::vector<std::string> set_cookie;
  std::string retry_after;
  boost::json::value Json() const { return boost::json::parse(body); }
};

inline std::string SourceDir() {
  return std::filesystem::path(OM_TEST_DATA).parent_path().parent_path();
}

// Runs a shell command line and returns its standard output.
inline std::string Capture(const std::string& command) {
  std::string out;
  if (FILE* f = popen(command.c_str(), "r")) {
    char buf[4096];
    size_t n = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    pclose(f);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

inline int RunCommand(const std::vector<std::string>& args, pid_t* background = nullptr,
                      const std::string& stderr_file = "") {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  if (!stderr_file.empty())
    posix_spawn_file_actions_addopen(&actions, 2, stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) return -1;
  posix_spawn_file_actions_destroy(&actions);
  if (background) {
    *background = pid;
    return 0;
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class Server {
 public:
  // Builds the demo database (or an empty one) and starts serving it. Requests carry a bearer
  // token of the demo user `as` (the Humanitarian Coordinator, who sees every demo record)
  // unless made with RequestAs.
  explicit Server(bool demo = true, const std::string& as = "hc",
                  const std::vector<std::string>& serve_args = {}) {
    dir_ = std::filesystem::temp_directory_path() /
           ("om-it-" + std::to_string(getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "test.db").string();
    std::string data = SourceDir() + "/data/demo";
    if (demo) {
      EXPECT_EQ(RunCommand({OM_BINARY, "--db", db_, "demo", "--data", data}), 0);
    } else {
      EXPECT_EQ(RunCommand({OM_BINARY, "--db", db_, "migrate"}), 0);
    }
    if (demo && !as.empty()) token_ = CreateToken(as);
    std::string port_file = (dir_ / "port").string();
    std::vector<std::string> args = {
        OM_BINARY,     "--db",    db_,         "serve", "--port",     "0",
        "--port-file", port_file, "--threads", "2",     "--web-root", SourceDir() + "/web/dist",
        "--data-root", data};
    args.insert(args.end(), serve_args.begin(), serve_args.end());
    log_ = (dir_ / "server.log").string();
    RunCommand(args, &pid_, log_);
    for (int i = 0; i < 200 && port_ == 0; ++i) {
      std::ifstream in(port_file);
      if (!(in >> port_)) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    EXPECT_NE(port_, 0) << "server did not start";
  }

  ~Server() {
    if (pid_ > 0) Stop();
    std::filesystem::remove_all(dir_);
  }

  // SIGTERM, then the exit status (0 = clean shutdown).
  int Stop() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // SIGKILL: the process dies wherever it is, as in a crash or an OOM kill.
  void Kill() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }

  // A new API token for a user of the database, from the command line.
  std::string CreateToken(const std::string& user) {
    return Capture(std::string(OM_BINARY) + " --db " + db_ + " token create " + user);
  }

  HttpResult Request(bhttp::verb method, const std::string& target, const std::string& body = "",
                     const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    return RequestAs(token_, method, target, body, headers);
  }
  // With `token` as bearer ("" = no Authorization header).
  HttpResult RequestAs(const std::string& token, bhttp::verb method, const std::string& target,
                       const std::string& body = "",
                       const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    boost::asio::io_context io;
    beast::tcp_stream stream(io);
    stream.connect(
        {boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)});
    bhttp::request<bhttp::string_body> req{method, target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    if (!token.empty()) req.set(bhttp::field::authorization, "Bearer " + token);
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(256 * 1024 * 1024);
    bhttp::read(stream, buffer, parser);
    auto res = parser.release();
    beast::error_code ec;
    stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    HttpResult out{res.result_int(), res.body(), std::string(res[bhttp::field::content_type]),
                   std::string(res[bhttp::field::etag]), std::string(res[bhttp::field::location])};
    for (const auto& field : res) {
      if (field.name() == bhttp::field::set_cookie) out.set_cookie.emplace_back(field.value());
      if (field.name() == bhttp::field::retry_after) out.retry_after = std::string(field.value());
    }
    return out;
  }
  HttpResult Get(const std::string& target) { return Request(bhttp::verb::get, target); }
  HttpResult GetAs(const std::string& token, const std::string& target) {
    return RequestAs(token, bhttp::verb::get, target);
  }

  // Sends raw bytes and returns whatever comes back before the server closes (or 5 s pass).
  std::string RawExchange(const std::string& bytes) {
    boost::asio::io_context io;
    beast::tcp_stream stream(io);
    stream.connect(
        {boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)});
    beast::error_code ec;
    boost::asio::write(stream.socket(), boost::asio::buffer(bytes), ec);
    std::string out;
    char buf[4096];
    stream.socket().non_blocking(false);
    struct timeval tv {
      5, 0
    };
    setsockopt(stream.socket().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    while (true) {
      ssize_t n = ::recv(stream.socket().native_handle(), buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
      if (out.find("\r\n\r\n") != std::string::npos && out.size() > 64) break;
    }
    return out;
  }

  int port() const { return port_; }
  const std::string& db() const { return db_; }
  const std::string& token() const { return token_; }
  const std::string& log() const { return log_; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::string db_;
  std::string token_;
  std::string log_;
  pid_t pid_ = 0;
  int port_ = 0;
};

}  // namespace om::testing
