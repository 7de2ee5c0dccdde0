// native: cli_socket.h.
#include "native/cli_socket.h"

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>

#include "native/posix_transport.h"
#include "native/udp_tools.h"

namespace wirepad::native {
namespace {

int usage(const std::string& what) {
  std::cerr << "wirepad: " << what << "\n(run 'wirepad --help' for usage)\n";
  return 2;
}

void print_transcript(const SocketLog& log) {
  for (const TranscriptEntry& e : log.transcript) {
    char at[32];
    std::snprintf(at, sizeof at, "%9.3f ms  ", e.at * 1000);
    using K = TranscriptEntry::Kind;
    switch (e.kind) {
      case K::sent: std::cout << at << "> " << escape_payload(e.bytes) << "  (" << e.bytes.size() << " B)\n"; break;
      case K::received: std::cout << at << "< " << escape_payload(e.bytes) << "  (" << e.bytes.size() << " B)\n"; break;
      case K::step: std::cout << at << "# " << e.text << "\n"; break;
      case K::event: std::cout << at << "* " << e.text << "\n"; break;
      case K::error: std::cout << at << "! " << e.text << "\n"; break;
    }
  }
}

}  // namespace

Result<SocketLog> converse_socket(const SocketScript& script, const ExchangeOptions& options) {
  Result<SocketSession> session = SocketSession::create(endpoint_of(script, options), script.steps);
  if (!session) return session.error();
  auto lock = std::make_shared<std::mutex>();
  auto cv = std::make_shared<std::condition_variable>();
  PosixTransport transport(lock, [cv] { cv->notify_all(); });
  std::unique_lock<std::mutex> guard(*lock);
  auto owned = std::make_unique<SocketCall>(transport, std::move(session.value()));
  SocketCall& call = *owned;
  call.start();
  // The steps carry their own timeouts; the total timeout is the backstop.
  const double total = options.total_timeout > 0 ? options.total_timeout : 300;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(total);
  while (!call.finished() && !(call.log().idle_between_steps() && call.log().steps_done == script.steps.size() &&
                               call.log().state != SocketState::connecting)) {
    if (std::chrono::steady_clock::now() >= deadline) {
      call.cancel();
      break;
    }
    cv->wait_for(guard, std::chrono::milliseconds(50));
  }
  SocketLog log = call.log();
  // Closing (or having closed) the connection, let its thread flush the queued bytes before
  // this process exits: "send, then close" must send.
  owned.reset();
  guard.unlock();
  transport.wait_until_idle(3);
  return log;
}

int run_socket_script(const SocketScript& script, const ExchangeOptions& options, bool json, const std::string& wait_hint) {
  Result<SocketLog> conversed = converse_socket(script, options);
  if (!conversed) {
    std::cerr << "wirepad: " << conversed.error().message << "\n";
    return 2;
  }
  const SocketLog& log = conversed.value();
  if (json) std::cout << socket_log_to_json(log) << "\n";
  else print_transcript(log);
  if (log.error) {
    std::cerr << "wirepad: " << to_string(log.error.code) << ": " << log.error.message
              << (log.error.code == ErrorCode::idle_timeout ? wait_hint : std::string()) << "\n";
    return 1;
  }
  return 0;
}

namespace {

// A flag's number, checked: `error` names the flag and what it takes.
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

// Options that apply to the whole command, wherever they are on the line: given twice with
// different values is an error that names both (a second one used to be ignored, or to apply
// only to the steps after it).
template <class T>
bool set_once(std::optional<T>& slot, const T& value, const std::string& flag, const std::string& shown,
              std::string& error) {
  if (slot && !(*slot == value)) {
    error = flag + " is given twice (" + shown + " after an earlier value); give it once";
    return false;
  }
  slot = value;
  return true;
}

}  // namespace

int run_socket_command(int argc, char** argv, int first) {
  SocketScript script;
  ExchangeOptions options;
  bool json = false;
  std::optional<double> timeout;         // --timeout: every step's wait, wherever it is given
  std::optional<PayloadFormat> format;   // --hex: every payload's format, wherever it is given
  std::vector<std::string> positional;
  // The steps in order, their payloads decoded once every option is known.
  struct RawStep {
    StepKind kind;
    std::string flag, value;
    bool regex = false;
    bool from_file = false;
    double seconds = 0;
  };
  std::vector<RawStep> raw;
  std::string error;
  for (int i = first; i < argc && error.empty(); ++i) {
    std::string a = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (a == "--udp") {
      script.protocol = Protocol::udp;
    } else if (a == "--ipv4" || a == "-4") {
      script.family = AddressFamily::ipv4;
    } else if (a == "--ipv6" || a == "-6") {
      script.family = AddressFamily::ipv6;
    } else if (a == "--broadcast") {
      script.broadcast = true;
    } else if (a == "--no-loopback") {
      script.multicast_loopback = false;
    } else if (a == "--shutdown") {
      raw.push_back({StepKind::shutdown, a, {}});
    } else if (a == "--receive") {
      raw.push_back({StepKind::receive, a, {}});
    } else if (a == "--ttl") {
      double ttl = 0;
      if (parse_number(value(), 0, 255, a, "a hop count from 0 to 255", ttl, error)) script.multicast_ttl = int(ttl);
    } else if (a == "--hex") {
      set_once(format, PayloadFormat::hex, a, a, error);
    } else if (a == "--json") {
      json = true;
    } else if (a == "--timeout") {
      double seconds = 0;
      const char* v = value();
      if (parse_number(v, 1e-9, 3600, a, "a number of seconds above 0 (at most 3600)", seconds, error))
        set_once(timeout, seconds, a, a + " " + v, error);
    } else if (a == "--sleep") {
      double seconds = 0;
      if (parse_number(value(), 1e-9, 3600, a, "a number of seconds above 0 (at most 3600)", seconds, error))
        raw.push_back({StepKind::sleep, a, {}, false, false, seconds});
    } else if (a == "--send" || a == "--expect" || a == "--expect-regex" || a == "--send-file") {
      const char* v = value();
      if (!v) {
        error = a + (a == "--send-file" ? " needs a file name" : a == "--expect-regex" ? " needs a regular expression" : " needs a value");
        break;
      }
      raw.push_back({a == "--expect" || a == "--expect-regex" ? StepKind::expect : StepKind::send, a, v,
                     a == "--expect-regex", a == "--send-file"});
    } else if (a.size() > 1 && a[0] == '-') {
      error = "unknown option '" + a + "' for socket";
    } else {
      positional.push_back(a);
    }
  }
  if (!error.empty()) return usage(error);
  if (positional.size() != 2) return usage("socket needs HOST and PORT (like: wirepad socket 127.0.0.1 9000 --send 'hi\\n' --expect hi)");
  script.host = positional[0];
  char* end = nullptr;
  long port = std::strtol(positional[1].c_str(), &end, 10);
  if (*end != '\0' || port < 1 || port > 65535) return usage("the port must be a number from 1 to 65535, not '" + positional[1] + "'");
  script.port = static_cast<std::uint16_t>(port);
  const double wait = timeout.value_or(5);
  std::vector<SocketStep> steps{SocketStep{StepKind::connect, {}, 0}};
  for (const RawStep& r : raw) {
    if (r.kind == StepKind::sleep) {
      steps.push_back(SocketStep{StepKind::sleep, {}, r.seconds});
    } else if (r.kind == StepKind::shutdown) {
      steps.push_back(SocketStep{StepKind::shutdown, {}, 0});
    } else if (r.kind == StepKind::receive) {
      steps.push_back(SocketStep{StepKind::receive, {}, wait});
    } else if (r.from_file) {
      std::ifstream in(r.value, std::ios::binary);
      if (!in) return usage("--send-file: cannot open '" + r.value + "'");
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      steps.push_back(SocketStep{StepKind::send, std::move(bytes), 0});
    } else if (r.regex) {
      steps.push_back(SocketStep{StepKind::expect, r.value, wait, true});
    } else {
      Result<std::string> bytes = decode_payload(r.value, format.value_or(PayloadFormat::escaped));
      if (!bytes) return usage(r.flag + " '" + r.value + "': " + bytes.error().message);
      steps.push_back(SocketStep{r.kind, bytes.value(), r.kind == StepKind::expect ? wait : 0});
    }
  }
  steps.push_back(SocketStep{StepKind::close, {}, 0});
  script.steps = std::move(steps);
  return run_socket_script(script, options, json, " --timeout SECONDS waits longer.");
}

int run_udp_send_command(int argc, char** argv, int first) {
  UdpSendOptions o;
  PayloadFormat format = PayloadFormat::escaped;
  std::vector<std::string> positional;
  std::string error;
  for (int i = first; i < argc && error.empty(); ++i) {
    std::string a = argv[i];
    if (a == "--broadcast") o.broadcast = true;
    else if (a == "--no-loopback") o.loopback = false;
    else if (a == "--hex") format = PayloadFormat::hex;
    else if (a == "--ttl") {
      double ttl = 0;
      if (parse_number(i + 1 < argc ? argv[++i] : nullptr, 0, 255, a, "a hop count from 0 to 255", ttl, error)) o.ttl = int(ttl);
    } else if (a == "--interface") {
      if (i + 1 >= argc) error = "--interface needs a network interface name (like eth0)";
      else o.interface_name = argv[++i];
    } else if (a.size() > 1 && a[0] == '-') {
      error = "unknown option '" + a + "' for udp-send";
    } else {
      positional.push_back(a);
    }
  }
  if (!error.empty()) return usage(error);
  if (positional.size() != 3) return usage("udp-send needs HOST PORT DATA (like: wirepad udp-send --broadcast 10.0.0.255 5000 hello)");
  o.host = positional[0];
  double port = 0;
  if (!parse_number(positional[1].c_str(), 1, 65535, "PORT", "a number from 1 to 65535", port, error) || port != int(port))
    return usage(error.empty() ? "PORT takes a number from 1 to 65535, not '" + positional[1] + "'" : error);
  o.port = int(port);
  Result<std::string> data = decode_payload(positional[2], format);
  if (!data) return usage("DATA: " + data.error().message);
  o.data = data.value();
  std::string why = udp_send(o);
  if (!why.empty()) {
    std::cerr << "wirepad: " << why << "\n";
    return 1;
  }
  const std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
  std::cout << "sent " << o.data.size() << " bytes to " << host << ":" << o.port << "\n";
  return 0;
}

int run_listen_command(int argc, char** argv, int first) {
  ListenOptions o;
  PayloadFormat format = PayloadFormat::escaped;
  std::string reply;
  std::vector<std::string> positional;
  std::string error;
  for (int i = first; i < argc && error.empty(); ++i) {
    std::string a = argv[i];
    if (a == "--udp") o.udp = true;
    else if (a == "--hex") format = PayloadFormat::hex;
    else if (a == "--bind" || a == "--group" || a == "--interface" || a == "--reply" || a == "--count" || a == "--timeout") {
      if (i + 1 >= argc) {
        error = a + " needs a value";
        break;
      }
      std::string v = argv[++i];
      double n = 0;
      if (a == "--bind") o.bind = v;
      else if (a == "--group") o.group = v;
      else if (a == "--interface") o.interface_name = v;
      else if (a == "--reply") reply = v;
      else if (a == "--count") {
        if (parse_number(v.c_str(), 1, 1e9, a, "a whole number of messages, 1 or more", n, error) && n != double(long(n)))
          error = "--count takes a whole number of messages, 1 or more, not '" + v + "'";
        o.count = int(n);
      } else if (parse_number(v.c_str(), 1e-9, 1e9, a, "a number of seconds above 0", n, error)) {
        o.timeout = n;
      }
    } else if (a.size() > 1 && a[0] == '-') {
      error = "unknown option '" + a + "' for listen";
    } else {
      positional.push_back(a);
    }
  }
  if (!error.empty()) return usage(error);
  if (positional.size() != 1) return usage("listen needs a PORT (0 = any free port)");
  double port = 0;
  if (!parse_number(positional[0].c_str(), 0, 65535, "PORT", "a number from 0 to 65535 (0 = any free port)", port, error) ||
      port != int(port))
    return usage(error.empty() ? "PORT takes a number from 0 to 65535, not '" + positional[0] + "'" : error);
  o.port = int(port);
  if (!o.group.empty()) o.udp = true;
  if (o.group.find(':') != std::string::npos && o.bind == "0.0.0.0") o.bind = "::";
  if (!reply.empty()) {
    Result<std::string> bytes = decode_payload(reply, format);
    if (!bytes) return usage("--reply: " + bytes.error().message);
    o.reply = bytes.value();
  }
  std::string why = listen_and_report(
      o,
      [&](int port) {
        std::cout << "listening on " << (o.udp ? "udp " : "tcp ") << o.bind << " port " << port
                  << (o.group.empty() ? "" : " in group " + o.group) << "\n";
        std::cout.flush();
      },
      [&](const Heard& h) {
        std::cout << "from " << h.from << ": " << escape_payload(h.bytes) << "  (" << h.bytes.size() << " B)\n";
        std::cout.flush();
      });
  if (!why.empty()) {
    std::cerr << "wirepad: " << why << "\n";
    return 1;
  }
  return 0;
}

}  // namespace wirepad::native
