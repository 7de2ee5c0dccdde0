// wirepad core: curl command -> Experiment (see curl_import.h). The rules for defaults
// (method, Content-Type, multipart layout, cookie joining) follow what curl 7.88 sends, checked
// against curl itself in tests/native/convert_exec_test.cpp.
// Depends on: curl_import.h, shell_words.h, base64.h, url.h, text_util.h.
//
// [SECTION] option tables
// [SECTION] pieces: headers, data, forms
// [SECTION] import_curl
#include "curl_import.h"

#include <cstdint>
#include <optional>
#include <set>

#include "base64.h"
#include "import_text.h"
#include "shell_words.h"
#include "text_util.h"
#include "url.h"

namespace wirepad {

namespace {

// [SECTION] option tables ------------------------------------------------------------------

Error import_error(std::string message, std::size_t position) {
  return make_error(ErrorCode::invalid_request, std::move(message) + " (position " + std::to_string(position) + ")",
                    std::int64_t(position));
}

// Long names of the options curl reads a value for and Wirepad applies.
const std::set<std::string_view> kAppliedWithValue = {
    "--request", "--header", "--data", "--data-ascii", "--data-raw", "--data-binary", "--data-urlencode",
    "--form", "--form-string", "--user", "--cookie", "--user-agent", "--referer", "--url", "--oauth2-bearer",
    "--connect-timeout", "--max-time"};

// Options that take a value and only change what curl prints or saves.
const std::set<std::string_view> kOutputWithValue = {
    "--output", "--write-out", "--dump-header", "--cookie-jar", "--stderr", "--trace", "--trace-ascii",
    "--output-dir", "--trace-config"};
// Options that take a value and change how curl connects or retries: not part of a request.
const std::set<std::string_view> kOtherWithValue = {
    "--proxy", "--proxy-user", "--resolve", "--connect-to", "--cacert", "--capath", "--cert", "--key",
    "--cert-type", "--key-type", "--range", "--upload-file", "--retry", "--retry-delay", "--retry-max-time",
    "--limit-rate", "--speed-time", "--speed-limit", "--time-cond", "--interface", "--dns-servers", "--config",
    "--max-redirs", "--max-filesize", "--keepalive-time", "--local-port", "--aws-sigv4", "--ciphers", "--tls-max",
    "--proto", "--proto-redir", "--unix-socket", "--abstract-unix-socket", "--quote", "--netrc-file",
    "--happy-eyeballs-timeout-ms", "--expect100-timeout", "--telnet-option", "--ftp-port", "--continue-at",
    "--pinnedpubkey", "--crlfile", "--pass", "--noproxy", "--proxy-header", "--request-target", "--variable",
    "--json"};
// Flags that only change what curl prints or saves.
const std::set<std::string_view> kOutputFlags = {
    "--silent", "--show-error", "--verbose", "--include", "--fail", "--fail-with-body", "--progress-bar",
    "--no-buffer", "--remote-name", "--remote-header-name", "--no-progress-meter", "--create-dirs",
    "--remote-time", "--remote-name-all", "--styled-output", "--no-styled-output"};
// Flags that match what Wirepad does anyway.
const std::set<std::string_view> kHarmlessFlags = {"--http1.1", "--globoff", "--no-keepalive", "--tcp-nodelay",
                                                   "--path-as-is", "--raw", "--disable", "--no-sessionid",
                                                   "--no-alpn", "--no-npn", "--ipv4", "--ipv6", "--tlsv1.2",
                                                   "--tlsv1.3", "--tlsv1", "--ssl", "--ssl-reqd", "--basic"};

// Short letters and the long option they mean.
std::string_view long_name_of(char c) {
  switch (c) {
    case 'X': return "--request";
    case 'H': return "--header";
    case 'd': return "--data";
    case 'F': return "--form";
    case 'u': return "--user";
    case 'b': return "--cookie";
    case 'A': return "--user-agent";
    case 'e': return "--referer";
    case 'm': return "--max-time";
    case 'o': return "--output";
    case 'w': return "--write-out";
    case 'D': return "--dump-header";
    case 'c': return "--cookie-jar";
    case 'x': return "--proxy";
    case 'U': return "--proxy-user";
    case 'E': return "--cert";
    case 'r': return "--range";
    case 'T': return "--upload-file";
    case 'y': return "--speed-time";
    case 'Y': return "--speed-limit";
    case 'z': return "--time-cond";
    case 'K': return "--config";
    case 'Q': return "--quote";
    case 't': return "--telnet-option";
    case 'P': return "--ftp-port";
    case 'C': return "--continue-at";
    case 's': return "--silent";
    case 'S': return "--show-error";
    case 'v': return "--verbose";
    case 'i': return "--include";
    case 'f': return "--fail";
    case '#': return "--progress-bar";
    case 'N': return "--no-buffer";
    case 'O': return "--remote-name";
    case 'J': return "--remote-header-name";
    case 'R': return "--remote-time";
    case 'k': return "--insecure";
    case 'L': return "--location";
    case 'I': return "--head";
    case 'G': return "--get";
    case 'g': return "--globoff";
    case '0': return "--http1.0";
    case '4': return "--ipv4";
    case '6': return "--ipv6";
    case 'n': return "--netrc";
    case 'j': return "--junk-session-cookies";
    case 'Z': return "--parallel";
    case 'q': return "--disable";
    case 'l': return "--list-only";
    case 'a': return "--append";
    case 'B': return "--use-ascii";
    case 'p': return "--proxytunnel";
    case 'M': return "--manual";
    case 'h': return "--help";
    case 'V': return "--version";
    default: return "";
  }
}

bool takes_value(std::string_view long_name) {
  return kAppliedWithValue.count(long_name) || kOutputWithValue.count(long_name) || kOtherWithValue.count(long_name);
}

// [SECTION] pieces: headers, data, forms ---------------------------------------------------

// --data-urlencode (curl 7.88): everything but the RFC 3986 unreserved characters is %XX,
// except space, which becomes '+' as in HTML forms (checked against curl itself).
std::string curl_escape(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (c == ' ') {
      out += '+';
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += char(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && text::is_hex(static_cast<unsigned char>(s[i + 1])) &&
        text::is_hex(static_cast<unsigned char>(s[i + 2]))) {
      out += char(text::hex_value(static_cast<unsigned char>(s[i + 1])) * 16 +
                  text::hex_value(static_cast<unsigned char>(s[i + 2])));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct FormPart {
  std::string name;
  std::string value;
  std::string filename;  // empty: none
  std::string type;      // empty: none
  std::vector<std::string> extra_headers;
};

// The Content-Type curl guesses from a file name (lib/mime.c, Curl_mime_contenttype); "" if none.
std::string type_from_filename(std::string_view filename) {
  static const std::pair<const char*, const char*> table[] = {
      {".gif", "image/gif"},  {".jpg", "image/jpeg"},    {".jpeg", "image/jpeg"}, {".png", "image/png"},
      {".svg", "image/svg+xml"}, {".txt", "text/plain"}, {".htm", "text/html"},   {".html", "text/html"},
      {".pdf", "application/pdf"}, {".xml", "application/xml"}};
  std::string lower = text::lower(filename);
  for (const auto& [ext, type] : table) {
    std::string_view e(ext);
    if (lower.size() >= e.size() && lower.compare(lower.size() - e.size(), e.size(), e) == 0) return type;
  }
  return "";  // curl sends no type for literal content under an unknown file name
}

// Names and file names in Content-Disposition: curl 7.81+ writes " as %22, CR as %0D and LF
// as %0A (the HTML form strategy).
std::string escape_disposition(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"') out += "%22";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

// A boundary shaped like curl's (24 dashes, 16 hex digits) but derived from the content, so
// the same command always imports to the same bytes.
std::string form_boundary(const std::vector<FormPart>& parts) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xFF) * 1099511628211ull;
  };
  for (const FormPart& p : parts) {
    mix(p.name);
    mix(p.value);
    mix(p.filename);
    mix(p.type);
  }
  static const char* hex = "0123456789abcdef";
  std::string out(24, '-');
  for (int i = 15; i >= 0; --i) out += hex[(h >> (i * 4)) & 15];
  return out;
}

std::string form_body(const std::vector<FormPart>& parts, const std::string& boundary) {
  std::string body;
  for (const FormPart& p : parts) {
    body += "--" + boundary + "\r\n";
    body += "Content-Disposition: form-data; name=\"" + escape_disposition(p.name) + "\"";
    if (!p.filename.empty()) body += "; filename=\"" + escape_disposition(p.filename) + "\"";
    body += "\r\n";
    std::string type = p.type;
    if (type.empty() && !p.filename.empty()) type = type_from_filename(p.filename);
    if (!type.empty()) body += "Content-Type: " + type + "\r\n";
    for (const std::string& h : p.extra_headers) body += h + "\r\n";
    body += "\r\n" + p.value + "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  return body;
}

// -F 'name=value;type=text/plain;filename=a.txt' (curl's formparse). A value in double quotes
// may contain ';'. Returns false with `why` for what Wirepad cannot hold (files).
bool parse_form(std::string_view spec, bool literal, FormPart& part, std::string& why) {
  std::size_t eq = spec.find('=');
  if (eq == std::string_view::npos) {
    why = "is not name=value, so curl refuses it";
    return false;
  }
  part.name = std::string(spec.substr(0, eq));
  std::string_view rest = spec.substr(eq + 1);
  if (literal) {
    part.value = std::string(rest);
    return true;
  }
  if (!rest.empty() && (rest[0] == '@' || rest[0] == '<')) {
    why = "reads the part from the file '" + std::string(rest.substr(1)) +
          "', which an import cannot open; add the file's contents to the body by hand";
    return false;
  }
  std::size_t i = 0;
  if (!rest.empty() && rest[0] == '"') {
    for (i = 1; i < rest.size() && rest[i] != '"'; ++i) {
      if (rest[i] == '\\' && i + 1 < rest.size()) ++i;
      part.value += rest[i];
    }
    if (i < rest.size()) ++i;
  } else {
    while (i < rest.size() && rest[i] != ';') part.value += rest[i++];
  }
  while (i < rest.size() && rest[i] == ';') {
    std::size_t end = rest.find(';', i + 1);
    std::string_view attr = rest.substr(i + 1, end == std::string_view::npos ? std::string_view::npos : end - i - 1);
    i = end == std::string_view::npos ? rest.size() : end;
    std::size_t aeq = attr.find('=');
    std::string key = text::lower(attr.substr(0, aeq));
    std::string value = aeq == std::string_view::npos ? "" : std::string(attr.substr(aeq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (key == "type") part.type = value;
    else if (key == "filename") part.filename = value;
    else if (key == "headers") part.extra_headers.push_back(value);
    else part.value += ";" + std::string(attr);  // not an attribute: part of the value
  }
  return true;
}

// Inserts `data` as the query of `url`, before any fragment (-G).
std::string append_query(const std::string& url, const std::string& data) {
  std::size_t hash = url.find('#');
  std::string base = url.substr(0, hash);
  std::string fragment = hash == std::string::npos ? "" : url.substr(hash);
  // An authority with no path gets "/" first, so the query is not read as part of the host.
  std::size_t scheme = base.find("://");
  std::size_t path = base.find_first_of("/?", scheme == std::string::npos ? 0 : scheme + 3);
  if (path == std::string::npos) base += "/";
  base += base.find('?') == std::string::npos ? "?" : "&";
  return base + data + fragment;
}

// [SECTION] import_curl --------------------------------------------------------------------

struct Importer {
  CurlImport out;
  std::string method;
  std::size_t method_offset = 0;
  bool method_set = false;
  std::vector<std::string> data;
  std::optional<std::size_t> data_offset;
  std::vector<FormPart> form;
  std::optional<std::size_t> form_offset;
  std::optional<std::size_t> head_offset;
  bool get = false;
  Headers generated;  // from -u, -A, -e, -b, --compressed, --oauth2-bearer: before -H headers
  Headers custom;     // -H, in order
  std::vector<std::string> removed;  // -H 'Name:'
  std::vector<std::size_t> removed_at;
  std::vector<std::string> cookies;
  std::vector<ShellWord> urls;

  void note(std::string what, std::string sentence, std::size_t offset) {
    out.ignored.push_back({std::move(what), std::move(sentence), offset});
  }
  void set_generated(const std::string& name, const std::string& value) {
    for (Header& h : generated) {
      if (iequals(h.name, name)) {
        h.value = value;
        return;
      }
    }
    generated.push_back({name, value});
  }

  // Applies one option; `shown` is how it was typed (for notes), `at` its position.
  std::optional<Error> apply(std::string_view name, const std::string& value, const std::string& shown, std::size_t at) {
    if (name == "--request") {
      method = value;
      method_set = true;
      method_offset = at;
    } else if (name == "--header") {
      if (!value.empty() && value[0] == '@') {
        note(shown, "reads headers from the file '" + value.substr(1) + "', which an import cannot open; add them by hand",
             at);
        return std::nullopt;
      }
      std::size_t colon = value.find(':');
      std::size_t semi = value.find(';');
      if (colon != std::string::npos && colon > 0 && (semi == std::string::npos || colon < semi)) {
        std::string header_name = value.substr(0, colon);
        std::string header_value(text::trim_ows(std::string_view(value).substr(colon + 1)));
        if (header_value.empty()) {
          removed.push_back(header_name);  // curl: "Name:" removes a header curl would add
          removed_at.push_back(at);
        } else {
          custom.push_back({header_name, header_value});
        }
      } else if (semi != std::string::npos && semi > 0 && text::trim_ows(std::string_view(value).substr(semi + 1)).empty()) {
        custom.push_back({value.substr(0, semi), ""});  // curl: "Name;" sends an empty value
      } else {
        note(shown + " " + value, "is not 'Name: value', so curl does not send it", at);
      }
    } else if (name == "--data" || name == "--data-ascii" || name == "--data-binary" || name == "--data-raw" ||
               name == "--data-urlencode") {
      if (!data_offset) data_offset = at;
      if (name == "--data-urlencode") {
        // content | =content | name=content | @file | name@file (curl's --data-urlencode forms)
        std::size_t eq = value.find('=');
        std::size_t atsign = value.find('@');
        if (atsign != std::string::npos && (eq == std::string::npos || atsign < eq)) {
          note(shown, "reads the value from the file '" + value.substr(atsign + 1) +
                          "', which an import cannot open; add it to the body by hand",
               at);
        } else if (eq == std::string::npos) {
          data.push_back(curl_escape(value));
        } else if (eq == 0) {
          data.push_back(curl_escape(value.substr(1)));
        } else {
          data.push_back(value.substr(0, eq + 1) + curl_escape(value.substr(eq + 1)));
        }
      } else if (name != "--data-raw" && !value.empty() && value[0] == '@') {
        note(shown, "reads the body from the file '" + value.substr(1) +
                        "', which an import cannot open; paste the file's contents into the body",
             at);
      } else {
        data.push_back(value);
      }
    } else if (name == "--form" || name == "--form-string") {
      if (!form_offset) form_offset = at;
      FormPart part;
      std::string why;
      if (parse_form(value, name == "--form-string", part, why)) form.push_back(std::move(part));
      else note(shown + " " + value, why, at);
    } else if (name == "--user") {
      std::string credentials = value;
      if (value.find(':') == std::string::npos) {
        credentials += ":";
        note(shown, "has no password, so curl would ask for one; the experiment sends an empty password", at);
      }
      set_generated("Authorization", "Basic " + encode_base64(credentials));
    } else if (name == "--oauth2-bearer") {
      set_generated("Authorization", "Bearer " + value);
    } else if (name == "--cookie") {
      if (value.find('=') == std::string::npos) {
        note(shown, "reads cookies from the file '" + value + "', which an import cannot open; add a Cookie header", at);
      } else {
        cookies.push_back(value);
      }
    } else if (name == "--user-agent") {
      if (value.empty()) {
        removed.push_back("User-Agent");
        removed_at.push_back(at);
      }
      else set_generated("User-Agent", value);
    } else if (name == "--referer") {
      std::string referer = value;
      if (std::size_t semi = referer.find(";auto"); semi != std::string::npos) {
        referer.erase(semi);
        note(shown, "';auto' sets the Referer while following redirects, which Wirepad does not do", at);
      }
      if (!referer.empty()) set_generated("Referer", referer);
    } else if (name == "--url") {
      urls.push_back({value, at});
    } else if (name == "--connect-timeout" || name == "--max-time") {
      char* end = nullptr;
      double seconds = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0' || !(seconds >= 0)) {
        return import_error(shown + " takes a number of seconds, not '" + value + "'", at);
      }
      if (name == "--connect-timeout") out.experiment.options.connect_timeout = seconds;
      else out.experiment.options.total_timeout = seconds;
    } else if (kOutputWithValue.count(name)) {
      note(shown, "only changes what curl prints or saves, not the request", at);
    } else if (kOtherWithValue.count(name)) {
      note(shown, "changes how curl connects, retries or what it uploads, which an experiment does not hold", at);
    }
    return std::nullopt;
  }

  void apply_flag(std::string_view name, const std::string& shown, std::size_t at) {
    if (name == "--insecure") {
      out.experiment.options.verify_tls = false;
    } else if (name == "--compressed") {
      set_generated("Accept-Encoding", kCurlCompressedEncodings);
    } else if (name == "--head") {
      head_offset = at;
    } else if (name == "--get") {
      get = true;
    } else if (name == "--location" || name == "--location-trusted") {
      out.experiment.options.follow_redirects = true;
      if (name == "--location-trusted")
        note(shown, "also sends credentials to other hosts; Wirepad drops Authorization and Cookie when the origin changes", at);
    } else if (name == "--http2" || name == "--http2-prior-knowledge" || name == "--http3" || name == "--http3-only" ||
               name == "--http1.0") {
      note(shown, "asks for another HTTP version; Wirepad sends HTTP/1.1", at);
    } else if (kOutputFlags.count(name)) {
      note(shown, "only changes what curl prints or saves, not the request", at);
    } else if (kHarmlessFlags.count(name)) {
      // Matches what Wirepad does (HTTP/1.1, no globbing, one connection): nothing to note.
    } else {
      note(shown, "is a curl option that Wirepad does not apply; the request is imported without it", at);
    }
  }
};

bool is_known_flag(std::string_view name) {
  static const std::set<std::string_view> flags = {
      "--insecure", "--compressed", "--head", "--get", "--location", "--location-trusted", "--http2",
      "--http2-prior-knowledge", "--http3", "--http3-only", "--http1.0", "--netrc", "--junk-session-cookies",
      "--parallel", "--list-only", "--append", "--use-ascii", "--proxytunnel", "--manual", "--help", "--version",
      "--anyauth", "--digest", "--ntlm", "--negotiate", "--tr-encoding", "--ssl-no-revoke", "--false-start"};
  return flags.count(name) || kOutputFlags.count(name) || kHarmlessFlags.count(name);
}

}  // namespace

Result<CurlImport> import_curl(std::string_view input) {
  // A command saved to a file by an editor or PowerShell may carry a BOM or be UTF-16.
  Result<std::string> utf8 = text_as_utf8(input, "The curl command");
  if (!utf8) return utf8.error();
  std::string_view command = *utf8;
  Result<std::vector<ShellWord>> split = split_shell_words(command, guess_shell_dialect(command));
  if (!split) return split.error();
  const std::vector<ShellWord>& words = split.value();
  if (words.empty()) return import_error("the command is empty; paste a curl command such as curl https://example.com/", 0);

  std::string program = words[0].text;
  if (std::size_t slash = program.find_last_of("/\\"); slash != std::string::npos) program.erase(0, slash + 1);
  program = text::lower(program);
  if (program != "curl" && program != "curl.exe") {
    return import_error("the command starts with '" + words[0].text + "', not curl", words[0].offset);
  }

  Importer im;
  for (std::size_t w = 1; w < words.size(); ++w) {
    const ShellWord& word = words[w];
    const std::string& a = word.text;
    auto value_after = [&](const std::string& shown) -> Result<std::string> {
      if (w + 1 >= words.size()) return import_error(shown + " needs a value after it", word.offset);
      return words[++w].text;
    };
    if (a.size() > 2 && a[0] == '-' && a[1] == '-') {
      std::string name = a;
      if (takes_value(name)) {
        Result<std::string> value = value_after(a);
        if (!value) return value.error();
        if (auto error = im.apply(name, value.value(), a, word.offset)) return *error;
      } else if (name.rfind("--no-", 0) == 0 && is_known_flag("--" + name.substr(5))) {
        std::string positive = "--" + name.substr(5);
        if (positive == "--insecure") im.out.experiment.options.verify_tls = true;
        else if (positive == "--compressed") std::erase_if(im.generated, [](const Header& h) { return iequals(h.name, "Accept-Encoding"); });
        else if (positive == "--get") im.get = false;
        else if (positive == "--head") im.head_offset.reset();
      } else if (is_known_flag(name)) {
        im.apply_flag(name, a, word.offset);
      } else {
        im.note(a, "is not a curl option Wirepad knows, so it was left out; if it takes a value, check that the "
                   "value was not read as the URL",
                word.offset);
      }
    } else if (a.size() > 1 && a[0] == '-') {
      // A bundle of short options (-sSL), the last of which may take a value glued on (-XPOST)
      // or in the next word.
      for (std::size_t k = 1; k < a.size(); ++k) {
        std::string_view name = long_name_of(a[k]);
        std::string shown = std::string("-") + a[k];
        if (name.empty()) {
          im.note(shown, "is not a curl option Wirepad knows, so it was left out", word.offset);
          continue;
        }
        if (takes_value(name)) {
          std::string value;
          if (k + 1 < a.size()) {
            value = a.substr(k + 1);
          } else {
            Result<std::string> next = value_after(shown);
            if (!next) return next.error();
            value = next.value();
          }
          if (auto error = im.apply(name, value, shown, word.offset)) return *error;
          break;
        }
        im.apply_flag(name, shown, word.offset);
      }
    } else {
      im.urls.push_back(word);
    }
  }

  // curl refuses these together ("You can only select one HTTP request method!").
  if (im.form_offset && im.data_offset) {
    return import_error("-F (multipart form) and -d (data) cannot be used together; curl refuses this command",
                        *im.form_offset);
  }
  if (im.head_offset && (im.data_offset || im.form_offset) && !im.get) {
    return import_error("-I (HEAD) cannot send data; curl refuses this command", *im.head_offset);
  }
  if (im.urls.empty()) return import_error("the command has no URL; add one such as https://example.com/", command.size());

  Experiment& e = im.out.experiment;
  std::string url = im.urls[0].text;
  for (std::size_t u = 1; u < im.urls.size(); ++u) {
    im.note(im.urls[u].text, "is a second URL; curl would fetch it too, Wirepad imports only the first", im.urls[u].offset);
  }
  if (url.find("://") == std::string::npos) url = "http://" + url;  // as curl guesses
  // Credentials in the URL become Basic auth, as curl sends them (RFC 7617), and leave the URL.
  if (Result<Url> parsed = parse_url(url); parsed && !parsed->userinfo.empty()) {
    std::size_t start = url.find("://") + 3;
    std::size_t at = url.find('@', start);
    if (at != std::string::npos) url.erase(start, at + 1 - start);
    bool has_auth = false;
    for (const Header& h : im.generated) has_auth = has_auth || iequals(h.name, "Authorization");
    if (!has_auth) im.set_generated("Authorization", "Basic " + encode_base64(percent_decode(parsed->userinfo)));
  }

  std::string data;
  for (std::size_t i = 0; i < im.data.size(); ++i) data += (i ? "&" : "") + im.data[i];
  bool sends_data = im.data_offset && !im.get;
  if (im.data_offset && im.get) url = append_query(url, data);

  if (!im.cookies.empty()) {
    std::string cookie;
    for (std::size_t i = 0; i < im.cookies.size(); ++i) cookie += (i ? ";" : "") + im.cookies[i];
    im.set_generated("Cookie", cookie);
  }

  if (im.method_set) e.request.method = im.method;
  else if (im.head_offset) e.request.method = "HEAD";
  else if (sends_data || im.form_offset) e.request.method = "POST";
  else e.request.method = "GET";
  e.request.url = url;

  auto is_removed = [&](std::string_view name) {
    for (const std::string& r : im.removed) {
      if (iequals(r, name)) return true;
    }
    return false;
  };
  auto has_custom = [&](std::string_view name) { return find_header(im.custom, name) != nullptr; };
  for (const Header& h : im.generated) {
    if (!has_custom(h.name) && !is_removed(h.name)) e.request.headers.push_back(h);
  }
  e.request.headers.insert(e.request.headers.end(), im.custom.begin(), im.custom.end());
  if (sends_data) {
    e.request.body = data;
    if (!has_custom("Content-Type") && !is_removed("Content-Type")) {
      e.request.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    }
  } else if (im.form_offset) {
    std::string boundary = form_boundary(im.form);
    e.request.body = form_body(im.form, boundary);
    if (!has_custom("Content-Type")) {
      e.request.headers.push_back({"Content-Type", "multipart/form-data; boundary=" + boundary});
    }
  }
  for (std::size_t i = 0; i < im.removed.size(); ++i) {
    const std::string& r = im.removed[i];
    for (const char* always : {"Host", "User-Agent", "Accept", "Content-Length"}) {
      if (iequals(r, always)) {
        im.note("-H '" + r + ":'", "removes curl's " + std::string(always) + " header; Wirepad always sends one",
                im.removed_at[i]);
      }
    }
  }

  Result<Url> target = parse_url(url);
  e.name = e.request.method + " " + (target ? target->authority() + target->target : url);
  return std::move(im.out);
}

}  // namespace wirepad
