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

int run_socket_script(const SocketScript& script, const ExchangeOptions& options, bool json) {
  Endpoint endpoint;
  endpoint.protocol = script.protocol;
  endpoint.host = script.host;
  endpoint.port = script.port;
  endpoint.connect_timeout = options.connect_timeout > 0 ? options.connect_timeout : 10;
  endpoint.family = script.family;
  endpoint.broadcast = script.broadcast;
  endpoint.multicast_ttl = script.multicast_ttl;
  endpoint.multicast_loopback = script.multicast_loopback;
  Result<SocketSession> session = SocketSession::create(endpoint, script.steps);
  if (!session) {
    std::cerr << "wirepad: " << session.error().message << "\n";
    return 2;
  }
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
  const SocketLog log = call.log();
  // Closing (or having closed) the connection, let its thread flush the queued bytes before
  // this process exits: "send, then close" must send.
  owned.reset();
  guard.unlock();
  transport.wait_until_idle(3);
  if (json) std::cout << socket_log_to_json(log) << "\n";
  else print_transcript(log);
  if (log.error) {
    std::cerr << "wirepad: " << to_string(log.error.code) << ": " << log.error.message << "\n";
    return 1;
  }
  return 0;
}

int run_socket_command(int argc, char** argv, int first) {
  SocketScript script;
  ExchangeOptions options;
  PayloadFormat format = PayloadFormat::escaped;
  bool json = false;
  double expect_seconds = 5;
  std::vector<std::string> positional;
  std::vector<SocketStep> steps{SocketStep{StepKind::connect, {}, 0}};
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char* flag) -> const char* {
      if (i + 1 >= argc) return nullptr;
      (void)flag;
      return argv[++i];
    };
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
      steps.push_back(SocketStep{StepKind::shutdown, {}, 0});
    } else if (a == "--receive") {
      steps.push_back(SocketStep{StepKind::receive, {}, expect_seconds});
    } else if (a == "--ttl") {
      const char* v = value(a.c_str());
      char* end = nullptr;
      long ttl = v ? std::strtol(v, &end, 10) : -1;
      if (!v || *end != '\0' || ttl < 0 || ttl > 255) return usage("--ttl takes a hop count from 0 to 255");
      script.multicast_ttl = int(ttl);
    } else if (a == "--expect-regex") {
      const char* v = value(a.c_str());
      if (!v) return usage(a + " needs a regular expression");
      steps.push_back(SocketStep{StepKind::expect, v, expect_seconds, true});
    } else if (a == "--send-file") {
      const char* v = value(a.c_str());
      if (!v) return usage(a + " needs a file name");
      std::ifstream in(v, std::ios::binary);
      if (!in) return usage(std::string("--send-file: cannot open '") + v + "'");
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      steps.push_back(SocketStep{StepKind::send, std::move(bytes), 0});
    } else if (a == "--hex") {
      format = PayloadFormat::hex;
    } else if (a == "--json") {
      json = true;
    } else if (a == "--timeout" || a == "--send" || a == "--expect" || a == "--sleep") {
      const char* v = value(a.c_str());
      if (!v) return usage(a + " needs a value");
      if (a == "--timeout" || a == "--sleep") {
        char* end = nullptr;
        double seconds = std::strtod(v, &end);
        if (*end != '\0' || !(seconds > 0)) return usage(a + " takes a number of seconds, not '" + v + "'");
        if (a == "--timeout") expect_seconds = seconds;
        else steps.push_back(SocketStep{StepKind::sleep, {}, seconds});
        continue;
      }
      Result<std::string> bytes = decode_payload(v, format);
      if (!bytes) return usage(a + " '" + v + "': " + bytes.error().message);
      steps.push_back(SocketStep{a == "--send" ? StepKind::send : StepKind::expect, bytes.value(), expect_seconds});
    } else if (a.size() > 1 && a[0] == '-') {
      return usage("unknown option '" + a + "' for socket");
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() != 2) return usage("socket needs HOST and PORT (like: wirepad socket 127.0.0.1 9000 --send 'hi\\n' --expect hi)");
  script.host = positional[0];
  char* end = nullptr;
  long port = std::strtol(positional[1].c_str(), &end, 10);
  if (*end != '\0' || port < 1 || port > 65535) return usage("the port must be a number from 1 to 65535, not '" + positional[1] + "'");
  script.port = static_cast<std::uint16_t>(port);
  steps.push_back(SocketStep{StepKind::close, {}, 0});
  script.steps = std::move(steps);
  return run_socket_script(script, options, json);
}

int run_udp_send_command(int argc, char** argv, int first) {
  UdpSendOptions o;
  PayloadFormat format = PayloadFormat::escaped;
  std::vector<std::string> positional;
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--broadcast") o.broadcast = true;
    else if (a == "--no-loopback") o.loopback = false;
    else if (a == "--hex") format = PayloadFormat::hex;
    else if ((a == "--ttl" || a == "--interface") && i + 1 < argc) {
      std::string v = argv[++i];
      if (a == "--ttl") o.ttl = std::atoi(v.c_str());
      else o.interface_name = v;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage("unknown option '" + a + "' for udp-send");
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() != 3) return usage("udp-send needs HOST PORT DATA (like: wirepad udp-send --broadcast 10.0.0.255 5000 hello)");
  o.host = positional[0];
  o.port = std::atoi(positional[1].c_str());
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
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--udp") o.udp = true;
    else if (a == "--hex") format = PayloadFormat::hex;
    else if ((a == "--bind" || a == "--group" || a == "--interface" || a == "--reply" || a == "--count" || a == "--timeout") &&
             i + 1 < argc) {
      std::string v = argv[++i];
      if (a == "--bind") o.bind = v;
      else if (a == "--group") o.group = v;
      else if (a == "--interface") o.interface_name = v;
      else if (a == "--reply") reply = v;
      else if (a == "--count") o.count = std::atoi(v.c_str());
      else o.timeout = std::strtod(v.c_str(), nullptr);
    } else if (a.size() > 1 && a[0] == '-') {
      return usage("unknown option '" + a + "' for listen");
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() != 1) return usage("listen needs a PORT (0 = any free port)");
  o.port = std::atoi(positional[0].c_str());
  if (o.count < 1 || !(o.timeout > 0)) return usage("--count and --timeout must be positive");
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
