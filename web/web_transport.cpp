// web: WebTransport, one WebSocket per connection to the relay of `wirepad serve`.
//
// [SECTION] Frames      the connect request and the relay's replies (docs/relay-protocol.md)
// [SECTION] Socket      one relay WebSocket: callbacks, deadlines, the order of events
// [SECTION] Transport   open(), now(), the relay URL read from the page
//
// Lifetime: WebSocket and timer callbacks carry a raw pointer to a RelaySocket. close()
// deletes the WebSocket (Emscripten then drops its callbacks) and clears the timer, so no
// callback can reach a RelaySocket after close(). While a callback runs it holds a
// shared_ptr to its RelaySocket, because the event it delivers may make the owner close
// and destroy the Connection (HttpCall does that as soon as a response is complete).
#include "web/web_transport.h"
#include "shared/tls_facts_json.h"

#include <emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/html5.h>  // emscripten_date_now
#include <emscripten/websocket.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <utility>

namespace wirepad::web {
namespace {

using json = nlohmann::json;

// ---------------------------------------------------------------------------------------
// [SECTION] Frames
// ---------------------------------------------------------------------------------------

// {"op":"connect",...}, or {"op":"create",...} with the same fields for an endpoint held before
// connect (the socket lesson's Create): the relay makes the socket and waits for {"op":"connect"}.
std::string connect_frame(const Endpoint& endpoint) {
  json j = json::object();
  j["op"] = endpoint.hold_before_connect ? "create" : "connect";
  j["proto"] = endpoint.protocol == Protocol::udp ? "udp" : "tcp";
  j["host"] = endpoint.host;
  j["port"] = endpoint.port;
  j["tls"] = endpoint.tls;
  j["tls_verify"] = endpoint.verify_tls;
  if (endpoint.tls && !endpoint.alpn.empty()) j["alpn"] = endpoint.alpn;  // the relay offers them (HTTP/2: docs/http2.md)
  j["connect_timeout_ms"] = static_cast<std::int64_t>(endpoint.connect_timeout * 1000);
  // A host name the user typed is not always UTF-8: replace bad bytes rather than throw.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

double number_or_zero(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

std::string string_or_empty(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// ---------------------------------------------------------------------------------------
// [SECTION] Socket
// ---------------------------------------------------------------------------------------

double clock_seconds() { return emscripten_get_now() / 1000.0; }

class RelaySocket : public std::enable_shared_from_this<RelaySocket> {
 public:
  RelaySocket(std::string relay_url, Endpoint endpoint, ConnectionEvents& events)
      : relay_url_(std::move(relay_url)), endpoint_(std::move(endpoint)), events_(&events) {}
  ~RelaySocket() { shut_down(); }

  void open() {
    // The browser build has no proxy support (docs/proxies.md): the relay connects for it, so a
    // request routed through a proxy is refused out loud rather than sent direct or to the proxy.
    if (endpoint_.via_proxy) {
      early_error_ = make_error(ErrorCode::unsupported_scheme,
                                "The browser build cannot send through an HTTP proxy yet: its connections go through "
                                "the relay (wirepad serve). Remove the proxy setting, or send from the desktop app or "
                                "`wirepad send -x`.");
      failed_to_create_ = true;
      schedule_timer(0);
      return;
    }
    // The relay resolves names itself and picks the address; it has no family choice. An
    // address literal of the chosen family is fine; anything else is refused (from a timer).
    if (endpoint_.family != AddressFamily::any) {
      bool v6 = endpoint_.host.find(':') != std::string::npos;
      bool v4 = !v6 && !endpoint_.host.empty() && endpoint_.host.find_first_not_of("0123456789.") == std::string::npos;
      if (endpoint_.family == AddressFamily::ipv4 ? !v4 : !v6) {
        early_error_ = make_error(ErrorCode::invalid_request,
                                  std::string("Through the relay the address family cannot be chosen for a name: choose \"IPv4 or IPv6\", "
                                              "or type an ") + (endpoint_.family == AddressFamily::ipv4 ? "IPv4" : "IPv6") + " address.");
        failed_to_create_ = true;
        schedule_timer(0);
        return;
      }
    }
    EmscriptenWebSocketCreateAttributes attributes;
    emscripten_websocket_init_create_attributes(&attributes);
    attributes.url = relay_url_.c_str();
    attributes.protocols = nullptr;
    attributes.createOnMainThread = EM_TRUE;
    EMSCRIPTEN_WEBSOCKET_T ws = emscripten_websocket_new(&attributes);
    if (ws <= 0) {
      // Reported from a timer, never from inside open(): the caller does not expect events
      // before open() has returned.
      failed_to_create_ = true;
      schedule_timer(0);
      return;
    }
    ws_ = ws;
    emscripten_websocket_set_onopen_callback(ws_, this, &RelaySocket::on_open_cb);
    emscripten_websocket_set_onmessage_callback(ws_, this, &RelaySocket::on_message_cb);
    emscripten_websocket_set_onclose_callback(ws_, this, &RelaySocket::on_close_cb);
    // onerror carries no detail in browsers and is always followed by onclose: handled there.
    reschedule();
  }

  void send(std::string_view bytes) {
    if (peer_closed_ && events_ && !bytes.empty()) {
      // The relay closes the WebSocket when the peer sends FIN, so this side cannot send any
      // more (natively it could: TCP half-close). Said once, as an error.
      ConnectionEvents* events = events_;
      events_ = nullptr;
      events->on_error(make_error(ErrorCode::closed_early, "The peer closed its side, and through the relay nothing can be sent after "
                                                           "that (the desktop app and the CLI can: TCP half-close)."),
                       clock_seconds());
      return;
    }
    if (closed_ || bytes.empty()) return;
    if (stage_ != Stage::connected) {
      pending_.append(bytes);  // before the relay said "connected"; flushed then
      return;
    }
    emscripten_websocket_send_binary(ws_, const_cast<char*>(bytes.data()), bytes.size());
  }

  // Ends the hold of a socket made with {"op":"create"}: {"op":"connect"} once the relay said
  // "created" (at once, or as soon as it does).
  void proceed() {
    if (!endpoint_.hold_before_connect || closed_ || proceed_asked_) return;
    proceed_asked_ = true;
    if (stage_ == Stage::held) send_connect();
  }

  // TCP half-close: the relay shuts down the socket's sending half ({"op":"shutdown"}).
  bool shutdown_write() {
    if (endpoint_.protocol != Protocol::tcp || closed_ || stage_ != Stage::connected) return false;
    emscripten_websocket_send_utf8_text(ws_, "{\"op\":\"shutdown\"}");
    return true;
  }

  // Stops every event; idempotent.
  void shut_down() {
    peer_closed_ = false;  // from here on nothing at all is delivered
    closed_ = true;
    if (timer_ != 0) {
      emscripten_clear_timeout(timer_);
      timer_ = 0;
    }
    if (ws_ > 0) {
      emscripten_websocket_close(ws_, 1000, "closed by the page");
      emscripten_websocket_delete(ws_);
      ws_ = 0;
    }
  }

 private:
  // A held socket (Endpoint::hold_before_connect) goes opening, creating, held, requested,
  // connected; any other opening, requested, connected.
  enum class Stage { opening, creating, held, requested, connected };

  // --- WebSocket callbacks --------------------------------------------------------------
  static EM_BOOL on_open_cb(int, const EmscriptenWebSocketOpenEvent*, void* user) {
    auto self = static_cast<RelaySocket*>(user)->shared_from_this();
    self->on_open();
    return EM_TRUE;
  }
  static EM_BOOL on_message_cb(int, const EmscriptenWebSocketMessageEvent* e, void* user) {
    auto self = static_cast<RelaySocket*>(user)->shared_from_this();
    // Text frames arrive NUL-terminated and numBytes counts the NUL.
    std::size_t size = e->isText && e->numBytes > 0 ? e->numBytes - 1 : e->numBytes;
    std::string_view bytes(reinterpret_cast<const char*>(e->data), size);
    if (e->isText)
      self->on_text(bytes);
    else
      self->on_binary(bytes);
    return EM_TRUE;
  }
  static EM_BOOL on_close_cb(int, const EmscriptenWebSocketCloseEvent* e, void* user) {
    auto self = static_cast<RelaySocket*>(user)->shared_from_this();
    self->on_close(e->code, e->reason);
    return EM_TRUE;
  }
  static void on_timer_cb(void* user) {
    auto self = static_cast<RelaySocket*>(user)->shared_from_this();
    self->timer_ = 0;
    self->on_timer();
  }

  // --- What each one means --------------------------------------------------------------
  void on_open() {
    if (closed_) return;
    ws_open_at_ = clock_seconds();
    stage_ = endpoint_.hold_before_connect ? Stage::creating : Stage::requested;
    // The connect request first, so the relay starts at once; then the relay's set-up is
    // reported as its own phase (never as name lookup: the relay's lookup comes after it).
    std::string frame = connect_frame(endpoint_);
    emscripten_websocket_send_utf8_text(ws_, frame.c_str());
    events_->on_relay_open(ws_open_at_);
  }

  void on_text(std::string_view text) {
    if (closed_) return;
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    std::string op = j.is_object() ? string_or_empty(j, "op") : std::string();
    if (op == "created" && stage_ == Stage::creating) {
      on_created_frame(j);
    } else if (op == "connected" && stage_ == Stage::requested) {
      on_connected_frame(j);
    } else if (op == "error") {
      Error error = make_error(error_code_from_name(string_or_empty(j, "code")), string_or_empty(j, "message"));
      if (error.message.empty()) error.message = "The Wirepad relay reported an error without a message.";
      fail(std::move(error));
    } else if (op == "closed" && stage_ == Stage::connected) {
      finish_closed();
    } else if (stage_ != Stage::connected) {
      fail(make_error(ErrorCode::relay_refused,
                      "The Wirepad relay at " + relay_url_without_token() + " answered '" +
                          std::string(text.substr(0, 200)) +
                          "', which this page does not understand: is the page from the same "
                          "version of Wirepad as `wirepad serve`? Reload the page."));
    }
    // Other text frames after "connected" are ignored: a newer relay may send more facts.
  }

  // The relay looked the name up, checked the address and made the socket, not connected: the
  // events say so now (resolved; socket created, naming the relay and its lookup time, which the
  // relay measured); connect() waits for proceed(). The relay's times all come in
  // on_relay_report after `connected`, as for a socket that was never held.
  void on_created_frame(const json& j) {
    double now = clock_seconds();
    double dns_ms = std::max(0.0, number_or_zero(j, "dns_ms"));
    stage_ = Stage::held;
    created_address_ = string_or_empty(j, "address");
    if (created_address_.empty()) created_address_ = endpoint_.host + ":" + std::to_string(endpoint_.port);
    events_->on_resolved(created_address_, now);
    if (closed_) return;
    std::string call = string_or_empty(j, "socket");
    if (call.empty()) call = endpoint_.protocol == Protocol::udp ? "socket(SOCK_DGRAM)" : "socket(SOCK_STREAM)";
    char lookup[96];
    std::snprintf(lookup, sizeof lookup, dns_ms < 10 ? "%.3f ms" : "%.1f ms", dns_ms);
    std::string by_relay = ", made by the relay (wirepad serve), " +
                           (dns_ms > 0 ? "which looked up '" + endpoint_.host + "' in " + lookup + " (measured by the relay)"
                                       : std::string("with no name lookup (the host is an address)"));
    events_->on_socket_created(call + " for " + created_address_ + by_relay, now);
    if (closed_) return;
    if (proceed_asked_) send_connect();
    reschedule();
  }

  void send_connect() {
    stage_ = Stage::requested;
    connect_sent_at_ = clock_seconds();
    emscripten_websocket_send_utf8_text(ws_, "{\"op\":\"connect\"}");
  }

  void on_connected_frame(const json& j) {
    // The relay measured name lookup, connect and TLS on its side; they are reported as the
    // relay's (on_relay_report), and the events are stamped at the moments those steps ended,
    // counted back from now, so the timeline reads like curl's after the relay's own set-up
    // phase (on_relay_open). Never earlier than the moment the relay was open, never out of order.
    double now = clock_seconds();
    double dns_s = std::max(0.0, number_or_zero(j, "dns_ms") / 1000.0);
    double tls_s = std::max(0.0, number_or_zero(j, "tls_ms") / 1000.0);
    double connect_s = std::max(0.0, number_or_zero(j, "connect_ms") / 1000.0);
    const bool held = endpoint_.hold_before_connect;
    double earliest = held ? connect_sent_at_ : ws_open_at_;  // a held socket connects after the page asked
    double connected_at = std::max(earliest, now - tls_s);
    double resolved_at = std::max(earliest, connected_at - connect_s);

    stage_ = Stage::connected;  // sends from inside the events below go straight out
    std::string address = string_or_empty(j, "address");
    if (address.empty()) address = endpoint_.host + ":" + std::to_string(endpoint_.port);
    // A held socket was resolved at "created"; only another address (the first refused the
    // connect, the next one answered) is news.
    if (!held || address != created_address_) {
      events_->on_resolved(address, resolved_at);
      if (closed_) return;
    }
    events_->on_connected(connected_at);
    if (closed_) return;
    if (endpoint_.tls) {
      TlsFacts facts;
      if (auto it = j.find("tls"); it != j.end()) facts = tls_facts_from_json(*it);
      facts.by_relay = true;  // the relay decrypted: say so wherever the facts are shown
      events_->on_secured(facts, now);
      if (closed_) return;
    }
    // After the stamps above (so the timeline stays in time order); the request has gone out.
    events_->on_relay_report(RelayReport{dns_s, connect_s, endpoint_.tls ? tls_s : -1.0}, now);
    if (closed_) return;
    if (!pending_.empty()) {
      std::string bytes = std::move(pending_);
      pending_.clear();
      send(bytes);
    }
    reschedule();
  }

  void on_binary(std::string_view bytes) {
    if (closed_) return;
    if (stage_ != Stage::connected) {
      fail(make_error(ErrorCode::relay_refused,
                      "The Wirepad relay at " + relay_url_without_token() +
                          " sent data before it reported the connection: is the page from the "
                          "same version of Wirepad as `wirepad serve`? Reload the page."));
      return;
    }
    events_->on_data(bytes, clock_seconds());
    if (!closed_) reschedule();
  }

  void on_close(unsigned short code, const char* reason_c) {
    if (closed_) return;
    std::string reason = reason_c ? reason_c : "";
    std::string detail = "WebSocket close code " + std::to_string(code) + (reason.empty() ? "" : ": " + reason);
    switch (stage_) {
      case Stage::opening:
        if (relay_url_.find("%25WIREPAD_RELAY_TOKEN%25") != std::string::npos) {
          fail(make_error(ErrorCode::relay_refused,
                          "This page was not served by `wirepad serve` and is not paired with a "
                          "relay: run `wirepad serve` and open the URL it prints, or reload this "
                          "page and enter the pairing code `wirepad serve` printed."));
          return;
        }
        // The browser hides why (refused, wrong token, wrong origin all look alike: 1006).
        fail(make_error(ErrorCode::io_error,
                        "Could not reach the Wirepad relay at " + relay_url_without_token() +
                            ": is `wirepad serve` running? If it is, reload the page (the relay "
                            "only accepts the token of the page it served in this run)."));
        return;
      case Stage::creating:
      case Stage::held:
      case Stage::requested:
        fail(make_error(ErrorCode::relay_refused,
                        "The Wirepad relay at " + relay_url_without_token() +
                            " closed the connection before answering (" + detail +
                            "); its log in the terminal running `wirepad serve` says why."));
        return;
      case Stage::connected:
        if (code == 1000) {
          finish_closed();  // a clean close without "closed" still means the peer is done
        } else {
          fail(make_error(ErrorCode::connection_reset,
                          "The connection through the Wirepad relay ended abruptly (" + detail +
                              "): the relay stopped, or it closed an idle or oversized connection."));
        }
        return;
    }
  }

  void on_timer() {
    if (closed_) return;
    if (failed_to_create_ && early_error_) {
      fail(early_error_);
      return;
    }
    if (failed_to_create_) {
      fail(make_error(ErrorCode::io_error, "This browser could not open a WebSocket to the Wirepad relay at " +
                                               relay_url_without_token() + "."));
      return;
    }
    events_->on_tick(clock_seconds());
    if (!closed_) reschedule();
  }

  // --- Endings ----------------------------------------------------------------------------
  void fail(Error error) {
    ConnectionEvents* events = events_;
    shut_down();  // no event after the error
    events->on_error(error, clock_seconds());
  }

  void finish_closed() {
    ConnectionEvents* events = events_;
    shut_down();
    peer_closed_ = true;  // a later send() reports that it cannot go anywhere
    events->on_closed(clock_seconds());
  }

  // --- Deadlines ----------------------------------------------------------------------------
  // After every event. The idle deadline moves later with each message; a timer that is armed
  // for an earlier moment is kept (it fires, on_tick finds nothing due, and it is armed again
  // for the new deadline) rather than cleared and set again for each of thousands of messages.
  void reschedule() {
    double deadline = events_->next_deadline();
    if (deadline < 0) {
      if (timer_ != 0) emscripten_clear_timeout(timer_);
      timer_ = 0;
      return;
    }
    if (timer_ != 0 && timer_deadline_ <= deadline) return;
    schedule_timer(std::max(0.0, deadline - clock_seconds()) * 1000.0);
    timer_deadline_ = deadline;
  }

  void schedule_timer(double delay_ms) {
    if (timer_ != 0) emscripten_clear_timeout(timer_);
    // +1 ms: setTimeout may fire a hair early against performance.now(); the exchange only
    // acts once the deadline has really passed.
    timer_ = emscripten_set_timeout(&RelaySocket::on_timer_cb, delay_ms + 1, this);
    timer_deadline_ = -1;  // reschedule() says which deadline it is for
  }

  std::string relay_url_without_token() const {
    return relay_url_.substr(0, relay_url_.find('?'));
  }

  std::string relay_url_;
  Endpoint endpoint_;
  ConnectionEvents* events_;
  EMSCRIPTEN_WEBSOCKET_T ws_ = 0;
  Stage stage_ = Stage::opening;
  bool closed_ = false;
  bool failed_to_create_ = false;
  double ws_open_at_ = 0;
  double connect_sent_at_ = 0;   // a held socket: when {"op":"connect"} went out
  bool proceed_asked_ = false;   // a held socket: proceed() was called
  std::string created_address_;  // a held socket: the address in "created"
  long timer_ = 0;
  double timer_deadline_ = -1;  // the deadline timer_ is armed for (clock seconds)
  std::string pending_;
  bool peer_closed_ = false;
  Error early_error_;
};

class RelayConnection final : public Connection {
 public:
  explicit RelayConnection(std::shared_ptr<RelaySocket> socket) : socket_(std::move(socket)) {}
  ~RelayConnection() override { socket_->shut_down(); }
  void send(std::string_view bytes) override { socket_->send(bytes); }
  void close() override { socket_->shut_down(); }
  bool shutdown_write() override { return socket_->shutdown_write(); }
  void proceed() override { socket_->proceed(); }

 private:
  std::shared_ptr<RelaySocket> socket_;
};

// ---------------------------------------------------------------------------------------
// [SECTION] Transport
// ---------------------------------------------------------------------------------------

// Writes the relay URL into `out` (capacity `size`) and returns its length in bytes. A page
// served by the relay talks to its own host; a paired copy served elsewhere names the relay in
// the wirepad-relay-host meta tag (web/index.html fills it in after pairing).
EM_JS(int, wirepad_page_relay_url, (char* out, int size), {
  var meta = document.querySelector('meta[name="wirepad-relay-token"]');
  var token = meta ? meta.getAttribute("content") : "";
  var hostMeta = document.querySelector('meta[name="wirepad-relay-host"]');
  var relayHost = hostMeta ? hostMeta.getAttribute("content") : "";
  var scheme = !relayHost && location.protocol === 'https:' ? 'wss:' : 'ws:';
  var url = scheme + '//' + (relayHost || location.host) + '/relay?token=' + encodeURIComponent(token);
  if (out) stringToUTF8(url, out, size);
  return lengthBytesUTF8(url);
});

}  // namespace

WebTransport::WebTransport(std::string relay_url) : relay_url_(std::move(relay_url)) {}

std::unique_ptr<Connection> WebTransport::open(const Endpoint& endpoint, ConnectionEvents& events) {
  auto socket = std::make_shared<RelaySocket>(relay_url_, endpoint, events);
  socket->open();
  return std::make_unique<RelayConnection>(std::move(socket));
}

double WebTransport::now() const { return clock_seconds(); }
std::int64_t WebTransport::unix_ms() const { return static_cast<std::int64_t>(emscripten_date_now()); }

std::string relay_url_from_page() {
  int length = wirepad_page_relay_url(nullptr, 0);
  std::string url(static_cast<std::size_t>(length) + 1, '\0');
  wirepad_page_relay_url(url.data(), length + 1);
  url.resize(static_cast<std::size_t>(length));
  return url;
}

ErrorCode error_code_from_name(std::string_view name) {
  for (int i = static_cast<int>(ErrorCode::none) + 1; i <= static_cast<int>(ErrorCode::cancelled); ++i) {
    auto code = static_cast<ErrorCode>(i);
    if (to_string(code) == name) return code;
  }
  return ErrorCode::io_error;
}

}  // namespace wirepad::web
