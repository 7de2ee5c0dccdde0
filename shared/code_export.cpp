// wirepad core: code generators (see code_export.h). Each one is checked by running its
// output against a capture server (tests/native/convert_exec_test.cpp).
// Depends on: code_export.h, request_serializer.h, shell_words.h, url.h.
//
// [SECTION] literals for each language
// [SECTION] generators
#include "code_export.h"

#include <algorithm>

#include "code_plan.h"
#include "curl_import.h"
#include "request_resolve.h"
#include "request_serializer.h"
#include "shell_words.h"
#include "text_util.h"
#include "url.h"

namespace wirepad {

namespace {

// [SECTION] literals for each language -----------------------------------------------------

const char* kHex = "0123456789abcdef";

bool printable_ascii(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c >= 0x7F) return false;
  }
  return true;
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t more = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : 4;
    if (more == 4 || i + more >= s.size()) return false;
    for (std::size_t k = 1; k <= more; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    }
    i += more + 1;
  }
  return true;
}

// Python: "..." for printable ASCII, b"..." otherwise (also used for bytes objects).
std::string py_escaped(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c >= 0x7F) {
          out += "\\x";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += char(c);
        }
    }
  }
  return out;
}
std::string py_str(std::string_view s) { return (printable_ascii(s) ? "\"" : "b\"") + py_escaped(s) + "\""; }
std::string py_bytes(std::string_view s) { return "b\"" + py_escaped(s) + "\""; }
// A bytes literal over several lines, split after each line feed (for the request bytes).
std::string py_bytes_lines(std::string_view s, const std::string& indent) {
  std::string out;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t nl = s.find('\n', start);
    std::size_t end = nl == std::string_view::npos ? s.size() : nl + 1;
    out += indent + py_bytes(s.substr(start, end - start)) + "\n";
    start = end;
  }
  if (out.empty()) out = indent + "b\"\"\n";
  return out;
}

// C++: octal escapes (always three digits, so a following digit is never swallowed).
std::string c_str(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '?': out += "\\?"; break;  // no trigraphs, even for old compilers
      default:
        if (c < 0x20 || c >= 0x7F) {
          out += '\\';
          out += char('0' + (c >> 6));
          out += char('0' + ((c >> 3) & 7));
          out += char('0' + (c & 7));
        } else {
          out += char(c);
        }
    }
  }
  return out + "\"";
}

// JavaScript: bytes >= 0x80 as \xHH, i.e. one UTF-16 unit per byte: what a fetch header (a
// ByteString) sends as that byte. Bodies that are valid UTF-8 are written as text instead.
std::string js_str(std::string_view s, bool as_utf8_text) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && !as_utf8_text)) {
          out += "\\x";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += char(c);
        }
    }
  }
  return out + "\"";
}

bool sends_body(const HttpRequest& r) {
  return !r.body.empty() || iequals(r.method, "POST") || iequals(r.method, "PUT") || iequals(r.method, "PATCH");
}

// The URL without userinfo: Wirepad does not send it, but curl and requests would turn it
// into an Authorization header.
std::string url_without_userinfo(const std::string& url) {
  std::size_t scheme = url.find("://");
  std::size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  std::size_t end = url.find_first_of("/?#", start);
  std::size_t at = url.rfind('@', end == std::string::npos ? std::string::npos : end);
  if (at == std::string::npos || at < start) return url;
  return url.substr(0, start) + url.substr(at + 1);
}

// Absolute URL with a scheme ("example.com" -> "http://example.com", as Wirepad reads it),
// without userinfo and fragment.
std::string absolute_url(const Url& url) {
  return url.scheme + "://" + url.authority() + url.target;
}

std::string seconds_text(double s) {
  std::string t = std::to_string(s);
  t.erase(t.find_last_not_of('0') + 1);
  if (!t.empty() && t.back() == '.') t.pop_back();
  return t;
}

// [SECTION] generators ---------------------------------------------------------------------

// -F's value for a text part: curl reads '@', '<', '"' at the start and ';' anywhere as syntax,
// so such a text goes in double quotes (backslash escapes), as curl's formparse reads it.
std::string form_text_value(const std::string& value) {
  bool plain = value.find_first_of(";\"\\") == std::string::npos && (value.empty() || (value[0] != '@' && value[0] != '<'));
  if (plain) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// One multipart part as curl -F / --form-string writes it.
std::string curl_form_option(const MultipartPart& p) {
  std::string attributes;
  if (!p.content_type.empty()) attributes += ";type=" + p.content_type;
  if (!p.filename.empty()) attributes += ";filename=" + p.filename;
  if (p.is_file) return "-F " + quote_for_bash(p.name + "=@" + form_text_value(p.value) + attributes);
  if (attributes.empty() && form_text_value(p.value) != p.value) return "--form-string " + quote_for_bash(p.name + "=" + p.value);
  return "-F " + quote_for_bash(p.name + "=" + form_text_value(p.value) + attributes);
}

// The structured request as curl's own options (-u, --digest, --oauth2-bearer, --aws-sigv4,
// --data-urlencode, -F, --data-binary @file, -x), so that importing the command gives the
// same RequestSpec back (tests/core/curl_roundtrip_test.cpp); what curl cannot say (OAuth 2.0,
// an API key) goes out as the headers it makes.
Result<std::string> to_curl(const Experiment& e) {
  const RequestSpec& spec = e.request;
  ResolveOptions options;  // as flatten_request: {{variables}} kept, files not read
  options.keep_unknown_variables = true;
  options.tolerate_missing_files = true;
  options.encode_url = false;
  Result<ResolvedRequest> resolved = resolve_request_spec(spec, options);
  const HttpRequest r = resolved ? resolved->request : flatten_request(spec);
  if (r.body.find('\0') != std::string::npos && spec.body_kind != BodyKind::binary &&
      spec.body_kind != BodyKind::multipart) {
    return make_error(ErrorCode::invalid_request,
                      "the body contains a NUL byte, which a command-line argument cannot carry; export it as "
                      "Python socket code instead",
                      std::int64_t(r.body.find('\0')));
  }
  // The headers the auth and body kinds add that curl's own options make again.
  const AuthKind auth = spec.auth.kind;
  const BodyKind body = spec.body_kind;
  bool auth_by_option = auth == AuthKind::basic || auth == AuthKind::bearer;
  auto made_by_option = [&](const Header& h) {
    if (!resolved) return false;
    bool added = std::find(resolved->added.begin(), resolved->added.end(), h) != resolved->added.end();
    if (!added) return false;
    if (iequals(h.name, "Authorization")) return auth_by_option;
    if (iequals(h.name, "Content-Type")) return body == BodyKind::urlencoded || body == BodyKind::multipart;
    return false;
  };
  std::vector<std::string> lines;
  lines.push_back("curl " + quote_for_bash(url_without_userinfo(r.url)));
  bool data = sends_body(r) || body == BodyKind::urlencoded || body == BodyKind::multipart || body == BodyKind::binary;
  // With data curl defaults to POST; without, to GET. --head, not -X HEAD, so curl does not
  // wait for a body that never comes.
  if (data && r.method != "POST") lines.push_back("-X " + quote_for_bash(r.method));
  if (!data && r.method == "HEAD") lines.push_back("--head");
  else if (!data && r.method != "GET") lines.push_back("-X " + quote_for_bash(r.method));
  // The user's headers as they are: a multipart Content-Type without its boundary stays so
  // (curl appends its own), then the headers an auth scheme curl cannot name makes.
  Headers headers = enabled_headers(spec.headers);
  if (resolved) {
    for (const Header& h : resolved->added) {
      if (!made_by_option(h)) headers.push_back(h);
    }
  } else {
    headers = r.headers;
  }
  // A JSON body whose last two headers are the ones curl --json adds goes back as --json.
  bool as_json = false;
  if (body == BodyKind::raw && spec.body_language == RawLanguage::json && resolved && headers.size() >= 2 &&
      headers.size() == enabled_headers(spec.headers).size() &&
      headers[headers.size() - 2] == Header{"Content-Type", "application/json"} &&
      headers.back() == Header{"Accept", "application/json"} && r.body.find('\0') == std::string::npos) {
    headers.resize(headers.size() - 2);
    // curl adds them only when the user's headers have neither.
    as_json = !find_header(headers, "Content-Type") && !find_header(headers, "Accept");
    if (!as_json) headers = enabled_headers(spec.headers);
  }
  for (Header h : headers) {
    // A multipart type's own boundary is left out: curl -F appends its boundary to whatever
    // the header says and frames the parts with it, so "boundary=X; boundary=------..." would
    // go out, which a server reads as X and cannot split (checked with curl 7.88).
    if (body == BodyKind::multipart && iequals(h.name, "Content-Type"))
      h.value = without_boundary_parameter(h.value).value_or(h.value);
    // "Name;" is curl's way to send an empty value ("Name:" would remove the header).
    lines.push_back("-H " + quote_for_bash(h.value.empty() ? h.name + ";" : h.name + ": " + h.value));
  }
  switch (resolved ? auth : AuthKind::none) {
    case AuthKind::basic:
      lines.push_back("-u " + quote_for_bash(resolved->auth.basic.username + ":" + resolved->auth.basic.password));
      break;
    case AuthKind::digest:
      lines.push_back("--digest");
      lines.push_back("-u " + quote_for_bash(resolved->auth.digest.username + ":" + resolved->auth.digest.password));
      break;
    case AuthKind::bearer: lines.push_back("--oauth2-bearer " + quote_for_bash(resolved->auth.bearer.token)); break;
    case AuthKind::aws_sigv4: {
      const SigV4Auth& a = resolved->auth.sigv4;
      lines.push_back("--aws-sigv4 " + quote_for_bash("aws:amz:" + a.region + ":" + a.service));
      lines.push_back("-u " + quote_for_bash(a.access_key + ":" + a.secret_key));
      if (!a.session_token.empty()) lines.push_back("-H " + quote_for_bash("X-Amz-Security-Token: " + a.session_token));
      break;
    }
    default: break;
  }
  bool has_type = find_header(headers, "Content-Type") != nullptr;
  if (body == BodyKind::urlencoded) {
    bool any = false;
    for (const FormField& f : spec.form) {
      if (!f.enabled) continue;
      any = true;
      // --data-urlencode encodes the value, not the name: a name that needs encoding goes raw.
      if (!f.name.empty() && form_urlencode(f.name, true) == f.name) {
        lines.push_back("--data-urlencode " + quote_for_bash(f.name + "=" + f.value));
      } else {
        lines.push_back("--data-raw " + quote_for_bash(form_urlencode(f.name, true) + "=" + form_urlencode(f.value, true)));
      }
    }
    if (!any) lines.push_back("--data-raw ''");
  } else if (body == BodyKind::multipart) {
    bool any = false;
    for (const MultipartPart& p : spec.multipart) {
      if (!p.enabled) continue;
      any = true;
      lines.push_back(curl_form_option(p));
    }
    if (!any) lines.push_back("--data-raw " + quote_for_bash(r.body));
  } else if (body == BodyKind::binary) {
    if (!has_type) lines.push_back("-H 'Content-Type:'");
    lines.push_back("--data-binary " + quote_for_bash("@" + spec.binary_file));
  } else if (as_json) {
    lines.push_back("--json " + quote_for_bash(r.body));
  } else if (data) {
    if (!has_type) lines.push_back("-H 'Content-Type:'");  // else curl adds application/x-www-form-urlencoded
    lines.push_back("--data-raw " + quote_for_bash(r.body));  // --data-raw: no @file
  }
  const ProxySpec& proxy = spec.proxy;
  if (proxy.mode == ProxyMode::explicit_url && !proxy.url.empty()) lines.push_back("-x " + quote_for_bash(proxy.url));
  if ((proxy.mode == ProxyMode::explicit_url || proxy.mode == ProxyMode::system) && !proxy.username.empty()) {
    lines.push_back("-U " + quote_for_bash(proxy.username + ":" + proxy.password));
  }
  if (proxy.mode == ProxyMode::none) lines.push_back("--noproxy '*'");
  if (proxy.mode != ProxyMode::none && !proxy.no_proxy.empty()) {
    std::string hosts;
    for (const std::string& h : proxy.no_proxy) hosts += (hosts.empty() ? "" : ",") + h;
    lines.push_back("--noproxy " + quote_for_bash(hosts));
  }
  if (!e.options.verify_tls) lines.push_back("--insecure");
  if (e.options.http_version == HttpVersion::http2) lines.push_back("--http2");
  if (e.options.http_version == HttpVersion::http2_prior_knowledge) lines.push_back("--http2-prior-knowledge");
  ExchangeOptions defaults;
  if (e.options.connect_timeout != defaults.connect_timeout) {
    lines.push_back("--connect-timeout " + seconds_text(e.options.connect_timeout));
  }
  if (e.options.total_timeout != defaults.total_timeout) {
    lines.push_back("--max-time " + seconds_text(e.options.total_timeout));
  }
  if (e.options.follow_redirects) {
    lines.push_back("--location");
    // curl's own limit is 50, not the experiment's default (10): say it unless they agree.
    constexpr int kCurlMaxRedirs = 50;
    if (e.options.max_redirects != kCurlMaxRedirs) lines.push_back("--max-redirs " + std::to_string(e.options.max_redirects));
  }
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) out += (i ? "  " : "") + lines[i] + (i + 1 < lines.size() ? " \\\n" : "\n");
  return out;
}

std::string python_tls_context(const Experiment& e) {
  return e.options.verify_tls ? "ssl.create_default_context()"
                              : "ssl._create_unverified_context()  # the experiment does not verify certificates";
}

// The lines a program starts with: what it leaves to the reader ({{variables}} written as
// they are, a Digest challenge it does not answer) and, when it reads files, where from.
std::string leading_comments(const CodePlan& plan, const std::string& mark) {
  std::string out;
  if (!plan.variables.empty()) {
    std::string names;
    for (const std::string& v : plan.variables) names += (names.empty() ? "" : ", ") + ("{{" + v + "}}");
    out += mark + " Wirepad variables left as written: " + names + ". Replace them with their values\n";
    out += mark + " before running (Wirepad fills them in from the environment when it sends).\n";
  }
  if (!plan.files.empty()) {
    out += mark + " Files are read when the program runs, by the paths the experiment names (relative to\n";
    out += mark + " the experiment file): run it from the experiment's folder.\n";
  }
  return out;
}

bool is_header(const Header& h, std::string_view name) { return iequals(h.name, name); }

// A header the pipeline added (auth, body kind), not one the user typed.
bool added_by_pipeline(const CodePlan& plan, const Header& h) {
  return std::find(plan.resolved.added.begin(), plan.resolved.added.end(), h) != plan.resolved.added.end();
}

// Python: the body as an expression over literal bytes and read_file(path) calls.
std::string py_body_expression(const CodePlan& plan, const std::string& indent) {
  std::string out = "(\n";
  for (std::size_t i = 0; i < plan.body.size(); ++i) {
    const BodyPiece& piece = plan.body[i];
    std::string lines = piece.file >= 0 ? indent + "read_file(" + py_str(plan.files[std::size_t(piece.file)]) + ")\n"
                                        : py_bytes_lines(piece.bytes, indent);
    if (i > 0) lines.insert(indent.size(), "+ ");
    out += lines;
  }
  if (plan.body.empty()) out += indent + "b\"\"\n";
  return out + ")";
}

const char* kPyReadFile =
    "def read_file(path):\n"
    "    with open(path, \"rb\") as f:\n"
    "        return f.read()\n\n";

std::string to_python_socket(const Experiment& e, const CodePlan& plan) {
  const SerializedRequest& s = plan.serialized;
  bool tls = s.url.is_tls();
  std::string out;
  out += "# The request Wirepad sends, byte for byte, over a plain socket.\n";
  out += leading_comments(plan, "#");
  out += "import socket\n";
  if (tls) out += "import ssl\n";
  out += "\n";
  if (!plan.files.empty()) out += kPyReadFile;
  out += "HOST = " + py_str(s.url.host) + "\nPORT = " + std::to_string(s.url.port) + "\n";
  if (!plan.length_at_run_time) {
    out += "REQUEST = (\n" + py_bytes_lines(s.bytes, "    ") + ")\n\n";
  } else {
    // The head as Wirepad writes it, with the length of the files as they are when it runs.
    out += "BODY = " + py_body_expression(plan, "    ") + "\n";
    const std::string head = s.bytes.substr(0, s.bytes.find("\r\n") + 2);
    out += "REQUEST = (\n    " + py_bytes(head) + "\n";
    for (const Header& h : s.headers) {
      if (is_header(h, "Content-Length")) out += "    + b\"Content-Length: \" + str(len(BODY)).encode() + b\"\\r\\n\"\n";
      else out += "    + " + py_bytes(h.name + ": " + h.value + "\r\n") + "\n";
    }
    out += "    + b\"\\r\\n\"\n    + BODY\n)\n\n";
  }
  out += "with socket.create_connection((HOST, PORT), timeout=" + seconds_text(e.options.total_timeout) + ") as sock:\n";
  if (tls) {
    out += "    context = " + python_tls_context(e) + "\n";
    out += "    sock = context.wrap_socket(sock, server_hostname=HOST)\n";
  }
  out += "    sock.sendall(REQUEST)\n";
  out += "    # Read until the server closes the connection; a server that keeps it open ends the\n";
  out += "    # loop with the timeout above.\n";
  out += "    response = b\"\"\n";
  out += "    while True:\n";
  out += "        try:\n";
  out += "            data = sock.recv(4096)\n";
  out += "        except socket.timeout:\n";
  out += "            break\n";
  out += "        if not data:\n";
  out += "            break\n";
  out += "        response += data\n";
  out += "\nprint(response.decode(\"utf-8\", errors=\"replace\"))\n";
  return out;
}

std::string to_python_http_client(const Experiment& e, const CodePlan& plan) {
  const SerializedRequest& s = plan.serialized;
  const HttpRequest& r = plan.resolved.request;
  bool tls = s.url.is_tls();
  std::string out;
  out += "# The request Wirepad sends, with http.client from Python's standard library.\n";
  out += leading_comments(plan, "#");
  out += "import http.client\n";
  if (tls) out += "import ssl\n";
  out += "\n";
  if (!plan.files.empty()) out += kPyReadFile;
  if (tls) {
    out += "context = " + python_tls_context(e) + "\n";
    out += "connection = http.client.HTTPSConnection(" + py_str(s.url.host) + ", " + std::to_string(s.url.port) +
           ", timeout=" + seconds_text(e.options.total_timeout) + ", context=context)\n";
  } else {
    out += "connection = http.client.HTTPConnection(" + py_str(s.url.host) + ", " + std::to_string(s.url.port) +
           ", timeout=" + seconds_text(e.options.total_timeout) + ")\n";
  }
  if (plan.length_at_run_time) out += "body = " + py_body_expression(plan, "    ") + "\n";
  out += "# putrequest/putheader send exactly these headers, in this order; request() would add\n";
  out += "# Accept-Encoding: identity.\n";
  out += "connection.putrequest(" + py_str(r.method) + ", " + py_str(s.url.target) +
         ", skip_host=True, skip_accept_encoding=True)\n";
  for (const Header& h : s.headers) {
    if (plan.length_at_run_time && is_header(h, "Content-Length")) out += "connection.putheader(\"Content-Length\", str(len(body)))\n";
    else out += "connection.putheader(" + py_str(h.name) + ", " + py_str(h.value) + ")\n";
  }
  if (plan.length_at_run_time) {
    out += "connection.endheaders(body)\n";
  } else {
    // The body as it goes on the wire (chunk-encoded under Transfer-Encoding: chunked, as the
    // serializer sends it): after putheader, endheaders sends what it is given as it is.
    const std::string wire_body = s.bytes.substr(s.bytes.find("\r\n\r\n") + 4);
    if (wire_body.empty()) out += "connection.endheaders()\n";
    else out += "connection.endheaders(" + py_bytes(wire_body) + ")\n";
  }
  out += "response = connection.getresponse()\n";
  out += "print(response.status, response.reason)\n";
  out += "for name, value in response.getheaders():\n";
  out += "    print(f\"{name}: {value}\")\n";
  out += "print()\n";
  out += "print(response.read().decode(\"utf-8\", errors=\"replace\"))\n";
  return out;
}

// Text a library writes into a header parameter (a multipart name or filename) as Wirepad
// does: printable ASCII without '\' (urllib3 doubles it, Wirepad does not).
bool plain_parameter(std::string_view s) { return printable_ascii(s) && s.find('\\') == std::string_view::npos; }

// requests' files= writes these parts with Wirepad's bytes (urllib3's HTML5 escaping of '"',
// the part headers in Wirepad's order); the boundary is its own.
bool requests_can_write_parts(const CodePlan& plan, const RequestSpec& spec) {
  if (plan.parts.empty() || find_header(spec.headers, "Content-Type")) return false;
  for (const PlannedPart& p : plan.parts) {
    if (!plain_parameter(p.name) || !plain_parameter(p.filename) || !printable_ascii(p.content_type)) return false;
  }
  return true;
}

std::string to_python_requests(const Experiment& e, const CodePlan& plan) {
  const SerializedRequest& s = plan.serialized;
  const HttpRequest& r = plan.resolved.request;
  const RequestSpec& spec = e.request;
  std::vector<std::string> why;  // what stays explicit, and why (comments)

  // The query as params= when urlencode writes the same bytes.
  std::string url = absolute_url(s.url);
  std::string params;
  const std::size_t q = s.url.target.find('?');
  if (q != std::string::npos) {
    const std::string query = s.url.target.substr(q + 1);
    auto rows = decoded_query(query);
    if (rows && !rows->empty() && python_urlencode(*rows) == query) {
      url = s.url.scheme + "://" + s.url.authority() + s.url.target.substr(0, q);
      for (const auto& [n, v] : *rows) params += "        (" + py_str(n) + ", " + py_str(v) + "),\n";
    } else {
      why.push_back("the query stays in the URL: urlencode (params=) would write it differently");
    }
  }

  // The body: a form as data=[...], multipart as files=[...], a file read when run; else bytes.
  std::string body_arg;
  bool library_body = false;   // the library sets Content-Length (and multipart's Content-Type)
  bool library_type = false;
  if (spec.body_kind == BodyKind::urlencoded) {
    auto fields = enabled_form_fields(spec);
    if (!fields.empty() && python_urlencode(fields) == encode_urlencoded_body(spec.form, false)) {
      body_arg = "    data=[\n";
      for (const auto& [n, v] : fields) body_arg += "        (" + py_str(n) + ", " + py_str(v) + "),\n";
      body_arg += "    ],\n";
      library_body = true;
    } else if (!fields.empty()) {
      why.push_back("the form stays as bytes: urlencode (data=) would write it differently");
    }
  } else if (spec.body_kind == BodyKind::multipart) {
    if (requests_can_write_parts(plan, spec)) {
      body_arg = "    files=[  # (file name or None, bytes, Content-Type or None)\n";
      for (const PlannedPart& p : plan.parts) {
        std::string data = p.file >= 0 ? "read_file(" + py_str(plan.files[std::size_t(p.file)]) + ")" : py_bytes(p.value);
        body_arg += "        (" + py_str(p.name) + ", (" + (p.filename.empty() ? "None" : py_str(p.filename)) + ", " + data +
                    ", " + (p.content_type.empty() ? "None" : py_str(p.content_type)) + ")),\n";
      }
      body_arg += "    ],\n";
      library_body = library_type = true;
    } else if (!plan.parts.empty()) {
      why.push_back(find_header(spec.headers, "Content-Type")
                        ? "the multipart body stays as bytes: its Content-Type (and boundary) is the experiment's own"
                        : "the multipart body stays as bytes: a name or file name urllib3 would escape differently");
    }
  }
  if (body_arg.empty() && plan.length_at_run_time) {
    const bool one_file = plan.body.size() == 1;
    body_arg = "    data=" + (one_file ? "read_file(" + py_str(plan.files[std::size_t(plan.body[0].file)]) + ")"
                                       : "BODY") + ",\n";
    library_body = true;
  } else if (body_arg.empty() && !r.body.empty()) {
    body_arg = "    data=" + py_bytes(r.body) + ",\n";
  }

  // Auth: Basic as auth=(user, password) when requests writes the same header (latin-1 text:
  // ASCII here), Digest as HTTPDigestAuth (no credentials until the server's challenge).
  std::string auth_arg;
  bool drop_authorization = false;
  if (spec.auth.kind == AuthKind::basic) {
    const BasicAuth& b = plan.resolved.auth.basic;
    if (printable_ascii(b.username) && printable_ascii(b.password)) {
      auth_arg = "    auth=(" + py_str(b.username) + ", " + py_str(b.password) + "),\n";
      drop_authorization = true;
    }
  } else if (spec.auth.kind == AuthKind::digest) {
    const DigestAuth& d = plan.resolved.auth.digest;
    auth_arg = "    auth=HTTPDigestAuth(" + py_str(d.username) + ", " + py_str(d.password) + "),\n";
  }

  // A dict holds one value per name: repeated headers are joined with ", " (RFC 9110 §5.3).
  Headers merged;
  for (const Header& h : s.headers) {
    if (library_body && is_header(h, "Content-Length")) continue;
    if (library_type && is_header(h, "Content-Type")) continue;
    if (drop_authorization && is_header(h, "Authorization") && added_by_pipeline(plan, h)) continue;
    bool joined = false;
    for (Header& m : merged) {
      if (iequals(m.name, h.name)) {
        m.value += ", " + h.value;
        joined = true;
      }
    }
    if (!joined) merged.push_back(h);
  }
  std::string out;
  out += "# The request Wirepad sends, with the requests library.\n";
  out += leading_comments(plan, "#");
  for (const std::string& w : why) out += "# Note: " + w + ".\n";
  out += "import requests\n";
  if (spec.auth.kind == AuthKind::digest) out += "from requests.auth import HTTPDigestAuth\n";
  out += "from urllib3.util import SKIP_HEADER\n\n";
  if (!plan.files.empty()) out += kPyReadFile;
  if (body_arg.find("BODY") != std::string::npos) out += "BODY = " + py_body_expression(plan, "    ") + "\n\n";
  out += "session = requests.Session()\n";
  out += "session.headers.clear()  # no default User-Agent, Accept, Accept-Encoding, Connection\n";
  out += "request = requests.Request(\n";
  out += "    " + py_str(r.method) + ",\n";
  out += "    " + py_str(url) + ",\n";
  if (!params.empty()) out += "    params=[\n" + params + "    ],\n";
  out += "    headers={\n";
  for (const Header& h : merged) out += "        " + py_str(h.name) + ": " + py_str(h.value) + ",\n";
  if (!find_header(merged, "Accept-Encoding")) {
    out += "        \"Accept-Encoding\": SKIP_HEADER,  # else http.client adds Accept-Encoding: identity\n";
  }
  out += "    },\n";
  out += body_arg;
  out += auth_arg;
  out += ")\n";
  out += "prepared = session.prepare_request(request)\n";
  if (!library_body && !find_header(s.headers, "Content-Length") && !iequals(r.method, "GET") && !iequals(r.method, "HEAD")) {
    out += "del prepared.headers[\"Content-Length\"]  # requests adds \"Content-Length: 0\" to a " + r.method +
           "; Wirepad does not\n";
  }
  out += "response = session.send(\n";
  out += "    prepared,\n";
  out += "    allow_redirects=False,\n";
  out += std::string("    verify=") + (e.options.verify_tls ? "True" : "False") + ",\n";
  out += "    timeout=" + seconds_text(e.options.total_timeout) + ",\n";
  out += ")\n";
  out += "print(response.status_code, response.reason)\n";
  out += "for name, value in response.headers.items():\n";
  out += "    print(f\"{name}: {value}\")\n";
  out += "print()\n";
  out += "print(response.text)\n";
  return out;
}

// JavaScript: bytes as a Buffer (latin1: one character per byte).
std::string js_buffer(std::string_view bytes) { return "Buffer.from(" + js_str(bytes, false) + ", \"latin1\")"; }

std::string js_body_expression(const CodePlan& plan) {
  if (plan.body.size() == 1 && plan.body[0].file >= 0)
    return "fs.readFileSync(" + js_str(plan.files[std::size_t(plan.body[0].file)], true) + ")";
  std::string out = "Buffer.concat([\n";
  for (const BodyPiece& piece : plan.body) {
    out += "      " + (piece.file >= 0 ? "fs.readFileSync(" + js_str(plan.files[std::size_t(piece.file)], true) + ")"
                                       : js_buffer(piece.bytes)) + ",\n";
  }
  return out + "    ])";
}

// FormData gives these parts Wirepad's bytes: text without a file name or type, and with no
// line break (FormData turns each into CR LF); files (and texts with a file name) as Blobs,
// whose type is what Wirepad writes, in lower case (a Blob's type is lowered).
bool fetch_can_write_parts(const CodePlan& plan, const RequestSpec& spec) {
  if (plan.parts.empty() || find_header(spec.headers, "Content-Type")) return false;
  for (const PlannedPart& p : plan.parts) {
    if (!valid_utf8(p.name) || p.name.find_first_of("\r\n") != std::string::npos) return false;
    if (!valid_utf8(p.filename)) return false;
    if (p.file < 0 && p.filename.empty()) {
      if (!p.content_type.empty() || !valid_utf8(p.value) || p.value.find_first_of("\r\n") != std::string::npos) return false;
      continue;
    }
    if (p.filename.empty() || p.content_type.empty() || !printable_ascii(p.content_type) ||
        text::lower(p.content_type) != p.content_type)
      return false;
  }
  return true;
}

std::string to_fetch(const Experiment& e, const CodePlan& plan) {
  const SerializedRequest& s = plan.serialized;
  const HttpRequest& r = plan.resolved.request;
  const RequestSpec& spec = e.request;
  bool no_body_allowed = iequals(r.method, "GET") || iequals(r.method, "HEAD");
  std::vector<std::string> why;
  std::string body;     // the `body:` line(s), without the key
  std::string setup;    // statements before the fetch call
  bool form_data = false;
  if (!no_body_allowed && spec.body_kind == BodyKind::multipart && fetch_can_write_parts(plan, spec)) {
    setup += "  const form = new FormData();\n";
    for (const PlannedPart& p : plan.parts) {
      if (p.file < 0 && p.filename.empty()) {
        setup += "  form.append(" + js_str(p.name, true) + ", " + js_str(p.value, true) + ");\n";
      } else {
        std::string bytes = p.file >= 0 ? "fs.readFileSync(" + js_str(plan.files[std::size_t(p.file)], true) + ")" : js_buffer(p.value);
        setup += "  form.append(" + js_str(p.name, true) + ", new Blob([" + bytes + "], { type: " + js_str(p.content_type, true) +
                 " }), " + js_str(p.filename, true) + ");\n";
      }
    }
    body = "form";
    form_data = true;
  } else if (!no_body_allowed && spec.body_kind == BodyKind::multipart && !plan.parts.empty()) {
    why.push_back("the multipart body stays as bytes: FormData would write a part differently (a type it cannot "
                  "give, a line break it turns into CR LF, or the experiment's own Content-Type)");
  }
  if (!no_body_allowed && spec.body_kind == BodyKind::urlencoded && body.empty()) {
    auto fields = enabled_form_fields(spec);
    bool text = std::all_of(fields.begin(), fields.end(), [](const auto& f) { return valid_utf8(f.first) && valid_utf8(f.second); });
    if (!fields.empty() && text && whatwg_urlencode(fields) == encode_urlencoded_body(spec.form, false)) {
      body = "new URLSearchParams([\n";
      for (const auto& [n, v] : fields) body += "      [" + js_str(n, true) + ", " + js_str(v, true) + "],\n";
      body += "    ])";
    } else if (!fields.empty()) {
      why.push_back("the form stays as bytes: URLSearchParams keeps '*' and escapes '~', Wirepad the other way round");
    }
  }
  std::string out;
  out += "// The request Wirepad sends, with fetch (built into Node 18 and later).\n";
  out += "// fetch sets Host and Content-Length itself and adds a few headers of its own\n";
  out += "// (Connection, Accept-Language, Sec-Fetch-Mode, Accept-Encoding); it sends names in lower case\n";
  out += "// and joins repeated headers with \", \".\n";
  out += leading_comments(plan, "//");
  for (const std::string& w : why) out += "// Note: " + w + ".\n";
  if (spec.auth.kind == AuthKind::digest) {
    out += "// Digest auth: this sends the first request, without credentials, as Wirepad does; fetch does\n";
    out += "// not answer the server's challenge (Wirepad, curl --digest and requests do).\n";
  }
  if (find_header(r.headers, "Cookie")) {
    out += "// fetch drops the Cookie header: it is a forbidden header name in the Fetch standard.\n";
  }
  if (!plan.files.empty()) out += "const fs = require(\"fs\");\n";
  if (!e.options.verify_tls) {
    out += "process.env.NODE_TLS_REJECT_UNAUTHORIZED = \"0\";  // the experiment does not verify certificates\n";
  }
  out += "\nasync function main() {\n";
  out += setup;
  out += "  const response = await fetch(" + js_str(absolute_url(s.url), true) + ", {\n";
  out += "    method: " + js_str(r.method, false) + ",\n";
  out += "    headers: [\n";
  for (const Header& h : s.headers) {
    if (iequals(h.name, "Host") || iequals(h.name, "Content-Length")) continue;
    if (form_data && is_header(h, "Content-Type")) continue;  // FormData's, with its boundary
    out += "      [" + js_str(h.name, false) + ", " + js_str(h.value, false) + "],\n";
  }
  out += "    ],\n";
  // A string body makes fetch add "Content-Type: text/plain;charset=UTF-8"; bytes do not.
  bool typed = find_header(r.headers, "Content-Type") != nullptr;
  const bool has_body = plan.length_at_run_time || !r.body.empty();
  if (!body.empty()) {
    out += "    body: " + body + ",\n";
  } else if (has_body && no_body_allowed) {
    out += "    // fetch refuses a body with " + r.method + "; the experiment's body is left out.\n";
  } else if (plan.length_at_run_time) {
    out += "    body: " + js_body_expression(plan) + ",\n";
  } else if (!r.body.empty() && valid_utf8(r.body)) {
    out += typed ? "    body: " + js_str(r.body, true) + ",\n"
                 : "    body: new TextEncoder().encode(" + js_str(r.body, true) + "),  // bytes: no Content-Type added\n";
  } else if (!r.body.empty()) {
    out += "    body: new Uint8Array([";
    for (std::size_t i = 0; i < r.body.size(); ++i) {
      out += (i ? ", " : "") + std::to_string(static_cast<unsigned char>(r.body[i]));
    }
    out += "]),\n";
  } else if (sends_body(r)) {
    out += "    body: new Uint8Array(0),  // an empty body, sent with Content-Length: 0\n";
  }
  out += "    redirect: \"manual\",\n";
  out += "    signal: AbortSignal.timeout(" + std::to_string(static_cast<long long>(e.options.total_timeout * 1000)) + "),\n";
  out += "  });\n";
  out += "  console.log(response.status, response.statusText);\n";
  out += "  for (const [name, value] of response.headers) console.log(`${name}: ${value}`);\n";
  out += "  console.log();\n";
  out += "  console.log(await response.text());\n";
  out += "}\n\n";
  out += "main().catch((error) => {\n";
  out += "  console.error(\"request failed:\", error);\n";
  out += "  process.exit(1);\n";
  out += "});\n";
  return out;
}

// MultipartFormDataItems gives these parts Wirepad's bytes: cpp-httplib writes names and
// file names between quotes as they are (Wirepad escapes '"', CR, LF), and only POST and PUT
// take items.
bool httplib_can_write_parts(const CodePlan& plan, const RequestSpec& spec, const std::string& method) {
  if (plan.parts.empty() || find_header(spec.headers, "Content-Type")) return false;
  if (method != "POST" && method != "PUT") return false;
  for (const PlannedPart& p : plan.parts) {
    if (p.name.find_first_of("\"\r\n") != std::string::npos || p.filename.find_first_of("\"\r\n") != std::string::npos)
      return false;
  }
  return true;
}

std::string cpp_body_expression(const CodePlan& plan) {
  std::string out;
  for (const BodyPiece& piece : plan.body) {
    if (!out.empty()) out += " +\n                 ";
    out += piece.file >= 0 ? "read_file(" + c_str(plan.files[std::size_t(piece.file)]) + ")"
                           : "std::string(" + c_str(piece.bytes) + ", " + std::to_string(piece.bytes.size()) + ")";
  }
  return out.empty() ? "std::string()" : out;
}

std::string to_cpp_httplib(const Experiment& e, const CodePlan& plan) {
  const SerializedRequest& s = plan.serialized;
  const HttpRequest& r = plan.resolved.request;
  const RequestSpec& spec = e.request;
  std::string origin = s.url.scheme + "://" + (s.url.is_ipv6_literal() ? "[" + s.url.host + "]" : s.url.host) + ":" +
                       std::to_string(s.url.port);
  const bool items = spec.body_kind == BodyKind::multipart && httplib_can_write_parts(plan, spec, r.method);
  std::vector<std::string> why;
  if (spec.body_kind == BodyKind::multipart && !plan.parts.empty() && !items) {
    why.push_back("the multipart body stays as bytes: MultipartFormDataItems would write it differently (only POST "
                  "and PUT take items; names are not escaped; or the experiment has its own Content-Type)");
  }
  if (spec.body_kind == BodyKind::urlencoded && !spec.form.empty()) {
    why.push_back("the form stays as bytes: httplib::Params is a multimap (sorted by name) and escapes other characters");
  }
  // Basic auth as set_basic_auth (the same header: base64 of "user:password"); Digest as
  // set_digest_auth, which answers the server's challenge (needs OpenSSL: Debian's has it).
  bool basic = false;
  const BasicAuth& b = plan.resolved.auth.basic;
  if (spec.auth.kind == AuthKind::basic && (!b.username.empty() || !b.password.empty())) basic = true;
  const bool digest = spec.auth.kind == AuthKind::digest;
  std::string out;
  out += "// The request Wirepad sends, with cpp-httplib.\n";
  out += "// Build: g++ -std=c++17 request.cpp $(pkg-config --cflags --libs cpp-httplib)\n";
  out += leading_comments(plan, "//");
  for (const std::string& w : why) out += "// Note: " + w + ".\n";
  out += "// cpp-httplib sends headers sorted by name";
  if ((plan.length_at_run_time || !r.body.empty()) && !find_header(r.headers, "Content-Type"))
    out += ", and adds Content-Type: text/plain to a body";
  out += ".\n";
  out += "#include <httplib.h>\n\n";
  if (!plan.files.empty()) out += "#include <fstream>\n";
  out += "#include <iostream>\n";
  if (!plan.files.empty()) out += "#include <iterator>\n#include <stdexcept>\n";
  out += "\n";
  if (!plan.files.empty()) {
    out += "static std::string read_file(const char* path) {\n";
    out += "  std::ifstream in(path, std::ios::binary);\n";
    out += "  if (!in) throw std::runtime_error(std::string(\"cannot read \") + path);\n";
    out += "  return std::string(std::istreambuf_iterator<char>(in), {});\n";
    out += "}\n\n";
  }
  out += "int main() {\n";
  out += "  httplib::Client client(" + c_str(origin) + ");\n";
  out += "  client.set_keep_alive(true);   // else it adds \"Connection: close\"\n";
  out += "  client.set_url_encode(false);  // send the target as written\n";
  out += "  client.set_decompress(false);  // else it adds \"Accept-Encoding\"\n";
  out += "  client.set_follow_location(false);\n";
  out += "  client.set_read_timeout(" + std::to_string(static_cast<long long>(e.options.total_timeout)) + ");\n";
  if (s.url.is_tls() && !e.options.verify_tls) {
    out += "  client.enable_server_certificate_verification(false);  // as the experiment says\n";
  }
  if (basic) out += "  client.set_basic_auth(" + c_str(b.username) + ", " + c_str(b.password) + ");\n";
  if (digest) {
    out += "  client.set_digest_auth(" + c_str(plan.resolved.auth.digest.username) + ", " +
           c_str(plan.resolved.auth.digest.password) + ");  // answers the server's challenge\n";
  }
  auto header_lines = [&](bool skip_body_headers) {
    std::string lines;
    for (const Header& h : s.headers) {
      if (basic && is_header(h, "Authorization") && added_by_pipeline(plan, h)) continue;
      // The library's own: the body's length (and the multipart type with its boundary).
      if (skip_body_headers && (is_header(h, "Content-Length") || is_header(h, "Content-Type"))) continue;
      if (plan.length_at_run_time && is_header(h, "Content-Length")) continue;
      // With an empty body cpp-httplib adds its own "Content-Length: 0" to POST/PUT/PATCH.
      if (!plan.length_at_run_time && r.body.empty() && sends_body(r) && is_header(h, "Content-Length")) continue;
      lines += "      {" + c_str(h.name) + ", " + c_str(h.value) + "},\n";
    }
    return lines;
  };
  if (items) {
    out += "  httplib::Headers headers = {\n" + header_lines(true) + "  };\n";
    out += "  httplib::MultipartFormDataItems items = {  // name, content, file name, Content-Type\n";
    for (const PlannedPart& p : plan.parts) {
      std::string content = p.file >= 0 ? "read_file(" + c_str(plan.files[std::size_t(p.file)]) + ")"
                                        : "std::string(" + c_str(p.value) + ", " + std::to_string(p.value.size()) + ")";
      out += "      {" + c_str(p.name) + ", " + content + ", " + c_str(p.filename) + ", " + c_str(p.content_type) + "},\n";
    }
    out += "  };\n";
    out += "  httplib::Result result = client." + std::string(r.method == "POST" ? "Post" : "Put") + "(" +
           c_str(s.url.target) + ", headers, items);\n";
  } else {
    out += "  httplib::Request request;\n";
    out += "  request.method = " + c_str(r.method) + ";\n";
    out += "  request.path = " + c_str(s.url.target) + ";\n";
    out += "  request.headers = {\n" + header_lines(false) + "  };\n";
    if (plan.length_at_run_time) {
      out += "  request.body = " + cpp_body_expression(plan) + ";\n";
    } else if (!r.body.empty()) {
      out += "  request.body = std::string(" + c_str(r.body) + ", " + std::to_string(r.body.size()) + ");\n";
    }
    out += "  httplib::Result result = client.send(request);\n";
  }
  out += "  if (!result) {\n";
  out += "    std::cerr << \"request failed: \" << httplib::to_string(result.error()) << \"\\n\";\n";
  out += "    return 1;\n";
  out += "  }\n";
  out += "  std::cout << result->status << \" \" << result->reason << \"\\n\";\n";
  out += "  for (const auto& [name, value] : result->headers) std::cout << name << \": \" << value << \"\\n\";\n";
  out += "  std::cout << \"\\n\" << result->body << \"\\n\";\n";
  out += "}\n";
  return out;
}

}  // namespace

std::string_view to_string(ExportFormat format) {
  switch (format) {
    case ExportFormat::curl: return "curl";
    case ExportFormat::python_socket: return "python-socket";
    case ExportFormat::python_http_client: return "python-http-client";
    case ExportFormat::python_requests: return "python-requests";
    case ExportFormat::js_fetch: return "fetch";
    case ExportFormat::cpp_httplib: return "cpp-httplib";
  }
  return "";
}

const std::vector<ExportFormat>& all_export_formats() {
  static const std::vector<ExportFormat> all = {ExportFormat::curl,           ExportFormat::python_socket,
                                                ExportFormat::python_http_client, ExportFormat::python_requests,
                                                ExportFormat::js_fetch,       ExportFormat::cpp_httplib};
  return all;
}

std::optional<ExportFormat> export_format_from_name(std::string_view name) {
  for (ExportFormat f : all_export_formats()) {
    if (to_string(f) == name) return f;
  }
  return std::nullopt;
}

Result<std::string> export_code(const Experiment& experiment, ExportFormat format) {
  Result<CodePlan> planned = plan_code(experiment);
  if (!planned) return planned.error();
  const CodePlan& plan = planned.value();
  const SerializedRequest& s = plan.serialized;
  // requests, fetch and cpp-httplib frame the body they are given themselves (Content-Length):
  // told Transfer-Encoding: chunked as a header they would send something else than Wirepad.
  const bool library_frames_body = format == ExportFormat::python_requests || format == ExportFormat::js_fetch ||
                                   format == ExportFormat::cpp_httplib;
  if (library_frames_body && find_header(s.headers, "Transfer-Encoding")) {
    return make_error(ErrorCode::invalid_request,
                      std::string(to_string(format)) +
                          " frames the body itself and cannot send it as Transfer-Encoding: chunked, as Wirepad "
                          "does; export it as curl, python-socket or python-http-client");
  }
  if (plan.length_at_run_time && find_header(s.headers, "Transfer-Encoding") && format != ExportFormat::curl) {
    return make_error(ErrorCode::invalid_request,
                      "a body read from a file sent as Transfer-Encoding: chunked cannot be exported as " +
                          std::string(to_string(format)) + " yet; export it as curl");
  }
  switch (format) {
    case ExportFormat::curl: return to_curl(experiment);
    case ExportFormat::python_socket: return to_python_socket(experiment, plan);
    case ExportFormat::python_http_client: return to_python_http_client(experiment, plan);
    case ExportFormat::python_requests: return to_python_requests(experiment, plan);
    case ExportFormat::js_fetch: return to_fetch(experiment, plan);
    case ExportFormat::cpp_httplib: return to_cpp_httplib(experiment, plan);
  }
  return make_error(ErrorCode::invalid_request, "unknown export format");
}

}  // namespace wirepad
