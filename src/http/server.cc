#include "http/server.h"

#include <array>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/url.hpp>
#include <chrono>
#include <memory>
#include <thread>
#include <unordered_map>

#include "core/log.h"
#include "http/dispatch.h"
#include "http/response_head.h"

namespace om::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr size_t kBodyLimit = size_t{32} * 1024 * 1024;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Dispatcher& dispatcher, std::chrono::seconds timeout)
      : stream_(std::move(socket)), dispatcher_(dispatcher), timeout_(timeout) {}

  void Start() {
    beast::error_code ec;  // the peer's address, once per connection (for throttling and logs)
    auto remote = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = remote.address().to_string();
    Read();
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(kBodyLimit);
    // One deadline for the whole request, headers and body: a client that trickles bytes
    // (slowloris) is cut off like an idle one.
    stream_.expires_after(timeout_);
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) return Write(dispatcher_.TooLarge(), 11, false, false);
    if (ec == bhttp::error::header_limit) {  // a long URL gets an answer, not a dropped line
      return Write(Problem(431, "too-large", "Request header too large",
                           "the request line and headers are limited to 8 KiB"),
                   11, false, false);
    }
    if (ec) return Close();
    bhttp::request<bhttp::string_body> req = parser_->release();
    Request request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    request.body = std::move(req.body());
    request.if_match = std::string(req[bhttp::field::if_match]);
    request.content_type = std::string(req[bhttp::field::content_type]);
    request.cookie = std::string(req[bhttp::field::cookie]);
    request.authorization = std::string(req[bhttp::field::authorization]);
    request.csrf_token = std::string(req["X-CSRF-Token"]);
    request.forwarded_proto = std::string(req["X-Forwarded-Proto"]);
    request.remote = remote_;
    stream_.expires_never();  // while the request is handled (audited ones wait for the log)
    unsigned version = req.version();
    bool keep = req.keep_alive();
    bool head = request.method == "HEAD";
    dispatcher_.Handle(request, stream_.get_executor(),
                       [self = shared_from_this(), version, keep, head](Response response) {
                         // Runs inline on this connection's thread, or is handed back to it from
                         // the audit writer.
                         asio::dispatch(
                             self->stream_.get_executor(),
                             [self, version, keep, head, response = std::move(response)]() mutable {
                               self->Write(std::move(response), version, keep, head);
                             });
                       });
  }

  // Writes the head and the body (gathered). The body stays in this session until it is sent:
  // a cached response's shared buffer, or the response's own string.
  void Write(Response response, unsigned version, bool keep, bool head) {
    shared_out_ = std::move(response.shared_body);
    body_out_ = std::move(response.body);
    std::string_view body = shared_out_ ? std::string_view(*shared_out_) : body_out_;
    head_out_ = ResponseHead(response, version, keep, body.size());
    body_view_ = SendsBody(response.status, head) ? body : std::string_view();
    sent_ = 0;
    keep_ = keep;
    WriteSome();
  }

  // One write(2) at a time, each with its own deadline: a client that takes nothing for the
  // request timeout is cut off, as one that sends nothing is, while a large export to a slow
  // client goes on as long as it moves.
  void WriteSome() {
    std::array<asio::const_buffer, 2> rest;
    if (sent_ < head_out_.size()) {
      rest = {asio::buffer(head_out_.data() + sent_, head_out_.size() - sent_),
              asio::buffer(body_view_.data(), body_view_.size())};
    } else {
      size_t done = sent_ - head_out_.size();
      rest = {asio::buffer(body_view_.data() + done, body_view_.size() - done),
              asio::const_buffer()};
    }
    stream_.expires_after(timeout_);
    stream_.async_write_some(rest, [self = shared_from_this()](beast::error_code ec, size_t n) {
      self->sent_ += n;
      if (!ec && self->sent_ < self->head_out_.size() + self->body_view_.size()) {
        return self->WriteSome();
      }
      self->shared_out_.reset();
      self->body_out_ = std::string();  // an export may be large
      self->body_view_ = {};
      if (ec || !self->keep_) return self->Close();
      self->Read();
    });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Dispatcher& dispatcher_;
  std::chrono::seconds timeout_;
  std::string remote_;
  std::string head_out_;  // the response being written
  std::string body_out_;
  std::shared_ptr<const std::string> shared_out_;
  std::string_view body_view_;  // what of the body goes out (nothing for HEAD, 204, 304)
  size_t sent_ = 0;             // bytes of head and body written so far
  bool keep_ = true;
};

// Accepts on the first io_context and hands each connection to the next worker's io_context
// in turn: one event loop per thread, no lock shared between them.
class Listener {
 public:
  Listener(std::vector<std::unique_ptr<asio::io_context>>& workers, const tcp::endpoint& endpoint,
           Dispatcher& dispatcher, std::chrono::seconds timeout, Status& status)
      : workers_(workers), acceptor_(*workers[0]), dispatcher_(dispatcher), timeout_(timeout) {
    beast::error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      status = IoError("cannot listen on " + endpoint.address().to_string() + ":" +
                       std::to_string(endpoint.port()) + ": " + ec.message());
    }
  }
  int port() const { return acceptor_.local_endpoint().port(); }
  void Accept() {
    asio::io_context& target = *workers_[next_++ % workers_.size()];
    acceptor_.async_accept(target, [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) {
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(socket), dispatcher_, timeout_)->Start();
      }
      Accept();
    });
  }
  void Stop() {
    beast::error_code ec;
    acceptor_.close(ec);
  }

 private:
  std::vector<std::unique_ptr<asio::io_context>>& workers_;
  tcp::acceptor acceptor_;
  Dispatcher& dispatcher_;
  std::chrono::seconds timeout_;
  size_t next_ = 0;
};

}  // namespace

Status RunServer(const ServerOptions& options) {
  int threads = options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  Dispatcher dispatcher(options);
  OM_RETURN_IF_ERROR(dispatcher.CheckDatabase());
  std::vector<std::unique_ptr<asio::io_context>> workers;
  workers.reserve(static_cast<size_t>(threads));
  for (int i = 0; i < threads; ++i) workers.push_back(std::make_unique<asio::io_context>(1));
  beast::error_code ec;
  auto address = asio::ip::make_address(options.address, ec);
  if (ec) return InvalidArgument("bad address '" + options.address + "'");
  Status status;
  Listener listener(workers, tcp::endpoint(address, static_cast<unsigned short>(options.port)),
                    dispatcher, std::chrono::seconds(std::max(1, options.request_timeout)), status);
  OM_RETURN_IF_ERROR(status);
  listener.Accept();
  asio::io_context& main = *workers[0];
  asio::signal_set signals(main, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int signal) {
    Log().info("signal {}: stopping; requests in flight finish first", signal);
    listener.Stop();
    // Give open connections a moment to finish their current exchange, then stop.
    auto timer = std::make_shared<asio::steady_timer>(main, std::chrono::seconds(2));
    timer->async_wait([&workers, timer](beast::error_code) {
      for (auto& io : workers) io->stop();
    });
  });
  Log().info("serving {} on http://{}:{} with {} threads", options.db_path, options.address,
             listener.port(), threads);
  if (options.on_listening) options.on_listening(listener.port());
  // Idle workers must not return from run() before their first connection arrives.
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  guards.reserve(workers.size());
  for (auto& io : workers) guards.push_back(asio::make_work_guard(*io));
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&workers, i] { workers[i]->run(); });
  main.run();
  for (auto& io : workers) io->stop();
  for (std::thread& t : pool) t.join();
  dispatcher.Shutdown();
  Log().info("stopped");
  return Status::Ok();
}

}  // namespace om::http

// Boost.URL has no Debian library package: compile its sources into this one translation unit.
#include <boost/url/src.hpp>  // NOLINT(build/include_order)
