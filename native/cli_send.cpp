// native: `wirepad send` (cli_send.h): argv -> the curl importer's option table -> RequestSpec
// -> resolve_request_spec -> send_resolved_request, one exchange per URL on one connection.
#include "native/cli_send.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "native/blocking_client.h"
#include "native/cli_auth.h"
#include "native/cli_http.h"
#include "native/cli_proxy.h"
#include "shared/curl_import.h"
#include "shared/request_resolve.h"
#include "shared/url.h"

namespace wirepad::native {
namespace {

int usage_error(const std::string& what) {
  std::cerr << "wirepad: " << what << "\n(run 'wirepad send --help' for usage)\n";
  return 2;
}

// curl's --json takes a value; Wirepad's --json (print the exchange as JSON) does not. The
// word after --json decides: a JSON value or @file is curl's, anything else (a URL, another
// option, nothing) leaves --json to Wirepad.
bool looks_like_json_value(const std::string& word) {
  std::size_t at = word.find_first_not_of(" \t\r\n");
  if (at == std::string::npos) return false;
  unsigned char c = static_cast<unsigned char>(word[at]);
  if (c == '{' || c == '[' || c == '"' || c == '@' || std::isdigit(c)) return true;
  if (c == '-') return at + 1 < word.size() && std::isdigit(static_cast<unsigned char>(word[at + 1]));
  return word == "true" || word == "false" || word == "null";
}

// Wirepad's options that curl does not have: --timeout S and --json (output).
int own_option(const std::vector<std::string>& args, std::size_t i) {
  if (args[i] == "--timeout" || args[i] == "--sse-reconnect") return 2;
  if (args[i] == "--sse") return 1;
  if (args[i] == "--json") return i + 1 < args.size() && looks_like_json_value(args[i + 1]) ? 0 : 1;
  return 0;
}

// A number of seconds above 0 for `flag`, or a sentence in `error`.
double parse_seconds(const std::string& text, const std::string& flag, std::string& error) {
  char* end = nullptr;
  double s = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(s > 0)) error = flag + " takes a positive number of seconds, not '" + text + "'";
  return s;
}

// Files as curl reads them: relative to the current directory, "-" is standard input (read
// once: a second @- gets what is left, nothing, as with curl).
Result<std::string> read_file_here(const std::string& path) {
  std::ostringstream bytes;
  if (path == "-") {
    bytes << std::cin.rdbuf();
    return bytes.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::io_error, std::strerror(errno));
  bytes << in.rdbuf();
  if (in.bad()) return make_error(ErrorCode::io_error, std::strerror(errno));
  return bytes.str();
}

// What send does with the options that are not the request: what is printed or saved and how
// the exchange behaves. False when `o` is not one of them (it goes to the importer). Errors in
// `error`, in the words today's users know.
bool read_behaviour_option(const CurlOption& o, ExchangeOptions& exchange, HttpPrintOptions& print, std::string& error) {
  const std::string& n = o.name;
  if (o.own) {
    if (n == "--sse") {
      print.sse = true;
    } else if (n == "--sse-reconnect") {
      char* end = nullptr;
      long count = std::strtol(o.value.c_str(), &end, 10);
      if (o.value.empty() || *end != '\0' || count < 0 || count > 1000)
        error = "--sse-reconnect takes a number of reconnects from 0 to 1000, not '" + o.value + "'";
      print.sse = true;
      print.sse_reconnect = static_cast<int>(count);
    } else if (n == "--timeout") {
      // Every time limit at once (Wirepad's own flag; curl has --connect-timeout and --max-time).
      double s = parse_seconds(o.value, "--timeout", error);
      exchange.total_timeout = s;
      exchange.first_byte_timeout = std::min(exchange.first_byte_timeout, s);
      exchange.idle_timeout = std::min(exchange.idle_timeout, s);
      exchange.connect_timeout = std::min(exchange.connect_timeout, s);
    } else {
      print.json = true;  // --json without a JSON value after it: the exchange as JSON
    }
    return true;
  }
  if (n == "--verbose") print.verbose = true;
  else if (n == "--no-verbose") print.verbose = false;
  // What send prints anyway (the head, like curl -i; no progress meter): nothing to change.
  else if (n == "--include" || n == "--silent" || n == "--show-error" || n == "--no-progress-meter" ||
           n == "--no-include" || n == "--no-silent" || n == "--no-show-error" || n == "--show-headers") {}
  else if (n == "--output") {
    if (o.value.empty()) error = "-o needs a file name (or - for stdout)";
    print.output = o.value;
  } else if (n == "--location") exchange.follow_redirects = true;
  else if (n == "--no-location") exchange.follow_redirects = false;
  else if (n == "--max-redirs") {
    char* end = nullptr;
    long count = std::strtol(o.value.c_str(), &end, 10);
    if (o.value.empty() || *end != '\0' || count < 0 || count > 1000)
      error = "--max-redirs takes a number from 0 to 1000, not '" + o.value + "'";
    exchange.max_redirects = static_cast<int>(count);
  } else if (n == "--cookie" && o.value.find('=') == std::string::npos) {
    // As curl: without '=' it is a cookie jar file to read (Wirepad's JSON jar, docs/redirects-and-cookies.md).
    if (!print.cookie_jar_in.empty() && print.cookie_jar_in != o.value)
      error = "-b reads one cookie jar file, and two were given ('" + print.cookie_jar_in + "' and '" + o.value + "')";
    print.cookie_jar_in = o.value;
  } else if (n == "--cookie-jar") print.cookie_jar_out = o.value;
  else if (n == "--max-time") {
    // The whole exchange may take this long, and only it limits the wait for the first byte
    // and between bytes (curl has no such limits); connecting keeps its own, never longer.
    double s = parse_seconds(o.value, "--max-time", error);
    exchange.total_timeout = exchange.first_byte_timeout = exchange.idle_timeout = s;
    exchange.connect_timeout = std::min(exchange.connect_timeout, s);
  } else if (n == "--connect-timeout") exchange.connect_timeout = parse_seconds(o.value, "--connect-timeout", error);
  else if (n == "--http1.1") exchange.http_version = HttpVersion::http1_1;
  else if (n == "--http2") exchange.http_version = HttpVersion::http2;
  else if (n == "--http2-prior-knowledge") exchange.http_version = HttpVersion::http2_prior_knowledge;
  else if (n == "--insecure") exchange.verify_tls = false;
  else if (n == "--no-insecure") exchange.verify_tls = true;
  else if (n == "--cacert") exchange.ca_file = o.value;  // PEM CAs trusted besides the system's
  else return false;
  return true;
}

}  // namespace

int run_send_command(const std::vector<std::string>& args) {
  Result<std::vector<CurlOption>> options = read_curl_argv(args, own_option);
  if (!options) return usage_error(options.error().message);
  ExchangeOptions exchange;
  // curl's --max-redirs default: `send -L` follows what `curl -L` follows (an experiment file
  // keeps its own options.max_redirects).
  exchange.max_redirects = 50;
  HttpPrintOptions print;
  std::string error;
  std::vector<CurlOption> request_options, urls;
  for (const CurlOption& o : options.value()) {
    if (o.name.empty()) {
      urls.push_back(o);
      continue;
    }
    if (read_behaviour_option(o, exchange, print, error)) {
      if (!error.empty()) return usage_error(error);
      continue;
    }
    // --compressed is both: the Accept-Encoding curl sends, and the body printed decoded.
    if (o.name == "--compressed") print.decoded = true;
    if (o.name == "--no-compressed") print.decoded = false;
    request_options.push_back(o);
  }
  if (urls.empty()) return usage_error("send needs a URL, e.g. wirepad send http://127.0.0.1:8080/");
  if (print.sse) {
    if (!print.output.empty()) return usage_error("--sse prints the events to stdout; -o " + print.output + " cannot be used with it");
    // A stream may go on for hours and be quiet for minutes: only --max-time (or --timeout)
    // limits it, not the default total and idle limits.
    bool limited = false;
    for (const CurlOption& o : options.value()) limited |= o.name == "--max-time" || o.name == "--timeout";
    if (!limited) exchange.total_timeout = exchange.idle_timeout = 0;
  }
  if (!print.output.empty()) {
    if (urls.size() > 1) return usage_error("-o " + print.output + " takes one URL (" + std::to_string(urls.size()) + " given)");
    if (print.json && print.output == "-") return usage_error("-o - and --json would both write to stdout");
  }

  // Every URL gets the same options, as with curl (-G data and -T's file name go into each).
  // Files curl reads when it starts (-d @file, -H @file, -T file ...) are read once, here.
  std::map<std::string, std::string> read_once;
  CurlImportOptions import_options;
  import_options.sending = true;  // curl's bytes now: no {{variables}}, -H 'Accept:' removes Accept
  import_options.read_file = [&](const std::string& path) -> Result<std::string> {
    if (auto it = read_once.find(path); it != read_once.end()) return it->second;
    Result<std::string> bytes = read_file_here(path);
    if (bytes) read_once[path] = bytes.value();
    return bytes;
  };
  struct Prepared {
    ResolvedRequest resolved;
    ExchangeOptions exchange;
    CliAuthOptions auth;
  };
  std::vector<Prepared> prepared;
  prepared.reserve(urls.size());
  const ProxyEnvironment environment = process_proxy_environment();  // http_proxy & co, as curl reads them
  for (const CurlOption& url : urls) {
    std::vector<CurlOption> one = request_options;
    one.push_back(url);
    Result<CurlImport> imported = import_curl_options(one, import_options, args.size());
    if (!imported) return usage_error(imported.error().message);
    // What curl would do and this request would not is refused, naming the option: sending
    // other bytes than curl under curl's flags would be worse than not sending.
    for (const ImportNote& note : imported->ignored) {
      if (!note.info) return usage_error(note.what + ": not supported by wirepad send (" + note.sentence + ")");
    }
    if (prepared.empty())
      for (const ImportNote& note : imported->ignored) std::cerr << "wirepad: note: " << note.what << " " << note.sentence << "\n";
    const RequestSpec& spec = imported->experiment.request;
    // -F name=@file parts: read now, relative to the current directory, before anything is sent.
    std::map<std::string, std::string> files;
    for (const std::string& name : files_to_read(spec)) {
      Result<std::string> bytes = import_options.read_file(name);
      if (!bytes) {
        std::cerr << "wirepad: cannot read the file '" << name << "': " << bytes.error().message << "; nothing was sent\n";
        return 2;
      }
      files[name] = bytes.value();
    }
    ResolveOptions resolve;
    resolve.substitute_variables = false;  // curl has no {{variables}}: the text as typed
    resolve.files = &files;
    Result<ResolvedRequest> resolved = resolve_request_spec(spec, resolve);
    if (!resolved) return usage_error(resolved.error().message);
    // curl's header order: its own headers, then -H's, then the body's (curl_import.h).
    resolved->request.headers = arrange_headers_as_curl(resolved->request, imported.value());
    resolved->request.add_default_headers = false;  // what curl adds is written out above
    if (print.sse) {
      // --sse asks for an event stream, as EventSource does: curl's default Accept: */* becomes
      // Accept: text/event-stream, unless -H gave an Accept.
      bool typed = false;
      for (const CurlOption& o : request_options)
        typed |= o.name == "--header" && o.value.size() >= 7 && iequals(std::string_view(o.value).substr(0, 7), "accept:");
      for (Header& h : resolved->request.headers)
        if (!typed && iequals(h.name, "Accept")) h.value = "text/event-stream";
    }
    Prepared p{std::move(resolved.value()), exchange, {}};
    p.auth.first_request_whole = imported->anyauth;  // curl --anyauth: no Content-Length: 0 probe
    p.exchange.proxy = proxy_settings_for(spec.proxy);  // -x, --noproxy, -U; else the environment
    p.exchange.proxy_environment = environment;
    prepared.push_back(std::move(p));
  }

  // Several URLs to one origin with --http2 (or prior knowledge) share one connection as
  // streams, as curl multiplexes them: when nothing needs the requests one at a time (-o, -L,
  // cookie files, auth round trips, --sse).
  if (prepared.size() > 1 && exchange.http_version != HttpVersion::http1_1 && print.output.empty() && !print.sse &&
      !exchange.follow_redirects && print.cookie_jar_in.empty() && print.cookie_jar_out.empty()) {
    bool one_origin = true;
    std::vector<HttpRequest> requests;
    requests.reserve(prepared.size());
    const Result<Url> first = parse_url(prepared.front().resolved.request.url);
    for (const Prepared& p : prepared) {
      Result<Url> url = parse_url(p.resolved.request.url);
      one_origin = one_origin && first && url && p.resolved.pending == PendingAuth::none && url->scheme == first->scheme &&
                   url->host == first->host && url->port == first->port && p.exchange == prepared.front().exchange &&
                   (url->is_tls() || exchange.http_version == HttpVersion::http2_prior_knowledge);
      requests.push_back(p.resolved.request);
    }
    if (one_origin) {
      for (const Prepared& p : prepared)
        for (const std::string& note : p.resolved.notes) std::cerr << "wirepad: note: " << note << "\n";
      if (std::optional<int> status = perform_h2_batch_and_print(requests, prepared.front().exchange, print)) return *status;
    }
  }

  BlockingHttpClient client;
  std::optional<CookieJar> jar = load_cookie_jar(print);  // one jar for every URL, as curl has
  if (!jar) return 2;
  int status = 0;
  for (const Prepared& p : prepared) status = std::max(status, send_resolved_request(p.resolved, p.exchange, print, &client, &*jar, &p.auth));
  return std::max(status, save_cookie_jar(*jar, print));
}

}  // namespace wirepad::native
