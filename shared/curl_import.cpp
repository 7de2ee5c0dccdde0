// wirepad core: curl command -> Experiment (see curl_import.h). The rules for defaults
// (method, Content-Type, multipart layout, cookie joining) follow what curl 7.88 sends, checked
// against curl itself in tests/native/convert_exec_test.cpp.
// Depends on: curl_import.h, shell_words.h, base64.h, url.h, text_util.h.
//
// [SECTION] option tables
// [SECTION] pieces: headers, data, forms
// [SECTION] import_curl
#include "curl_import.h"

#include <cctype>
#include <cstdint>
#include <optional>
#include <set>

#include "base64.h"
#include "request_resolve.h"
#include "request_serializer.h"
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

// Long names of the options that only change what curl prints or saves.
const std::set<std::string_view> kOutputOptions = {
    "--output", "--write-out", "--dump-header", "--cookie-jar", "--stderr", "--trace", "--trace-ascii",
    "--output-dir", "--trace-config", "--silent", "--show-error", "--verbose", "--include", "--fail",
    "--fail-with-body", "--progress-bar", "--no-buffer", "--remote-name", "--remote-header-name",
    "--no-progress-meter", "--create-dirs", "--remote-time", "--remote-name-all", "--styled-output",
    "--libcurl", "--trace-time", "--xattr", "--etag-save", "--create-file-mode", "--remove-on-error",
    "--no-clobber", "--fail-early", "--show-headers", "--trace-ids", "--skip-existing"};
// Flags that match what Wirepad does anyway.
const std::set<std::string_view> kHarmlessFlags = {"--proxy-basic", "--globoff", "--no-keepalive", "--tcp-nodelay",
                                                   "--path-as-is", "--raw", "--disable", "--no-sessionid",
                                                   "--no-alpn", "--no-npn", "--ipv4", "--ipv6", "--tlsv1.2",
                                                   "--tlsv1.3", "--tlsv1", "--ssl", "--ssl-reqd"};
// Every long option curl 7.88 knows (`curl --help all`, plus a few of curl 8's), with a value:
const std::set<std::string_view> kCurlWithValue = {
    "--abstract-unix-socket", "--alt-svc", "--aws-sigv4", "--cacert", "--capath", "--cert", "--cert-type",
    "--ciphers", "--config", "--connect-timeout", "--connect-to", "--continue-at", "--cookie", "--cookie-jar",
    "--create-file-mode", "--crlfile", "--curves", "--data", "--data-ascii", "--data-binary", "--data-raw",
    "--data-urlencode", "--delegation", "--dns-interface", "--dns-ipv4-addr", "--dns-ipv6-addr",
    "--dns-servers", "--doh-url", "--dump-header", "--egd-file", "--engine", "--etag-compare", "--etag-save",
    "--expect100-timeout", "--form", "--form-string", "--ftp-account", "--ftp-alternative-to-user",
    "--ftp-method", "--ftp-port", "--ftp-ssl-ccc-mode", "--happy-eyeballs-timeout-ms", "--header",
    "--hostpubmd5", "--hostpubsha256", "--hsts", "--interface", "--json", "--keepalive-time", "--key",
    "--key-type", "--krb", "--libcurl", "--limit-rate", "--local-port", "--login-options", "--mail-auth",
    "--mail-from", "--mail-rcpt", "--max-filesize", "--max-redirs", "--max-time", "--netrc-file", "--noproxy",
    "--oauth2-bearer", "--output", "--output-dir", "--parallel-max", "--pass", "--pinnedpubkey", "--proto",
    "--proto-default", "--proto-redir", "--proxy-cacert", "--proxy-capath", "--proxy-cert", "--proxy-cert-type",
    "--proxy-ciphers", "--proxy-crlfile", "--proxy-header", "--proxy-key", "--proxy-key-type", "--proxy-pass",
    "--proxy-pinnedpubkey", "--proxy-service-name", "--proxy-tls13-ciphers", "--proxy-tlsauthtype",
    "--proxy-tlspassword", "--proxy-tlsuser", "--proxy-user", "--proxy1.0", "--pubkey", "--quote",
    "--random-file", "--range", "--rate", "--referer", "--request", "--request-target", "--resolve", "--retry",
    "--retry-delay", "--retry-max-time", "--sasl-authzid", "--service-name", "--socks4", "--socks4a",
    "--socks5", "--socks5-gssapi-service", "--socks5-hostname", "--speed-limit", "--speed-time", "--stderr",
    "--telnet-option", "--tftp-blksize", "--time-cond", "--tls-max", "--tls13-ciphers", "--tlsauthtype",
    "--tlspassword", "--tlsuser", "--trace", "--trace-ascii", "--unix-socket", "--upload-file", "--url",
    "--url-query", "--user", "--user-agent", "--write-out", "--proxy", "--preproxy", "--variable",
    "--trace-config", "--ipfs-gateway", "--ech",};
// ... and without one (each also has a --no- form).
const std::set<std::string_view> kCurlFlags = {
    "--anyauth", "--append", "--basic", "--cert-status", "--compressed", "--compressed-ssh", "--create-dirs",
    "--crlf", "--digest", "--disable", "--disable-eprt", "--disable-epsv", "--disallow-username-in-url",
    "--doh-cert-status", "--doh-insecure", "--fail", "--fail-early", "--fail-with-body", "--false-start",
    "--form-escape", "--ftp-create-dirs", "--ftp-pasv", "--ftp-pret", "--ftp-skip-pasv-ip", "--ftp-ssl-ccc",
    "--ftp-ssl-control", "--get", "--globoff", "--haproxy-protocol", "--head", "--http0.9", "--http1.0",
    "--http1.1", "--http2", "--http2-prior-knowledge", "--http3", "--http3-only", "--ignore-content-length",
    "--include", "--insecure", "--ipv4", "--ipv6", "--junk-session-cookies", "--list-only", "--location",
    "--location-trusted", "--mail-rcpt-allowfails", "--manual", "--metalink", "--negotiate", "--netrc",
    "--netrc-optional", "--next", "--no-alpn", "--no-buffer", "--no-clobber", "--no-keepalive", "--no-npn",
    "--no-progress-meter", "--no-sessionid", "--ntlm", "--ntlm-wb", "--parallel", "--parallel-immediate",
    "--path-as-is", "--post301", "--post302", "--post303", "--progress-bar", "--proxy-anyauth", "--proxy-basic",
    "--proxy-digest", "--proxy-insecure", "--proxy-negotiate", "--proxy-ntlm", "--proxy-ssl-allow-beast",
    "--proxy-ssl-auto-client-cert", "--proxy-tlsv1", "--proxytunnel", "--raw", "--remote-header-name",
    "--remote-name", "--remote-name-all", "--remote-time", "--remove-on-error", "--retry-all-errors",
    "--retry-connrefused", "--sasl-ir", "--show-error", "--silent", "--socks5-basic", "--socks5-gssapi",
    "--socks5-gssapi-nec", "--ssl", "--ssl-allow-beast", "--ssl-auto-client-cert", "--ssl-no-revoke",
    "--ssl-reqd", "--ssl-revoke-best-effort", "--sslv2", "--sslv3", "--styled-output",
    "--suppress-connect-headers", "--tcp-fastopen", "--tcp-nodelay", "--tftp-no-options", "--tlsv1",
    "--tlsv1.0", "--tlsv1.1", "--tlsv1.2", "--tlsv1.3", "--tr-encoding", "--trace-time", "--use-ascii",
    "--verbose", "--version", "--xattr", "--help", "--ca-native", "--proxy-ca-native", "--skip-existing",
    "--mptcp", "--trace-ids", "--proxy-http2", "--show-headers",};

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
    case '1': return "--tlsv1";
    case '2': return "--sslv2";
    case '3': return "--sslv3";
    case ':': return "--next";
    case 'V': return "--version";
    default: return "";
  }
}

bool takes_value(std::string_view long_name) { return kCurlWithValue.count(long_name) > 0; }

// [SECTION] pieces: headers, data, forms ---------------------------------------------------

// --data-urlencode and --url-query (curl 7.88): everything but the RFC 3986 unreserved
// characters is %XX, except space, which becomes '+' as in HTML forms (checked against curl).
std::string curl_escape(std::string_view s) { return form_urlencode(s); }

// The same bytes for the query of a URL (--url-query, -G): curl 7.88 writes these escapes with
// lower-case hex there ("%0a"), upper-case in a body (checked against curl at a capture server).
// With keep_references a {{name}} reference is kept as written, so a pasted command's variables
// stay variables (the URL is encoded when sent). `wirepad send` has no variables: there braces
// are escaped here, %7b%7d, as curl writes them (CurlImportOptions::sending).
// curl 7.88 appends --url-query and -G pieces to the URL's query with every %XX escape in
// them in lower case, also those typed (`--url-query +a=%7B` and `-G -d a=%7B` send "a=%7b"),
// while the URL's own query keeps its case ("?z=%7B" stays): checked at a capture server.
std::string lower_hex_escapes(std::string out) {
  auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  for (std::size_t i = 0; i + 2 < out.size(); ++i) {
    if (out[i] == '%' && hex(out[i + 1]) && hex(out[i + 2])) {
      out[i + 1] = char(std::tolower(static_cast<unsigned char>(out[i + 1])));
      out[i + 2] = char(std::tolower(static_cast<unsigned char>(out[i + 2])));
      i += 2;
    }
  }
  return out;
}

std::string query_escape(std::string_view s, bool keep_references) {
  return lower_hex_escapes(form_urlencode(s, keep_references));
}

bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// curl_easy_escape: every byte but the unreserved ones as %XX (space too); -T's file name.
std::string url_escape(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (is_unreserved(c)) {
      out += char(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string percent_decode(std::string_view s, bool plus_is_space = false) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && text::is_hex(static_cast<unsigned char>(s[i + 1])) &&
        text::is_hex(static_cast<unsigned char>(s[i + 2]))) {
      out += char(text::hex_value(static_cast<unsigned char>(s[i + 1])) * 16 +
                  text::hex_value(static_cast<unsigned char>(s[i + 2])));
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string last_component(std::string_view path) {
  std::size_t slash = path.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// -F 'name=value;type=text/plain;filename=a.txt' (curl's formparse): text, @file (a file
// part) or <file (text read from a file). A value in double quotes may contain ';'. Returns
// false with `why` when curl refuses it; `notes` gets what the part model does not hold.
bool parse_form(std::string_view spec, bool literal, MultipartPart& part, std::vector<std::string>& notes,
                std::string& why, bool& text_from_file) {
  text_from_file = false;
  std::size_t eq = spec.find('=');
  if (eq == std::string_view::npos) {
    why = "is not name=value, so curl refuses it";
    return false;
  }
  part.name = std::string(spec.substr(0, eq));
  std::string_view rest = spec.substr(eq + 1);
  if (literal) {  // --form-string: the text as it is, no @, < or ;attributes
    part.value = std::string(rest);
    return true;
  }
  bool from_file = false;
  if (!rest.empty() && (rest[0] == '@' || rest[0] == '<')) {
    part.is_file = rest[0] == '@';
    from_file = rest[0] == '<';
    rest.remove_prefix(1);
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
    std::string key = text::lower(text::trim_ows(attr.substr(0, aeq)));
    std::string value = aeq == std::string_view::npos ? "" : std::string(attr.substr(aeq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (key == "type") part.content_type = value;
    else if (key == "filename") part.filename = value;
    else if (key == "headers") notes.push_back("the part header '" + value + "' (;headers=) is not kept: a part holds only a type and a file name");
    else if (key == "encoder") notes.push_back("the part encoder '" + value + "' (;encoder=) is not kept: Wirepad sends the part as it is");
    else part.value += ";" + std::string(attr);  // not an attribute: part of the value
  }
  text_from_file = from_file;
  if (from_file) {
    // <file: the text of a part is the file's content, sent without a file name. The model's
    // file parts always carry one, so this becomes a file part (noted).
    part.is_file = true;
    notes.push_back("'<" + part.value + "' makes a text part from the file; it is imported as a file part, which "
                    "also sends filename=\"" + last_component(part.value) + "\"");
  }
  return true;
}

// Inserts `data` into the query of `url`, before any fragment (-G, --url-query).
std::string append_query(const std::string& url, const std::string& data) {
  std::size_t hash = url.find('#');
  std::string base = url.substr(0, hash);
  std::string fragment = hash == std::string::npos ? "" : url.substr(hash);
  // An authority with no path gets "/" first, so the query is not read as part of the host.
  std::size_t scheme = base.find("://");
  std::size_t path = base.find_first_of("/?", scheme == std::string::npos ? 0 : scheme + 3);
  if (path == std::string::npos) base += "/";
  std::size_t q = base.find('?');
  if (q == std::string::npos) base += "?";
  else if (q + 1 < base.size() && base.back() != '&') base += "&";
  return base + data + fragment;
}

// [SECTION] import_curl --------------------------------------------------------------------

// How one piece of data was given: each option treats '@' and encoding its own way.
enum class DataOption { data, raw, binary, urlencode, json };

struct DataItem {
  DataOption option;
  std::string value;
  std::string shown;  // the option as typed
  std::size_t at = 0;
  std::string file;   // '@file' (data, binary, json) or 'name@file' (urlencode): the path
  std::string name;   // urlencode: the name before '=' or '@' ("" when none)
};

enum class AuthScheme { basic, digest, anyauth, other };

struct Importer {
  CurlImport out;
  const CurlFileReader* read_file = nullptr;  // set: files curl reads at once are read now
  bool sending = false;                        // CurlImportOptions::sending
  std::string method;
  std::size_t method_offset = 0;
  bool method_set = false;
  std::vector<DataItem> data;
  std::optional<std::size_t> data_offset;
  std::vector<MultipartPart> form;
  std::optional<std::size_t> form_offset;
  std::optional<std::size_t> head_offset;
  bool get = false;
  bool json = false;
  Headers generated;  // from -A, -e, -b, -r, --compressed: before -H headers
  Headers custom;     // -H, in order
  std::vector<std::string> removed;  // -H 'Name:'
  std::vector<std::size_t> removed_at;
  std::vector<std::string> cookies;
  std::vector<ShellWord> urls;
  std::vector<std::string> url_queries;
  std::optional<ShellWord> user;        // -u
  std::optional<ShellWord> bearer;      // --oauth2-bearer
  std::optional<ShellWord> sigv4;       // --aws-sigv4
  AuthScheme scheme = AuthScheme::basic;
  std::optional<ShellWord> upload;      // -T
  std::optional<ShellWord> proxy;       // -x
  std::optional<ShellWord> proxy_user;  // -U
  std::optional<ShellWord> noproxy;     // --noproxy
  std::optional<ShellWord> range;       // -r
  std::string upload_bytes;             // -T's file, read with read_file

  void note(std::string what, std::string sentence, std::size_t offset) {
    out.ignored.push_back({std::move(what), std::move(sentence), offset});
  }
  // What curl does too, said for clarity (ImportNote::info).
  void info_note(std::string what, std::string sentence, std::size_t offset) {
    out.ignored.push_back({std::move(what), std::move(sentence), offset, true});
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

  void add_data(std::string_view name, const std::string& value, const std::string& shown, std::size_t at) {
    if (!data_offset) data_offset = at;
    DataItem item{DataOption::data, value, shown, at, "", ""};
    if (name == "--data-raw") item.option = DataOption::raw;
    else if (name == "--data-binary") item.option = DataOption::binary;
    else if (name == "--json") item.option = DataOption::json;
    else if (name == "--data-urlencode") item.option = DataOption::urlencode;
    if (item.option == DataOption::urlencode) {
      // content | =content | name=content | @file | name@file (curl's --data-urlencode forms)
      std::size_t eq = value.find('=');
      std::size_t atsign = value.find('@');
      if (atsign != std::string::npos && (eq == std::string::npos || atsign < eq)) {
        item.name = value.substr(0, atsign);
        item.file = value.substr(atsign + 1);
      } else if (eq != std::string::npos) {
        item.name = value.substr(0, eq);
        item.value = value.substr(eq + 1);
      }
    } else if (item.option != DataOption::raw && !value.empty() && value[0] == '@') {
      item.file = value.substr(1);
    }
    if (item.option == DataOption::json) json = true;
    data.push_back(std::move(item));
  }

  // With a reader: the file's bytes now, as curl reads them when the command runs.
  std::optional<Error> read_now(const std::string& path, const std::string& shown, std::size_t at, std::string& out_bytes) {
    Result<std::string> bytes = (*read_file)(path);
    if (!bytes) return import_error(shown + ": cannot read '" + path + "': " + bytes.error().message, at);
    out_bytes = std::move(bytes.value());
    return std::nullopt;
  }
  std::optional<Error> inline_data_file() {
    DataItem& d = data.back();
    if (!read_file || d.file.empty()) return std::nullopt;
    std::string bytes;
    if (auto e = read_now(d.file, d.shown + " " + d.value, d.at, bytes)) return e;
    // curl -d @file (and --data-ascii) drops the file's carriage returns and newlines;
    // --data-binary, --json and --data-urlencode send it as it is.
    if (d.option == DataOption::data) std::erase_if(bytes, [](char c) { return c == '\r' || c == '\n'; });
    d.value = std::move(bytes);
    d.file.clear();
    return std::nullopt;
  }

  // Applies one option; `shown` is how it was typed (for notes), `at` its position.
  std::optional<Error> apply(std::string_view name, const std::string& value, const std::string& shown, std::size_t at) {
    if (name == "--request") {
      method = value;
      method_set = true;
      method_offset = at;
    } else if (name == "--header") {
      if (!value.empty() && value[0] == '@') {
        if (!read_file) {
          note(shown, "reads headers from the file '" + value.substr(1) + "', which an import cannot open; add them by hand",
               at);
          return std::nullopt;
        }
        // One header a line; curl skips the lines that are no header (blank, comments).
        std::string lines;
        if (auto e = read_now(value.substr(1), shown + " " + value, at, lines)) return e;
        std::size_t from = 0;
        while (from < lines.size()) {
          std::size_t nl = lines.find('\n', from);
          std::string line = lines.substr(from, nl == std::string::npos ? std::string::npos : nl - from);
          from = nl == std::string::npos ? lines.size() : nl + 1;
          if (!line.empty() && line.back() == '\r') line.pop_back();
          std::size_t colon = line.find(':'), semi = line.find(';');
          if (line.empty() || line[0] == '@' || (colon == std::string::npos && semi == std::string::npos) ||
              colon == 0 || semi == 0)
            continue;
          if (auto e = apply(name, line, shown, at)) return e;
        }
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
               name == "--data-urlencode" || name == "--json") {
      add_data(name, value, shown, at);
      if (auto e = inline_data_file()) return e;
    } else if (name == "--form" || name == "--form-string") {
      MultipartPart part;
      std::vector<std::string> part_notes;
      std::string why;
      bool text_from_file = false;
      if (parse_form(value, name == "--form-string", part, part_notes, why, text_from_file)) {
        if (text_from_file && read_file) {
          // -F 'name=<file': a text part holding the file's bytes (no file name), as curl sends it.
          if (auto e = read_now(part.value, shown + " " + value, at, part.value)) return e;
          part.is_file = false;
          part_notes.erase(part_notes.begin());
        }
        // Only a part that is kept makes the body multipart: a refused -F alone is noted, not
        // an empty multipart body (which exported without its Content-Type).
        if (!form_offset) form_offset = at;
        form.push_back(std::move(part));
      } else {
        note(shown + " " + value, why, at);
      }
      for (std::string& n : part_notes) note(shown + " " + value, std::move(n), at);
    } else if (name == "--user") {
      user = ShellWord{value, at};
    } else if (name == "--oauth2-bearer") {
      bearer = ShellWord{value, at};
    } else if (name == "--aws-sigv4") {
      sigv4 = ShellWord{value, at};
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
    } else if (name == "--range") {
      range = ShellWord{value, at};  // curl: -r 0-99 sends "Range: bytes=0-99" (without a body)
    } else if (name == "--url") {
      urls.push_back({value, at});
    } else if (name == "--url-query") {
      // curl 7.87+: '+' first means "as it is"; otherwise encoded as --data-urlencode does.
      if (!value.empty() && value[0] == '+') {
        url_queries.push_back(lower_hex_escapes(value.substr(1)));
      } else {
        std::size_t eq = value.find('=');
        std::size_t atsign = value.find('@');
        if (atsign != std::string::npos && (eq == std::string::npos || atsign < eq) && read_file) {
          std::string bytes;
          if (auto e = read_now(value.substr(atsign + 1), shown + " " + value, at, bytes)) return e;
          url_queries.push_back((atsign ? value.substr(0, atsign) + "=" : "") + query_escape(bytes, !sending));
        } else if (atsign != std::string::npos && (eq == std::string::npos || atsign < eq)) {
          note(shown + " " + value, "reads the value from the file '" + value.substr(atsign + 1) +
                                        "', which an import cannot open; add it to the Params table by hand",
               at);
        } else if (eq == std::string::npos) {
          url_queries.push_back(query_escape(value, !sending));
        } else if (eq == 0) {
          url_queries.push_back(query_escape(value.substr(1), !sending));
        } else {
          url_queries.push_back(value.substr(0, eq + 1) + query_escape(value.substr(eq + 1), !sending));
        }
      }
    } else if (name == "--upload-file") {
      upload = ShellWord{value, at};
      // (-T - and -T . read standard input as it goes, which a request cannot hold: noted below.)
      if (read_file && value != "-" && value != ".") {
        upload_bytes.clear();
        if (auto e = read_now(value, shown + " " + value, at, upload_bytes)) return e;
      }
    } else if (name == "--proxy") {
      proxy = ShellWord{value, at};
    } else if (name == "--proxy-user") {
      proxy_user = ShellWord{value, at};
    } else if (name == "--noproxy") {
      noproxy = ShellWord{value, at};
    } else if (name == "--connect-timeout" || name == "--max-time") {
      char* end = nullptr;
      double seconds = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0' || !(seconds >= 0)) {
        return import_error(shown + " takes a number of seconds, not '" + value + "'", at);
      }
      if (name == "--connect-timeout") out.experiment.options.connect_timeout = seconds;
      else out.experiment.options.total_timeout = seconds;
    } else if (name == "--max-redirs") {
      char* end = nullptr;
      long n = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || n < 0) return import_error(shown + " takes a number, not '" + value + "'", at);
      out.experiment.options.max_redirects = int(n);
    } else if (kOutputOptions.count(name)) {
      note(shown, "only changes what curl prints or saves, not the request", at);
    } else {
      note(shown, "changes how curl connects, retries or authenticates in a way an experiment does not hold; the "
                  "request is imported without it",
           at);
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
    } else if (name == "--basic") {
      scheme = AuthScheme::basic;
    } else if (name == "--digest") {
      scheme = AuthScheme::digest;
    } else if (name == "--anyauth") {
      scheme = AuthScheme::anyauth;
      note(shown, "lets curl pick the scheme the server's 401 asks for; imported as Digest, which also sends no "
                  "credentials before the challenge (set Basic on the Auth tab if the server wants that)",
           at);
      out.ignored.back().info = true;
    } else if (name == "--ntlm" || name == "--ntlm-wb" || name == "--negotiate") {
      scheme = AuthScheme::other;
      note(shown, "is an authentication scheme Wirepad does not speak; the request is imported without auth", at);
    } else if (name == "--location" || name == "--location-trusted") {
      out.experiment.options.follow_redirects = true;
      if (name == "--location-trusted")
        note(shown, "also sends credentials to other hosts; Wirepad drops Authorization and Cookie when the origin changes", at);
    } else if (name == "--http2") {
      out.experiment.options.http_version = HttpVersion::http2;
    } else if (name == "--http2-prior-knowledge") {
      out.experiment.options.http_version = HttpVersion::http2_prior_knowledge;
    } else if (name == "--http1.1") {
      out.experiment.options.http_version = HttpVersion::http1_1;
    } else if (name == "--http3" || name == "--http3-only" || name == "--http1.0" || name == "--http0.9") {
      note(shown, "asks for another HTTP version; Wirepad sends HTTP/1.1", at);
    } else if (name == "--next") {
      note(shown, "starts another request inside the same curl command; Wirepad imports the options before it "
                  "(write the next request as its own curl command)",
           at);
    } else if (kOutputOptions.count(name)) {
      note(shown, "only changes what curl prints or saves, not the request", at);
    } else if (kHarmlessFlags.count(name)) {
      // Matches what Wirepad does (HTTP/1.1, no globbing, one connection): nothing to note.
    } else {
      note(shown, "is a curl option that Wirepad does not apply; the request is imported without it", at);
    }
  }

  // [finish] the collected options as a RequestSpec -------------------------------------

  bool is_removed(std::string_view name) const {
    for (const std::string& r : removed) {
      if (iequals(r, name)) return true;
    }
    return false;
  }
  bool has_custom(std::string_view name) const { return find_header(custom, name) != nullptr; }

  // The bytes curl sends for one piece of data without files (curl joins pieces with '&').
  std::string data_text(const DataItem& d, bool in_query = false) const {
    if (d.option != DataOption::urlencode) return in_query ? lower_hex_escapes(d.value) : d.value;
    std::string value = in_query ? query_escape(d.value, !sending) : curl_escape(d.value);
    if (d.name.empty()) return value;
    return d.name + "=" + value;
  }

  // The data as urlencoded form rows, when every piece is name=value and the rows encode back
  // to curl's bytes: values are kept decoded so {{variables}} stay variables.
  std::optional<std::vector<FormField>> data_as_form() const {
    std::vector<FormField> rows;
    auto canonical_name = [](std::string_view n) {
      return !n.empty() && form_urlencode(n, true) == n;
    };
    for (const DataItem& d : data) {
      if (d.option == DataOption::json || !d.file.empty()) return std::nullopt;
      if (d.option == DataOption::urlencode) {
        if (!canonical_name(d.name)) return std::nullopt;
        rows.push_back({d.name, d.value, true});
        continue;
      }
      if (d.value.empty()) return std::nullopt;
      std::size_t at = 0;
      while (at <= d.value.size()) {
        std::size_t amp = d.value.find('&', at);
        std::string_view pair = std::string_view(d.value).substr(at, amp == std::string::npos ? std::string::npos : amp - at);
        std::size_t eq = pair.find('=');
        if (eq == std::string_view::npos || !canonical_name(pair.substr(0, eq))) return std::nullopt;
        std::string value = percent_decode(pair.substr(eq + 1), true);
        if (form_urlencode(value, true) != pair.substr(eq + 1)) return std::nullopt;
        rows.push_back({std::string(pair.substr(0, eq)), value, true});
        if (amp == std::string::npos) break;
        at = amp + 1;
      }
    }
    return rows;
  }

  void finish_auth(RequestSpec& r, std::optional<std::string> url_userinfo) {
    std::optional<std::string> credentials;
    std::size_t credentials_at = 0;
    if (user) {
      credentials = user->text;
      credentials_at = user->offset;
      if (user->text.find(':') == std::string::npos) {
        note("-u", "has no password, so curl would ask for one; the experiment sends an empty password", user->offset);
      }
    } else if (url_userinfo) {
      credentials = *url_userinfo;
    }
    std::string username, password;
    if (credentials) {
      std::size_t colon = credentials->find(':');
      username = credentials->substr(0, colon);
      password = colon == std::string::npos ? "" : credentials->substr(colon + 1);
    }
    if (sigv4) {
      // provider1[:provider2[:region[:service]]] (curl's --aws-sigv4); the region and service
      // come from the host name (service.region.amazonaws.com) when left out, as curl does.
      std::vector<std::string> fields;
      std::size_t at = 0;
      while (true) {
        std::size_t colon = sigv4->text.find(':', at);
        fields.push_back(sigv4->text.substr(at, colon == std::string::npos ? std::string::npos : colon - at));
        if (colon == std::string::npos) break;
        at = colon + 1;
      }
      if (!iequals(fields[0], "aws") || (fields.size() > 1 && !iequals(fields[1], "amz"))) {
        note("--aws-sigv4 " + sigv4->text, "signs for the provider '" + fields[0] +
                                               "'; Wirepad signs AWS Signature V4 only (aws:amz), so the provider "
                                               "names were not kept",
             sigv4->offset);
      }
      r.auth.kind = AuthKind::aws_sigv4;
      r.auth.sigv4.access_key = username;
      r.auth.sigv4.secret_key = password;
      if (fields.size() > 2) r.auth.sigv4.region = fields[2];
      if (fields.size() > 3) r.auth.sigv4.service = fields[3];
      if (r.auth.sigv4.region.empty() || r.auth.sigv4.service.empty()) {
        if (Result<Url> u = parse_url(r.url); u) {
          std::vector<std::string> labels;
          std::size_t a = 0;
          while (true) {
            std::size_t dot = u->host.find('.', a);
            labels.push_back(u->host.substr(a, dot == std::string::npos ? std::string::npos : dot - a));
            if (dot == std::string::npos) break;
            a = dot + 1;
          }
          if (r.auth.sigv4.service.empty() && labels.size() > 1) r.auth.sigv4.service = labels[0];
          if (r.auth.sigv4.region.empty() && labels.size() > 2) r.auth.sigv4.region = labels[1];
        }
      }
      if (!credentials) {
        note("--aws-sigv4", "has no -u KEY:SECRET; fill in the access key and secret on the Auth tab", sigv4->offset);
      }
      if (bearer) info_note("--oauth2-bearer", "is not used: the request is signed with --aws-sigv4", bearer->offset);
      return;
    }
    if (bearer && (!user || bearer->offset > user->offset)) {
      r.auth.kind = AuthKind::bearer;
      r.auth.bearer.token = bearer->text;
      if (credentials) info_note("-u", "is not used: --oauth2-bearer comes later and sends a Bearer token", credentials_at);
      return;
    }
    if (bearer) info_note("--oauth2-bearer", "is not used: -u comes later and sends its credentials", bearer->offset);
    if (!credentials) return;
    if (scheme == AuthScheme::other) return;  // noted with the option
    if (scheme == AuthScheme::basic) {
      r.auth.kind = AuthKind::basic;
      r.auth.basic = {username, password};
    } else {
      r.auth.kind = AuthKind::digest;  // no credentials before the 401's challenge (RFC 7616 §3.3)
      r.auth.digest = {username, password};
      out.anyauth = scheme == AuthScheme::anyauth;
    }
  }

  void finish_proxy(RequestSpec& r) {
    if (proxy && proxy->text.empty()) {
      r.proxy.mode = ProxyMode::none;  // curl -x "": no proxy at all, the environment's included
    } else if (proxy) {
      std::string url = proxy->text;
      if (url.find("://") == std::string::npos) url = "http://" + url;  // curl's default proxy scheme
      std::string lower = text::lower(url);
      if (lower.rfind("http://", 0) != 0 && lower.rfind("https://", 0) != 0) {
        note("-x " + proxy->text, "is a SOCKS or other proxy: SOCKS proxies are not supported, Wirepad speaks HTTP "
                                  "proxies only, so the request is imported without it",
             proxy->offset);
      } else {
        // Credentials in the proxy URL are proxy auth, as with -U.
        std::size_t start = url.find("://") + 3;
        std::size_t end = url.find_first_of("/?#", start);
        std::size_t at = url.rfind('@', end == std::string::npos ? std::string::npos : end);
        if (at != std::string::npos && at > start) {
          std::string info = percent_decode(url.substr(start, at - start));
          url.erase(start, at + 1 - start);
          std::size_t colon = info.find(':');
          r.proxy.username = info.substr(0, colon);
          r.proxy.password = colon == std::string::npos ? "" : info.substr(colon + 1);
        }
        r.proxy.mode = ProxyMode::explicit_url;
        r.proxy.url = url;
      }
    }
    if (proxy_user) {
      std::size_t colon = proxy_user->text.find(':');
      r.proxy.username = proxy_user->text.substr(0, colon);
      r.proxy.password = colon == std::string::npos ? "" : proxy_user->text.substr(colon + 1);
      // (With -x "" there is no proxy to give them to, as with curl.)
      if (r.proxy.mode != ProxyMode::explicit_url && r.proxy.mode != ProxyMode::none) {
        info_note("-U", "gives proxy credentials but no -x proxy; they are kept for the proxy from the environment",
                  proxy_user->offset);
        r.proxy.mode = ProxyMode::system;
      }
    }
    if (noproxy) {
      std::vector<std::string> hosts;
      std::size_t at = 0;
      while (at <= noproxy->text.size()) {
        std::size_t comma = noproxy->text.find(',', at);
        std::string host(text::trim_ows(std::string_view(noproxy->text).substr(at, comma == std::string::npos ? std::string::npos : comma - at)));
        if (!host.empty()) hosts.push_back(host);
        if (comma == std::string::npos) break;
        at = comma + 1;
      }
      // --noproxy "": no host goes direct, whatever no_proxy says; kept as one empty entry
      // (proxy_settings_for reads the list joined with ',', and "" overrides the environment).
      if (hosts.empty()) hosts.push_back("");
      if (hosts.size() == 1 && hosts[0] == "*") {
        r.proxy = ProxySpec{};
        r.proxy.mode = ProxyMode::none;  // curl: '*' reaches every host directly
      } else {
        r.proxy.no_proxy = hosts;
        if (r.proxy.mode == ProxyMode::inherit) r.proxy.mode = ProxyMode::system;  // curl reads http_proxy then
      }
    }
  }

  // The body: urlencoded rows, raw data, a file (binary), multipart parts or -T's upload.
  void finish_body(RequestSpec& r, bool sends_data) {
    auto content_type_row = [&](const char* type) {
      if (!has_custom("Content-Type") && !is_removed("Content-Type")) r.headers.push_back(HeaderRow{"Content-Type", type});
    };
    if (upload && read_file) {
      // The file's bytes as the body, with no Content-Type: what curl sends (read before).
      r.body_kind = BodyKind::raw;
      r.body = upload_bytes;
      if (data_offset || form_offset) {
        info_note("-T", "uploads the file, so curl sends none of the -d or -F data; that data was left out", upload->offset);
      }
      return;
    }
    if (upload) {
      r.body_kind = BodyKind::binary;
      r.binary_file = upload->text;
      if (!has_custom("Content-Type")) {
        note("-T " + upload->text, "curl sends no Content-Type for an upload; Wirepad's binary body sends "
                                   "application/octet-stream (add -H 'Content-Type: ...' to choose one)",
             upload->offset);
      }
      if (data_offset || form_offset) {
        info_note("-T", "uploads the file, so curl sends none of the -d or -F data; that data was left out", upload->offset);
      }
      return;
    }
    if (sends_data) {
      // One file and nothing else: the file is the body (read when sending).
      if (data.size() == 1 && !data[0].file.empty() && data[0].option != DataOption::urlencode) {
        r.body_kind = BodyKind::binary;
        r.binary_file = data[0].file;
        if (data[0].option == DataOption::data) {
          note(data[0].shown + " @" + data[0].file, "curl strips carriage returns and newlines from the file with -d; "
                                                   "Wirepad sends the file as it is (use --data-binary to match)",
               data[0].at);
        }
        if (json) {
          content_type_row("application/json");
          if (!has_custom("Accept") && !is_removed("Accept")) r.headers.push_back(HeaderRow{"Accept", "application/json"});
        } else {
          content_type_row("application/x-www-form-urlencoded");
        }
        return;
      }
      std::string body;
      for (std::size_t i = 0; i < data.size(); ++i) {
        const DataItem& d = data[i];
        if (!d.file.empty()) {
          note(d.shown + " " + d.value, "reads the file '" + d.file + "' next to other data; a body is one file or "
                                        "text, so the file was left out: paste its contents into the body",
               d.at);
          continue;
        }
        // --json pieces are appended as they are, after anything; other pieces after "&" (curl 7.88).
        if (i > 0 && d.option != DataOption::json) body += "&";
        body += data_text(d);
      }
      std::optional<std::vector<FormField>> rows = data_as_form();
      if (rows && !has_custom("Content-Type") && !is_removed("Content-Type")) {
        r.body_kind = BodyKind::urlencoded;
        r.form = std::move(*rows);
        return;
      }
      r.body_kind = BodyKind::raw;
      r.body = body;
      if (json) {
        r.body_language = RawLanguage::json;
        // curl --json: "Content-Type: application/json" and "Accept: application/json" unless set.
        content_type_row("application/json");
        if (!has_custom("Accept") && !is_removed("Accept")) r.headers.push_back(HeaderRow{"Accept", "application/json"});
      } else {
        content_type_row("application/x-www-form-urlencoded");
      }
      return;
    }
    if (form_offset) {
      r.body_kind = BodyKind::multipart;
      r.multipart = form;
      // curl appends its boundary to a multipart Content-Type the user typed; the body kind
      // does the same at send time (request_resolve), so the user's header stays. With a
      // boundary of the user's there, curl still appends and frames the parts with its own
      // ("boundary=X; boundary=------...": a server reads X and cannot split the body).
      for (HeaderRow& h : r.headers) {
        if (!iequals(h.name, "Content-Type") || text::lower(h.value).rfind("multipart/", 0) != 0) continue;
        std::optional<std::string> bare = without_boundary_parameter(h.value);
        if (!bare) break;
        if (sending) {
          // Sent now: curl's bytes (arrange_headers_as_curl puts the typed value back first).
          out.multipart_type_as_typed = h.value;
          h.value = *bare;
        } else {
          note("-H 'Content-Type: " + h.value + "'",
               "has its own boundary: curl appends another one and frames the -F parts with that, so a server that "
               "reads the first cannot split curl's body; the experiment frames the parts with this boundary",
               *form_offset);
        }
        break;
      }
    }
  }
};

// The start and end of each shell command in `text`: commands end at a newline that is not
// escaped or quoted, and at ';', '&&' and '||' outside quotes (cmd: '^' escapes, '&' too).
std::vector<std::pair<std::size_t, std::size_t>> split_commands(std::string_view s, ShellDialect dialect) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t start = 0;
  bool word_start = true;
  auto cut = [&](std::size_t end, std::size_t next) {
    out.push_back({start, end});
    start = next;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (dialect == ShellDialect::cmd) {
      if (c == '^') {
        ++i;
        if (i < s.size() && s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      } else if (c == '"') {
        while (++i < s.size() && s[i] != '"') {}
      } else if (c == '\n') {
        cut(i, i + 1);
      } else if (c == '&') {
        std::size_t n = i + 1 < s.size() && s[i + 1] == '&' ? 2 : 1;
        cut(i, i + n);
        i += n - 1;
      }
      continue;
    }
    bool was_word_start = word_start;
    word_start = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (c == '\\') {
      ++i;
    } else if (c == '\'') {
      while (++i < s.size() && s[i] != '\'') {}
    } else if (c == '$' && i + 1 < s.size() && s[i + 1] == '\'') {
      for (++i; ++i < s.size() && s[i] != '\'';) {
        if (s[i] == '\\') ++i;
      }
    } else if (c == '"') {
      for (; ++i < s.size() && s[i] != '"';) {
        if (s[i] == '\\') ++i;
      }
    } else if (c == '#' && was_word_start) {
      while (i + 1 < s.size() && s[i + 1] != '\n') ++i;
    } else if (c == '\n' || c == ';') {
      cut(i, i + 1);
      word_start = true;
    } else if ((c == '&' || c == '|') && i + 1 < s.size() && s[i + 1] == c) {
      cut(i, i + 2);
      ++i;
      word_start = true;
    }
  }
  out.push_back({start, s.size()});
  return out;
}

// An error in an argument vector: where is the argument's index, not a text position.
Error argv_error(std::string message, std::size_t index) {
  return make_error(ErrorCode::invalid_request, std::move(message) + " (argument " + std::to_string(index + 1) + ")",
                    std::int64_t(index));
}

// The options of one command from `first` on. `argv`: the words are arguments (offsets are
// indices), `own` may claim some, and --name=value is read as the option with that value.
Result<std::vector<CurlOption>> read_words(const std::vector<ShellWord>& words, std::size_t first, bool argv,
                                           const CurlArgvOwn& own, const std::vector<std::string>* args) {
  auto fail = [&](std::string message, std::size_t at) {
    return argv ? argv_error(std::move(message), at) : import_error(std::move(message), at);
  };
  std::vector<CurlOption> out;
  for (std::size_t w = first; w < words.size(); ++w) {
    const ShellWord& word = words[w];
    const std::string& a = word.text;
    auto value_after = [&](const std::string& shown) -> Result<std::string> {
      if (w + 1 >= words.size()) return fail(shown + " needs a value after it", word.offset);
      return words[++w].text;
    };
    if (a.size() > 2 && a[0] == '-' && a[1] == '-') {
      if (own && args) {
        if (int n = own(*args, w); n == 1 || n == 2) {
          CurlOption o{a, "", a, word.offset, true};
          if (n == 2) {
            Result<std::string> value = value_after(a);
            if (!value) return value.error();
            o.value = value.value();
          }
          out.push_back(std::move(o));
          continue;
        }
      }
      std::string name = a;
      if (std::size_t eq = a.find('='); argv && eq != std::string::npos) {
        // --max-time=5: not curl's syntax, but what getopt-style tools accept; read it as meant.
        std::string before = a.substr(0, eq);
        std::vector<std::string> probe = args ? *args : std::vector<std::string>{};
        bool own_value = false;
        if (own && args) {
          probe[w] = before;
          probe.insert(probe.begin() + std::ptrdiff_t(w) + 1, a.substr(eq + 1));
          own_value = own(probe, w) == 2;
        }
        if (takes_value(before) || own_value) {
          out.push_back({before, a.substr(eq + 1), before, word.offset, own_value});
          continue;
        }
      }
      if (takes_value(name)) {
        Result<std::string> value = value_after(a);
        if (!value) return value.error();
        out.push_back({name, value.value(), a, word.offset});
      } else if ((name.rfind("--no-", 0) == 0 && kCurlFlags.count("--" + name.substr(5))) || kCurlFlags.count(name)) {
        out.push_back({name, "", a, word.offset});
      } else {
        return fail("'" + a + "' is not a curl option (curl would refuse the command); check its spelling", word.offset);
      }
    } else if (a.size() > 1 && a[0] == '-') {
      // A bundle of short options (-sSL), the last of which may take a value glued on (-XPOST)
      // or in the next word.
      for (std::size_t k = 1; k < a.size(); ++k) {
        std::string_view name = long_name_of(a[k]);
        std::string shown = std::string("-") + a[k];
        if (name.empty()) {
          return fail("'" + shown + "' is not a curl option (curl would refuse the command); check its spelling",
                      word.offset);
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
          out.push_back({std::string(name), value, shown, word.offset});
          break;
        }
        out.push_back({std::string(name), "", shown, word.offset});
      }
    } else {
      out.push_back({"", a, a, word.offset});
    }
  }
  return out;
}

Result<CurlImport> import_options(const std::vector<CurlOption>& options, const CurlImportOptions& settings,
                                  std::size_t text_end) {
  Importer im;
  if (settings.read_file) im.read_file = &settings.read_file;
  im.sending = settings.sending;
  for (const CurlOption& o : options) {
    if (o.own) continue;
    if (o.name.empty()) {
      im.urls.push_back({o.value, o.at});
    } else if (takes_value(o.name)) {
      if (auto error = im.apply(o.name, o.value, o.shown, o.at)) return *error;
    } else if (o.name.rfind("--no-", 0) == 0 && kCurlFlags.count("--" + o.name.substr(5))) {
      std::string positive = "--" + o.name.substr(5);
      if (positive == "--insecure") im.out.experiment.options.verify_tls = true;
      else if (positive == "--compressed") std::erase_if(im.generated, [](const Header& h) { return iequals(h.name, "Accept-Encoding"); });
      else if (positive == "--get") im.get = false;
      else if (positive == "--head") im.head_offset.reset();
      else if (positive == "--location") im.out.experiment.options.follow_redirects = false;
      else if (positive == "--digest" || positive == "--anyauth" || positive == "--ntlm" || positive == "--negotiate")
        im.scheme = AuthScheme::basic;
    } else {
      im.apply_flag(o.name, o.shown, o.at);
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
  if (im.urls.empty()) return import_error("the command has no URL; add one such as https://example.com/", text_end);

  Experiment& e = im.out.experiment;
  RequestSpec& r = e.request;
  std::string url = im.urls[0].text;
  for (std::size_t u = 1; u < im.urls.size(); ++u) {
    im.note(im.urls[u].text, "is a second URL; curl would fetch it too, Wirepad imports only the first", im.urls[u].offset);
  }
  // No scheme: http, as curl guesses. "http:/host" is not guessed at (curl is lenient there):
  // sending it says which '/' is missing.
  const std::string lower_url = text::lower(url);
  if (url.find("://") == std::string::npos && lower_url.rfind("http:", 0) != 0 && lower_url.rfind("https:", 0) != 0)
    url = "http://" + url;
  // Credentials in the URL are auth (Basic unless --digest), as curl sends them, and leave the URL.
  std::optional<std::string> url_userinfo;
  if (Result<Url> parsed = parse_url(url); parsed && !parsed->userinfo.empty()) {
    std::size_t start = url.find("://") + 3;
    std::size_t at = url.find('@', start);
    if (at != std::string::npos) url.erase(start, at + 1 - start);
    url_userinfo = percent_decode(parsed->userinfo);
  }

  if (im.upload) {
    // curl -T: a URL whose path ends in '/' (or has none) gets the file's name appended.
    std::string base = url.substr(0, url.find_first_of("?#"));
    std::size_t path = base.find('/', base.find("://") + 3);
    if (path == std::string::npos || base.back() == '/') {
      std::string name = url_escape(last_component(im.upload->text));
      std::string rest = url.substr(base.size());
      url = base + (path == std::string::npos ? "/" : "") + name + rest;
    }
    // curl 7.88 asks before every -T upload (RFC 9110 §10.1.1); the header goes out as typed.
    im.set_generated("Expect", "100-continue");
    if (im.upload->text == "-" || im.upload->text == ".") {
      im.note("-T " + im.upload->text, "uploads what curl reads from its input, which an import cannot hold; the "
                                       "body is left empty",
              im.upload->offset);
      im.upload.reset();
      r.body_kind = BodyKind::raw;
    }
  }

  bool sends_data = im.data_offset && !im.get;
  if (im.data_offset && im.get) {
    std::string query;
    for (const DataItem& d : im.data) {
      if (!d.file.empty()) {
        im.note(d.shown + " " + d.value, "reads the file '" + d.file + "', which an import cannot open; add it to "
                                         "the Params table by hand",
                d.at);
        continue;
      }
      query += (query.empty() ? "" : "&") + im.data_text(d, true);
    }
    url = append_query(url, query);
  }
  for (const std::string& q : im.url_queries) url = append_query(url, q);

  if (im.range) {
    if ((sends_data || im.upload) && !im.form_offset && im.read_file) {
      // Content-Range goes in after the body is made (its length).
    } else if (sends_data || im.form_offset || im.upload) {
      // With a body curl sends "Content-Range: bytes RANGE/LENGTH" (a partial upload), not Range.
      im.note("-r " + im.range->text, "with a body curl sends Content-Range: bytes " + im.range->text +
                                          "/LENGTH (a partial upload), which an import does not make; add the "
                                          "header by hand",
              im.range->offset);
    } else {
      im.set_generated("Range", "bytes=" + im.range->text);
    }
  }
  if (!im.cookies.empty()) {
    std::string cookie;
    for (std::size_t i = 0; i < im.cookies.size(); ++i) cookie += (i ? ";" : "") + im.cookies[i];
    im.set_generated("Cookie", cookie);
  }

  if (im.method_set) r.method = im.method;
  else if (im.head_offset) r.method = "HEAD";
  else if (im.upload) r.method = "PUT";
  else if (sends_data || im.form_offset) r.method = "POST";
  else r.method = "GET";
  r.url = url;

  for (const Header& h : im.generated) {
    if (!im.has_custom(h.name) && !im.is_removed(h.name)) r.headers.push_back(h);
  }
  r.headers.insert(r.headers.end(), im.custom.begin(), im.custom.end());
  im.finish_auth(r, url_userinfo);
  im.finish_proxy(r);
  im.finish_body(r, sends_data);
  for (const Header& h : im.custom) im.out.custom_headers.push_back(h);
  im.out.body_given = sends_data || im.form_offset || im.upload;
  if (im.range && im.read_file && !im.form_offset && (sends_data || im.upload) &&
      (r.body_kind == BodyKind::raw || r.body_kind == BodyKind::urlencoded) && !im.has_custom("Content-Range")) {
    // With a body (its bytes known here), -r says which part of a resource it is.
    std::size_t length = r.body_kind == BodyKind::raw ? r.body.size() : encode_urlencoded_body(r.form).size();
    r.headers.insert(r.headers.begin(), HeaderRow{"Content-Range", "bytes " + im.range->text + "/" + std::to_string(length)});
  }
  for (std::size_t i = 0; i < im.removed.size(); ++i) {
    const std::string& removed = im.removed[i];
    for (const char* always : {"Host", "User-Agent", "Accept", "Content-Length"}) {
      // Sent now as curl sends it, the request can go without User-Agent or Accept (the
      // serializer adds nothing, arrange_headers_as_curl); an experiment always has them.
      if (im.sending && (iequals(removed, "User-Agent") || iequals(removed, "Accept"))) {
        if (iequals(removed, always)) im.out.removed_headers.push_back(always);
        continue;
      }
      if (iequals(removed, always)) {
        im.note("-H '" + removed + ":'", "removes curl's " + std::string(always) + " header; Wirepad always sends one (-H '" +
                                             removed + ";' sends it empty, -H '" + removed + ": VALUE' replaces it)",
                im.removed_at[i]);
      }
    }
  }

  Result<Url> target = parse_url(url);
  e.name = r.method + " " + (target ? target->authority() + target->target : url);
  return std::move(im.out);
}

// One command: `words` were split from the whole text with the other commands blanked out, so
// every offset is a position in the text the user pasted.
Result<CurlImport> import_words(const std::vector<ShellWord>& words, std::size_t text_end) {
  std::string program = words[0].text;
  if (std::size_t slash = program.find_last_of("/\\"); slash != std::string::npos) program.erase(0, slash + 1);
  program = text::lower(program);
  if (program != "curl" && program != "curl.exe") {
    return import_error("the command starts with '" + words[0].text + "', not curl", words[0].offset);
  }
  Result<std::vector<CurlOption>> options = read_words(words, 1, false, {}, nullptr);
  if (!options) return options.error();
  return import_options(options.value(), {}, text_end);
}

}  // namespace

Result<std::vector<CurlOption>> read_curl_argv(const std::vector<std::string>& args, const CurlArgvOwn& own) {
  std::vector<ShellWord> words;
  for (std::size_t i = 0; i < args.size(); ++i) words.push_back({args[i], i});
  return read_words(words, 0, true, own, &args);
}

Result<CurlImport> import_curl_options(const std::vector<CurlOption>& options, const CurlImportOptions& settings,
                                       std::size_t end) {
  return import_options(options, settings, end);
}

Result<CurlImport> import_curl_argv(const std::vector<std::string>& args, const CurlImportOptions& settings) {
  Result<std::vector<CurlOption>> options = read_curl_argv(args);
  if (!options) return options.error();
  return import_options(options.value(), settings, args.size());
}

Result<std::vector<CurlImport>> import_curl_commands(std::string_view input) {
  // A command saved to a file by an editor or PowerShell may carry a BOM or be UTF-16.
  Result<std::string> utf8 = text_as_utf8(input, "The curl command");
  if (!utf8) return utf8.error();
  std::string_view text = *utf8;
  ShellDialect dialect = guess_shell_dialect(text);
  std::vector<CurlImport> out;
  for (auto [start, end] : split_commands(text, dialect)) {
    // The other commands blanked out, so that positions stay positions in the pasted text.
    std::string one(text.size(), ' ');
    for (std::size_t i = start; i < end; ++i) one[i] = text[i];
    Result<std::vector<ShellWord>> words = split_shell_words(one, dialect);
    if (!words) return words.error();
    if (words->empty()) continue;  // a blank line or a comment
    Result<CurlImport> c = import_words(words.value(), end);
    if (!c) return c.error();
    c->offset = words->front().offset;
    out.push_back(std::move(c.value()));
  }
  if (out.empty()) return import_error("the command is empty; paste a curl command such as curl https://example.com/", 0);
  return out;
}

Result<CurlImport> import_curl(std::string_view command) {
  Result<std::vector<CurlImport>> all = import_curl_commands(command);
  if (!all) return all.error();
  CurlImport first = std::move(all->front());
  for (std::size_t i = 1; i < all->size(); ++i) {
    first.ignored.push_back({(*all)[i].experiment.name,
                             "is another curl command in the same text; this imports the first one only (Import "
                             "takes each as its own request)",
                             (*all)[i].offset});
  }
  return first;
}

std::optional<std::string> without_boundary_parameter(std::string_view content_type) {
  std::string out;
  bool found = false;
  std::size_t from = 0;
  while (from <= content_type.size()) {
    std::size_t semi = content_type.find(';', from);
    std::string_view piece = content_type.substr(from, semi == std::string_view::npos ? std::string_view::npos : semi - from);
    if (from > 0 && text::lower(text::trim_ows(piece)).rfind("boundary=", 0) == 0) {
      found = true;
    } else {
      out += (from > 0 ? ";" : "") + std::string(piece);
    }
    if (semi == std::string_view::npos) break;
    from = semi + 1;
  }
  if (!found) return std::nullopt;
  return out;
}

Headers arrange_headers_as_curl(const HttpRequest& request, const CurlImport& import) {
  const Headers& custom = import.custom_headers;
  auto removed = [&](std::string_view name) {
    for (const std::string& r : import.removed_headers)
      if (iequals(r, name)) return true;
    return false;
  };
  // The -H headers among the request's (matched in order, by name and value); the rest are
  // what curl's options and the pipeline made (Authorization, Range, Cookie, Content-Type...).
  // (A -H the pipeline changed, a multipart Content-Type given its boundary, is curl's to place:
  // curl writes it with the body's headers.)
  Headers mine, made;
  std::vector<bool> used(custom.size(), false);
  for (const Header& h : request.headers) {
    bool found = false;
    for (std::size_t i = 0; i < custom.size() && !found; ++i) {
      if (!used[i] && iequals(h.name, custom[i].name) && h.value == custom[i].value) used[i] = found = true;
    }
    (found ? mine : made).push_back(h);
  }
  Headers out;
  auto take = [&](std::string_view name) {
    for (auto it = made.begin(); it != made.end(); ++it) {
      if (iequals(it->name, name)) {
        out.push_back(*it);
        made.erase(it);
        return true;
      }
    }
    return false;
  };
  auto has = [](const Headers& hs, std::string_view name) { return find_header(hs, name) != nullptr; };
  // -H 'Host: x' takes the place of curl's Host, first.
  for (auto it = mine.begin(); it != mine.end(); ++it) {
    if (iequals(it->name, "Host")) {
      out.push_back(*it);
      mine.erase(it);
      break;
    }
  }
  take("Authorization");
  take("Content-Range");
  take("Range");
  if (!take("User-Agent") && !has(mine, "User-Agent") && !removed("User-Agent")) out.push_back({"User-Agent", kUserAgent});
  // --json's Content-Type and Accept are -H headers to curl, after the user's: below. (Only
  // --json makes "application/json" from curl's options.)
  const Header* type = find_header(made, "Content-Type");
  const bool json = type && type->value == "application/json";
  if (!json) take("Accept");
  if (!has(mine, "Accept") && !has(out, "Accept") && !json && !removed("Accept")) out.push_back({"Accept", "*/*"});
  take("Accept-Encoding");
  take("Referer");
  while (take("Cookie")) {}
  out.insert(out.end(), mine.begin(), mine.end());
  // Content-Length as curl states it: for a body, even an empty one (-d ''), never for a
  // method alone (-X PUT without data), nor beside the user's own or Transfer-Encoding.
  const bool length = (!request.body.empty() || import.body_given) && !has(request.headers, "Content-Length") &&
                      !has(request.headers, "Transfer-Encoding");
  const Header content_length{"Content-Length", std::to_string(request.body.size())};
  // The user's multipart type with its boundary, then curl's (see multipart_type_as_typed).
  for (Header& h : made) {
    if (import.multipart_type_as_typed.empty() || !iequals(h.name, "Content-Type")) continue;
    std::optional<std::string> bare = without_boundary_parameter(import.multipart_type_as_typed);
    if (bare && h.value.rfind(*bare + "; boundary=", 0) == 0)
      h.value = import.multipart_type_as_typed + h.value.substr(bare->size());
  }
  if (json) {
    take("Content-Type");
    take("Accept");
    if (length) out.push_back(content_length);
  } else {
    if (length) out.push_back(content_length);
    take("Content-Type");
  }
  take("Expect");
  out.insert(out.end(), made.begin(), made.end());
  return out;
}

}  // namespace wirepad
