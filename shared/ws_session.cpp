// wirepad core: WsSession and WsCall (ws_session.h).
#include "ws_session.h"

#include <algorithm>
#include <cstdio>

#include "regex.h"

namespace wirepad {
namespace {

std::string seconds_text(double seconds) {
  // Whole seconds (the usual timeout) without printf: every expect's label has one.
  if (seconds >= 0 && seconds < 1e9 && seconds == static_cast<long long>(seconds))
    return std::to_string(static_cast<long long>(seconds)) + " s";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, seconds == static_cast<long long>(seconds) ? "%.0f s" : "%.2f s", seconds);
  return buffer;
}

// "\"hello\"" (escaped, cut at 40 bytes) for sentences.
std::string preview(std::string_view bytes) {
  std::string escaped = escape_payload(bytes.substr(0, 40));
  if (bytes.size() > 40) escaped += "...";
  return "\"" + escaped + "\"";
}

// The same, appended to `out` (a step's label: every step of a long script has one).
void append_preview(std::string& out, std::string_view bytes) {
  out += '"';
  out += escape_payload(bytes.substr(0, 40));
  if (bytes.size() > 40) out += "...";
  out += '"';
}

std::string close_text(std::uint16_t code, std::string_view reason) {
  if (code == 0) return "no code (1005)";
  std::string name(close_code_name(code));
  std::string s = std::to_string(code) + (name.empty() ? "" : " " + name);
  if (!reason.empty()) s += ", reason " + preview(reason);
  return s;
}

}  // namespace

std::string_view to_string(WsStepKind kind) {
  switch (kind) {
    case WsStepKind::send_text: return "send";
    case WsStepKind::send_binary: return "send-binary";
    case WsStepKind::ping: return "ping";
    case WsStepKind::expect: return "expect";
    case WsStepKind::sleep: return "sleep";
    case WsStepKind::close: return "close";
  }
  return "send";
}

std::string_view to_string(WsState state) {
  switch (state) {
    case WsState::idle: return "idle";
    case WsState::connecting: return "connecting";
    case WsState::handshaking: return "handshaking";
    case WsState::open: return "open";
    case WsState::closing: return "closing";
    case WsState::closed: return "closed";
    case WsState::failed: return "failed";
  }
  return "idle";
}

Error check_ws_step(const WsStep& step, std::size_t number) {
  const std::string where = "step " + std::to_string(number) + " (" + std::string(to_string(step.kind)) + "): ";
  if ((step.kind == WsStepKind::ping || step.kind == WsStepKind::close) && step.data.size() > (step.kind == WsStepKind::close ? 123u : 125u))
    return make_error(ErrorCode::invalid_request,
                      where + (step.kind == WsStepKind::close ? "a close reason" : "a ping payload") +
                          " fits in at most " + (step.kind == WsStepKind::close ? "123" : "125") +
                          " bytes (RFC 6455 §5.5); this one has " + std::to_string(step.data.size()));
  if (step.kind == WsStepKind::close && step.code != 0 && !close_code_sendable(step.code))
    return make_error(ErrorCode::invalid_request,
                      where + "the close code " + std::to_string(step.code) +
                          " may not be sent (RFC 6455 §7.4: 1000-1003, 1007-1014 or 3000-4999)");
  if (step.kind == WsStepKind::close && step.code == 0 && !step.data.empty())
    return make_error(ErrorCode::invalid_request, where + "a close reason needs a close code (RFC 6455 §5.5.1)");
  if (step.kind == WsStepKind::send_text && find_invalid_utf8(step.data) != Utf8Validator::npos)
    return make_error(ErrorCode::invalid_request,
                      where + "a text message must be UTF-8 (RFC 6455 §5.6), and byte " +
                          std::to_string(find_invalid_utf8(step.data)) + " is not; send these bytes as binary",
                      std::int64_t(find_invalid_utf8(step.data)));
  if (step.kind == WsStepKind::expect && step.regex) {
    Result<Regex> re = Regex::compile(step.data);
    if (!re) return make_error(ErrorCode::invalid_request, where + re.error().message, re.error().offset);
  }
  return {};
}

Result<WsSession> WsSession::create(WsSessionOptions options, std::vector<WsStep> steps, WsRandom random) {
  Result<Url> url = parse_ws_url(options.url);
  if (!url) return url.error();
  for (std::size_t i = 0; i < steps.size(); ++i)
    if (Error e = check_ws_step(steps[i], i + 2)) return e;
  WsSession s;
  s.log_.url = url.value();
  Endpoint& e = s.log_.endpoint;
  e.host = url->host;
  e.port = url->port;
  e.tls = ws_is_tls(*url);
  e.verify_tls = options.verify_tls;
  e.ca_file = options.ca_file;
  e.connect_timeout = options.connect_timeout;
  e.family = options.family;
  // The request is built now, so a bad header is an input error before anything connects.
  Result<WsHandshakeRequest> request = build_handshake_request(*url, options.handshake, random);
  if (!request) return request.error();
  s.key_ = request->key;
  s.log_.handshake_request = request->bytes;
  s.options_ = std::move(options);
  s.steps_ = std::move(steps);
  for (const WsStep& step : s.steps_) s.expects_left_ += step.kind == WsStepKind::expect ? 1 : 0;
  s.random_ = std::move(random);
  return s;
}

void WsSession::note(TranscriptEntry::Kind kind, double now, std::string text) {
  log_.timeline.push_back({WsTimelineItem::Kind::event, log_.events.size()});
  log_.events.push_back(TranscriptEntry{kind, rel(now), {}, std::move(text)});
}

std::string WsSession::step_label(std::size_t i) const {
  // Built in one string: a script of 200,000 steps made each label from five temporaries.
  const WsStep& s = steps_[i];
  std::string label;
  label.reserve(64 + std::min<std::size_t>(s.data.size(), 40) * 4);
  label += std::to_string(i + 2);
  label += ". ";
  label += to_string(s.kind);
  label += ' ';
  switch (s.kind) {
    case WsStepKind::send_text:
    case WsStepKind::send_binary:
    case WsStepKind::ping: append_preview(label, s.data); break;
    case WsStepKind::expect:
      if (s.regex) label += "/" + s.data + "/";
      else append_preview(label, s.data);
      label += " within ";
      label += seconds_text(s.seconds);
      break;
    case WsStepKind::sleep: label += seconds_text(s.seconds); break;
    case WsStepKind::close: label += close_text(s.code, s.data); break;
  }
  return label;
}

void WsSession::start(double now) {
  started_ = now;
  // Room for the script's records at once, not by doubling as they come (each doubling moved
  // every record so far; a step makes a step record and its event, a send a message and a frame).
  log_.steps.reserve(steps_.size() + 1);
  log_.events.reserve(steps_.size() + 8);
  log_.state = WsState::connecting;
  want_open_ = true;
  log_.steps.push_back(StepRecord{StepKind::connect, "1. connect to " + log_.url.scheme + "://" +
                                                        log_.url.authority() + log_.url.target + " and handshake",
                                  0, -1, false, {}});
  note(TranscriptEntry::Kind::step, now, log_.steps.back().label);
  // The transport enforces connect_timeout itself; this is the backstop over both waits.
  deadline_ = now + options_.connect_timeout + options_.handshake_timeout;
}

Error WsSession::queue(WsStep step, double now) {
  if (log_.finished()) return make_error(ErrorCode::invalid_request, "this conversation has ended; connect again");
  if (Error e = check_ws_step(step, steps_.size() + 2)) return e;
  expects_left_ += step.kind == WsStepKind::expect ? 1 : 0;
  steps_.push_back(std::move(step));
  run_steps(now);
  return {};
}

std::string WsSession::take_outgoing() {
  std::string out;
  out.swap(outgoing_);
  return out;
}

void WsSession::send_bytes(std::string bytes) {
  log_.bytes_sent += bytes.size();
  if (outgoing_.empty()) outgoing_ = std::move(bytes);
  else outgoing_ += bytes;
}

double WsSession::next_deadline() const { return log_.finished() ? -1 : deadline_; }

bool WsSession::idle() const {
  return log_.state == WsState::open && next_step_ >= steps_.size() && !step_running_;
}

void WsSession::fail(Error error, WsErrorKind kind, double now) {
  if (log_.finished()) return;
  // Between steps (the server's bytes broke a rule before the next step began): that step
  // is the one that cannot run, so the failure names it.
  if (!step_running_ && next_step_ < steps_.size() && (log_.state == WsState::open || log_.state == WsState::closing))
    begin_step(now);
  if (!log_.steps.empty() && log_.steps.back().ended < 0) {
    log_.steps.back().ended = rel(now);
    log_.steps.back().ok = false;
    log_.steps.back().error = error.message;
    log_.failed_step = log_.steps.size();
  }
  note(TranscriptEntry::Kind::error, now, error.message);
  log_.error = std::move(error);
  log_.error_kind = kind;
  log_.state = WsState::failed;
  deadline_ = -1;
  want_close_ = true;
}

void WsSession::fail_protocol(const WsError& error, double now) {
  // §7.1.7 "Fail the WebSocket Connection": send a close frame with the reason's code when
  // the connection is up, then close.
  const std::uint16_t code = error.close_code();
  if (code && writer_ && !log_.close_sent) {
    std::vector<WsFrame> frames;
    std::string reason(to_string(error.kind));
    Result<std::string> bytes = writer_->control(WsOpcode::close, close_payload(code, reason), &frames);
    if (bytes) {
      send_bytes(std::move(bytes.value()));
      record_sent(frames, now);
      log_.close_sent = true;
      log_.close_sent_code = code;
      log_.close_sent_reason = reason;
      note(TranscriptEntry::Kind::event, now, "close sent: " + close_text(code, reason));
    }
  }
  fail(error.to_error(), error.kind, now);
}

void WsSession::on_resolved(const std::string& address, double now) {
  log_.remote_address = address;
  note(TranscriptEntry::Kind::event, now, "resolved " + log_.endpoint.host + " to " + address);
}

void WsSession::on_connected(double now) {
  if (log_.finished()) return;
  note(TranscriptEntry::Kind::event, now, "connected to " + log_.remote_address);
  if (!log_.endpoint.tls) send_handshake(now);
}

void WsSession::on_secured(const TlsFacts& facts, double now) {
  if (log_.finished()) return;
  log_.secured = true;
  log_.tls = facts;
  note(TranscriptEntry::Kind::event, now, "TLS " + facts.version + " " + facts.cipher + (facts.verified ? ", certificate verified" : ", certificate NOT verified"));
  send_handshake(now);
}

void WsSession::send_handshake(double now) {
  log_.state = WsState::handshaking;
  send_bytes(log_.handshake_request);
  log_.timeline.push_back({WsTimelineItem::Kind::handshake_request, 0});
  note(TranscriptEntry::Kind::event, now, "handshake request sent (" + std::to_string(log_.handshake_request.size()) + " B)");
  deadline_ = now + options_.handshake_timeout;
}

void WsSession::on_data(std::string_view bytes, double now) {
  if (log_.finished()) return;
  log_.bytes_received += bytes.size();
  if (log_.state == WsState::handshaking) handshake_data(bytes, now);
  else if (log_.state == WsState::open || log_.state == WsState::closing) frames_data(bytes, now);
}

void WsSession::handshake_data(std::string_view bytes, double now) {
  const std::size_t before = head_parser_.bytes_consumed();
  ParseResult r = head_parser_.feed(bytes);
  log_.handshake_response.append(bytes.substr(0, r.consumed));
  (void)before;
  if (r.status == ParseStatus::error) {
    log_.timeline.push_back({WsTimelineItem::Kind::handshake_response, 0});
    fail(make_error(ErrorCode::malformed_response,
                    "handshake_malformed: the answer to the handshake is not an HTTP/1.1 response: " +
                        head_parser_.error().message,
                    head_parser_.error().offset),
         WsErrorKind::handshake_malformed, now);
    return;
  }
  if (r.status != ParseStatus::done) return;
  finish_handshake(now);
  if (log_.state == WsState::open && r.consumed < bytes.size()) frames_data(bytes.substr(r.consumed), now);
  if (log_.state == WsState::open || log_.state == WsState::closing) run_steps(now);
}

void WsSession::finish_handshake(double now) {
  const HttpResponse& response = head_parser_.response();
  log_.timeline.push_back({WsTimelineItem::Kind::handshake_response, 0});
  log_.status = response.status;
  WsError e = check_handshake_response(response, key_, options_.handshake, log_.agreement);
  if (e) {
    fail(e.to_error(), e.kind, now);
    return;
  }
  WsReader::Options ro;
  ro.max_message = options_.max_message;
  ro.payload_to_message = true;  // keep_frame rebuilds a kept record's payload from its raw bytes
  reader_.emplace(ro);
  writer_.emplace(random_);
  if (log_.agreement.deflate) {
    Error re = reader_->enable_deflate(log_.agreement.deflate_params);
    Error we = writer_->enable_deflate(log_.agreement.deflate_params);
    if (re || we) {
      fail(make_error(ErrorCode::malformed_response, "handshake_extension: " + (re ? re.message : we.message)),
           WsErrorKind::handshake_extension, now);
      return;
    }
  }
  log_.state = WsState::open;
  std::string agreed = "101 Switching Protocols: WebSocket open";
  if (!log_.agreement.subprotocol.empty()) agreed += ", subprotocol " + log_.agreement.subprotocol;
  if (log_.agreement.deflate) agreed += ", permessage-deflate (" + log_.agreement.extensions + ")";
  note(TranscriptEntry::Kind::event, now, agreed);
  deadline_ = -1;
  end_step(now);
}

bool WsSession::frames_room() const {
  return !log_.frames_not_kept && log_.frames.size() < options_.max_logged_frames &&
         logged_frame_bytes_ < options_.max_logged_frame_bytes;
}

bool WsSession::keep_frame(WsFrame& f) {
  // A frame that was a whole message gave its payload to the message (WsReader's
  // payload_to_message): the record's comes back from the wire bytes kept.
  if (f.payload.empty() && f.payload_length > 0 && f.raw.size() > f.header_size) {
    f.payload.assign(f.raw, f.header_size, std::string::npos);
    if (f.masked) apply_mask(f.payload, f.mask_key);
  }
  if (f.payload.size() > f.raw.size()) f.payload.resize(f.raw.size());
  const std::size_t bytes = f.payload.size() + f.raw.size();
  // Once one frame is left out, so are all after it: the log keeps the first ones.
  if (log_.frames_not_kept || log_.frames.size() >= options_.max_logged_frames ||
      logged_frame_bytes_ + bytes > options_.max_logged_frame_bytes) {
    ++log_.frames_not_kept;
    return false;
  }
  logged_frame_bytes_ += bytes;
  return true;
}

void WsSession::record_sent(std::vector<WsFrame>& frames, double now) {
  for (WsFrame& f : frames) {
    if (!keep_frame(f)) continue;
    log_.timeline.push_back({WsTimelineItem::Kind::frame, log_.frames.size()});
    log_.frames.push_back(WsFrameRecord{WsDirection::sent, rel(now), std::move(f)});
  }
}

void WsSession::record_received(std::vector<WsFrame>& frames, std::size_t& next, std::size_t end, double now) {
  for (; next < end && next < frames.size(); ++next) {
    WsFrame& f = frames[next];
    if (!keep_frame(f)) continue;
    log_.timeline.push_back({WsTimelineItem::Kind::frame, log_.frames.size()});
    log_.frames.push_back(WsFrameRecord{WsDirection::received, rel(now), std::move(f)});
  }
}

void WsSession::frames_data(std::string_view bytes, double now) {
  std::vector<WsFrame>& frames = in_frames_;
  std::vector<WsIncoming>& events = in_events_;
  frames.clear();
  events.clear();
  WsError error = reader_->feed(bytes, frames, events);
  // Frames and what they completed, interleaved as they arrived.
  std::size_t recorded = 0;
  for (WsIncoming& in : events) {
    record_received(frames, recorded, in.after_frame, now);
    if (log_.finished()) break;
    switch (in.kind) {
      case WsIncoming::Kind::message:
        add_message(WsMessageRecord{WsDirection::received, rel(now), in.opcode, std::move(in.data), in.compressed,
                                    in.frames, in.wire_bytes});
        break;
      case WsIncoming::Kind::ping: {
        // §5.5.2: answer with a pong carrying the same payload, as soon as practical.
        std::vector<WsFrame> sent;
        Result<std::string> pong = writer_->control(WsOpcode::pong, in.data, &sent);
        note(TranscriptEntry::Kind::event, now, "ping received " + preview(in.data) + "; pong sent");
        if (pong && !log_.close_sent) {
          send_bytes(std::move(pong.value()));
          record_sent(sent, now);
        }
        break;
      }
      case WsIncoming::Kind::pong: note(TranscriptEntry::Kind::event, now, "pong received " + preview(in.data)); break;
      case WsIncoming::Kind::close: on_peer_close(in.close_code, in.data, now); break;
    }
  }
  record_received(frames, recorded, frames.size(), now);
  if (!frames_room()) reader_->set_keep_raw(false);  // the log keeps no more frames
  if (error && !log_.finished()) {
    fail_protocol(error, now);
    return;
  }
  run_steps(now);
}

void WsSession::on_peer_close(std::uint16_t code, const std::string& reason, double now) {
  log_.close_received = true;
  log_.close_received_code = code;
  log_.close_received_reason = reason;
  note(TranscriptEntry::Kind::event, now, "close received: " + close_text(code, reason));
  if (!log_.close_sent) {
    // §5.5.1: answer a close with a close, usually echoing the code.
    std::vector<WsFrame> sent;
    Result<std::string> bytes = writer_->control(WsOpcode::close, close_payload(code, {}), &sent);
    if (bytes) {
      send_bytes(std::move(bytes.value()));
      record_sent(sent, now);
      log_.close_sent = true;
      log_.close_sent_code = code;
      note(TranscriptEntry::Kind::event, now, "close sent in answer: " + close_text(code, {}));
    }
    // Steps still to run cannot: the server ended the conversation first. A final close
    // step is what happened anyway.
    const bool only_close_left = (!step_running_ && next_step_ + 1 == steps_.size() && steps_.back().kind == WsStepKind::close) ||
                                 (step_running_ && next_step_ == steps_.size() && steps_.back().kind == WsStepKind::close);
    const bool work_left = step_running_ || next_step_ < steps_.size();
    if (work_left && !only_close_left) {
      if (!step_running_) begin_step(now);
      fail(make_error(ErrorCode::closed_early,
                      "step_failed: the server closed the WebSocket (" + close_text(code, reason) + ") before step " +
                          log_.steps.back().label + " could finish"),
           WsErrorKind::step_failed, now);
      return;
    }
    if (only_close_left && !step_running_) begin_step(now);
  }
  // Both close frames are exchanged: the closing handshake is complete (§7.1.2).
  if (step_running_) end_step(now);
  next_step_ = steps_.size();
  log_.state = WsState::closed;
  deadline_ = -1;
  want_close_ = true;
}

void WsSession::on_closed(double now) {
  if (log_.finished()) return;
  if (log_.state == WsState::handshaking) {
    ParseResult r = head_parser_.finish();
    if (head_parser_.headers_complete() && (r.status == ParseStatus::done || head_parser_.response().status != 101)) {
      finish_handshake(now);
      if (log_.finished()) return;
    }
    if (!log_.handshake_response.empty()) log_.timeline.push_back({WsTimelineItem::Kind::handshake_response, 0});
    fail(make_error(ErrorCode::closed_early,
                    "handshake_malformed: the server closed the connection before answering the handshake (" +
                        std::to_string(log_.handshake_response.size()) + " bytes of response)"),
         WsErrorKind::handshake_malformed, now);
    return;
  }
  fail(make_error(ErrorCode::closed_early,
                  "closed_without_close_frame: the server closed the TCP connection without a close frame "
                  "(close code 1006, abnormal closure, RFC 6455 §7.1.5)" +
                      std::string(reader_ && !reader_->at_frame_boundary() ? ", in the middle of a frame" : "")),
       WsErrorKind::closed_without_close_frame, now);
}

void WsSession::on_error(const Error& error, double now) {
  if (log_.finished()) return;
  fail(error, WsErrorKind::none, now);
}

void WsSession::cancel(double now) {
  if (log_.finished()) return;
  fail(make_error(ErrorCode::cancelled, "cancelled"), WsErrorKind::none, now);
}

void WsSession::begin_step(double now) {
  if (steps_[next_step_].kind == WsStepKind::expect && expects_left_ > 0) --expects_left_;
  log_.steps.push_back(StepRecord{StepKind::send, step_label(next_step_), rel(now), -1, false, {}});
  note(TranscriptEntry::Kind::step, now, log_.steps.back().label);
  step_running_ = true;
  step_started_ = now;
  ++next_step_;
}

void WsSession::end_step(double now) {
  if (!log_.steps.empty() && log_.steps.back().ended < 0) {
    log_.steps.back().ended = rel(now);
    log_.steps.back().ok = true;
  }
  ++log_.steps_done;
  step_running_ = false;
  deadline_ = -1;
}

void WsSession::on_tick(double now) {
  if (log_.finished() || deadline_ < 0 || now < deadline_) return;
  if (log_.state == WsState::connecting || log_.state == WsState::handshaking) {
    if (!log_.handshake_response.empty()) log_.timeline.push_back({WsTimelineItem::Kind::handshake_response, 0});
    fail(make_error(ErrorCode::first_byte_timeout,
                    log_.state == WsState::connecting
                        ? "step_failed: no connection within " + seconds_text(options_.connect_timeout + options_.handshake_timeout)
                        : "step_failed: no complete answer to the handshake within " + seconds_text(options_.handshake_timeout) +
                              " (" + std::to_string(log_.handshake_response.size()) + " bytes came)"),
         WsErrorKind::step_failed, now);
    return;
  }
  if (!step_running_) return;
  const WsStep& s = steps_[next_step_ - 1];
  if (s.kind == WsStepKind::sleep) {
    end_step(now);
    run_steps(now);
  } else if (s.kind == WsStepKind::expect) {
    std::string seen;
    std::size_t count = 0;
    for (std::size_t i = unmatched_; i < log_.messages.size(); ++i)
      if (log_.messages[i].direction == WsDirection::received) {
        seen = preview(log_.messages[i].data);
        ++count;
      }
    fail(make_error(ErrorCode::idle_timeout,
                    "step_failed: no message matched within " + seconds_text(s.seconds) +
                        (seen.empty() ? std::string("; none arrived") : "; the last of " + std::to_string(count) + " unmatched was " + seen)),
         WsErrorKind::step_failed, now);
  } else if (s.kind == WsStepKind::close) {
    fail(make_error(ErrorCode::idle_timeout,
                    "step_failed: the server did not answer the close frame within " + seconds_text(s.seconds) +
                        " (RFC 6455 §5.5.1: it must send a close frame back)"),
         WsErrorKind::step_failed, now);
  }
}

void WsSession::add_message(WsMessageRecord m) {
  const std::size_t index = log_.messages.size();
  const std::uint64_t size = m.data.size();
  if (first_over_ == std::size_t(-1) && logged_message_bytes_ + size <= options_.max_logged_message_bytes)
    logged_message_bytes_ += size;
  else if (first_over_ == std::size_t(-1))
    first_over_ = index;
  const bool release_now = index >= first_over_ && m.direction == WsDirection::sent && size > 0;
  log_.timeline.push_back({WsTimelineItem::Kind::message, index});
  log_.messages.push_back(std::move(m));
  if (release_now) {  // what we sent no expect looks at
    WsMessageRecord& kept = log_.messages.back();
    kept.bytes_not_kept = size;
    std::string().swap(kept.data);
    ++log_.messages_not_kept;
    log_.message_bytes_not_kept += size;
  }
}

void WsSession::release_unneeded() {
  if (first_over_ == std::size_t(-1)) return;
  const bool expecting = expects_left_ > 0 || (step_running_ && steps_[next_step_ - 1].kind == WsStepKind::expect);
  // An expect looks at messages from unmatched_ on; with none left, at none.
  const std::size_t end = expecting ? unmatched_ : log_.messages.size();
  for (std::size_t i = std::max(release_from_, first_over_); i < end; ++i) {
    WsMessageRecord& m = log_.messages[i];
    if (!m.kept() || m.data.empty()) continue;
    m.bytes_not_kept = m.data.size();
    std::string().swap(m.data);
    ++log_.messages_not_kept;
    log_.message_bytes_not_kept += m.bytes_not_kept;
  }
  release_from_ = std::max(release_from_, end);
}

void WsSession::run_steps(double now) {
  run_steps_now(now);
  release_unneeded();
}

void WsSession::run_steps_now(double now) {
  while (!log_.finished() && (log_.state == WsState::open || log_.state == WsState::closing)) {
    if (!step_running_) {
      if (next_step_ >= steps_.size()) return;
      begin_step(now);
    }
    const WsStep& s = steps_[next_step_ - 1];
    switch (s.kind) {
      case WsStepKind::send_text:
      case WsStepKind::send_binary: {
        std::vector<WsFrame> frames;
        const WsOpcode opcode = s.kind == WsStepKind::send_text ? WsOpcode::text : WsOpcode::binary;
        const bool recorded = frames_room();
        const std::uint64_t frames_before = writer_->frames_written(), payload_before = writer_->payload_bytes_written();
        Result<std::string> bytes = writer_->message(opcode, s.data, true, options_.fragment, recorded ? &frames : nullptr);
        if (!bytes) {
          fail(bytes.error(), WsErrorKind::none, now);
          return;
        }
        const std::uint64_t wire = writer_->payload_bytes_written() - payload_before;
        if (!recorded) log_.frames_not_kept += writer_->frames_written() - frames_before;
        // The step has run (its label was made when it began), so its bytes move into the log
        // instead of being copied: a script of large messages held each of them twice.
        add_message(WsMessageRecord{WsDirection::sent, rel(now), opcode, std::move(steps_[next_step_ - 1].data),
                                    writer_->deflate_enabled(), std::max<std::size_t>(1, writer_->frames_written() - frames_before),
                                    wire});
        send_bytes(std::move(bytes.value()));
        record_sent(frames, now);
        end_step(now);
        break;
      }
      case WsStepKind::ping: {
        std::vector<WsFrame> frames;
        Result<std::string> bytes = writer_->control(WsOpcode::ping, s.data, &frames);
        if (!bytes) {
          fail(bytes.error(), WsErrorKind::none, now);
          return;
        }
        send_bytes(std::move(bytes.value()));
        record_sent(frames, now);
        note(TranscriptEntry::Kind::event, now, "ping sent " + preview(s.data));
        end_step(now);
        break;
      }
      case WsStepKind::expect: {
        // Compiled at each look (microseconds for an expect's pattern; the steps' check
        // refused a bad one already).
        std::optional<Regex> pattern;
        if (s.regex) {
          Result<Regex> compiled = Regex::compile(s.data);
          if (!compiled) {
            fail(compiled.error(), WsErrorKind::step_failed, now);
            return;
          }
          pattern = std::move(compiled.value());
        }
        bool matched = false;
        for (std::size_t i = unmatched_; i < log_.messages.size() && !matched; ++i) {
          const WsMessageRecord& m = log_.messages[i];
          if (m.direction != WsDirection::received) continue;
          if (s.regex) {
            // Any length: PCRE2 bounds its backtracking (shared/regex.h); past the bounds the
            // step fails saying so (std::regex, before, overflowed the stack from ~20 kB).
            Result<std::optional<RegexMatch>> found = pattern->search(m.data);
            if (!found) {
              fail(make_error(ErrorCode::invalid_request,
                              "step_failed: message " + std::to_string(i + 1) + ": " + found.error().message),
                   WsErrorKind::step_failed, now);
              return;
            }
            matched = found->has_value();
          } else {
            matched = m.data.find(s.data) != std::string::npos;
          }
          if (matched) unmatched_ = i + 1;
        }
        if (!matched) {
          deadline_ = step_started_ + s.seconds;
          return;
        }
        end_step(now);
        break;
      }
      case WsStepKind::sleep:
        if (now < step_started_ + s.seconds) {
          deadline_ = step_started_ + s.seconds;
          return;
        }
        end_step(now);
        break;
      case WsStepKind::close:
        if (!log_.close_sent) {
          std::vector<WsFrame> frames;
          Result<std::string> bytes = writer_->control(WsOpcode::close, close_payload(s.code, s.data), &frames);
          if (!bytes) {
            fail(bytes.error(), WsErrorKind::none, now);
            return;
          }
          send_bytes(std::move(bytes.value()));
          record_sent(frames, now);
          log_.close_sent = true;
          log_.close_sent_code = s.code;
          log_.close_sent_reason = s.data;
          log_.state = WsState::closing;
          note(TranscriptEntry::Kind::event, now, "close sent: " + close_text(s.code, s.data));
        }
        deadline_ = step_started_ + s.seconds;
        return;  // on_peer_close ends it
    }
  }
}

// ---- WsCall

WsCall::WsCall(Transport& transport, WsSession session) : transport_(transport), session_(std::move(session)) {}

WsCall::~WsCall() {
  if (connection_) connection_->close();
}

void WsCall::start() {
  session_.start(transport_.now());
  pump();
}

Error WsCall::queue(WsStep step) {
  Error e = session_.queue(std::move(step), transport_.now());
  pump();
  return e;
}

void WsCall::cancel() {
  session_.cancel(transport_.now());
  pump();
}

void WsCall::pump() {
  if (session_.wants_open() && !connection_) {
    session_.mark_opened();
    std::unique_ptr<Connection> connection = transport_.open(session_.log().endpoint, *this);
    connection_ = std::move(connection);
  }
  if (!connection_) return;
  std::string out = session_.take_outgoing();
  if (!out.empty()) connection_->send(out);
  if (session_.wants_close()) {
    connection_->close();
    session_.mark_closed();
  }
}

void WsCall::on_resolved(const std::string& address, double now) {
  session_.on_resolved(address, now);
  pump();
}
void WsCall::on_connected(double now) {
  session_.on_connected(now);
  pump();
}
void WsCall::on_secured(const TlsFacts& facts, double now) {
  session_.on_secured(facts, now);
  pump();
}
void WsCall::on_data(std::string_view bytes, double now) {
  session_.on_data(bytes, now);
  pump();
}
void WsCall::on_closed(double now) {
  session_.on_closed(now);
  pump();
}
void WsCall::on_error(const Error& error, double now) {
  session_.on_error(error, now);
  pump();
}
double WsCall::next_deadline() const { return session_.next_deadline(); }
void WsCall::on_tick(double now) {
  session_.on_tick(now);
  pump();
}

}  // namespace wirepad
