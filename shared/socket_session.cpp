// wirepad core: SocketSession and SocketCall (socket_session.h).
#include "socket_session.h"

#include <cstdio>

#include "regex.h"
#include "text_util.h"

namespace wirepad {
namespace {

// What an expect can look back on: the newest bytes, so a chatty peer cannot grow it forever.
constexpr std::size_t kMaxUnmatched = 1 << 20;

std::string seconds_text(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, seconds == static_cast<long long>(seconds) ? "%.0f s" : "%.2f s", seconds);
  return buffer;
}

// A short, printable preview of bytes for sentences: "HTTP/1.1 200 OK\r\n..." (40 chars).
std::string preview(std::string_view bytes) {
  std::string escaped = escape_payload(bytes.substr(0, 40));
  if (bytes.size() > 40) escaped += "...";
  return "\"" + escaped + "\"";
}

// A regular expression as typed (its backslashes are its own), escaping only what would not print.
std::string printable_pattern(std::string_view pattern) {
  std::string out;
  for (char c : pattern) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
    else out += escape_payload(std::string_view(&c, 1));
  }
  return out;
}

}  // namespace

std::string_view to_string(PayloadFormat format) {
  switch (format) {
    case PayloadFormat::text: return "text";
    case PayloadFormat::escaped: return "escaped";
    case PayloadFormat::hex: return "hex";
  }
  return "text";
}

std::string_view to_string(StepKind kind) {
  switch (kind) {
    case StepKind::connect: return "connect";
    case StepKind::send: return "send";
    case StepKind::expect: return "expect";
    case StepKind::sleep: return "sleep";
    case StepKind::close: return "close";
    case StepKind::receive: return "receive";
    case StepKind::shutdown: return "shutdown";
  }
  return "send";
}

std::string_view to_string(AddressFamily family) {
  switch (family) {
    case AddressFamily::any: return "any";
    case AddressFamily::ipv4: return "ipv4";
    case AddressFamily::ipv6: return "ipv6";
  }
  return "any";
}

std::string_view to_string(SocketState state) {
  switch (state) {
    case SocketState::idle: return "idle";
    case SocketState::connecting: return "connecting";
    case SocketState::open: return "open";
    case SocketState::closed: return "closed";
    case SocketState::failed: return "failed";
  }
  return "idle";
}

Result<std::string> decode_payload(std::string_view typed, PayloadFormat format) {
  auto error = [](std::string message, std::size_t at) {
    return make_error(ErrorCode::invalid_request, std::move(message), std::int64_t(at));
  };
  std::string out;
  if (format == PayloadFormat::text) return std::string(typed);
  if (format == PayloadFormat::hex) {
    int high = -1;
    for (std::size_t i = 0; i < typed.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(typed[i]);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ':' || c == '-') {
        if (high >= 0) return error("hex byte at position " + std::to_string(i - 1) + " has one digit; write it as two (0" + typed[i - 1] + ")", i - 1);
        continue;
      }
      if (!text::is_hex(c))
        return error("'" + std::string(1, char(c)) + "' at position " + std::to_string(i) + " is not a hex digit (0-9, a-f)", i);
      if (high < 0) {
        high = text::hex_value(c);
      } else {
        out += char(high * 16 + text::hex_value(c));
        high = -1;
      }
    }
    if (high >= 0) return error("the last hex byte has one digit; hex bytes take two digits", typed.size() - 1);
    return out;
  }
  for (std::size_t i = 0; i < typed.size(); ++i) {
    char c = typed[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i + 1 >= typed.size()) return error("a lone '\\' ends the payload at position " + std::to_string(i) + "; write \\\\ for a backslash", i);
    char e = typed[++i];
    switch (e) {
      case 'r': out += '\r'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '0': out += '\0'; break;
      case '\\': out += '\\'; break;
      case 'x': {
        bool two_digits = i + 2 < typed.size() && text::is_hex(static_cast<unsigned char>(typed[i + 1])) &&
                          text::is_hex(static_cast<unsigned char>(typed[i + 2]));
        if (!two_digits) return error("\\x at position " + std::to_string(i - 1) + " needs two hex digits (like \\x0d)", i - 1);
        out += char(text::hex_value(static_cast<unsigned char>(typed[i + 1])) * 16 +
                     text::hex_value(static_cast<unsigned char>(typed[i + 2])));
        i += 2;
        break;
      }
      default:
        return error("unknown escape '\\" + std::string(1, e) + "' at position " + std::to_string(i - 1) +
                         " (known: \\r \\n \\t \\0 \\\\ \\xNN)",
                     i - 1);
    }
  }
  return out;
}

std::string escape_payload(std::string_view bytes) {
  static const char* hex = "0123456789abcdef";
  // Sized once, then written in place: appending two or four characters at a time was a
  // measurable part of a WebSocket round trip (every step's label escapes its payload).
  std::size_t n = 0;
  for (char ch : bytes) {
    const unsigned char c = static_cast<unsigned char>(ch);
    n += c == '\r' || c == '\n' || c == '\t' || c == '\\' ? 2 : c >= 0x20 && c < 0x7F ? 1 : 4;
  }
  std::string out(n, '\0');
  char* p = out.data();
  for (char ch : bytes) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '\r' || c == '\n' || c == '\t' || c == '\\') {
      *p++ = '\\';
      *p++ = c == '\r' ? 'r' : c == '\n' ? 'n' : c == '\t' ? 't' : '\\';
    } else if (c >= 0x20 && c < 0x7F) {
      *p++ = ch;
    } else {
      *p++ = '\\';
      *p++ = 'x';
      *p++ = hex[c >> 4];
      *p++ = hex[c & 15];
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// SocketSession

Error SocketSession::validate(const std::vector<SocketStep>& script) {
  bool connected = false;
  bool closed = false;
  bool shut = false;
  for (std::size_t i = 0; i < script.size(); ++i) {
    const SocketStep& step = script[i];
    std::string where = "step " + std::to_string(i + 1) + " (" + std::string(to_string(step.kind)) + ")";
    if (closed) return make_error(ErrorCode::invalid_request, where + " comes after close; a session uses one connection", std::int64_t(i));
    if (step.kind == StepKind::connect) {
      if (connected) return make_error(ErrorCode::invalid_request, where + ": already connected", std::int64_t(i));
      connected = true;
      continue;
    }
    if (!connected) return make_error(ErrorCode::invalid_request, where + " needs a connection: connect first", std::int64_t(i));
    if ((step.kind == StepKind::expect || step.kind == StepKind::sleep || step.kind == StepKind::receive) &&
        !(step.seconds > 0 && step.seconds <= 3600))
      return make_error(ErrorCode::invalid_request, where + ": the time must be between 0 and 3600 seconds", std::int64_t(i));
    if (step.kind == StepKind::expect && step.bytes.empty())
      return make_error(ErrorCode::invalid_request, where + ": say what bytes to expect", std::int64_t(i));
    if (step.kind == StepKind::expect && step.regex) {
      Result<Regex> check = Regex::compile(step.bytes);
      if (!check) return make_error(ErrorCode::invalid_request, where + ": " + check.error().message, std::int64_t(i));
    }
    if (step.kind == StepKind::send && shut)
      return make_error(ErrorCode::invalid_request, where + " comes after shutdown: this side's sending half is closed", std::int64_t(i));
    if (step.kind == StepKind::shutdown) {
      if (shut) return make_error(ErrorCode::invalid_request, where + ": the sending half is already shut down", std::int64_t(i));
      shut = true;
    }
    if (step.kind == StepKind::close) closed = true;
  }
  return {};
}

namespace {

// What only makes sense for one protocol: half-close is TCP's; a datagram has a size limit.
Error check_for_protocol(Protocol protocol, const std::vector<SocketStep>& script, std::size_t first) {
  for (std::size_t i = first; i < script.size(); ++i) {
    const SocketStep& step = script[i];
    std::string where = "step " + std::to_string(i + 1) + " (" + std::string(to_string(step.kind)) + ")";
    if (protocol == Protocol::udp && step.kind == StepKind::shutdown)
      return make_error(ErrorCode::invalid_request, where + ": half-close is TCP's; UDP has no connection to shut down", std::int64_t(i));
    if (protocol == Protocol::udp && step.kind == StepKind::send && step.bytes.size() > kMaxUdpPayload)
      return make_error(ErrorCode::invalid_request,
                        where + ": " + std::to_string(step.bytes.size()) + (step.bytes.size() == 1 ? " byte" : " bytes") + " do not fit in one UDP datagram (at most " +
                            std::to_string(kMaxUdpPayload) + " bytes: 65,535 minus the IP and UDP headers); split it or use TCP",
                        std::int64_t(i));
  }
  return {};
}

}  // namespace

Result<SocketSession> SocketSession::create(const Endpoint& endpoint, std::vector<SocketStep> script) {
  if (endpoint.host.empty()) return make_error(ErrorCode::invalid_url, "the socket needs a host (a name or an address)", 0);
  if (endpoint.port == 0) return make_error(ErrorCode::invalid_url, "the socket needs a port between 1 and 65535", 0);
  if (endpoint.tls) return make_error(ErrorCode::invalid_request, "raw socket sessions do not do TLS yet; use an https:// request", 0);
  if (Error e = validate(script)) return e;
  if (Error e = check_for_protocol(endpoint.protocol, script, 0)) return e;
  SocketSession session;
  session.log_.endpoint = endpoint;
  session.log_.script = script;
  session.steps_ = std::move(script);
  session.log_.steps_queued = session.steps_.size();
  return session;
}

void SocketSession::note(TranscriptEntry::Kind kind, double now, std::string text, std::string bytes) {
  log_.transcript.push_back({kind, rel(now), std::move(bytes), std::move(text)});
}

std::string SocketSession::step_label(std::size_t index) const {
  const SocketStep& step = steps_[index];
  std::string label = "step " + std::to_string(index + 1) + " (" + std::string(to_string(step.kind));
  if (step.kind == StepKind::expect) label += " " + preview(step.bytes);
  return label + ")";
}

void SocketSession::fail(Error error, double now) {
  if (log_.state == SocketState::failed) return;
  log_.error = error;
  log_.state = SocketState::failed;
  if (step_running_ && !log_.steps.empty() && log_.steps.back().ended < 0) {
    log_.steps.back().ended = rel(now);
    log_.steps.back().error = error.message;
  }
  note(TranscriptEntry::Kind::error, now, std::string(to_string(error.code)) + ": " + error.message);
  want_close_ = opened_;
  connected_ = false;
}

void SocketSession::start(double now) {
  started_ = now;
  if (log_.endpoint.hold_before_connect && steps_.empty()) {
    // "Create": socket() now, connect() when the connect step comes (SocketCall::pump).
    log_.held = true;
    want_open_ = true;
    note(TranscriptEntry::Kind::step, now,
         "create a " + std::string(log_.endpoint.protocol == Protocol::udp ? "UDP" : "TCP") + " socket for " +
             log_.endpoint.host + ":" + std::to_string(log_.endpoint.port));
  }
  run_steps(now);
}

Error SocketSession::queue(SocketStep step, double now) {
  if (log_.finished())
    return make_error(ErrorCode::invalid_request, "this session has ended; start a new one to connect again");
  std::vector<SocketStep> all = steps_;
  all.push_back(step);
  if (Error e = validate(all)) return e;
  if (Error e = check_for_protocol(log_.endpoint.protocol, all, all.size() - 1)) return e;
  log_.script.push_back(step);
  steps_.push_back(std::move(step));
  log_.steps_queued = steps_.size();
  run_steps(now);
  return {};
}

void SocketSession::end_step(std::size_t index, double now) {
  if (!log_.steps.empty() && log_.steps.back().ended < 0) {
    log_.steps.back().ended = rel(now);
    log_.steps.back().ok = true;
  }
  step_running_ = false;
  log_.steps_done = index + 1;
}

void SocketSession::run_steps(double now) {
  const std::string where = log_.endpoint.host + ":" + std::to_string(log_.endpoint.port);
  while (log_.steps_done < steps_.size() && log_.state != SocketState::failed) {
    const std::size_t index = log_.steps_done;
    const SocketStep& step = steps_[index];
    if (!step_running_) {
      step_running_ = true;
      step_started_ = now;
      received_at_step_start_ = log_.bytes_received;
      std::string text;
      switch (step.kind) {
        case StepKind::connect:
          text = log_.held ? "connect the socket to " + where
                           : "create a " + std::string(log_.endpoint.protocol == Protocol::udp ? "UDP" : "TCP") + " socket and connect to " + where;
          if (log_.endpoint.family != AddressFamily::any)
            text += log_.endpoint.family == AddressFamily::ipv4 ? " (IPv4 only)" : " (IPv6 only)";
          break;
        case StepKind::send: text = "send " + std::to_string(step.bytes.size()) + (step.bytes.size() == 1 ? " byte" : " bytes"); break;
        case StepKind::expect:
          text = std::string(step.regex ? "expect a match for /" + printable_pattern(step.bytes) + "/" : "expect " + preview(step.bytes)) +
                 " within " + seconds_text(step.seconds);
          break;
        case StepKind::receive: text = "receive (wait up to " + seconds_text(step.seconds) + " for bytes)"; break;
        case StepKind::sleep: text = "sleep " + seconds_text(step.seconds); break;
        case StepKind::close: text = "close"; break;
        case StepKind::shutdown: text = "shutdown write (half-close: send FIN, keep receiving)"; break;
      }
      text = std::to_string(index + 1) + ". " + text;
      log_.steps.push_back(StepRecord{step.kind, text, rel(now), -1, false, {}});
      note(TranscriptEntry::Kind::step, now, std::move(text));
    }
    switch (step.kind) {
      case StepKind::connect:
        if (log_.held) {  // created by the Create button: connect() now
          log_.held = false;
          want_proceed_ = true;
          log_.state = SocketState::connecting;
        }
        if (!want_open_) {
          want_open_ = true;
          log_.state = SocketState::connecting;
        }
        if (!connected_) return;
        break;
      case StepKind::send:
        if (!connected_) {
          fail(make_error(ErrorCode::io_error, step_label(index) + ": the connection is closed, nothing can be sent"), now);
          return;
        }
        outgoing_.push_back(step.bytes);
        log_.bytes_sent += step.bytes.size();
        note(TranscriptEntry::Kind::sent, now, "", step.bytes);
        break;
      case StepKind::expect: {
        if (step.regex) {
          // Compiled at each look (microseconds for an expect's pattern; validate_steps refused
          // a bad one already). Any amount of received bytes: PCRE2 bounds its backtracking
          // (shared/regex.h), and past the bounds the step fails saying so (std::regex, before,
          // overflowed the stack).
          Result<Regex> compiled = Regex::compile(step.bytes);
          if (!compiled) {
            fail(make_error(ErrorCode::invalid_request, step_label(index) + ": " + compiled.error().message), now);
            return;
          }
          Result<std::optional<RegexMatch>> match = compiled->search(unmatched_);
          if (!match) {
            fail(make_error(ErrorCode::invalid_request, step_label(index) + ": " + match.error().message), now);
            return;
          }
          if (match->has_value()) {
            const RegexMatch& m = **match;
            note(TranscriptEntry::Kind::event, now, "matched " + preview(unmatched_.substr(m.begin(), m.end() - m.begin())));
            unmatched_.erase(0, m.end());
            break;
          }
        } else {
          std::size_t at = unmatched_.find(step.bytes);
          if (at != std::string::npos) {
            unmatched_.erase(0, at + step.bytes.size());
            break;
          }
        }
        if (peer_closed_) {
          fail(make_error(ErrorCode::closed_early, step_label(index) + ": the peer closed the connection first; unmatched bytes: " +
                                                       preview(unmatched_)),
               now);
          return;
        }
        if (now - step_started_ >= step.seconds) {
          fail(make_error(ErrorCode::idle_timeout, step_label(index) + ": nothing matching arrived within " + seconds_text(step.seconds) +
                                                       "; unmatched bytes: " + preview(unmatched_)),
               now);
          return;
        }
        return;
      }
      case StepKind::receive:
        // Like recv(): bytes that arrived before the step count too; it takes them all.
        if (!unmatched_.empty()) {
          note(TranscriptEntry::Kind::event, now, "received " + std::to_string(unmatched_.size()) + (unmatched_.size() == 1 ? " byte" : " bytes"));
          unmatched_.clear();
          break;
        }
        if (peer_closed_) {
          fail(make_error(ErrorCode::closed_early, step_label(index) + ": the peer closed the connection; nothing more will arrive (recv returned 0)"),
               now);
          return;
        }
        if (now - step_started_ >= step.seconds) {
          fail(make_error(ErrorCode::idle_timeout, step_label(index) + ": nothing arrived within " + seconds_text(step.seconds)), now);
          return;
        }
        return;
      case StepKind::sleep:
        if (now - step_started_ < step.seconds) return;
        break;
      case StepKind::shutdown:
        if (!connected_) {
          fail(make_error(ErrorCode::io_error, step_label(index) + ": the connection is closed, there is nothing to shut down"), now);
          return;
        }
        if (!log_.write_shut) {
          want_shutdown_ = true;  // the driver calls Connection::shutdown_write, then mark_shutdown
          return;
        }
        break;
      case StepKind::close:
        want_close_ = opened_;
        connected_ = false;
        log_.state = SocketState::closed;
        break;
    }
    end_step(index, now);
  }
}

void SocketSession::mark_shutdown(bool supported, double now) {
  want_shutdown_ = false;
  if (!supported) {
    fail(make_error(ErrorCode::invalid_request,
                    step_label(log_.steps_done) + ": this build cannot half-close a connection (the transport has no shutdown)"),
         now);
    return;
  }
  log_.write_shut = true;
  note(TranscriptEntry::Kind::event, now, "sent FIN: the peer reads EOF; this side still receives");
  if (log_.peer_finished) {
    note(TranscriptEntry::Kind::event, now, "both sides have sent FIN: the connection is closed");
    connected_ = false;
    log_.state = SocketState::closed;
    want_close_ = opened_;
  }
  run_steps(now);
}

std::string SocketSession::take_outgoing() {
  std::string out;
  for (const std::string& message : take_messages()) out += message;
  return out;
}

std::vector<std::string> SocketSession::take_messages() {
  std::vector<std::string> out;
  out.swap(outgoing_);
  return out;
}

double SocketSession::next_deadline() const {
  if (!step_running_ || log_.finished() || log_.steps_done >= steps_.size()) return -1;
  const SocketStep& step = steps_[log_.steps_done];
  if (step.kind == StepKind::expect || step.kind == StepKind::sleep) return step_started_ + step.seconds;
  return -1;
}

void SocketSession::on_resolved(const std::string& address, double now) {
  log_.remote_address = address;
  note(TranscriptEntry::Kind::event, now, "resolved to " + address);
}

void SocketSession::on_socket_created(const std::string& call, double now) {
  if (log_.finished()) return;
  note(TranscriptEntry::Kind::event, now,
       "created the socket: " + call + (log_.held ? " (not connected yet: press Connect, or add steps)" : ""));
}

void SocketSession::on_connected(double now) {
  if (log_.finished()) return;
  connected_ = true;
  log_.state = SocketState::open;
  log_.connect_seconds = rel(now);
  note(TranscriptEntry::Kind::event, now,
       log_.endpoint.protocol == Protocol::udp ? "UDP socket connected to " + log_.remote_address + " (datagrams go there)"
                                               : "connected to " + log_.remote_address);
  run_steps(now);
}

void SocketSession::on_data(std::string_view bytes, double now) {
  if (log_.finished()) return;
  log_.bytes_received += bytes.size();
  ++log_.datagrams_received;
  note(TranscriptEntry::Kind::received, now, "", std::string(bytes));
  unmatched_.append(bytes);
  if (unmatched_.size() > kMaxUnmatched) unmatched_.erase(0, unmatched_.size() - kMaxUnmatched);
  run_steps(now);
}

void SocketSession::on_closed(double now) {
  if (log_.finished()) return;
  peer_closed_ = true;
  log_.peer_finished = true;
  if (log_.endpoint.protocol == Protocol::tcp && !log_.write_shut) {
    // A FIN closes only the peer's sending half: this side may still send (and the peer may
    // still read), until a close step. A transport that cannot write any more says so on send.
    note(TranscriptEntry::Kind::event, now, "the peer finished sending (FIN); this side can still send until it closes");
    run_steps(now);  // a pending expect or receive fails now, not at its timeout
    return;
  }
  connected_ = false;
  note(TranscriptEntry::Kind::event, now, "the peer closed the connection (FIN)");
  run_steps(now);
  if (!log_.finished()) log_.state = SocketState::closed;
  want_close_ = opened_;
}

void SocketSession::on_error(const Error& error, double now) {
  std::string where = log_.steps_done < steps_.size() ? step_label(log_.steps_done) + ": " : "";
  fail(make_error(error.code, where + error.message, error.offset), now);
}

void SocketSession::on_tick(double now) { run_steps(now); }

void SocketSession::cancel(double now) {
  if (log_.finished()) return;
  fail(make_error(ErrorCode::cancelled, "cancelled by the user"), now);
}

// ---------------------------------------------------------------------------------------------
// SocketCall

SocketCall::SocketCall(Transport& transport, SocketSession session) : transport_(transport), session_(std::move(session)) {}

SocketCall::~SocketCall() {
  if (connection_) connection_->close();
}

void SocketCall::start() {
  session_.start(transport_.now());
  pump();
}

Error SocketCall::queue(SocketStep step) {
  Error error = session_.queue(std::move(step), transport_.now());
  pump();
  return error;
}

void SocketCall::cancel() {
  session_.cancel(transport_.now());
  pump();
}

void SocketCall::pump() {
  if (session_.wants_open() && !connection_) {
    session_.mark_opened();
    // open() may deliver events before it returns; they pump again once connection_ is set.
    std::unique_ptr<Connection> connection = transport_.open(session_.log().endpoint, *this);
    connection_ = std::move(connection);
  }
  if (!connection_) return;
  if (session_.wants_proceed()) {
    connection_->proceed();
    session_.mark_proceeded();
  }
  for (const std::string& message : session_.take_messages()) connection_->send(message);
  if (session_.wants_shutdown()) session_.mark_shutdown(connection_->shutdown_write(), transport_.now());
  if (session_.wants_close()) {
    connection_->close();
    session_.mark_closed();
  }
}

void SocketCall::on_resolved(const std::string& address, double now) {
  session_.on_resolved(address, now);
  pump();
}
void SocketCall::on_socket_created(const std::string& call, double now) { session_.on_socket_created(call, now); }
void SocketCall::on_connected(double now) {
  session_.on_connected(now);
  pump();
}
void SocketCall::on_data(std::string_view bytes, double now) {
  session_.on_data(bytes, now);
  pump();
}
void SocketCall::on_closed(double now) {
  session_.on_closed(now);
  pump();
}
void SocketCall::on_error(const Error& error, double now) {
  session_.on_error(error, now);
  pump();
}
double SocketCall::next_deadline() const { return session_.next_deadline(); }
void SocketCall::on_tick(double now) {
  session_.on_tick(now);
  pump();
}

}  // namespace wirepad
