// native: cli_ws.h.
#include "native/cli_ws.h"
#include "native/os_random.h"


#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "native/posix_transport.h"
#include "shared/crypto_hash.h"
#include "shared/ws_log_json.h"

namespace wirepad::native {
namespace {

int usage(const std::string& what) {
  std::cerr << "wirepad: " << what << "\n(run 'wirepad ws --help' for usage)\n";
  return 2;
}

std::string at_text(double seconds) {
  char at[32];
  std::snprintf(at, sizeof at, "%9.3f ms  ", seconds * 1000);
  return at;
}

std::string hex_bytes(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i) out += ' ';
    out += digits[std::uint8_t(bytes[i]) >> 4];
    out += digits[std::uint8_t(bytes[i]) & 15];
  }
  return out;
}

std::string payload_text(std::string_view bytes, bool hex) {
  return hex ? "[" + hex_bytes(bytes) + "]" : "\"" + escape_payload(bytes) + "\"";
}

// "> text opcode=0x1 fin=1 rsv=000 mask=37fa213d len=5 "Hello""
std::string frame_line(const WsFrameRecord& r, const WsPrintOptions& print) {
  const WsFrame& f = r.frame;
  char opcode[8];
  std::snprintf(opcode, sizeof opcode, "0x%x", unsigned(f.opcode_bits));
  std::string line = at_text(r.at) + (r.direction == WsDirection::sent ? "> " : "< ") +
                     std::string(to_string(f.opcode())) + " opcode=" + opcode + " fin=" + (f.fin ? "1" : "0") +
                     " rsv=" + (f.rsv1 ? "1" : "0") + (f.rsv2 ? "1" : "0") + (f.rsv3 ? "1" : "0") + " mask=" +
                     (f.masked ? to_hex(std::string_view(reinterpret_cast<const char*>(f.mask_key.data()), 4)) : "none");
  line += " len=" + std::to_string(f.payload_length) + " " + payload_text(f.payload, print.hex);
  if (f.payload.size() < f.payload_length)
    line += "  (first " + std::to_string(f.payload.size()) + " of " + std::to_string(f.payload_length) + " B shown)";
  if (f.rsv1) line += "  (compressed)";
  line += "\n";
  if (print.verbose) {
    // The frame as on the wire (header and still-masked payload), 32 bytes a row.
    for (std::size_t i = 0; i < f.raw.size(); i += 32)
      line += std::string(13, ' ') + "| " + hex_bytes(std::string_view(f.raw).substr(i, 32)) + "\n";
    if (f.raw_truncated) line += std::string(13, ' ') + "| ... (the rest not kept)\n";
  }
  return line;
}

std::string message_line(const WsMessageRecord& m, const WsPrintOptions& print) {
  std::string line = at_text(m.at) + (m.direction == WsDirection::sent ? ">> " : "<< ") + std::string(to_string(m.opcode)) +
                     " message, " + std::to_string(m.size()) + " B";
  if (m.compressed) line += " (" + std::to_string(m.wire_bytes) + " B compressed)";
  line += " in " + std::to_string(m.frames) + (m.frames == 1 ? " frame" : " frames");
  if (!m.kept()) return line + ", its bytes not kept (over --max-logged-bytes)\n";
  line += ": " + payload_text(m.data, print.hex || m.opcode == WsOpcode::binary ? print.hex : false) + "\n";
  return line;
}

// The handshake's lines, each escaped (byte-exact: the CR LF that ends it is implied).
std::string head_lines(const std::string& bytes, const char* mark) {
  std::string out;
  std::size_t at = 0;
  while (at < bytes.size()) {
    std::size_t end = bytes.find("\r\n", at);
    std::string_view line = std::string_view(bytes).substr(at, end == std::string::npos ? std::string::npos : end - at);
    out += std::string(13, ' ') + mark + escape_payload(line) + (end == std::string::npos ? "  (no CR LF)" : "") + "\n";
    if (end == std::string::npos) break;
    at = end + 2;
  }
  return out;
}

}  // namespace

std::string format_ws_log(const WsLog& log, const WsPrintOptions& print) {
  std::string out;
  for (const WsTimelineItem& item : log.timeline) {
    using K = WsTimelineItem::Kind;
    switch (item.kind) {
      case K::event: {
        const TranscriptEntry& e = log.events[item.index];
        const char* mark = e.kind == TranscriptEntry::Kind::step ? "# " : e.kind == TranscriptEntry::Kind::error ? "! " : "* ";
        out += at_text(e.at) + mark + e.text + "\n";
        break;
      }
      case K::frame: out += frame_line(log.frames[item.index], print); break;
      case K::message: out += message_line(log.messages[item.index], print); break;
      case K::handshake_request:
        if (print.verbose) out += head_lines(log.handshake_request, "> ");
        break;
      case K::handshake_response:
        if (print.verbose) out += head_lines(log.handshake_response, "< ");
        break;
    }
  }
  if (log.frames_not_kept) out += std::to_string(log.frames_not_kept) + " more frames were not kept\n";
  if (log.messages_not_kept)
    out += std::to_string(log.messages_not_kept) + " messages' bytes were not kept (" + std::to_string(log.message_bytes_not_kept) +
           " B over --max-logged-bytes; their times and sizes are above)\n";
  return out;
}

Result<WsLog> converse_ws(WsSessionOptions options, std::vector<WsStep> steps, double total_timeout, bool* timed_out) {
  Result<WsSession> session = WsSession::create(std::move(options), std::move(steps), os_random);
  if (!session) return session.error();
  // Inline: this thread does the I/O, as BlockingHttpClient does for HTTP. A connection thread
  // that ran the steps and woke this one after every event cost two thread switches per
  // message (0.53x a Beast client against 0.7x and more inline: docs/benchmarks.md).
  auto lock = std::make_shared<std::mutex>();
  PosixTransport transport(lock, {}, PosixTransport::Mode::inline_poll);
  std::unique_lock<std::mutex> guard(*lock);
  auto owned = std::make_unique<WsCall>(transport, std::move(session.value()));
  WsCall& call = *owned;
  call.start();
  guard.unlock();
  // The steps carry their own timeouts; the total is the backstop (and --max-time).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(total_timeout);
  if (timed_out) *timed_out = false;
  auto over = [&] {  // under the lock
    if (call.finished() || call.idle()) return true;
    if (std::chrono::steady_clock::now() < deadline) return false;
    if (timed_out) *timed_out = true;
    call.cancel();
    return true;
  };
  auto check = [&] {
    std::lock_guard<std::mutex> hold(*lock);
    return over();
  };
  transport.set_inline_wait_hook([&] { check(); });
  transport.run_until(check);
  transport.set_inline_wait_hook({});
  guard.lock();
  // Nothing left to drive yet not over (no connection at all): wait for the backstop.
  while (!over()) {
    guard.unlock();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    guard.lock();
  }
  WsLog log = call.take_log();  // moved: a long conversation's messages are held once
  owned.reset();  // closes the connection if the session has not
  guard.unlock();
  // What the session queued last still leaves before the FIN (a close frame, or the answer to
  // the server's close), at most 2 s: a process that exits at once would cut it short.
  transport.check_idle_connections();
  return log;
}

int run_ws_session(WsSessionOptions options, std::vector<WsStep> steps, const WsPrintOptions& print, double total_timeout,
                   const std::string& timeout_hint) {
  bool timed_out = false;
  Result<WsLog> conversed = converse_ws(std::move(options), std::move(steps), total_timeout, &timed_out);
  if (!conversed) {
    std::cerr << "wirepad: " << conversed.error().message << "\n";
    return 2;
  }
  const WsLog& log = conversed.value();
  if (print.json) {
    std::cout << ws_log_to_json(log) << "\n";
  } else {
    std::cout << format_ws_log(log, print);
    std::cout << "sent " << log.bytes_sent << " B, received " << log.bytes_received << " B, " << log.frames.size()
              << " frames, " << log.messages.size() << " messages\n";
  }
  if (log.error) {
    std::string where = log.failed_step ? "step " + std::to_string(log.failed_step) + ": " : std::string();
    std::cerr << "wirepad: " << where << to_string(log.error.code) << ": " << log.error.message
              << (timed_out ? " (--max-time " + std::to_string(int(total_timeout)) + " s passed)" : std::string())
              << (log.error.code == ErrorCode::idle_timeout ? timeout_hint : std::string()) << "\n";
    return 1;
  }
  return 0;
}

namespace {

bool parse_number(const char* text, double min, double max, const std::string& flag, const char* what, double& out,
                  std::string& error) {
  char* end = nullptr;
  double v = text ? std::strtod(text, &end) : 0;
  if (!text || *text == '\0' || *end != '\0' || !(v >= min && v <= max)) {
    error = flag + " takes " + what + ", not '" + (text ? text : "") + "'";
    return false;
  }
  out = v;
  return true;
}

}  // namespace

int run_ws_command(int argc, char** argv, int first) {
  WsSessionOptions options;
  WsPrintOptions print;
  double wait = 5, total = 300;
  bool have_close = false;
  std::vector<std::string> positional;
  struct RawStep {
    WsStepKind kind;
    std::string flag, value;
    bool regex = false, from_file = false;
    double seconds = 0;
    std::uint16_t code = 1000;
  };
  std::vector<RawStep> raw;
  std::string error;
  for (int i = first; i < argc && error.empty(); ++i) {
    std::string a = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    auto need = [&](const char* what) -> const char* {
      const char* v = value();
      if (!v) error = a + " needs " + what;
      return v;
    };
    double n = 0;
    if (have_close && a.size() > 2 && a[0] == '-' &&
        (a == "--send" || a == "--send-binary" || a == "--send-file" || a == "--ping" || a == "--expect" ||
         a == "--expect-regex" || a == "--sleep" || a == "--close")) {
      error = a + " comes after --close; the close is the conversation's last step";
    } else if (a == "-v" || a == "--verbose") {
      print.verbose = true;
    } else if (a == "--hex") {
      print.hex = true;
    } else if (a == "--json") {
      print.json = true;
    } else if (a == "-4" || a == "--ipv4") {
      options.family = AddressFamily::ipv4;
    } else if (a == "-6" || a == "--ipv6") {
      options.family = AddressFamily::ipv6;
    } else if (a == "-k" || a == "--insecure") {
      options.verify_tls = false;
    } else if (a == "--cacert") {
      if (const char* v = need("a PEM file of CA certificates")) options.ca_file = v;
    } else if (a == "-H" || a == "--header") {
      const char* v = need("'Name: value'");
      if (!v) break;
      std::string h = v;
      std::size_t colon = h.find(':');
      if (colon == std::string::npos || colon == 0) {
        error = "-H '" + h + "': a header is 'Name: value'";
        break;
      }
      std::size_t start = h.find_first_not_of(" \t", colon + 1);
      options.handshake.headers.push_back({h.substr(0, colon), start == std::string::npos ? "" : h.substr(start)});
    } else if (a == "--subprotocol") {
      if (const char* v = need("a subprotocol name")) options.handshake.subprotocols.push_back(v);
    } else if (a == "--compress") {
      options.handshake.compress = true;
    } else if (a == "--no-context-takeover") {
      options.handshake.compress = true;
      options.handshake.deflate.client_no_context_takeover = true;
      options.handshake.deflate.server_no_context_takeover = true;
    } else if (a == "--client-max-window-bits" || a == "--server-max-window-bits") {
      const bool client = a == "--client-max-window-bits";
      if (parse_number(value(), client ? 9 : 8, 15, a, client ? "a number from 9 to 15" : "a number from 8 to 15", n, error)) {
        if (n != int(n)) error = a + " takes a whole number";
        options.handshake.compress = true;
        (client ? options.handshake.deflate.client_max_window_bits : options.handshake.deflate.server_max_window_bits) = int(n);
      }
    } else if (a == "--fragment") {
      if (parse_number(value(), 1, 1e12, a, "a frame size in bytes, 1 or more", n, error)) options.fragment = std::size_t(n);
    } else if (a == "--max-logged-bytes") {
      if (parse_number(value(), 0, 1e15, a, "a number of bytes (0: keep no message's bytes)", n, error))
        options.max_logged_message_bytes = std::size_t(n);
    } else if (a == "--max-message") {
      if (parse_number(value(), 1, 1e12, a, "a size in bytes, 1 or more", n, error)) options.max_message = std::size_t(n);
    } else if (a == "--timeout") {
      parse_number(value(), 1e-9, 3600, a, "a number of seconds above 0 (at most 3600)", wait, error);
    } else if (a == "--connect-timeout") {
      if (parse_number(value(), 1e-9, 3600, a, "a number of seconds above 0 (at most 3600)", n, error)) {
        options.connect_timeout = n;
        options.handshake_timeout = n;
      }
    } else if (a == "-m" || a == "--max-time") {
      parse_number(value(), 1e-9, 86400, a, "a number of seconds above 0", total, error);
    } else if (a == "--sleep") {
      if (parse_number(value(), 0, 3600, a, "a number of seconds (at most 3600)", n, error))
        raw.push_back({WsStepKind::sleep, a, {}, false, false, n});
    } else if (a == "--close") {
      // CODE or CODE:REASON; 0 sends a close frame without a code.
      const char* v = need("a close code, like 1000 or 4000:done (0: no code)");
      if (!v) break;
      std::string s = v;
      std::size_t colon = s.find(':');
      std::string code_text = s.substr(0, colon);
      if (parse_number(code_text.c_str(), 0, 65535, a, "a close code from 0 to 65535, then :REASON if any", n, error)) {
        if (n != int(n)) error = a + " takes a whole close code, not '" + code_text + "'";
        raw.push_back({WsStepKind::close, a, colon == std::string::npos ? "" : s.substr(colon + 1), false, false, 0,
                       std::uint16_t(n)});
        have_close = true;
      }
    } else if (a == "--send" || a == "--send-binary" || a == "--send-file" || a == "--ping" || a == "--expect" ||
               a == "--expect-regex") {
      const char* v = need(a == "--send-file" ? "a file name" : a == "--expect-regex" ? "a regular expression" : "a value ('' for none)");
      if (!v) break;
      WsStepKind kind = a == "--send" ? WsStepKind::send_text
                        : a == "--ping" ? WsStepKind::ping
                        : a == "--expect" || a == "--expect-regex" ? WsStepKind::expect
                                                                   : WsStepKind::send_binary;
      raw.push_back({kind, a, v, a == "--expect-regex", a == "--send-file"});
    } else if (a.size() > 1 && a[0] == '-') {
      error = "unknown option '" + a + "' for ws";
    } else {
      positional.push_back(a);
    }
  }
  if (!error.empty()) return usage(error);
  if (positional.size() != 1)
    return usage("ws needs one URL (like: wirepad ws ws://127.0.0.1:8765/ --send hello --expect hello)");
  options.url = positional[0];
  std::vector<WsStep> steps;
  for (const RawStep& r : raw) {
    WsStep s;
    s.kind = r.kind;
    if (r.kind == WsStepKind::sleep) {
      s.seconds = r.seconds;
    } else if (r.kind == WsStepKind::close) {
      s.code = r.code;
      s.data = r.value;
      s.seconds = wait;
    } else if (r.from_file) {
      std::ifstream in(r.value, std::ios::binary);
      if (!in) return usage("--send-file: cannot open '" + r.value + "'");
      s.data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    } else if (r.regex) {
      s.data = r.value;
      s.regex = true;
      s.seconds = wait;
    } else {
      // Escapes (\r \n \xNN) as `wirepad socket` reads them; hex with --hex.
      Result<std::string> bytes = decode_payload(r.value, print.hex ? PayloadFormat::hex : PayloadFormat::escaped);
      if (!bytes) return usage(r.flag + " '" + r.value + "': " + bytes.error().message);
      s.data = bytes.value();
      s.seconds = wait;
    }
    steps.push_back(std::move(s));
  }
  if (!have_close) {
    WsStep close;
    close.kind = WsStepKind::close;
    close.data = "";
    close.code = 1000;
    close.seconds = wait;
    steps.push_back(close);
  }
  return run_ws_session(std::move(options), std::move(steps), print, total);
}

}  // namespace wirepad::native
