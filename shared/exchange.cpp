// wirepad core: one HTTP exchange as a sans-I/O state machine (HttpExchange), and HttpCall,
// which drives it over a Transport.
// Depends on: exchange.h (request_serializer, response_parser, transport). No OS calls: time
// comes in as arguments, bytes come in and go out as strings.
#include "exchange.h"
#include "h2_client.h"

#include <algorithm>

#include "http_session.h"
#include "text_util.h"
#include <cstdio>
#include <string>

namespace wirepad {

namespace {

// "1.2 s", "0.05 s", "10 s": short and readable in a sentence.
std::string seconds_text(double seconds) {
  char buffer[32];
  if (seconds >= 10 || seconds == static_cast<long long>(seconds)) {
    std::snprintf(buffer, sizeof buffer, "%.0f s", seconds);
  } else if (seconds >= 0.1) {
    std::snprintf(buffer, sizeof buffer, "%.1f s", seconds);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.3f s", seconds);
  }
  return buffer;
}

bool enabled(double limit) { return limit > 0; }

// Whether any `Connection` field lists `token` (RFC 9110 §7.6.1: comma-separated, any case).
template <class Fields>  // Headers or FieldList
bool connection_option(const Fields& headers, std::string_view token) {
  for (const auto& h : headers) {
    if (text::lower(h.name) != "connection") continue;
    std::string_view rest = h.value;
    while (!rest.empty()) {
      std::size_t comma = rest.find(',');
      if (text::lower(text::trim_ows(rest.substr(0, comma))) == token) return true;
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  return false;
}

}  // namespace

std::string_view to_string(Phase phase) {
  switch (phase) {
    case Phase::idle: return "idle";
    case Phase::resolving: return "resolving";
    case Phase::connecting: return "connecting";
    case Phase::tls_handshake: return "tls_handshake";
    case Phase::sending: return "sending";
    case Phase::waiting: return "waiting";
    case Phase::receiving: return "receiving";
    case Phase::done: return "done";
    case Phase::failed: return "failed";
    case Phase::cancelled: return "cancelled";
  }
  return "unknown";
}

std::string_view to_string(HttpVersion version) {
  switch (version) {
    case HttpVersion::http1_1: return "http1.1";
    case HttpVersion::http2: return "http2";
    case HttpVersion::http2_prior_knowledge: return "http2-prior-knowledge";
  }
  return "http1.1";
}

std::optional<HttpVersion> http_version_from_string(std::string_view text) {
  for (HttpVersion v : {HttpVersion::http1_1, HttpVersion::http2, HttpVersion::http2_prior_knowledge})
    if (text == to_string(v)) return v;
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// HttpExchange

Result<HttpExchange> HttpExchange::create(const HttpRequest& request, const ExchangeOptions& options) {
  Result<SerializedRequest> serialized = serialize_request(request);
  if (!serialized) return serialized.error();
  HttpExchange exchange;
  exchange.options_ = options;
  exchange.serialized_ = std::move(serialized.value());
  // Through a proxy? Decided here, per request, so every redirect hop is decided again
  // (no_proxy may match the next host).
  Result<ProxyChoice> proxy = choose_proxy(exchange.serialized_.url, options.proxy, options.proxy_environment);
  if (!proxy) return proxy.error();
  if (!proxy->direct) {
    exchange.log_.proxy.used = true;
    exchange.log_.proxy.choice = *proxy;
    if (!proxy->tunnel) to_absolute_form(exchange.serialized_, *proxy);
  }
  ResponseParserOptions& parser_options = exchange.parser_options_;
  // A response to HEAD has the headers a GET would have, but no body (RFC 9110 §9.3.2).
  parser_options.response_to_head = request.method == "HEAD";
  // An unframed body stays in bytes_received only (ExchangeLog::body()).
  parser_options.copy_unframed_body = false;
  exchange.parser_.reset(parser_options);
  exchange.log_.request = request;
  exchange.log_.sent_headers = exchange.serialized_.headers;
  exchange.log_.target_url = exchange.serialized_.url.to_string();
  exchange.log_.warnings = exchange.serialized_.notes;  // what was sent differently from what was typed
  const bool plain = !exchange.serialized_.url.is_tls();
  if (options.http_version != HttpVersion::http1_1 && request.method == "CONNECT") {
    exchange.options_.http_version = HttpVersion::http1_1;
    exchange.log_.warnings.push_back("CONNECT is sent as HTTP/1.1: HTTP/2's CONNECT (RFC 9113 §8.5) is not supported");
  } else if (options.http_version != HttpVersion::http1_1 && plain && exchange.log_.proxy.used) {
    exchange.options_.http_version = HttpVersion::http1_1;
    exchange.log_.warnings.push_back("sent as HTTP/1.1: a plain-http request through an HTTP proxy is not sent as HTTP/2");
  } else if (options.http_version == HttpVersion::http2 && plain) {
    // curl sends `Upgrade: h2c` here; RFC 9113 §3.1 deprecated that upgrade, and Wirepad does
    // not do it: it says so rather than leaving the person to wonder.
    exchange.log_.warnings.push_back(
        "sent as HTTP/1.1: HTTP/2 is offered only over TLS (ALPN); for h2c on plain http use prior knowledge "
        "(--http2-prior-knowledge); the Upgrade: h2c request curl sends is not supported");
  }
  return exchange;
}

void HttpExchange::set_body_sink(BodySink sink) {
  if (received_any_) return;  // only before the first response byte
  sink_ = std::move(sink);
}

Endpoint HttpExchange::endpoint() const {
  Endpoint endpoint;
  endpoint.protocol = Protocol::tcp;
  endpoint.host = serialized_.url.host;
  endpoint.port = serialized_.url.port;
  endpoint.tls = serialized_.url.is_tls();
  endpoint.verify_tls = options_.verify_tls;
  if (endpoint.tls) {
    switch (options_.http_version) {
      case HttpVersion::http1_1: endpoint.alpn = {"http/1.1"}; break;
      case HttpVersion::http2: endpoint.alpn = {"h2", "http/1.1"}; break;
      case HttpVersion::http2_prior_knowledge: endpoint.alpn = {"h2"}; break;
    }
  }
  endpoint.ca_file = options_.ca_file;
  endpoint.connect_timeout = options_.connect_timeout;
  if (log_.proxy.used) {
    const ProxyChoice& proxy = log_.proxy.choice;
    const Header* agent = find_header(serialized_.headers, "User-Agent");
    route_through_proxy(endpoint, serialized_.url, proxy,
                        proxy.tunnel ? connect_request(serialized_.url, proxy, agent ? agent->value : kUserAgent) : "");
  }
  return endpoint;
}

// The timeline names the proxy hop: "resolving proxy 127.0.0.1", "connected to proxy ...".
std::string HttpExchange::first_hop() const {
  return log_.proxy.used ? "proxy " + log_.proxy.choice.host : serialized_.url.host;
}

void HttpExchange::event(double now, std::string text) { log_.events.push_back({rel(now), std::move(text)}); }

void HttpExchange::fail(Error error, double now) {
  last_now_ = now;
  end_sse();
  event(now, error.message);
  log_.error = std::move(error);
  log_.phase = Phase::failed;
  log_.timings.total = rel(now);
}

bool HttpExchange::ready_to_send() const { return connected_ && (secured_ || !serialized_.url.is_tls()); }

void HttpExchange::start(double now, std::int64_t unix_ms) {
  if (log_.phase != Phase::idle) return;
  started_ = now;
  log_.started_unix_ms = unix_ms;
  last_now_ = now;
  last_activity_ = now;
  log_.phase = Phase::resolving;
  event(now, "resolving " + first_hop());
}

// The relay's set-up is its own phase, measured by the page: it is not name lookup (the
// relay's lookup comes after it, and is reported by the relay).
void HttpExchange::on_relay_open(double now) {
  if (finished()) return;
  last_now_ = now;
  log_.timings.relay.open = rel(now);
  // The page looked nothing up: what start() called resolving was the relay's set-up.
  if (!log_.events.empty() && log_.events.front().text == "resolving " + first_hop())
    log_.events.front().text = "opening the relay WebSocket (wirepad serve), which then resolves " + first_hop();
  event(now, "relay WebSocket open (measured by the page)");
}

void HttpExchange::on_relay_report(const RelayReport& report, double now) {
  if (finished()) return;
  last_now_ = now;
  RelayTimings& r = log_.timings.relay;
  r.answered = rel(now);
  r.dns = report.dns;
  r.connect = report.connect;
  r.tls = report.tls;
  auto ms = [](double seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f ms", seconds * 1000);
    return std::string(text);
  };
  event(now, "the relay connected to " + first_hop() + ": name lookup " + ms(report.dns) + ", connect " +
                 ms(report.connect) + (report.tls >= 0 ? ", TLS handshake " + ms(report.tls) : std::string()) +
                 " (measured by the relay; the moments above are counted back from its answer)");
}

void HttpExchange::on_resolved(const std::string& address, double now) {
  if (finished()) return;
  last_now_ = now;
  log_.remote_address = address;
  log_.timings.namelookup = rel(now);
  log_.phase = Phase::connecting;
  event(now, std::string(log_.proxy.used ? "connecting to proxy " : "connecting to ") + address);
}

void HttpExchange::on_connected(double now) {
  if (finished()) return;
  last_now_ = now;
  connected_ = true;
  log_.timings.connect = rel(now);
  if (log_.timings.namelookup < 0) log_.timings.namelookup = log_.timings.connect;
  std::string where = log_.remote_address.empty() ? serialized_.url.authority() : log_.remote_address;
  if (log_.proxy.used) where = "proxy " + (log_.remote_address.empty() ? log_.proxy.choice.authority() : log_.remote_address);
  if (log_.proxy.used && log_.proxy.choice.tunnel) {
    log_.phase = Phase::tls_handshake;  // the tunnel, then the handshake inside it
    event(now, "connected to " + where + ", asking for a tunnel: CONNECT " + serialized_.url.host + ":" +
                   std::to_string(serialized_.url.port));
  } else if (serialized_.url.is_tls()) {
    log_.phase = Phase::tls_handshake;
    event(now, "connected to " + where + ", starting the TLS handshake");
  } else {
    // curl reports time_appconnect as 0 when there is no TLS handshake (checked against
    // curl 7.88: plain http prints time_appconnect 0.000000).
    log_.timings.appconnect = 0;
    log_.phase = Phase::sending;
    event(now, "connected to " + where);
    if (options_.http_version == HttpVersion::http2_prior_knowledge) start_h2(now, "prior knowledge");
  }
}

void HttpExchange::on_tunnel(const TunnelReport& report, double now) {
  if (finished()) return;
  last_now_ = now;
  log_.proxy.connect_sent = report.sent;
  log_.proxy.connect_received = report.received;
  log_.proxy.established = report.established;
  std::string line = report.received.substr(0, report.received.find_first_of("\r\n"));
  std::string origin = (serialized_.url.is_ipv6_literal() ? "[" + serialized_.url.host + "]" : serialized_.url.host) +
                       ":" + std::to_string(serialized_.url.port);
  if (report.established)
    event(now, "tunnel to " + origin + " established (" + line + "), starting the TLS handshake with " + serialized_.url.host);
  else
    event(now, "the proxy answered CONNECT " + origin + " with " +
                   (line.empty() ? std::string("nothing") : "\"" + line + "\"") + " (" +
                   std::to_string(report.received.size()) + (report.received.size() == 1 ? " byte" : " bytes") + ")");
}

void HttpExchange::on_secured(const TlsFacts& facts, double now) {
  if (finished()) return;
  last_now_ = now;
  secured_ = true;
  log_.tls = facts;
  log_.timings.appconnect = rel(now);
  log_.phase = Phase::sending;
  std::string text = "TLS established";
  if (!facts.version.empty()) text += ": " + facts.version;
  if (!facts.cipher.empty()) text += ", " + facts.cipher;
  if (!facts.alpn.empty()) text += ", ALPN " + facts.alpn;
  if (facts.by_relay) text += " (done by the relay, which saw the plaintext)";
  if (!facts.verified) text += " (certificate NOT verified)";
  event(now, text);
  if (facts.alpn == "h2") {
    start_h2(now, "ALPN h2");
  } else if (options_.http_version == HttpVersion::http2_prior_knowledge) {
    start_h2(now, "prior knowledge (the server chose " + (facts.alpn.empty() ? std::string("no protocol") : facts.alpn) + " in ALPN)");
  } else if (options_.http_version == HttpVersion::http2) {
    event(now, "HTTP/1.1: the server did not choose h2 in ALPN");
  }
}

void HttpExchange::start_reused(const std::string& address, const std::optional<TlsFacts>& tls, double now,
                                std::int64_t unix_ms, std::shared_ptr<H2Client> h2) {
  if (log_.phase != Phase::idle) return;
  started_ = now;
  log_.started_unix_ms = unix_ms;
  last_now_ = now;
  last_activity_ = now;
  reused_ = true;
  connected_ = true;
  secured_ = true;
  log_.remote_address = address;
  log_.tls = tls;
  // curl 7.88 -w on a reused connection: time_connect 0, time_appconnect 0, and a
  // time_namelookup of a few microseconds (its start-up); no lookup happened, so 0 here.
  log_.timings.namelookup = 0;
  log_.timings.connect = 0;
  log_.timings.appconnect = 0;
  log_.phase = Phase::sending;
  event(now, std::string(log_.proxy.used ? "reused connection to proxy " : "reused connection to ") +
                 (address.empty() ? serialized_.url.authority() : address));
  if (h2) {
    h2->begin_new_exchange();
    const bool alpn = tls && tls->alpn == "h2";
    attach_h2(std::move(h2), now, std::string(alpn ? "ALPN h2" : "prior knowledge") + ", reused connection");
  }
}

bool HttpExchange::connection_reusable() const {
  if (h2_) return !h2_shared_ && log_.phase == Phase::done && h2_->alive() && !h2_->goaway_received() && !h2_->error();
  if (log_.phase != Phase::done || !ended_by_framing_ || extra_bytes_) return false;
  const HttpResponse& response = parser_.response();
  if (response.status == 101 || log_.request.method == "CONNECT") return false;  // not HTTP any more
  if (connection_option(serialized_.headers, "close") || connection_option(response.headers, "close")) return false;
  if (response.version_major == 1 && response.version_minor == 0) return connection_option(response.headers, "keep-alive");
  return response.version_major == 1;
}

bool HttpExchange::can_retry_on_fresh_connection() const {
  if (!reused_ || retried_ || received_any_ || finished()) return false;
  if (!outgoing_taken_) return true;
  // RFC 9110 §9.2.2: these may be repeated; a POST may have reached the server already.
  static const char* const idempotent[] = {"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"};
  for (const char* m : idempotent)
    if (log_.request.method == m) return true;
  return false;
}

void HttpExchange::restart_on_fresh_connection(double now) {
  last_now_ = now;
  event(now, "the reused connection to " + log_.remote_address +
                 " was closed by the server before any response byte (it had gone stale while idle); "
                 "retrying once on a new connection");
  retried_ = true;
  reused_ = false;
  connected_ = false;
  secured_ = false;
  if (h2_) {  // the stale connection's HTTP/2 session goes with it; the new one starts its own
    h2_.reset();
    h2_stream_ = 0;
    log_.http2 = {};
    log_.bytes_sent.clear();
    log_.wire.clear();
  }
  outgoing_taken_ = false;
  request_sent_at_ = -1;
  Timings fresh;
  log_.timings = fresh;
  log_.phase = Phase::resolving;
  event(now, "resolving " + first_hop());
}

std::string HttpExchange::take_outgoing() {
  if (h2_shared_) return {};  // an H2Batch writes the shared connection's bytes
  if (h2_) {
    // After a failure too: a GOAWAY saying why goes out before the connection is closed.
    if (log_.phase == Phase::cancelled) return {};
    std::string out = h2_->take_outgoing(rel(last_now_));
    if (out.empty()) return out;
    log_.wire.push_back({true, rel(last_now_), log_.bytes_sent.size(), out.size()});
    log_.bytes_sent += out;
    h2_->copy_new_frames(log_.http2.frames);
    if (!outgoing_taken_) {
      outgoing_taken_ = true;
      request_sent_at_ = last_now_;
      log_.timings.pretransfer = rel(last_now_);
      if (log_.phase == Phase::sending) log_.phase = Phase::waiting;
    }
    event(last_now_, "sent " + std::to_string(out.size()) + (out.size() == 1 ? " byte" : " bytes") + " of HTTP/2 frames");
    after_h2(last_now_);
    return out;
  }
  if (outgoing_taken_ || finished() || !ready_to_send()) return {};
  outgoing_taken_ = true;
  request_sent_at_ = last_now_;
  log_.timings.pretransfer = rel(last_now_);
  log_.wire.push_back({true, rel(last_now_), 0, serialized_.bytes.size()});
  log_.bytes_sent = serialized_.bytes;
  if (log_.phase == Phase::sending) log_.phase = Phase::waiting;
  event(last_now_, "sent " + std::to_string(serialized_.bytes.size()) + (serialized_.bytes.size() == 1 ? " byte" : " bytes"));
  return serialized_.bytes;
}

// Copies what the parser learned since the last call into the log, without copying the whole
// body again (on_data may be called once per byte).
void HttpExchange::sync_response() {
  const HttpResponse& parsed = parser_.response();
  HttpResponse& shown = log_.response;
  while (interim_reported_ < parsed.interim.size()) {
    const InterimResponse& interim = parsed.interim[interim_reported_++];
    shown.interim.push_back(interim);
    event(last_now_, "status " + std::to_string(interim.status) + " " + interim.reason + " (interim)");
  }
  shown.version_major = parsed.version_major;
  shown.version_minor = parsed.version_minor;
  shown.status = parsed.status;
  shown.reason = parsed.reason;
  if (parsed.headers.size() != headers_synced_ || (parser_.headers_complete() && !head_reported_) ||
      parsed.headers.size() < shown.headers.size()) {
    shown.headers = parsed.headers;
    headers_synced_ = parsed.headers.size();
  }
  if (parser_.headers_complete() && !head_reported_) on_head_complete();
  if (streaming_) {
    std::string_view fresh;
    if (parser_.body_in_stream()) {
      // Unframed: the new body bytes are in the piece just fed, from the body's start (or the
      // piece's) on. Handed to the sink from the read buffer itself, without a copy.
      std::size_t count = parser_.body_bytes() - std::size_t(log_.body_streamed);
      std::size_t from = std::max(parser_.body_offset(), piece_at_) - piece_at_;
      if (count > 0 && from < piece_.size()) fresh = piece_.substr(from, count);
    } else {
      sink_piece_.clear();
      parser_.take_body(sink_piece_);  // chunked: the chunks joined
      fresh = sink_piece_;
    }
    if (!fresh.empty()) {
      log_.body_streamed += fresh.size();
      feed_sse(fresh);
      if (Error e = sink_.write(fresh)) sink_error_ = std::move(e);
    }
  } else if (parser_.body_in_stream()) {
    // Content-Length or read-until-close: the body is a range of bytes_received, not a copy.
    std::size_t before = log_.body_size;
    log_.body_in_received = true;
    log_.body_offset = parser_.body_offset();
    log_.body_size = parser_.body_bytes();
    if (log_.body_size > before) feed_decoder(std::string_view(log_.bytes_received).substr(log_.body_offset + before, log_.body_size - before));
  } else {
    // Chunked: the joined chunks are moved out of the parser, not copied.
    std::size_t before = shown.body.size();
    parser_.take_body(shown.body);
    if (shown.body.size() > before) feed_decoder(std::string_view(shown.body).substr(before));
  }
  if (sse_ && !streaming_) {
    std::string_view body = log_.display_body();
    if (body.size() > sse_fed_) {
      std::size_t from = sse_fed_;
      sse_fed_ = body.size();
      feed_sse(body.substr(from));
    }
  }
  if (parsed.trailers.size() != shown.trailers.size()) shown.trailers = parsed.trailers;
  const std::vector<std::string>& warnings = parser_.warnings();
  while (warnings_reported_ < warnings.size()) log_.warnings.push_back(warnings[warnings_reported_++]);
}

void HttpExchange::on_head_complete() {
  head_reported_ = true;
  log_.has_response_head = true;
  const HttpResponse& shown = log_.response;
  event(last_now_, "status " + std::to_string(shown.status) + (shown.reason.empty() ? "" : " " + shown.reason));
  if (sink_.write && (!sink_.accept || sink_.accept(log_))) {
    streaming_ = true;
    if (!h2_) {
      // Keep the head only: what this read brought after it goes to the sink. (HTTP/2 keeps
      // its frames: the body is not in bytes_received there.)
      std::size_t head_end = std::min(parser_.body_offset(), log_.bytes_received.size());
      log_.received_not_kept += log_.bytes_received.size() - head_end;
      log_.bytes_received.resize(head_end);
    }
    event(last_now_, "streaming the body; it is not kept");
  }
  start_decoding();
  if (auto type = find_header(shown.headers, "Content-Type"); type && is_event_stream_type(type->value)) {
    sse_.emplace();
    // A reconnect's Last-Event-ID is the stream's last event ID until the server sends one.
    if (const Header* id = find_header(log_.request.headers, "Last-Event-ID")) sse_->set_last_event_id(id->value);
    log_.sse.active = true;
    log_.sse.last_event_id = sse_->last_event_id();
  }
}

// Server-Sent Events (WHATWG HTML §9.2): the events a piece of the body completes, timed by
// the read that brought them, each one a line in the timeline.
void HttpExchange::feed_sse(std::string_view bytes) {
  if (!sse_ || log_.sse.ended) return;
  SseLog& out = log_.sse;
  std::size_t before = out.events.size();
  const bool had_error = bool(sse_->error());
  sse_->feed(bytes, rel(last_now_), out.events);
  for (std::size_t i = before; i < out.events.size(); ++i) {
    const SseEvent& e = out.events[i];
    event(last_now_, "event " + std::to_string(i + 1) + ": " + e.type + (e.id.empty() ? "" : ", id " + e.id) + ", " +
                         std::to_string(e.data.size()) + " bytes of data");
  }
  out.last_event_id = sse_->last_event_id();
  out.retry_ms = sse_->retry_ms();
  out.comments = sse_->comments();
  out.ignored_lines = sse_->ignored_lines();
  out.replaced = sse_->replaced_bytes();
  if (!had_error && sse_->error()) {
    out.error = sse_->error();
    event(last_now_, "event stream: " + out.error.message + "; later events are not parsed");
  }
}

void HttpExchange::end_sse() {
  if (!sse_ || log_.sse.ended) return;
  log_.sse.ended = true;
  if (!sse_->error()) log_.sse.discarded = sse_->finish();
  if (log_.sse.discarded > 0)
    event(last_now_, "event stream: the last " + std::to_string(log_.sse.discarded) +
                         " bytes were an unfinished event (no blank line after them), not dispatched");
}

// Content codings (RFC 9110 §8.4), undone for display as the body arrives. Several
// Content-Encoding lines are one list (RFC 9110 §5.3).
void HttpExchange::start_decoding() {
  if (decoding_started_) return;
  decoding_started_ = true;
  const FieldList& headers = log_.response.headers;
  const std::string value = combined_field_value(headers, "Content-Encoding");
  // With the length known, hold the bytes in buffers of their final size: growing by doubling
  // would briefly hold the old and the new buffer (3x a large body at the peak).
  if (auto length = find_header(headers, "Content-Length")) {
    std::uint64_t n = 0;
    bool digits = !length->value.empty() && length->value.size() < 19;
    for (char c : length->value) digits = digits && c >= '0' && c <= '9';
    if (digits) n = std::stoull(std::string(length->value));
    constexpr std::uint64_t kMaxReserve = std::uint64_t(256) << 20;  // a lying length costs little
    if (digits && n <= kMaxReserve && !streaming_) log_.bytes_received.reserve(log_.bytes_received.size() + std::size_t(n));
  }
  if (value.empty()) return;
  Result<std::vector<ContentCoding>> codings = parse_content_encoding(value);
  if (!codings) {
    log_.decoding.coding = value;
    log_.decoding.error = codings.error();
    log_.warnings.push_back(codings.error().message);
    return;
  }
  if (codings->empty()) return;  // "identity"
  if (streaming_) return;        // the sink gets the body as received, as curl -o writes it
  decoder_.emplace(std::move(codings.value()));
  log_.decoding.coding = decoder_->label();
}

void HttpExchange::feed_decoder(std::string_view encoded) {
  if (!decoder_ || log_.decoding.error) return;
  if (decoder_->feed(encoded, log_.decoding.decoded) != DecodeStatus::error) return;
  log_.decoding.error = decoder_->error();
  log_.warnings.push_back(decoder_->error().message);
  std::string().swap(log_.decoding.decoded);
}

void HttpExchange::finish_decoding(double now) {
  if (!decoder_ || log_.decoding.error) return;
  if (decoder_->bytes_in() == 0) {  // HEAD, 204, 304 or an empty body: nothing to undo
    log_.decoding.complete = true;
    return;
  }
  if (decoder_->finish(log_.decoding.decoded) == DecodeStatus::error) {
    log_.decoding.error = decoder_->error();
    log_.warnings.push_back(decoder_->error().message);
    std::string().swap(log_.decoding.decoded);
    event(now, "could not decode " + log_.decoding.coding + "; the body is shown as received");
    return;
  }
  log_.decoding.complete = true;
  for (const std::string& w : decoder_->warnings()) log_.warnings.push_back(w);
  event(now, "decoded " + log_.decoding.coding + ": " + std::to_string(decoder_->bytes_in()) + " -> " +
                 std::to_string(decoder_->bytes_out()) + (decoder_->bytes_out() == 1 ? " byte" : " bytes"));
}

void HttpExchange::on_data(std::string_view bytes, double now) {
  if (finished() || bytes.empty()) return;
  last_now_ = now;
  last_activity_ = now;
  if (h2_) {
    log_.wire.push_back({false, rel(now), std::size_t(log_.received_size()), bytes.size()});
    // Streamed to a sink (-o): the frames after the head are listed, their bytes not kept, as
    // an HTTP/1.1 body streamed is not (a 1 GiB download held whole cost its page faults).
    if (streaming_)
      log_.received_not_kept += bytes.size();
    else
      log_.bytes_received.append(bytes);
    if (log_.phase == Phase::waiting) log_.phase = Phase::receiving;
    event(now, "received " + std::to_string(bytes.size()) + (bytes.size() == 1 ? " byte" : " bytes") + " of HTTP/2 frames");
    h2_->receive(bytes, rel(now));
    after_h2(now);
    return;
  }
  if (!received_any_) {
    received_any_ = true;
    log_.timings.starttransfer = rel(now);
  }
  log_.wire.push_back({false, rel(now), std::size_t(log_.received_size()), bytes.size()});
  if (streaming_) {
    log_.received_not_kept += bytes.size();
  } else {
    log_.bytes_received.append(bytes);
  }
  log_.phase = Phase::receiving;
  event(now, "received " + std::to_string(bytes.size()) + (bytes.size() == 1 ? " byte" : " bytes"));
  piece_ = bytes;
  piece_at_ = std::size_t(log_.received_size()) - bytes.size();
  ParseResult result = parser_.feed(bytes);
  sync_response();
  piece_ = {};
  if (sink_error_) {
    fail(std::move(sink_error_), now);
    sink_error_ = Error();
  } else if (result.status == ParseStatus::done) {
    ended_by_framing_ = true;
    if (result.consumed < bytes.size()) {
      extra_bytes_ = true;
      log_.warnings.push_back(std::to_string(bytes.size() - result.consumed) +
                              " bytes after the end of the response were ignored");
    }
    finish_decoding(now);
    end_sse();
    log_.phase = Phase::done;
    log_.timings.total = rel(now);
    event(now, "response complete");
  } else if (result.status == ParseStatus::error) {
    fail(parser_.error(), now);
  }
}

void HttpExchange::on_closed(double now) {
  if (finished()) return;
  last_now_ = now;
  event(now, "connection closed by the server");
  if (h2_) {
    std::string message = "The server closed the connection before stream " + std::to_string(h2_stream_) + " ended";
    if (h2_->goaway_received())
      message += " (after GOAWAY " + h2_error_code_name(h2_->goaway_error()) + ", last stream " +
                 std::to_string(h2_->goaway_last_stream()) + ")";
    fail(make_error(log_.has_response_head ? ErrorCode::closed_early : ErrorCode::http2_error, message + "."), now);
    return;
  }
  ParseResult result = parser_.finish();
  sync_response();
  if (sink_error_) {
    fail(std::move(sink_error_), now);
    sink_error_ = Error();
  } else if (result.status == ParseStatus::done) {
    finish_decoding(now);
    end_sse();
    log_.phase = Phase::done;
    log_.timings.total = rel(now);
    event(now, "response complete");
  } else {
    fail(parser_.error(), now);
  }
}

void HttpExchange::on_error(const Error& error, double now) {
  if (finished()) return;
  fail(error, now);
}

void HttpExchange::cancel(double now, std::string_view by) {
  if (finished()) return;
  last_now_ = now;
  std::string message = "cancelled by " + std::string(by) + " after " + seconds_text(std::max(0.0, rel(now)));
  event(now, message);
  log_.error = make_error(ErrorCode::cancelled, message);
  end_sse();
  log_.phase = Phase::cancelled;
  log_.timings.total = rel(now);
}

double HttpExchange::next_deadline() const {
  if (finished() || log_.phase == Phase::idle) return -1;
  double deadline = -1;
  auto consider = [&](double at) {
    if (deadline < 0 || at < deadline) deadline = at;
  };
  if (enabled(options_.total_timeout)) consider(started_ + options_.total_timeout);
  if (enabled(options_.connect_timeout) && !ready_to_send()) consider(started_ + options_.connect_timeout);
  if (enabled(options_.first_byte_timeout) && outgoing_taken_ && !received_any_) {
    consider(request_sent_at_ + options_.first_byte_timeout);
  }
  if (enabled(options_.idle_timeout) && received_any_) consider(last_activity_ + options_.idle_timeout);
  return deadline;
}

void HttpExchange::on_tick(double now) {
  if (finished() || log_.phase == Phase::idle) return;
  // Of the limits that have passed, the one that passed first is the one reported.
  struct Due {
    double at;
    ErrorCode code;
  };
  std::vector<Due> due;
  if (enabled(options_.total_timeout)) due.push_back({started_ + options_.total_timeout, ErrorCode::total_timeout});
  if (enabled(options_.connect_timeout) && !ready_to_send()) {
    due.push_back({started_ + options_.connect_timeout, ErrorCode::connect_timeout});
  }
  if (enabled(options_.first_byte_timeout) && outgoing_taken_ && !received_any_) {
    due.push_back({request_sent_at_ + options_.first_byte_timeout, ErrorCode::first_byte_timeout});
  }
  if (enabled(options_.idle_timeout) && received_any_) {
    due.push_back({last_activity_ + options_.idle_timeout, ErrorCode::idle_timeout});
  }
  const Due* first = nullptr;
  for (const Due& d : due) {
    if (d.at <= now && (!first || d.at < first->at)) first = &d;
  }
  if (!first) return;

  std::string where = log_.remote_address.empty() ? serialized_.url.authority() : log_.remote_address;
  std::string message;
  switch (first->code) {
    // Each names its limit in words; how to raise it is the front end's to say (a flag on the
    // command line, a field in the request's options), so no message names a setting here.
    case ErrorCode::connect_timeout:
      if (connected_) {
        message = "The TLS handshake with " + where + " did not finish within " +
                  seconds_text(options_.connect_timeout) +
                  " (the connect timeout); check that the server speaks TLS on this port.";
      } else {
        message = "Could not connect to " + where + " within " + seconds_text(options_.connect_timeout) +
                  " (the connect timeout); check the host and port.";
      }
      break;
    case ErrorCode::first_byte_timeout:
      message = "The server sent no response within " + seconds_text(options_.first_byte_timeout) +
                " after the request was sent (the first byte timeout).";
      break;
    case ErrorCode::idle_timeout:
      message = "The server sent nothing for " + seconds_text(options_.idle_timeout) +
                " in the middle of the response (the idle timeout).";
      break;
    default:
      message = "The exchange did not finish within " + seconds_text(options_.total_timeout) + " (the total timeout).";
      break;
  }
  fail(make_error(first->code, message), now);
}

// ---------------------------------------------------------------------------------------------
// HttpCall

HttpCall::HttpCall(Transport& transport, HttpExchange exchange)
    : transport_(transport), exchange_(std::move(exchange)) {}

HttpCall::HttpCall(HttpSession& session, HttpExchange exchange)
    : transport_(session.transport()), exchange_(std::move(exchange)), session_(&session) {}

HttpCall::~HttpCall() {
  if (connection_) connection_->close();
  if (pooled_) pooled_->close();
}

Connection* HttpCall::connection() const { return session_ ? static_cast<Connection*>(pooled_.get()) : connection_.get(); }

void HttpCall::start() {
  if (session_) {
    // HTTP/2 only where it was asked for: prior knowledge needs an HTTP/2 connection, ALPN
    // offered over TLS takes what the server chose, HTTP/1.1 never takes an HTTP/2 one.
    const HttpVersion version = exchange_.http_version();
    const ReuseFor reuse = version == HttpVersion::http2_prior_knowledge                        ? ReuseFor::http2
                           : version == HttpVersion::http2 && exchange_.endpoint().tls ? ReuseFor::http1_or_2
                                                                                          : ReuseFor::http1;
    if (auto reused = session_->checkout(exchange_.endpoint(), *this, reuse)) {
      exchange_.start_reused(reused->address(), reused->tls(), transport_.now(), transport_.unix_ms(), reused->h2());
      pooled_ = std::move(reused);
    } else {
      exchange_.start(transport_.now(), transport_.unix_ms());
      // open() may deliver events before it returns; flush() waits for pooled_ to exist.
      std::unique_ptr<PooledConnection> fresh = session_->open(exchange_.endpoint(), *this);
      pooled_ = std::move(fresh);
    }
    flush();
    return;
  }
  exchange_.start(transport_.now(), transport_.unix_ms());
  // open() may deliver events before it returns; flush() waits for connection_ to exist.
  std::unique_ptr<Connection> connection = transport_.open(exchange_.endpoint(), *this);
  connection_ = std::move(connection);
  flush();
}

void HttpCall::cancel(std::string_view by) {
  exchange_.cancel(transport_.now(), by);
  if (Connection* c = connection()) c->close();
}

void HttpCall::flush() {
  Connection* c = connection();
  if (!c) return;
  std::string outgoing = exchange_.take_outgoing();
  if (!outgoing.empty()) c->send(outgoing);
  if (!exchange_.finished()) return;
  if (session_ && exchange_.connection_reusable()) {
    if (auto h2 = exchange_.h2_session()) pooled_->keep_h2(std::move(h2));
    session_->release(std::move(pooled_));  // keep-alive: the next call to this origin reuses it
  } else {
    c->close();
  }
}

bool HttpCall::retry_on_fresh_connection(double now) {
  if (!session_ || !pooled_ || !exchange_.can_retry_on_fresh_connection()) return false;
  // We are inside an event of the stale connection: close it, but destroy it later.
  retired_ = std::move(pooled_);
  retired_->close();
  exchange_.restart_on_fresh_connection(now);
  std::unique_ptr<PooledConnection> fresh = session_->open(exchange_.endpoint(), *this);
  pooled_ = std::move(fresh);
  flush();
  return true;
}

void HttpCall::on_relay_open(double now) {
  exchange_.on_relay_open(now);
  flush();
}
void HttpCall::on_relay_report(const RelayReport& report, double now) {
  exchange_.on_relay_report(report, now);
  flush();
}
void HttpCall::on_resolved(const std::string& address, double now) {
  exchange_.on_resolved(address, now);
  flush();
}
void HttpCall::on_connected(double now) {
  exchange_.on_connected(now);
  flush();
}
void HttpCall::on_tunnel(const TunnelReport& report, double now) {
  exchange_.on_tunnel(report, now);
  flush();
}
void HttpCall::on_secured(const TlsFacts& facts, double now) {
  exchange_.on_secured(facts, now);
  flush();
}
void HttpCall::on_data(std::string_view bytes, double now) {
  exchange_.on_data(bytes, now);
  flush();
}
void HttpCall::on_closed(double now) {
  if (retry_on_fresh_connection(now)) return;
  exchange_.on_closed(now);
  flush();
}
void HttpCall::on_error(const Error& error, double now) {
  if (retry_on_fresh_connection(now)) return;
  exchange_.on_error(error, now);
  flush();
}
double HttpCall::next_deadline() const { return exchange_.next_deadline(); }
void HttpCall::on_tick(double now) {
  exchange_.on_tick(now);
  flush();
}

}  // namespace wirepad
