// native: `wirepad send` and `wirepad run`: one HTTP exchange from the command line, printed
// like `curl -i` (status line, headers, body on stdout); -v adds the bytes sent, the timeline
// and the timings on stderr; --json prints the whole exchange as JSON.
#include "native/cli_http.h"
#include "native/cli_socket.h"

#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "native/posix_transport.h"
#include "shared/experiment.h"

namespace wirepad::native {
namespace {

volatile bool g_interrupted = false;
void on_sigint(int) { g_interrupted = true; }

void print_prefixed(std::ostream& out, const std::string& bytes, const char* prefix) {
  // Shows the bytes line by line, as curl -v does, with CR made visible only at line ends.
  size_t start = 0;
  while (start < bytes.size()) {
    size_t nl = bytes.find('\n', start);
    size_t end = nl == std::string::npos ? bytes.size() : nl;
    std::string line = bytes.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out << prefix << line << "\n";
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
}

void print_timings(std::ostream& out, const Timings& t) {
  auto row = [&](const char* name, double v) {
    char buf[64];
    if (v < 0)
      std::snprintf(buf, sizeof buf, "*   %-18s -\n", name);
    else
      std::snprintf(buf, sizeof buf, "*   %-18s %.6f s\n", name, v);
    out << buf;
  };
  out << "* timings (seconds from start, as curl -w names them):\n";
  row("time_namelookup", t.namelookup);
  row("time_connect", t.connect);
  row("time_appconnect", t.appconnect);
  row("time_pretransfer", t.pretransfer);
  row("time_starttransfer", t.starttransfer);
  row("time_total", t.total);
}

}  // namespace

int perform_and_print(const HttpRequest& request, const ExchangeOptions& options, const HttpPrintOptions& print) {
  auto exchange = HttpExchange::create(request, options);
  if (!exchange) {
    std::cerr << "wirepad: " << exchange.error().message << "\n";
    return 2;
  }
  g_interrupted = false;
  auto previous = std::signal(SIGINT, on_sigint);
  ExchangeLog log = perform_blocking(std::move(exchange).value(), &g_interrupted);
  std::signal(SIGINT, previous);

  if (print.json) {
    std::cout << exchange_log_to_json(log) << "\n";
  } else {
    if (print.verbose) {
      print_prefixed(std::cerr, log.bytes_sent.substr(0, log.bytes_sent.find("\r\n\r\n") + 2), "> ");
      for (const auto& e : log.events) {
        char at[32];
        std::snprintf(at, sizeof at, "%9.3f ms  ", e.at * 1000);
        std::cerr << "* " << at << e.text << "\n";
      }
      if (log.tls) {
        std::cerr << "* TLS " << log.tls->version << ", " << log.tls->cipher
                  << (log.tls->alpn.empty() ? "" : ", ALPN " + log.tls->alpn) << "\n";
        for (const auto& c : log.tls->chain) std::cerr << "*   certificate: " << c << "\n";
      }
      for (const auto& w : log.warnings) std::cerr << "* warning: " << w << "\n";
      print_timings(std::cerr, log.timings);
    }
    if (log.has_response_head) {
      const HttpResponse& r = log.response;
      for (const auto& interim : r.interim) {
        std::cout << "HTTP/1.1 " << interim.status << (interim.reason.empty() ? "" : " " + interim.reason) << "\r\n";
        for (const auto& h : interim.headers) std::cout << h.name << ": " << h.value << "\r\n";
        std::cout << "\r\n";
      }
      std::cout << "HTTP/" << r.version_major << "." << r.version_minor << " " << r.status
                << (r.reason.empty() ? "" : " " + r.reason) << "\r\n";
      for (const auto& h : r.headers) std::cout << h.name << ": " << h.value << "\r\n";
      std::cout << "\r\n";
      // Byte-exact by default, like curl -i; decoded with --compressed, as curl does.
      const std::string& body = print.decoded ? log.display_body() : r.body;
      std::cout.write(body.data(), std::streamsize(body.size()));
      std::cout.flush();
      if (print.decoded && log.decoding.error)
        std::cerr << "wirepad: warning: " << log.decoding.error.message << "\n";
    } else if (!log.bytes_received.empty()) {
      // Not even a status line parsed: show what arrived rather than lose it.
      std::cout.write(log.bytes_received.data(), std::streamsize(log.bytes_received.size()));
      std::cout.flush();
    }
  }
  if (log.phase != Phase::done) {
    std::cerr << "wirepad: " << to_string(log.error.code) << ": " << log.error.message << "\n";
    return 1;
  }
  return 0;
}

int run_experiment_file(const std::string& path, const HttpPrintOptions& print) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "wirepad: cannot open experiment file '" << path << "'\n";
    return 2;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto experiment = parse_experiment(text.str());
  if (!experiment) {
    std::cerr << "wirepad: " << path << ": " << experiment.error().message << "\n";
    return 2;
  }
  if (experiment->kind == ExperimentKind::socket) return run_socket_script(experiment->socket, experiment->options, print.json);
  return perform_and_print(experiment->request, experiment->options, print);
}

}  // namespace wirepad::native
