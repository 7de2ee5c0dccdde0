// wirepad core: one HTTP request/response exchange as a sans-I/O state machine, and HttpCall,
// which drives it over any Transport. Everything the UI shows comes from the ExchangeLog.
// Depends on: request_serializer.h, response_parser.h, transport.h.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content_decoding.h"
#include "error.h"
#include "h2_frame.h"
#include "http_message.h"
#include "proxy_hop.h"
#include "request_serializer.h"
#include "response_parser.h"
#include "sse_parser.h"
#include "transport.h"

namespace wirepad {

class H2Client;  // h2_client.h: nghttp2's session, only the .cpp files need it

enum class Phase { idle, resolving, connecting, tls_handshake, sending, waiting, receiving, done, failed, cancelled };
std::string_view to_string(Phase phase);

// The browser build's relay: what the page measured (its WebSocket to `wirepad serve`) and what
// the relay measured on its side. All -1 natively (no relay) and on a reused connection.
struct RelayTimings {
  double open = -1;      // seconds from start, the page's clock: the WebSocket to the relay is open
  double answered = -1;  // seconds from start, the page's clock: the relay's "connected" arrived
  double dns = -1;       // durations on the relay's clock (seconds): its name lookup,
  double connect = -1;   // its TCP connect,
  double tls = -1;       // its TLS handshake (-1: none)
  bool used() const { return open >= 0; }
};

// Seconds from start, cumulative, with curl's -w names and meanings; -1 when not reached.
// Through the browser's relay, namelookup, connect and appconnect are the moments the relay's
// own phases ended, placed on the page's clock by counting the relay's durations back from its
// answer; the relay's set-up comes before them, in `relay` (never counted as name lookup).
struct Timings {
  double namelookup = -1;
  double connect = -1;
  double appconnect = -1;     // TLS handshake done (0 for plain http, as curl reports)
  double pretransfer = -1;    // about to send the first request byte
  double starttransfer = -1;  // first response byte received
  double total = -1;
  RelayTimings relay;
};

// One read or write, in the order they crossed the connection. The bytes are not copied: a
// chunk is a range of ExchangeLog::bytes_sent or bytes_received (ExchangeLog::bytes_of()).
struct WireChunk {
  bool sent = false;        // true: we sent them (bytes_sent); false: we received them (bytes_received)
  double at = 0;            // seconds from start
  std::size_t offset = 0;   // where the chunk starts in its direction's stream
  std::size_t size = 0;
};

// The response body with its Content-Encoding undone, for display (RFC 9110 §8.4). A body
// that is not what its Content-Encoding says is shown as received, with `error` saying why:
// the exchange itself does not fail.
struct BodyDecoding {
  std::string coding;    // "gzip", "gzip, br" (as listed); empty: no content coding
  std::string decoded;   // decoded so far; cleared when decoding fails
  bool complete = false; // the whole body was decoded
  Error error;           // why the body is shown as received instead
  bool active() const { return !coding.empty() && !error; }
};

struct ExchangeEvent {  // the timeline: "connected to 127.0.0.1:8080", "status 200 OK", ...
  double at = 0;
  std::string text;
};

// Which HTTP the exchange speaks, as curl's --http1.1, --http2 and --http2-prior-knowledge.
// http2: offer h2 in TLS's ALPN and speak what the server chooses; plain http stays HTTP/1.1
// (the Upgrade: h2c dance is not done, and the log says so). prior_knowledge: HTTP/2 from the
// first byte (h2c on plain http; h2 alone offered over TLS).
enum class HttpVersion { http1_1, http2, http2_prior_knowledge };
std::string_view to_string(HttpVersion version);  // "http1.1", "http2", "http2-prior-knowledge"
std::optional<HttpVersion> http_version_from_string(std::string_view text);

// An exchange that spoke HTTP/2: how it came to, its stream, and every frame both ways.
struct Http2Log {
  bool used = false;
  std::string how;           // "ALPN h2" or "prior knowledge"
  std::int32_t stream = 0;   // our request's stream id
  std::vector<H2Frame> frames;
};

struct ExchangeOptions {
  double connect_timeout = 10;      // name lookup + connect + TLS
  double first_byte_timeout = 30;   // request sent → first response byte
  double idle_timeout = 30;         // no byte received for this long
  double total_timeout = 300;
  bool verify_tls = true;
  bool follow_redirects = false;  // off by default, as in curl; see shared/redirects.h
  int max_redirects = 10;         // hops followed before too_many_redirects
  std::string ca_file;  // PEM file of extra trusted CAs (native only; the relay uses its own)
  // Which proxy (shared/proxy_choice.h), decided per request (each redirect hop too) from these
  // settings and the environment the platform read; empty: direct.
  ProxySettings proxy;
  ProxyEnvironment proxy_environment;
  HttpVersion http_version = HttpVersion::http1_1;
  bool operator==(const ExchangeOptions&) const = default;
};

struct ExchangeLog {
  HttpRequest request;         // as given
  Headers sent_headers;        // as sent (with Host, Content-Length, ... added)
  std::string target_url;      // normalized URL
  std::string remote_address;  // "127.0.0.1:8080" once resolved
  // When the exchange started (timings and wire times count from it), on the wall clock:
  // milliseconds since 1970-01-01 UTC, given by the caller (HttpCall takes it from the
  // Transport); 0: unknown (a log built by hand, a history record written before it was kept).
  std::int64_t started_unix_ms = 0;
  Phase phase = Phase::idle;
  Timings timings;
  std::vector<WireChunk> wire;  // ranges of bytes_sent / bytes_received, in time order
  std::string bytes_sent;      // all sent bytes, concatenated
  std::string bytes_received;  // all received bytes, concatenated, kept even on error
  std::vector<ExchangeEvent> events;
  std::optional<TlsFacts> tls;
  ProxyHop proxy;  // through a proxy: which, and the CONNECT bytes of a tunnel
  // HTTP/2: bytes_sent and bytes_received are frames (the response body is the DATA joined,
  // in response.body), and this lists them.
  Http2Log http2;
  // Partial until phase == done. Its body is empty when the body is a range of bytes_received
  // (below): read the body with body(), never response.body directly.
  HttpResponse response;
  // The body is held once. Framed by Content-Length or by the close, it is the range
  // [body_offset, body_offset + body_size) of bytes_received; chunked (or a log built by hand)
  // it is response.body, the chunks joined.
  bool body_in_received = false;
  std::size_t body_offset = 0;
  std::size_t body_size = 0;
  // Streamed to a BodySink (wirepad send -o): bytes_received keeps only what came before the
  // body; the rest was received but not kept (wire chunks still have their offsets and sizes).
  std::uint64_t body_streamed = 0;       // body bytes written to the sink
  std::uint64_t received_not_kept = 0;   // bytes received after the head, not in bytes_received
  BodyDecoding decoding;       // the body with its Content-Encoding undone
  // A text/event-stream response: its events, parsed as the body arrived (docs/sse.md). Fed the
  // decoded body when a Content-Encoding is undone, the body as received otherwise (a streamed
  // body too).
  SseLog sse;
  bool has_response_head = false;  // status line and headers parsed
  std::vector<std::string> warnings;  // leniencies the parser accepted
  Error error;                 // set when phase == failed or cancelled

  bool finished() const { return phase == Phase::done || phase == Phase::failed || phase == Phase::cancelled; }
  // What a person reads: the decoded body when a Content-Encoding was undone, else the body as
  // received.
  // The body as received (content coding kept), wherever it is held. Valid until the log changes.
  std::string_view body() const {
    return body_in_received ? std::string_view(bytes_received).substr(body_offset, body_size)
                            : std::string_view(response.body);
  }
  std::string_view display_body() const { return decoding.active() ? std::string_view(decoding.decoded) : body(); }
  // Every byte received, kept or not (see received_not_kept).
  std::uint64_t received_size() const { return bytes_received.size() + received_not_kept; }
  // A chunk's bytes; shorter (or empty) for the part of a streamed body that was not kept.
  std::string_view bytes_of(const WireChunk& chunk) const {
    std::string_view all(chunk.sent ? bytes_sent : bytes_received);
    return chunk.offset >= all.size() ? std::string_view() : all.substr(chunk.offset, chunk.size);
  }
};

// Where a streamed body goes (wirepad send -o FILE). `accept` is asked once the final head is
// parsed (null: always yes); when it says yes, every body byte (transfer coding undone, content
// coding kept, as curl -o writes it) goes to `write` as it arrives and is not kept in the log.
// An error `write` returns fails the exchange with that error.
struct BodySink {
  std::function<bool(const ExchangeLog&)> accept;
  std::function<Error(std::string_view)> write;
};

// The state machine. Inputs are the transport's events and the clock; outputs are the bytes
// to send, whether to close, the next deadline, and the log.
class HttpExchange {
 public:
  // Validates and serializes the request; errors are invalid_url / unsupported_scheme /
  // invalid_request with a position.
  static Result<HttpExchange> create(const HttpRequest& request, const ExchangeOptions& options = {});

  // Streams the body to `sink` instead of keeping it (before the first response byte).
  void set_body_sink(BodySink sink);

  Endpoint endpoint() const;  // where the transport must connect
  // `now` on the transport's monotonic clock; `unix_ms` the same moment on the wall clock
  // (ExchangeLog::started_unix_ms, HAR's startedDateTime), 0 when the caller has none.
  void start(double now, std::int64_t unix_ms = 0);
  void on_relay_open(double now);
  void on_relay_report(const RelayReport& report, double now);
  void on_resolved(const std::string& address, double now);
  void on_connected(double now);
  void on_tunnel(const TunnelReport& report, double now);
  void on_secured(const TlsFacts& facts, double now);
  void on_data(std::string_view bytes, double now);
  void on_closed(double now);
  void on_error(const Error& error, double now);
  void on_tick(double now);  // enforces the timeouts
  // `by` completes "cancelled by ... after 2.1 s" in the log (who or what cancelled it).
  void cancel(double now, std::string_view by = "the user");

  // Keep-alive (see http_session.h). Starts on a connection an earlier exchange left open:
  // no lookup, connect or handshake (timings 0, as curl reports for a reused connection).
  // With `h2`, the connection speaks HTTP/2: the request is the next stream of that session.
  void start_reused(const std::string& address, const std::optional<TlsFacts>& tls, double now,
                    std::int64_t unix_ms = 0, std::shared_ptr<H2Client> h2 = nullptr);
  // HTTP/1.1: done, framed by Content-Length or chunked (not read-until-close), nothing extra
  // received, and neither side said `Connection: close` (HTTP/1.0: the server said keep-alive).
  // HTTP/2: the stream ended and the session can carry more (no GOAWAY, no error).
  bool connection_reusable() const;
  // The HTTP/2 session this exchange spoke on (null for HTTP/1.1): the pool keeps it with the
  // connection, so the next request to the origin is a new stream on it.
  std::shared_ptr<H2Client> h2_session() const { return h2_; }
  // The reused connection ended before any response byte (the server closed it while idle):
  // true when retrying is safe: nothing of this request was sent yet, or it is idempotent.
  bool can_retry_on_fresh_connection() const;
  void restart_on_fresh_connection(double now);  // back to resolving, on a new connection

  std::string take_outgoing();  // bytes to write now (the whole request once connected)

  // Multiplexing (shared/h2_batch.h): several exchanges on one HTTP/2 connection. An exchange
  // that joined a batch hears the connection's events (for its timeline and timings) but never
  // starts HTTP/2 itself; the batch attaches it to the shared client when a stream is free, and
  // tells it after each read that its stream may have news. take_outgoing() and on_data() are
  // the batch's then, not the exchange's.
  void join_h2_batch() { h2_shared_ = true; }
  HttpVersion http_version() const { return options_.http_version; }
  void attach_h2(std::shared_ptr<H2Client> client, double now, std::string how);
  void on_h2_progress(double now);
  bool finished() const { return log_.finished(); }
  double next_deadline() const;  // absolute, transport clock; negative = none
  const ExchangeLog& log() const { return log_; }
  // Moves the log out of a finished exchange (a blocking caller returning it without holding a
  // large response twice). The exchange must not be used afterwards.
  ExchangeLog take_log() { return std::move(log_); }

 private:
  HttpExchange() = default;
  ExchangeOptions options_;
  SerializedRequest serialized_;
  ResponseParser parser_;
  ResponseParserOptions parser_options_;
  ExchangeLog log_;
  BodySink sink_;
  bool streaming_ = false;   // the sink accepted this body
  std::string sink_piece_;   // chunked body bytes on their way to the sink (reused)
  std::string_view piece_;   // the bytes being fed (on_data), for a streamed unframed body
  std::size_t piece_at_ = 0; // their stream offset
  Error sink_error_;         // what the sink said when a write failed
  double rel(double now) const { return now - started_; }
  std::string first_hop() const;
  void event(double now, std::string text);
  void fail(Error error, double now);
  void sync_response();
  bool ready_to_send() const;
  void start_decoding();
  void feed_decoder(std::string_view encoded);
  void finish_decoding(double now);

  double started_ = 0;
  double last_now_ = 0;           // time of the latest input, for take_outgoing()
  double last_activity_ = 0;      // time of the latest byte received
  double request_sent_at_ = -1;
  bool outgoing_taken_ = false;
  bool connected_ = false;
  bool secured_ = false;
  bool received_any_ = false;
  std::size_t interim_reported_ = 0;   // interim responses already in the log
  std::size_t warnings_reported_ = 0;  // parser warnings already in the log
  std::size_t headers_synced_ = 0;     // response headers already copied into the log
  bool head_reported_ = false;
  bool reused_ = false;             // started on a pooled connection
  bool retried_ = false;            // already restarted once on a fresh connection
  bool ended_by_framing_ = false;   // done in on_data (length or chunks), not by the close
  bool extra_bytes_ = false;        // bytes after the end of the response
  bool decoding_started_ = false;
  std::optional<ContentDecoder> decoder_;  // when the response has a Content-Encoding
  std::optional<SseParser> sse_;           // when the response is text/event-stream
  // HTTP/2, once ALPN chose h2 or with prior knowledge: nghttp2's session and our stream.
  std::shared_ptr<H2Client> h2_;
  std::int32_t h2_stream_ = 0;
  bool h2_shared_ = false;  // in an H2Batch: the batch owns the connection and feeds h2_
  void start_h2(double now, std::string how);
  Headers h2_fields() const;
  void after_h2(double now);  // the stream's news into the log; done or failed
  void on_head_complete();    // the final response head is in the log: sink, decoding, SSE
  std::size_t sse_fed_ = 0;                // display-body bytes given to sse_
  void feed_sse(std::string_view bytes);
  void end_sse();
};

// Drives one HttpExchange over a Transport: opens the connection, writes the request when
// connected, feeds responses to the parser, closes when finished. Not thread-safe: a native
// front end calls it (and receives transport events) under one mutex.
class HttpSession;
class PooledConnection;

class HttpCall : private ConnectionEvents {
 public:
  HttpCall(Transport& transport, HttpExchange exchange);
  // Reuses the session's idle connection to the same origin if there is one, and gives the
  // connection back to it when the response ends cleanly (keep-alive).
  HttpCall(HttpSession& session, HttpExchange exchange);
  ~HttpCall() override;
  void start();
  void cancel(std::string_view by = "the user");
  bool finished() const { return exchange_.finished(); }
  const ExchangeLog& log() const { return exchange_.log(); }
  ExchangeLog take_log() { return exchange_.take_log(); }  // once finished(); see HttpExchange

 private:
  void on_relay_open(double now) override;
  void on_relay_report(const RelayReport& report, double now) override;
  void on_resolved(const std::string& address, double now) override;
  void on_connected(double now) override;
  void on_tunnel(const TunnelReport& report, double now) override;
  void on_secured(const TlsFacts& facts, double now) override;
  void on_data(std::string_view bytes, double now) override;
  void on_closed(double now) override;
  void on_error(const Error& error, double now) override;
  double next_deadline() const override;
  void on_tick(double now) override;
  void flush();  // write outgoing bytes, close the connection once finished

  bool retry_on_fresh_connection(double now);  // stale pooled connection: once, when safe

  Transport& transport_;
  HttpExchange exchange_;
  std::unique_ptr<Connection> connection_;
  HttpSession* session_ = nullptr;
  std::unique_ptr<PooledConnection> pooled_;   // used instead of connection_ with a session
  std::unique_ptr<PooledConnection> retired_;  // the stale one, closed, kept until we return
  Connection* connection() const;
};

}  // namespace wirepad
