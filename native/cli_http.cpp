// native: `wirepad send` and `wirepad run`: one HTTP exchange from the command line, printed
// like `curl -i` (status line, headers, body on stdout); -v adds the bytes sent, the timeline
// and the timings on stderr; --json prints the whole exchange as JSON. -L follows redirects,
// each hop printed in turn (heads only for the hops followed, as curl -iL does).
#include "native/cli_http.h"
#include "native/cli_h2.h"
#include "native/h2_batch_blocking.h"
#include "native/cli_ws.h"
#include "native/cli_tls.h"
#include "native/cli_proxy.h"
#include "native/cli_socket.h"
#include "native/cli_auth.h"
#include "native/cli_run_env.h"
#include "native/cli_sse.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <csignal>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

#include "native/blocking_client.h"
#include "native/posix_transport.h"
#include "shared/content_decoding.h"
#include "shared/cookie_jar.h"
#include "shared/experiment.h"
#include "shared/auth_flow.h"
#include "shared/request_resolve.h"
#include "shared/redirects.h"

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

namespace {

void print_head(const ExchangeLog& log) {
  const HttpResponse& r = log.response;
  for (const auto& interim : r.interim) {
    std::cout << "HTTP/1.1 " << interim.status << (interim.reason.empty() ? "" : " " + interim.reason) << "\r\n";
    for (const auto& h : interim.headers) std::cout << h.name << ": " << h.value << "\r\n";
    std::cout << "\r\n";
  }
  // curl writes an HTTP/2 status line as "HTTP/2 200 " (a space, no reason phrase): the same bytes.
  std::cout << http_version_text(r) << " " << r.status << (r.reason.empty() ? (r.version_major == 2 ? " " : "") : " " + r.reason)
            << "\r\n";
  for (const auto& h : r.headers) std::cout << h.name << ": " << h.value << "\r\n";
  std::cout << "\r\n";
}

// -o FILE: where a streamed body is written, through a large stdio buffer.
class BodyFile {
 public:
  // Opens (truncates) the file; "-" is stdout. Returns a sentence on failure.
  std::string open(const std::string& path) {
    path_ = path;
    if (path == "-") {
      file_ = stdout;
      return {};
    }
    file_ = std::fopen(path.c_str(), "wb");
    if (!file_) return "cannot write the body to '" + path + "': " + std::strerror(errno);
    std::setvbuf(file_, nullptr, _IOFBF, 256 * 1024);
    return {};
  }
  Error write(std::string_view bytes) {
    if (bytes.empty() || std::fwrite(bytes.data(), 1, bytes.size(), file_) == bytes.size()) {
      written_ += bytes.size();
      return {};
    }
    return failure("after " + std::to_string(written_) + " bytes");
  }
  // Flushes and closes; a sentence when the last bytes could not be written.
  std::string close() {
    if (!file_) return {};
    bool ok = std::fflush(file_) == 0;
    if (file_ != stdout) ok = std::fclose(file_) == 0 && ok;
    file_ = nullptr;
    return ok ? std::string() : failure("at the end").message;
  }
  ~BodyFile() { close(); }
  const std::string& path() const { return path_; }

 private:
  Error failure(const std::string& when) const {
    return make_error(ErrorCode::io_error, "cannot write the body to '" + (path_ == "-" ? "stdout" : path_) + "' " +
                                               when + ": " + std::strerror(errno));
  }
  std::string path_;
  std::FILE* file_ = nullptr;
  std::uint64_t written_ = 0;
};

// --compressed -o: the body is decoded on its way to the file, as curl writes it. As without
// -o, a body that is not in its coding at all (nothing decodes: an unknown coding, a server
// that lies) is written as received, with a warning. A stream that breaks after decoded
// bytes were written fails the send and says how many (curl fails the same way).
class DecodingWriter {
 public:
  // From the response head: which Content-Encoding to undo.
  void start(const ExchangeLog& head) {
    decoder_.reset();
    held_.clear();
    const std::string value = combined_field_value(head.response.headers, "Content-Encoding");
    if (value.empty()) return;
    Result<std::vector<ContentCoding>> codings = parse_content_encoding(value);
    if (!codings) {
      std::cerr << "wirepad: warning: " << codings.error().message << " The body is written as received.\n";
      return;
    }
    if (codings->empty()) return;  // identity
    ContentDecoderOptions options;
    // Nothing is held in memory: the guard against decompression bombs is for the app's views.
    options.max_output_bytes = std::numeric_limits<std::size_t>::max();
    decoder_.emplace(std::move(codings.value()), options);
  }
  Error write(std::string_view encoded, BodyFile& file) {
    if (!decoder_) return file.write(encoded);
    out_.clear();
    const DecodeStatus status = decoder_->feed(encoded, out_);
    if (decoder_->bytes_out() == 0) {
      // Until the first decoded byte, keep what came: if nothing decodes, it is the body.
      held_.append(encoded);
      return status == DecodeStatus::error ? as_received(file) : Error();
    }
    held_.clear();
    if (Error e = file.write(out_)) return e;
    return status == DecodeStatus::error ? failed(file) : Error();
  }
  // The body ended: the rest of the decoded bytes, or why the stream is incomplete.
  Error finish(BodyFile& file) {
    if (!decoder_ || decoder_->bytes_in() == 0) return {};
    out_.clear();
    const DecodeStatus status = decoder_->finish(out_);
    if (status == DecodeStatus::error && decoder_->bytes_out() == 0) return as_received(file);
    if (Error e = file.write(out_)) return e;
    if (status == DecodeStatus::error) return failed(file);
    for (const std::string& w : decoder_->warnings()) std::cerr << "wirepad: warning: " << w << "\n";
    return {};
  }

 private:
  Error as_received(BodyFile& file) {
    std::string message = decoder_->error().message;
    if (std::size_t at = message.rfind("shown as received"); at != std::string::npos) message.replace(at, 5, "written");
    std::cerr << "wirepad: warning: " << message << "\n";
    decoder_.reset();  // the rest is written as it comes
    std::string held;
    held.swap(held_);
    return file.write(held);
  }
  Error failed(const BodyFile& file) const {
    // The decoder's message ends "; it is shown as received." (the app's words): not so here.
    std::string message = decoder_->error().message;
    if (std::size_t at = message.rfind("; it is shown as received."); at != std::string::npos) message.resize(at);
    return make_error(decoder_->error().code, message + ". The " + std::to_string(decoder_->bytes_out()) +
                                                  " bytes decoded before it were written to " +
                                                  (file.path() == "-" ? "stdout" : "'" + file.path() + "'") + ".");
  }
  std::optional<ContentDecoder> decoder_;
  std::string out_;
  std::string held_;  // encoded bytes received before the first decoded byte
};

// How to raise the limit an error names, in this command's words: the core's message says
// which limit ("the total timeout"), never a setting of another front end.
std::string limit_hint(ErrorCode code, const HttpPrintOptions& print) {
  const bool file = !print.experiment_file.empty();
  auto in_file = [&](const char* key) { return std::string(" Raise options.") + key + " in " + print.experiment_file + " to allow more."; };
  switch (code) {
    case ErrorCode::connect_timeout:
      return file ? in_file("connect_timeout") : " --connect-timeout SECONDS allows longer.";
    case ErrorCode::first_byte_timeout:
      return file ? in_file("first_byte_timeout") : " --max-time SECONDS waits longer.";
    case ErrorCode::idle_timeout: return file ? in_file("idle_timeout") : " --max-time SECONDS waits longer.";
    case ErrorCode::total_timeout: return file ? in_file("total_timeout") : " --max-time SECONDS waits longer.";
    case ErrorCode::too_many_redirects:
    case ErrorCode::redirect_loop: return file ? in_file("max_redirects") : " --max-redirs N allows more.";
    default: return {};
  }
}

bool is_followed_redirect(const ExchangeLog& log, const ExchangeOptions& options) {
  int s = log.response.status;
  return options.follow_redirects && (s == 301 || s == 302 || s == 303 || s == 307 || s == 308) &&
         find_header(log.response.headers, "Location");
}

// One exchange as curl -i prints it; `with_body` is false for a redirect that is followed
// (curl -iL shows those heads only). `head_printed`: -o - printed it before the body.
void print_exchange(const ExchangeLog& log, const HttpPrintOptions& print, bool with_body, bool head_printed = false) {
  if (print.json) {
    std::cout << exchange_log_to_json(log) << "\n";  // with -L: one line per hop
    return;
  }
  if (print.verbose) {
    print_proxy_hop(std::cerr, log);  // the proxy and its CONNECT bytes, marked (cli_proxy.cpp)
    if (!log.http2.used) print_prefixed(std::cerr, log.bytes_sent.substr(0, log.bytes_sent.find("\r\n\r\n") + 2), "> ");
    for (const auto& e : log.events) {
      char at[32];
      std::snprintf(at, sizeof at, "%9.3f ms  ", e.at * 1000);
      std::cerr << "* " << at << e.text << "\n";
    }
    if (log.tls) print_tls_facts(std::cerr, *log.tls);
    if (log.http2.used && !log.http2.frames.empty()) print_h2_frames(std::cerr, log.http2);
    for (const auto& w : log.warnings) std::cerr << "* warning: " << w << "\n";
    print_timings(std::cerr, log.timings);
  }
  if (log.has_response_head) {
    if (!head_printed) print_head(log);
    if (!print.output.empty()) {
      // -o: the body went to the file as it arrived (or goes there after this, for a
      // redirect -L did not follow: perform_and_print).
      if (print.verbose)
        std::cerr << "* " << log.body_streamed << " body bytes written to "
                  << (print.output == "-" ? "stdout" : "'" + print.output + "'") << "\n";
    } else if (with_body) {
      // Byte-exact by default, like curl -i; decoded with --compressed, as curl does.
      const std::string_view body = print.decoded ? log.display_body() : log.body();
      std::cout.write(body.data(), std::streamsize(body.size()));
      if (print.decoded && log.decoding.error) {
        std::cerr << "wirepad: warning: " << log.decoding.error.message;
        if (log.decoding.error.code == ErrorCode::response_too_large) std::cerr << " (-o FILE decodes all of it into the file)";
        std::cerr << "\n";
      }
    }
    // A chunked body's trailer fields come after it, as curl -i prints them (RFC 9112 §7.1.2).
    if (with_body || !print.output.empty())
      for (FieldView t : log.response.trailers) std::cout << t.name << ": " << t.value << "\r\n";
    std::cout.flush();
  } else if (log.http2.used) {
    // No response head: the frames that arrived say what the server did (-v printed them).
    if (!print.verbose && !log.bytes_received.empty()) print_h2_frames(std::cerr, log.http2);
  } else if (!log.bytes_received.empty()) {
    // Not even a status line parsed: show what arrived rather than lose it.
    std::cout.write(log.bytes_received.data(), std::streamsize(log.bytes_received.size()));
    std::cout.flush();
  }
}

}  // namespace

std::optional<CookieJar> load_cookie_jar(const HttpPrintOptions& print) {
  CookieJar jar;
  if (print.cookie_jar_in.empty()) return jar;
  std::ifstream in(print.cookie_jar_in, std::ios::binary);
  if (!in) return jar;  // a missing file is an empty jar, as with curl -b
  std::stringstream text;
  text << in.rdbuf();
  Result<CookieJar> loaded = CookieJar::from_json(text.str());
  if (!loaded) {
    std::cerr << "wirepad: " << print.cookie_jar_in << ": " << loaded.error().message << "\n";
    return std::nullopt;
  }
  return std::move(loaded).value();
}

int save_cookie_jar(const CookieJar& jar, const HttpPrintOptions& print) {
  if (print.cookie_jar_out.empty()) return 0;
  std::ofstream out(print.cookie_jar_out, std::ios::binary | std::ios::trunc);
  out << jar.to_json();
  if (out) return 0;
  std::cerr << "wirepad: cannot write the cookie jar to '" << print.cookie_jar_out << "'\n";
  return 1;
}

std::optional<int> perform_h2_batch_and_print(const std::vector<HttpRequest>& requests, const ExchangeOptions& options,
                                              const HttpPrintOptions& print) {
  std::vector<HttpExchange> exchanges;
  exchanges.reserve(requests.size());
  for (const HttpRequest& request : requests) {
    Result<HttpExchange> exchange = HttpExchange::create(request, options);
    if (!exchange) {
      std::cerr << "wirepad: " << to_string(exchange.error().code) << ": " << exchange.error().message << "\n";
      return 2;
    }
    exchanges.push_back(std::move(exchange).value());
  }
  const std::size_t count = exchanges.size();
  int status = 0;
  // Printed as they finish, in the order given (as curl prints --parallel answers as they
  // come), so a batch of 10,000 never holds every answer at once.
  auto print_one = [&](std::size_t, ExchangeLog log) {
    print_exchange(log, print, true);
    if (log.phase != Phase::done) {
      std::cerr << "wirepad: " << to_string(log.error.code) << ": " << log.error.message << limit_hint(log.error.code, print)
                << "\n";
      status = 1;
    }
  };
  g_interrupted = false;
  auto previous = std::signal(SIGINT, on_sigint);
  H2BatchResult result = perform_h2_batch(std::move(exchanges), &g_interrupted, 100, print_one);
  std::signal(SIGINT, previous);
  if (result.refused_h2) {
    if (print.verbose) std::cerr << "* the server did not choose h2 in ALPN: the URLs go one by one\n";
    return std::nullopt;
  }
  if (print.verbose && !print.json) {
    std::cerr << "* one connection, " << count << " requests as HTTP/2 streams\n";
    if (result.connection.tls) print_tls_facts(std::cerr, *result.connection.tls);
    print_h2_frames(std::cerr, result.connection.http2);
  }
  return status;
}

int perform_and_print(const HttpRequest& request, const ExchangeOptions& options, const HttpPrintOptions& print,
                      BlockingHttpClient* client, CookieJar* shared_jar, ExchangeLog* last) {
  // The hops of one send share a cookie jar (and -b/-c load and save it), as a browser would;
  // with `shared_jar`, so do the URLs of one command line (the caller loads and saves it).
  std::optional<CookieJar> own_jar;
  if (!shared_jar) {
    own_jar = load_cookie_jar(print);
    if (!own_jar) return 2;
  }
  CookieJar& jar = shared_jar ? *shared_jar : *own_jar;
  const bool use_jar = options.follow_redirects || !print.cookie_jar_in.empty() || !print.cookie_jar_out.empty();
  BodyFile body_file;
  DecodingWriter decoding;
  if (!print.output.empty()) {
    // Before any byte is sent: an unwritable path costs nothing.
    if (std::string problem = body_file.open(print.output); !problem.empty()) {
      std::cerr << "wirepad: " << problem << "\n";
      return 2;
    }
  }
  RedirectChain chain(options.max_redirects);
  HttpRequest current = request;
  int status = 0;
  g_interrupted = false;
  auto previous = std::signal(SIGINT, on_sigint);
  for (int hop = 0;; ++hop) {
    const auto now = static_cast<UnixTime>(std::time(nullptr));
    HttpRequest to_send = use_jar ? jar.with_cookies(current, now) : current;
    Result<Url> url = parse_url(current.url);
    auto exchange = HttpExchange::create(to_send, options);
    if (!exchange) {
      std::cerr << "wirepad: " << exchange.error().message << "\n";
      status = hop == 0 ? 2 : 1;
      break;
    }
    bool head_printed = false;
    std::optional<SsePrinter> events;
    if (print.sse) {
      // --sse: an event stream is printed as it arrives (the body is not kept); anything else
      // as without --sse, after a note.
      BodySink sink;
      sink.accept = [&](const ExchangeLog& head) {
        if (is_followed_redirect(head, options)) return false;
        auto type = find_header(head.response.headers, "Content-Type");
        if (!type || !is_event_stream_type(type->value)) {
          std::cerr << "wirepad: note: --sse: the response's Content-Type is "
                    << (type ? "'" + std::string(type->value) + "'" : std::string("missing")) << ", not text/event-stream; printed as it is\n";
          return false;
        }
        if (!print.json) {
          print_head(head);
          head_printed = true;
        }
        events.emplace(std::cout, print.verbose, print.sse_connection);
        return true;
      };
      sink.write = [&](std::string_view bytes) { return events->write(bytes); };
      exchange->set_body_sink(std::move(sink));
    } else if (!print.output.empty()) {
      BodySink sink;
      // A redirect that -L follows keeps its (small) body in the log: only the last hop's
      // body goes to the file, as with curl -L -o.
      sink.accept = [&](const ExchangeLog& head) {
        if (is_followed_redirect(head, options)) return false;
        if (print.output == "-" && !print.json) {
          print_head(head);  // stdout gets the head, then the body, as without -o
          head_printed = true;
        }
        if (print.decoded) decoding.start(head);
        return true;
      };
      sink.write = [&](std::string_view bytes) {
        return print.decoded ? decoding.write(bytes, body_file) : body_file.write(bytes);
      };
      exchange->set_body_sink(std::move(sink));
    }
    // Several URLs on one command line share `client`'s kept-alive connections.
    ExchangeLog log = client ? client->perform(std::move(exchange).value(), &g_interrupted)
                             : perform_blocking(std::move(exchange).value(), &g_interrupted);
    if (print.decoded && log.phase == Phase::done && log.body_streamed > 0) {
      if (Error e = decoding.finish(body_file)) {
        log.phase = Phase::failed;  // the file is not what was asked for
        log.error = std::move(e);
      }
    }
    std::vector<CookieVerdict> verdicts;
    if (use_jar && url && log.has_response_head) verdicts = jar.store_from_response(log.response.headers, *url, now);
    RedirectDecision next;
    if (options.follow_redirects && log.phase == Phase::done) next = chain.next(current, log);
    print_exchange(log, print, next.verdict != RedirectVerdict::follow && !(print.head_only_status != 0 && log.response.status == print.head_only_status), head_printed);
    // A 3xx that -L meant to follow kept its body in the log (the sink refused it); when it
    // is not followed after all (--max-redirs, a loop, a bad Location) it is the last hop,
    // and its body belongs in -o's file like any last body.
    if (!print.output.empty() && next.verdict != RedirectVerdict::follow && log.body_streamed == 0 && !log.body().empty())
      body_file.write(print.decoded ? log.display_body() : log.body());
    if (print.verbose) {
      for (const CookieVerdict& v : verdicts)
        std::cerr << "* cookie " << v.name << ": " << to_string(v.outcome) << ", " << v.reason << "\n";
    }
    if (last && next.verdict != RedirectVerdict::follow) *last = log;
    if (print.sse && log.sse.active && log.phase != Phase::done &&
        (log.phase == Phase::cancelled || log.error.code == ErrorCode::total_timeout)) {
      // Ctrl-C and --max-time are how one stops watching a stream: not failures.
      std::cerr << "wirepad: the event stream was stopped ("
                << (log.phase == Phase::cancelled ? "Ctrl-C" : "--max-time") << ") after " << log.sse.events.size()
                << (log.sse.events.size() == 1 ? " event" : " events") << "\n";
      break;
    }
    if (print.sse && log.sse.active && print.verbose) {
      std::cerr << "* event stream: " << log.sse.events.size() << " events, " << log.sse.comments << " comments";
      if (log.sse.discarded) std::cerr << ", the last " << log.sse.discarded << " bytes an unfinished event (not dispatched)";
      std::cerr << "\n";
    }
    if (log.phase != Phase::done) {
      std::cerr << "wirepad: " << to_string(log.error.code) << ": " << log.error.message
                << limit_hint(log.error.code, print) << "\n";
      status = 1;
      break;
    }
    if (next.verdict == RedirectVerdict::stop) {
      std::cerr << "wirepad: " << to_string(next.error.code) << ": " << next.error.message
                << limit_hint(next.error.code, print) << "\n";
      status = 1;
      break;
    }
    if (next.verdict != RedirectVerdict::follow) break;
    for (const auto& w : next.warnings) std::cerr << "wirepad: warning: " << w << "\n";
    if (print.verbose) {
      std::cerr << "* redirect " << chain.redirects_followed() << ": " << log.response.status << " to " << next.next.url << "\n";
      for (const auto& n : next.notes) std::cerr << "*   " << n << "\n";
    }
    current = std::move(next.next);
  }
  std::signal(SIGINT, previous);
  if (std::string problem = body_file.close(); !problem.empty()) {
    std::cerr << "wirepad: " << problem << "\n";
    if (status == 0) status = 1;
  }
  if (!shared_jar && save_cookie_jar(jar, print) != 0 && status == 0) status = 1;
  return status;
}

int run_experiment_file(const std::string& path, const HttpPrintOptions& print, const std::string& environment,
                        const std::string& workspace) {
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
  // --env: the workspace's environment, read before anything else can fail halfway.
  std::optional<RunEnvironment> env;
  if (!environment.empty()) {
    Result<RunEnvironment> opened = open_run_environment(path, workspace, environment);
    if (!opened) {
      std::cerr << "wirepad: " << opened.error().message << "\n";
      return 2;
    }
    env = std::move(opened.value());
  }
  Environment* chosen = env ? env->chosen() : nullptr;
  if (experiment->kind != ExperimentKind::http) {
    // A WebSocket URL with an unfilled {{variable}} is named as such, not as a bad URL.
    if (chosen || experiment->kind == ExperimentKind::websocket) {
      Result<Experiment> filled = resolve_experiment(*experiment, chosen);
      if (!filled) {
        std::cerr << "wirepad: " << path << ": " << filled.error().message << "\n";
        return 2;
      }
      experiment = std::move(filled);
    }
    if (experiment->kind == ExperimentKind::websocket) {
      WsPrintOptions ws_print;
      ws_print.json = print.json;
      ws_print.verbose = print.verbose;
      const ExchangeOptions& o = experiment->options;
      return run_ws_session(ws_session_options(experiment->websocket, o), ws_steps_to_run(experiment->websocket),
                            ws_print, o.total_timeout > 0 ? o.total_timeout : 86400,
                            "; raise that step's \"timeout\" in " + path + " to wait longer");
    }
    return run_socket_script(experiment->socket, experiment->options, print.json,
                             " Raise that step's \"timeout\" in " + path + " to wait longer.");
  }
  // The structured request goes through the send-time pipeline (shared/request_resolve.h).
  // Its files are read first, relative to the experiment file's folder: a missing one stops
  // the run before anything is sent.
  std::map<std::string, std::string> files;
  for (const std::string& name : files_to_read(experiment->request)) {
    std::filesystem::path file(name);
    if (file.is_relative()) file = std::filesystem::path(path).parent_path() / file;
    std::ifstream body(file, std::ios::binary);
    if (!body) {
      std::cerr << "wirepad: " << path << ": cannot read the file '" << name << "' (" << file.string()
                << "); nothing was sent\n";
      return 2;
    }
    std::stringstream bytes;
    bytes << body.rdbuf();
    files[name] = bytes.str();
  }
  ResolveOptions options;  // no environment: a {{variable}} is an error naming it
  options.environment = chosen;
  options.files = &files;
  // An OAuth 2.0 access token that is a {{variable}}: the environment's when it is usable, else
  // fetched or refreshed (cli_auth.cpp) and kept there.
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  CliAuthOptions auth;
  auth.environment = chosen;
  if (experiment->request.auth.kind == AuthKind::oauth2) auth.token_names = oauth2_token_variables(experiment->request, chosen);
  const Environment before = chosen ? *chosen : Environment{};
  Result<ResolvedRequest> resolved =
      resolve_request_spec(with_stored_oauth2_token(experiment->request, chosen, now, nullptr), options);
  if (!resolved) {
    std::cerr << "wirepad: " << path << ": " << resolved.error().message << "\n";
    return 2;
  }
  HttpPrintOptions with_file = print;
  with_file.experiment_file = path;
  ExchangeOptions exchange_options = experiment->options;
  // The request's own proxy (-x in an imported curl command, the composer's Options) over the
  // default: http_proxy & co from the environment, as curl reads them (cli_proxy.cpp).
  exchange_options.proxy = proxy_settings_for(experiment->request.proxy, exchange_options.proxy);
  exchange_options.proxy_environment = process_proxy_environment();
  int status = send_resolved_request(resolved.value(), exchange_options, with_file, nullptr, nullptr, &auth);
  if (env) {
    // A token fetched or refreshed is kept even when the request itself then failed.
    if (Error e = save_run_environment(*env, before)) {
      std::cerr << "wirepad: the token could not be kept in the environment \"" << environment << "\": " << e.message << "\n";
      if (status == 0) status = 1;
    } else if (print.verbose && !(*env->chosen() == before)) {
      std::cerr << "* environment \"" << environment << "\" saved to " << env->store->location() << "/environments.secrets.json\n";
    }
  }
  return status;
}

int send_resolved_request(const ResolvedRequest& resolved, const ExchangeOptions& options, const HttpPrintOptions& print,
                          BlockingHttpClient* client, CookieJar* jar, const CliAuthOptions* auth) {
  for (const std::string& note : resolved.notes) std::cerr << "wirepad: note: " << note << "\n";
  // Digest's challenge, SigV4's signature, an OAuth 2.0 token: native/cli_auth.cpp (its round
  // trips on their own connections, not the command line's shared one).
  if (resolved.pending != PendingAuth::none) return perform_with_auth(resolved, options, print, auth ? *auth : CliAuthOptions{});
  if (print.sse) return perform_sse(resolved.request, options, print, client, jar);
  return perform_and_print(resolved.request, options, print, client, jar);
}

}  // namespace wirepad::native
