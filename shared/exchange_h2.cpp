// wirepad core: the HTTP/2 half of HttpExchange (exchange.h). Once ALPN chose h2, or with prior
// knowledge, the request goes out as HEADERS and DATA frames through H2Client (nghttp2), and
// the stream's answer fills the same ExchangeLog an HTTP/1.1 response does, so every view and
// report reads it the same way; the frames themselves are in ExchangeLog::http2.
#include "exchange.h"
#include "h2_client.h"
#include "text_util.h"

namespace wirepad {

namespace {

// Fields HTTP/2 forbids (RFC 9113 §8.2.2): they describe an HTTP/1.1 connection. TE may stay
// only as "trailers". Host becomes :authority.
bool connection_specific(const Header& h) {
  for (const char* name : {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "host"})
    if (iequals(h.name, name)) return true;
  return iequals(h.name, "te") && text::lower(text::trim_ows(h.value)) != "trailers";
}

}  // namespace

Headers HttpExchange::h2_fields() const {
  const Url& url = serialized_.url;
  // The target as the HTTP/1.1 request line would carry it: the serializer already normalized
  // and encoded it ("GET /a%20b?x=1 HTTP/1.1").
  std::string_view line(serialized_.bytes);
  line = line.substr(0, line.find("\r\n"));
  std::size_t first = line.find(' '), last = line.rfind(' ');
  std::string path = first != std::string_view::npos && last > first ? std::string(line.substr(first + 1, last - first - 1)) : "/";
  const Header* host = find_header(serialized_.headers, "Host");
  Headers fields = {{":method", log_.request.method},
                    {":scheme", url.scheme},
                    {":authority", host ? host->value : url.authority()},
                    {":path", path}};
  for (const Header& h : serialized_.headers) {
    if (connection_specific(h)) continue;
    fields.push_back({text::lower(h.name), h.value});  // HTTP/2 field names are lower case (§8.2.1)
  }
  return fields;
}

void HttpExchange::start_h2(double now, std::string how) {
  if (h2_ || h2_shared_ || finished()) return;
  attach_h2(std::make_shared<H2Client>(), now, std::move(how));
}

void HttpExchange::attach_h2(std::shared_ptr<H2Client> client, double now, std::string how) {
  if (h2_ || finished()) return;
  h2_ = std::move(client);
  Headers fields = h2_fields();
  // The body as the HTTP/1.1 serialization carries it, unless that was chunked: HTTP/2 frames
  // the body itself (DATA), so the bytes the person typed go as they are.
  std::string body;
  if (const Header* te = find_header(serialized_.headers, "Transfer-Encoding"); te) {
    body = log_.request.body;
  } else if (std::size_t head_end = serialized_.bytes.find("\r\n\r\n"); head_end != std::string::npos) {
    body = serialized_.bytes.substr(head_end + 4);
  }
  Result<std::int32_t> stream = h2_->submit(fields, std::move(body));
  if (!stream) {
    fail(stream.error(), now);
    return;
  }
  h2_stream_ = *stream;
  log_.http2.used = true;
  log_.http2.how = how;
  log_.http2.stream = h2_stream_;
  log_.sent_headers = fields;
  log_.response.version_major = 2;
  log_.response.version_minor = 0;
  event(now, "speaking HTTP/2 (" + how + "): the request goes on stream " + std::to_string(h2_stream_));
  if (h2_shared_) {
    // The batch writes the frames: the request counts as sent from here (timeouts, timings).
    outgoing_taken_ = true;
    request_sent_at_ = now;
    last_now_ = now;
    log_.timings.pretransfer = rel(now);
    if (log_.phase == Phase::sending) log_.phase = Phase::waiting;
  }
}

void HttpExchange::on_h2_progress(double now) {
  if (!h2_ || finished()) return;
  last_now_ = now;
  last_activity_ = now;
  after_h2(now);
}

void HttpExchange::after_h2(double now) {
  if (!h2_ || finished()) return;
  if (!h2_shared_) h2_->copy_new_frames(log_.http2.frames);  // a batch keeps the frames once, for the connection
  H2StreamState* s = h2_->stream(h2_stream_);
  if (!s) return;
  HttpResponse& shown = log_.response;
  while (shown.interim.size() < s->interim_complete) {
    shown.interim.push_back(s->interim[shown.interim.size()]);
    event(now, "status " + std::to_string(shown.interim.back().status) + " (interim)");
  }
  if (s->head_complete && !head_reported_) {
    received_any_ = true;
    log_.timings.starttransfer = rel(now);
    shown.status = s->status;
    shown.headers = s->headers;
    on_head_complete();
  }
  if (head_reported_) {
    std::string data = h2_->take_data(h2_stream_);
    if (!data.empty()) {
      if (streaming_) {
        log_.body_streamed += data.size();
        feed_sse(data);
        if (Error e = sink_.write(data)) {
          fail(std::move(e), now);
          return;
        }
      } else {
        std::size_t before = shown.body.size();
        shown.body += data;
        feed_decoder(std::string_view(shown.body).substr(before));
        if (sse_) {
          std::string_view body = log_.display_body();
          if (body.size() > sse_fed_) {
            std::size_t from = sse_fed_;
            sse_fed_ = body.size();
            feed_sse(body.substr(from));
          }
        }
      }
    }
    if (s->trailers.size() != shown.trailers.size()) shown.trailers = s->trailers;
  }
  const std::string stream = "stream " + std::to_string(h2_stream_);
  if (s->ended && s->head_complete) {
    finish_decoding(now);
    end_sse();
    log_.phase = Phase::done;
    log_.timings.total = rel(now);
    event(now, "response complete (" + stream + " ended)");
    return;
  }
  // Streams above a GOAWAY's last stream are closed by nghttp2 as REFUSED_STREAM: the GOAWAY
  // is what happened, so it is said first.
  if (h2_->goaway_received() && (h2_->goaway_last_stream() < h2_stream_ || h2_->goaway_error() != 0)) {
    std::string message = "The server sent GOAWAY " + h2_error_code_name(h2_->goaway_error()) + " (last stream " +
                          std::to_string(h2_->goaway_last_stream());
    if (std::string debug = h2_->goaway_debug().substr(0, 200); !debug.empty()) {
      for (char& c : debug)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';  // the debug data is opaque bytes
      message += ", \"" + debug + "\"";
    }
    message += ") before " + stream + " ended";
    if (h2_->goaway_last_stream() < h2_stream_) message += "; it did not process the request, so sending it again is safe";
    fail(make_error(ErrorCode::http2_error, message + "."), now);
    return;
  }
  if (s->closed && s->reset_by_server) {
    std::string message = "The server reset " + stream + " with RST_STREAM " + h2_error_code_name(s->error_code);
    if (s->error_code == 7) message += ": it refused the request before processing it, so sending it again is safe";  // REFUSED_STREAM
    fail(make_error(ErrorCode::http2_error, message + "."), now);
    return;
  }
  if (s->closed && s->error_code != 0) {
    fail(make_error(ErrorCode::http2_error, "Wirepad reset " + stream + " with RST_STREAM " + h2_error_code_name(s->error_code) +
                                                (s->problem.empty() ? "" : ": " + s->problem) + "."),
         now);
    return;
  }
  if (h2_->error()) {
    fail(h2_->error(), now);
    return;
  }
}

}  // namespace wirepad
