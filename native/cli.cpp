// native: command-line dispatch. Each subcommand reads its own flags; a usage error names
// the argument and exits 2.
#include "native/cli.h"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <type_traits>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "native/blocking_client.h"
#include "native/cli_args.h"
#include "native/cli_convert.h"
#include "native/cli_http.h"
#include "native/cli_layers.h"
#include "native/cli_proxy.h"
#include "native/cli_send.h"
#include "native/cli_socket.h"
#include "native/cli_ws.h"
#include "native/cli_collection.h"
#include "native/cli_test_run.h"
#include "native/desktop_args.h"
#include "native/lab_servers.h"
#include "native/relay_pairing.h"
#include "native/serve.h"
#include "native/serve_runtime.h"
#include "shared/curl_import.h"

#ifndef WIREPAD_VERSION
#define WIREPAD_VERSION "0.1.0"
#endif
#ifndef WIREPAD_DEFAULT_WEB_ROOT
#define WIREPAD_DEFAULT_WEB_ROOT ""
#endif

namespace wirepad::native {
namespace {

const char* kUsage = R"(wirepad: a network playground

usage:
  wirepad [desktop] [FILE | LINK] [--workspace DIR] [--open LINK] [--no-lab] [--hello-port N]
                                               open the desktop app (serves the browser build
                                               instead when there is no display); the workspace
                                               is DIR, else the current folder if it holds
                                               .wirepad-workspace, else ~/wirepad; a share link
                                               opens in a tab and is never sent by itself;
                 [--renderer auto|gl|software] OpenGL 3, or SDL's software renderer where GL
                                               would run on the CPU anyway (auto: Xvfb, VNC)
  wirepad send [curl's options] URL...          send HTTP requests with curl's flags and curl's
                                               bytes, print them like curl -i (docs/send.md):
               request:  -X METHOD  -H 'Name: value' | 'Name;' | 'Name:' | @FILE  -A UA  -e URL
                         -d DATA|@FILE  --data-binary|--data-raw|--data-ascii DATA
                         --data-urlencode [NAME]=TEXT|[NAME]@FILE  --json JSON|@FILE
                         -F 'NAME=TEXT|@FILE|<FILE[;type=T][;filename=F]'  --form-string NAME=TEXT
                         -G  --url-query [+]NAME=VALUE  -T FILE  -r RANGE  -I  -b NAME=VALUE
                         --compressed  --url URL
               auth:     -u USER:PW  --basic  --digest  --anyauth  --oauth2-bearer TOKEN
                         --aws-sigv4 aws:amz[:REGION[:SERVICE]] (-u KEY:SECRET)
               proxy:    -x [http://][USER:PW@]HOST[:PORT]  --noproxy LIST  -U USER:PW
                         --proxy-basic; without -x: http_proxy, https_proxy, all_proxy,
                         no_proxy as curl reads them (docs/proxies.md)
               output:   -v  -o FILE|-  --json (the exchange as JSON, when no JSON value
                         follows)  -i -s -S (what send does anyway)
               exchange: -L  --max-redirs N  -b FILE  -c FILE (JSON cookie jars shared by the
                         hops and URLs)  -m|--max-time S  --connect-timeout S  --timeout S
                         (every limit)  -k  --cacert FILE
               events:   --sse (a text/event-stream printed event by event as it arrives,
                         until the server closes, Ctrl-C or --max-time; docs/sse.md)
                         --sse-reconnect N (then reconnect with Last-Event-ID, N times)
                                               files are read from the current folder (- is
                                               stdin); several URLs share a kept-alive
                                               connection; -o writes the body as it arrives;
                                               --compressed also prints the body decoded; a curl
                                               option send cannot honour is an error naming it
  wirepad run [-v] [--json] [--env NAME [--workspace DIR]] FILE
                                               run an experiment file (docs/experiment-format.md);
                                               --env fills {{variables}} from the workspace's
                                               environment (DIR, or the one above FILE) and
                                               keeps an OAuth 2.0 token fetched there as secrets
  wirepad socket [--udp] [-4|-6] [--hex] [--timeout S] [--json] [--broadcast] [--ttl N]
                 [--no-loopback] HOST PORT [--send DATA | --send-file F | --expect DATA |
                 --expect-regex RE | --receive | --sleep S | --shutdown]...
                                               a raw TCP/UDP conversation: connect, the steps in
                                               order, close (DATA with escapes like \r\n \x00);
                                               options apply to every step, wherever they stand
  wirepad ws [-v] [--hex] [--json] [-H 'N: V']... [--subprotocol P]... [--compress] [--no-context-takeover]
             [--client-max-window-bits N] [--server-max-window-bits N] [--fragment N] [--timeout S]
             [--connect-timeout S] [-m S] [-k] [--cacert FILE] [-4|-6] [--max-message N]
             [--max-logged-bytes N] URL
             [--send TEXT | --send-binary DATA | --send-file F | --ping DATA | --expect TEXT |
             --expect-regex RE | --sleep S | --close CODE[:REASON]]...
                                               a WebSocket conversation (ws:// or wss://):
                                               handshake, the steps in order, close (1000 unless
                                               --close); prints every frame (opcode, FIN, RSV,
                                               mask, length, payload) and message; -v adds the
                                               handshake and the frames' bytes; --json the whole
                                               log as JSON (docs/websocket.md)
  wirepad import curl 'CURL COMMAND' [-o FILE]   curl command -> experiment (notes what it ignores)
  wirepad import FILE [--from FORMAT] [-o PATH]  HAR, .http/.rest, Postman v2.1, curl, experiment ->
                                               experiment file(s); several need -o DIR
  wirepad export --to FORMAT FILE...           curl | python-socket | python-http-client |
                                               python-requests | fetch | cpp-httplib (one file);
                                               har | http (several; har --send records responses)
  wirepad link FILE [--include-secrets] [--base URL]   experiment -> share link (#x=...)
  wirepad open LINK [-o FILE]                  share link -> experiment (prints it, never sends)
  wirepad collection export DIR [-o FILE] [--include-secrets]
  wirepad collection import FILE DIR           a folder of experiments as one file, and back
  wirepad test PATH... [--env NAME] [--data FILE] [--bail] [--reporter junit|tap|json|html]
               [--out FILE]                    run experiments with their assertions and captures
                                               in order (files, folders, collection files); exit
                                               0 all passed, 1 a failure, 2 bad input
                                               (docs/assertions.md)
  wirepad layers [--pcap OUT.pcap] [--udp] [--packets N] URL
                                               send, then show the exchange down the stack
                                               (TCP/IP/Ethernet model) and export a pcap
  wirepad listen [--udp] [--bind ADDR] [--group G] [--interface IF] [--reply DATA] [--count N]
                 [--timeout S] PORT            the other end: a TCP or UDP listener (multicast
                                               with --group) printing what arrives
  wirepad udp-send [--broadcast] [--ttl N] [--no-loopback] [--interface IF] HOST PORT DATA
                                               one datagram: unicast, broadcast or multicast
  wirepad lab [--bind ADDR] [--hello-port N] [--tcp-echo-port N] [--udp-echo-port N]
              [--ws-echo-port N] [--chaos-port N]
                                               the lab servers: HTTP hello, TCP echo, UDP echo,
                                               WebSocket echo, and the chaos lab (an HTTP server
                                               that misbehaves)
  wirepad serve [--port N] [--web-root DIR] [--bind ADDR] [--no-lab] [lab options]
                [--allow-private] [--allow-broadcast] [--allow-port P[-Q]] [--deny-port P[-Q]]
                [--allow-host H] [--deny-host H] [--policy FILE] [--log FILE] [--pairings FILE]
                [--max-connections N] [--max-connections-per-page N] [--max-bytes N]
                [--max-frame N] [--max-lifetime S] [--idle-timeout S] [--hold-timeout S]
                [--cacert FILE]
                                               serve the browser build and its relay
                                               (docs/relay-security.md)
  wirepad relay pairings [--revoke ORIGIN|all] list or revoke pages paired with the relay
  wirepad --version | --help
)";

// One subcommand's entries of kUsage (with their continuation lines), for `wirepad CMD --help`
// and `wirepad help CMD`; "" for a word that is no subcommand.
std::string usage_of(const std::string& command) {
  std::istringstream in(kUsage);
  std::string line, out;
  std::string mine = command == "desktop" ? "  wirepad [desktop]" : "  wirepad " + command + " ";
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind("  wirepad ", 0) == 0) inside = line.rfind(mine, 0) == 0;
    if (inside) out += line + "\n";
  }
  return out.empty() ? "" : "usage:\n" + out;
}

int usage_error(const std::string& what) {
  std::cerr << "wirepad: " << what << "\n(run 'wirepad --help' for usage)\n";
  return 2;
}

int wait_for_signal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  int sig = 0;
  sigwait(&set, &sig);
  return 0;
}

void block_signals_for_threads() {
  // Threads started after this inherit the mask, so sigwait() in main receives Ctrl+C.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

bool read_text_file(const std::string& path, std::string& out);

int cmd_run(Args& args) {
  HttpPrintOptions print;
  std::string file, environment, workspace, error;
  while (!args.done()) {
    if (args.flag("-v", "--verbose")) print.verbose = true;
    else if (args.flag("", "--json")) print.json = true;
    else if (auto v = args.value("", "--env", error)) {
      environment = *v;
      if (environment.empty()) return usage_error("--env needs an environment name");
    }
    else if (auto w = args.value("", "--workspace", error)) workspace = *w;
    else if (!error.empty()) return usage_error(error);
    else {
      std::string a = args.next();
      if (a.size() > 1 && a[0] == '-') return usage_error("unknown option '" + a + "' for run");
      if (!file.empty()) return usage_error("run takes one experiment file");
      file = a;
    }
  }
  if (!error.empty()) return usage_error(error);
  if (file.empty()) return usage_error("run needs an experiment file");
  if (!workspace.empty() && environment.empty()) return usage_error("--workspace names where --env NAME is read from; give --env");
  return run_experiment_file(file, print, environment, workspace);
}

int cmd_lab(Args& args) {
  LabOptions lab;
  lab.chaos_port = 8081;  // `wirepad lab` runs the chaos lab too (docs/chaos-lab.md)
  bool no_lab = false;
  std::string error;
  while (!args.done()) {
    if (!lab_flag(args, lab, no_lab, error)) return usage_error("unknown option '" + args.peek() + "' for lab");
    if (!error.empty()) return usage_error(error);
  }
  block_signals_for_threads();
  LabServers servers;
  LabStatus status = servers.start(lab);
  for (const auto& line : status.lines) std::cout << line << "\n";
  std::cout.flush();
  if (!status.hello_port && !status.tcp_echo_port && !status.udp_echo_port && !status.ws_echo_port && !status.chaos_port)
    return 1;
  return wait_for_signal();
}

std::string default_web_root() {
  if (const char* env = std::getenv("WIREPAD_WEB_ROOT")) return env;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto installed = exe.parent_path().parent_path() / "share" / "wirepad" / "web";
    if (std::filesystem::exists(installed / "index.html")) return installed.string();
  }
  return WIREPAD_DEFAULT_WEB_ROOT;
}

// [SECTION] serve and relay (docs/relay-protocol.md, docs/relay-security.md)

bool parse_number(const std::string& text, double min, double& out, std::string& error, const std::string& flag) {
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(v >= min)) {
    error = flag + " takes a number of at least " + std::to_string(int(min)) + ", not '" + text + "'";
    return false;
  }
  out = v;
  return true;
}

bool read_text_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  out = text.str();
  return !in.bad();
}

int cmd_serve(Args& args) {
  ServeOptions serve;
  serve.web_root = default_web_root();
  LabOptions lab;
  bool no_lab = false;
  std::string error, policy_file;
  AddressPolicy flags;  // --allow-*/--deny-* flags, applied over the policy file
  bool allow_private = false, allow_broadcast = false;
  auto number = [&](const std::string& v, const std::string& flag, double min, auto& field) {
    double d = 0;
    if (parse_number(v, min, d, error, flag)) field = static_cast<std::remove_reference_t<decltype(field)>>(d);
  };
  while (!args.done()) {
    if (auto v = args.value("", "--port", error)) {
      int port = 0;
      if (!parse_port(*v, port, error, "--port")) return usage_error(error);
      serve.port = uint16_t(port);
      serve.try_next_ports = false;
    } else if (auto v = args.value("", "--web-root", error)) {
      serve.web_root = *v;
    } else if (auto v = args.value("", "--bind", error)) {
      serve.bind = *v;
    } else if (auto v = args.value("", "--cacert", error)) {
      serve.tls_ca_file = *v;  // the relay trusts these CAs too
    } else if (args.flag("", "--allow-private")) {
      allow_private = true;
    } else if (args.flag("", "--allow-broadcast")) {
      allow_broadcast = true;
    } else if (auto v = args.value("", "--allow-port", error)) {
      auto r = parse_port_range(*v);
      if (!r) return usage_error("--allow-port: " + r.error().message);
      flags.allow_ports.push_back(*r);
    } else if (auto v = args.value("", "--deny-port", error)) {
      auto r = parse_port_range(*v);
      if (!r) return usage_error("--deny-port: " + r.error().message);
      flags.deny_ports.push_back(*r);
    } else if (auto v = args.value("", "--allow-host", error)) {
      auto r = parse_host_rule(*v);
      if (!r) return usage_error("--allow-host: " + r.error().message);
      flags.allow_hosts.push_back(*r);
    } else if (auto v = args.value("", "--deny-host", error)) {
      auto r = parse_host_rule(*v);
      if (!r) return usage_error("--deny-host: " + r.error().message);
      flags.deny_hosts.push_back(*r);
    } else if (auto v = args.value("", "--policy", error)) {
      policy_file = *v;
    } else if (auto v = args.value("", "--log", error)) {
      serve.log_file = *v;
    } else if (auto v = args.value("", "--pairings", error)) {
      serve.pairings_file = *v;
    } else if (auto v = args.value("", "--max-connections", error)) {
      number(*v, "--max-connections", 0, serve.max_relay_connections);
    } else if (auto v = args.value("", "--max-connections-per-page", error)) {
      number(*v, "--max-connections-per-page", 0, serve.max_connections_per_page);
    } else if (auto v = args.value("", "--max-bytes", error)) {
      number(*v, "--max-bytes", 0, serve.max_bytes_per_connection);
    } else if (auto v = args.value("", "--max-frame", error)) {
      number(*v, "--max-frame", 1, serve.max_frame);
    } else if (auto v = args.value("", "--max-lifetime", error)) {
      number(*v, "--max-lifetime", 0, serve.max_lifetime);
    } else if (auto v = args.value("", "--idle-timeout", error)) {
      number(*v, "--idle-timeout", 1, serve.idle_timeout);
    } else if (auto v = args.value("", "--hold-timeout", error)) {
      number(*v, "--hold-timeout", 0, serve.hold_timeout);
    } else if (args.flag("-h", "--help")) {
      std::cout << usage_of("serve");
      return 0;
    } else if (!lab_flag(args, lab, no_lab, error)) {
      return usage_error("unknown option '" + args.peek() + "' for serve");
    }
    if (!error.empty()) return usage_error(error);
  }
  AddressPolicy policy;
  if (!policy_file.empty()) {
    std::string text;
    if (!read_text_file(policy_file, text)) return usage_error("--policy: cannot read '" + policy_file + "'");
    auto parsed = parse_policy_json(text);
    if (!parsed) return usage_error("--policy '" + policy_file + "': " + parsed.error().message);
    policy = *parsed;
  }
  auto append = [](auto& to, const auto& from) { to.insert(to.end(), from.begin(), from.end()); };
  append(policy.allow_ports, flags.allow_ports);
  append(policy.deny_ports, flags.deny_ports);
  append(policy.allow_hosts, flags.allow_hosts);
  append(policy.deny_hosts, flags.deny_hosts);
  if (allow_private) policy.allow_private = true;
  if (allow_broadcast) policy.allow_broadcast = true;
  serve.policy = policy;

  block_signals_for_threads();
  LabServers servers;
  if (!no_lab) {
    LabStatus status = servers.start(lab);
    for (const auto& line : status.lines) std::cout << line << "\n";
    if (status.hello_port) serve.hello_port = status.hello_port;
  } else {
    serve.hello_port = lab.hello_port;
  }
  ServeServer server(serve);
  std::string why = server.start();
  if (!why.empty()) {
    std::cerr << "wirepad: " << why << "\n";
    return 1;
  }
  std::cout << "listening on " << server.listening() << "\n";
  std::cout << describe_policy(serve.policy) << "\n";
  std::cout << "pairing code: " << server.pairing_code()
            << " (a copy of the page served elsewhere asks for it once; `wirepad relay pairings` lists pairings)\n";
  std::cout << "serving " << server.url() << "\n";
  ServeRuntimeFile runtime_file(server.url());  // the desktop's share links open here (native/serve_runtime.h)
  std::cout << "open that URL in a browser; press Ctrl+C to stop\n";
  std::cout.flush();
  return wait_for_signal();
}

// `wirepad relay pairings [--pairings FILE] [--revoke ORIGIN|all]`
int cmd_relay(Args& args) {
  if (args.done() || args.peek() != "pairings")
    return usage_error("relay takes a subcommand: wirepad relay pairings [--revoke ORIGIN|all]");
  args.next();
  std::string error, file = PairingStore::default_path(), revoke;
  while (!args.done()) {
    if (auto v = args.value("", "--pairings", error)) file = *v;
    else if (auto v = args.value("", "--revoke", error)) revoke = *v;
    else if (error.empty()) return usage_error("unknown option '" + args.peek() + "' for relay pairings");
    if (!error.empty()) return usage_error(error);
  }
  PairingStore store(file);
  if (!revoke.empty()) {
    auto n = store.revoke(revoke);
    if (!n) {
      std::cerr << "wirepad: " << n.error().message << "\n";
      return 1;
    }
    if (*n == 0 && revoke == "all") {
      std::cout << "no pairings to revoke in " << file << "\n";
      return 0;
    }
    if (*n == 0) {
      std::cerr << "wirepad: no pairing of '" << revoke << "' to revoke in " << file << " (see `wirepad relay pairings`)\n";
      return 1;
    }
    std::cout << "revoked " << *n << (*n == 1 ? " pairing" : " pairings") << "; a running relay refuses "
              << (revoke == "all" ? "them" : revoke) << " from now on and closes "
              << (revoke == "all" ? "their" : "its") << " open connections within a second\n";
    return 0;
  }
  auto list = store.load();
  if (!list) {
    std::cerr << "wirepad: " << list.error().message << "\n";
    return 1;
  }
  if (list->empty()) {
    std::cout << "no pairings in " << file << "\n";
    return 0;
  }
  auto when = [](std::int64_t t) {
    std::time_t tt = std::time_t(t);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", std::localtime(&tt));
    return std::string(buf);
  };
  for (const auto& p : *list) {
    std::cout << p.origin << "  paired " << when(p.created);
    if (p.revoked) std::cout << "  revoked " << when(p.revoked);
    std::cout << "\n";
  }
  return 0;
}

// The desktop app is its own executable (wirepad-desktop, next to this one), so that a
// command-line call loads no SDL, OpenGL or ImGui backend (docs/benchmarks.md, "CLI
// start-up"). Its arguments are checked here first, so a usage error or a machine without a
// display (which gets the browser build) costs no second program.
int cmd_desktop(int argc, char** argv, int first) {
  Args args(argc, argv, first);
  DesktopCommand command;
  if (std::string error = parse_desktop_args(args, command); !error.empty()) return usage_error(error);
  if (!has_display()) {
    std::cerr << "wirepad: no display (DISPLAY is not set); serving the browser build instead\n";
    char* none_argv[] = {nullptr};
    Args none(0, none_argv, 0);
    return cmd_serve(none);
  }
  const std::string desktop = desktop_executable_path();
  if (desktop.empty()) {
    std::cerr << "wirepad: the desktop app (" << kDesktopExecutable << ") is not installed next to this program; "
              << "the command line (wirepad send, run, serve, ...) works without it\n";
    return 1;
  }
  std::vector<char*> exec_argv{const_cast<char*>(desktop.c_str())};
  for (int i = first; i < argc; ++i) exec_argv.push_back(argv[i]);
  exec_argv.push_back(nullptr);
  std::cout.flush();
  ::execv(desktop.c_str(), exec_argv.data());
  std::cerr << "wirepad: cannot start " << desktop << ": " << std::strerror(errno) << "\n";
  return 1;
}

}  // namespace

int run_cli(int argc, char** argv) {
  std::string command = argc > 1 ? argv[1] : "";
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  // `wirepad CMD --help` (as the first word after CMD, where it can be no option's value) and
  // `wirepad help CMD`: that subcommand's usage.
  std::string first = argc > 2 ? argv[2] : "";
  if (command == "help" && !first.empty() && !usage_of(first).empty()) {
    std::cout << usage_of(first);
    return 0;
  }
  if ((first == "--help" || first == "-h") && !usage_of(command).empty()) {
    std::cout << usage_of(command);
    return 0;
  }
  if (command == "--version") {
    std::cout << "wirepad " << WIREPAD_VERSION << "\n";
    return 0;
  }
  if (command == "send") return run_send_command(std::vector<std::string>(argv + 2, argv + argc));
  if (command == "run") return [&] { Args a(argc, argv, 2); return cmd_run(a); }();
  if (command == "import" || command == "export" || command == "link" || command == "open")
    return run_convert_command(argc, argv);
  if (command == "socket") return run_socket_command(argc, argv, 2);
  if (command == "ws") return run_ws_command(argc, argv, 2);
  if (command == "layers") return run_layers_command(argc, argv);
  if (command == "udp-send") return run_udp_send_command(argc, argv, 2);
  if (command == "listen") return run_listen_command(argc, argv, 2);
  if (command == "lab") return [&] { Args a(argc, argv, 2); return cmd_lab(a); }();
  if (command == "serve") return [&] { Args a(argc, argv, 2); return cmd_serve(a); }();
  if (command == "relay") return [&] { Args a(argc, argv, 2); return cmd_relay(a); }();
  if (command == "collection") return run_collection_command(argc, argv);
  if (command == "test") return run_test_command(argc, argv);
  if (command == "desktop") return cmd_desktop(argc, argv, 2);
  return cmd_desktop(argc, argv, 1);
}

}  // namespace wirepad::native
