// wirepad core: .http / .rest files (see http_file.h).
//
// Body lines are joined with "\n", except in multipart bodies, which are joined and ended
// with "\r\n" as both REST clients send them (RFC 2046 §5.1.1 delimiters are CRLF). Blank
// lines at the end of a body separate requests and are not part of it.
#include "http_file.h"

#include "httpyac_assert.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "import_text.h"
#include "request_resolve.h"
#include "request_serializer.h"
#include "text_util.h"
#include "url.h"

namespace wirepad {

namespace {

struct Line {
  std::string_view text;  // without the line ending
  std::size_t offset;     // of its first byte in the file
  std::size_t number;     // from 1
};

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t at = 0, number = 1;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
    std::size_t stop = end == std::string_view::npos ? text.size() : end;
    if (stop > at && text[stop - 1] == '\r') --stop;
    lines.push_back({text.substr(at, stop - at), at, number++});
    at = next;
  }
  return lines;
}

Error line_error(const Line& line, std::size_t column0, const std::string& sentence) {
  return make_error(ErrorCode::invalid_request,
                    "line " + std::to_string(line.number) + ", column " + std::to_string(column0 + 1) + ": " + sentence,
                    std::int64_t(line.offset + column0));
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::string_view ltrim(std::string_view s) {
  while (!s.empty() && text::is_ows(s.front())) s.remove_prefix(1);
  return s;
}

// "# text" or "// text" -> "text"; otherwise nullopt-like (false).
bool comment_text(std::string_view line, std::string_view& out) {
  std::string_view t = ltrim(line);
  if (starts_with(t, "#")) out = ltrim(t.substr(1));
  else if (starts_with(t, "//")) out = ltrim(t.substr(2));
  else return false;
  return true;
}

bool is_multipart(const Headers& headers) {
  const Header* h = find_header(headers, "Content-Type");
  return h && text::lower(text::trim_ows(h->value)).rfind("multipart/", 0) == 0;
}

// RFC 9110 §9 methods plus WebDAV's and PATCH: a body line starting with one of these and a
// URL is most likely a request whose '###' separator is missing.
bool is_common_method(std::string_view w) {
  for (std::string_view m : {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
                             "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH"}) {
    if (w == m) return true;
  }
  return false;
}

std::string_view first_word(std::string_view t, std::string_view* rest = nullptr) {
  t = ltrim(t);
  std::size_t end = 0;
  while (end < t.size() && !text::is_ows(t[end])) ++end;
  if (rest) *rest = ltrim(t.substr(end));
  return t.substr(0, end);
}

// "GET http://h/x", "POST /users HTTP/1.1", "GET {{host}}/": a request line.
bool looks_like_request_line(std::string_view t) {
  std::string_view rest;
  std::string_view method = first_word(t, &rest);
  std::string_view url = first_word(rest);
  return is_common_method(method) &&
         (url.find("://") != std::string_view::npos || starts_with(url, "/") || starts_with(url, "{{"));
}

// "HTTP/1.1 200 OK", "HTTP/2 404", "HTTP/1.1 200 - OK": the status line of a saved response
// (httpyac documents a response written below its request; REST Client saves responses as
// .http files that start with one).
bool looks_like_status_line(std::string_view t) {
  std::string_view rest;
  std::string_view version = first_word(t, &rest);
  if (!starts_with(version, "HTTP/") || version.size() < 6 || !text::is_digit(version[5])) return false;
  std::string_view code = first_word(rest);
  return code.size() == 3 && text::is_digit(code[0]) && text::is_digit(code[1]) && text::is_digit(code[2]);
}

// httpyac's script block: a line "{{" (or "{{@event", "{{+"...) alone, up to a line "}}".
// "{{host}}/path" closes on its own line and is a request line, not a script.
bool opens_script_block(std::string_view t) {
  std::string_view trimmed = text::trim_ows(t);
  return starts_with(trimmed, "{{") && trimmed.find("}}", 2) == std::string_view::npos;
}

struct Block {
  ImportedRequest request;
  std::string title;      // after ###
  std::string at_name;    // # @name
  bool has_request = false;
  std::vector<std::string> body_lines;
  std::size_t line_number = 0;
};

std::string default_name(const RequestSpec& r) {
  Result<Url> u = parse_url(r.url);
  std::string where = u ? u->authority() + u->target : r.url;
  if (std::size_t q = where.find('?'); q != std::string::npos) where.resize(q);
  return r.method + " " + where;
}

void note(ImportedRequest& r, std::string what, std::string sentence, std::size_t offset) {
  r.not_imported.push_back({std::move(what), std::move(sentence), offset});
}

// {{name}} -> value for the file variables, repeatedly (values may use other variables);
// unknown names, and names met again inside their own value (a cycle), are kept as typed.
// `budget` bounds the output: variables that use each other twice double at every level.
constexpr std::size_t kExpansionLimit = 16 * 1024 * 1024;

std::string substitute(std::string_view text, const std::map<std::string, std::string>& vars, std::size_t& budget,
                       std::vector<std::string>& expanding) {
  std::string out;
  std::size_t at = 0;
  while (true) {
    std::size_t open = text.find("{{", at);
    if (open == std::string_view::npos) break;
    std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    std::string name(text::trim_ows(text.substr(open + 2, close - open - 2)));
    out += text.substr(at, open - at);
    auto it = vars.find(name);
    bool cycle = false;
    for (const std::string& e : expanding) cycle = cycle || e == name;
    if (it != vars.end() && !cycle && budget > 0) {
      expanding.push_back(name);
      out += substitute(it->second, vars, budget, expanding);
      expanding.pop_back();
    } else {
      out += text.substr(open, close + 2 - open);
    }
    at = close + 2;
    if (out.size() > budget) break;
  }
  if (out.size() <= budget) out += text.substr(at);
  // Counted once per level it passes through: a generous bound, not an exact size.
  budget = out.size() > budget ? 0 : budget - out.size();
  return out;
}

// A `name="value"` parameter of a header value (Content-Disposition, Content-Type), unquoted;
// false when absent.
bool header_param(std::string_view value, std::string_view name, std::string& out) {
  std::size_t at = 0;
  while ((at = value.find(';', at)) != std::string_view::npos) {
    std::string_view rest = text::trim_ows(value.substr(++at));
    if (text::lower(rest.substr(0, name.size())) != name || rest.substr(name.size(), 1) != "=") continue;
    rest.remove_prefix(name.size() + 1);
    if (starts_with(rest, "\"")) {
      std::size_t close = rest.find('"', 1);
      out = std::string(rest.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
    } else {
      out = std::string(text::trim_ows(rest.substr(0, rest.find(';'))));
    }
    return true;
  }
  return false;
}

// A multipart body whose parts say `< ./file` (REST Client and JetBrains read that file into
// the part) as the structured multipart table, so the files are read when sent. Only the
// shapes the clients document are taken (Content-Disposition: form-data with name and maybe
// filename, and Content-Type); anything else leaves the body as text. The Content-Type header
// stays: its boundary is used when the parts are sent (request_resolve.h).
void structure_multipart(ImportedRequest& imported) {
  RequestSpec& r = imported.experiment.request;
  const HeaderRow* type = find_header(r.headers, "Content-Type");
  std::string boundary;
  if (!type || text::lower(text::trim_ows(type->value)).rfind("multipart/form-data", 0) != 0 ||
      !header_param(type->value, "boundary", boundary) || boundary.empty()) {
    return;
  }
  const std::string delimiter = "--" + boundary;
  std::string_view body = r.body;
  if (!starts_with(body, delimiter + "\r\n")) return;
  std::vector<MultipartPart> parts;
  bool has_file = false;
  std::size_t at = delimiter.size() + 2;
  while (true) {
    std::size_t next = body.find("\r\n" + delimiter, at);
    if (next == std::string_view::npos) return;
    std::string_view part = body.substr(at, next - at);
    std::size_t head_end = part.find("\r\n\r\n");
    if (head_end == std::string_view::npos) return;
    MultipartPart p;
    bool has_name = false;
    std::string_view head = part.substr(0, head_end);
    std::string_view content = part.substr(head_end + 4);
    while (!head.empty()) {
      std::size_t eol = head.find("\r\n");
      std::string_view line = head.substr(0, eol);
      head = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 2);
      std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) return;
      std::string name = text::lower(text::trim_ows(line.substr(0, colon)));
      std::string_view value = text::trim_ows(line.substr(colon + 1));
      if (name == "content-disposition" && text::lower(value.substr(0, 9)) == "form-data") {
        has_name = header_param(value, "name", p.name);
        header_param(value, "filename", p.filename);
      } else if (name == "content-type") {
        p.content_type = std::string(value);
      } else {
        return;  // a part header the table has no place for: kept as text
      }
    }
    if (!has_name) return;
    std::string_view trimmed = text::trim_ows(content);
    if ((starts_with(trimmed, "< ") || starts_with(trimmed, "<@ ")) && trimmed.find('\n') == std::string_view::npos) {
      p.is_file = true;
      p.value = std::string(text::trim_ows(trimmed.substr(trimmed[1] == '@' ? 3 : 2)));
      std::string_view base = p.value;
      if (std::size_t slash = base.find_last_of("/\\"); slash != std::string_view::npos) base.remove_prefix(slash + 1);
      if (p.filename == base) p.filename.clear();  // the default, as curl -F @file names it
      has_file = true;
    } else {
      p.value = std::string(content);
    }
    parts.push_back(std::move(p));
    at = next + 2 + delimiter.size();
    if (body.substr(at, 2) == "--") break;
    if (body.substr(at, 2) != "\r\n") return;
    at += 2;
  }
  if (!has_file) return;  // text parts alone: the body as written sends the same bytes
  r.body.clear();
  r.body_kind = BodyKind::multipart;
  r.multipart = std::move(parts);
  std::erase_if(imported.not_imported, [](const ImportNote& n) {
    return n.sentence.find("a file inside the body is not read") != std::string::npos;
  });
}

// REST Client's GraphQL request: the header `X-REQUEST-TYPE: GraphQL` (a marker, not sent), the
// query, a blank line, then the variables as JSON.
void structure_graphql(ImportedRequest& imported) {
  RequestSpec& r = imported.experiment.request;
  auto marker = std::find_if(r.headers.begin(), r.headers.end(), [](const HeaderRow& h) {
    return h.enabled && text::lower(h.name) == "x-request-type" && text::lower(text::trim_ows(h.value)) == "graphql";
  });
  if (marker == r.headers.end()) return;
  r.headers.erase(marker);
  std::size_t blank = r.body.find("\n\n");
  r.body_kind = BodyKind::graphql;
  r.graphql.query = r.body.substr(0, blank);
  r.graphql.variables = blank == std::string::npos ? "" : std::string(text::trim_ows(std::string_view(r.body).substr(blank + 2)));
  while (!r.graphql.variables.empty() && (r.graphql.variables.back() == '\n' || r.graphql.variables.back() == '\r')) r.graphql.variables.pop_back();
  r.body.clear();
}

// The words of a header value, split at spaces and tabs.
std::vector<std::string> header_words(std::string_view value) {
  std::vector<std::string> words;
  std::size_t at = 0;
  while (at < value.size()) {
    while (at < value.size() && (value[at] == ' ' || value[at] == '\t')) ++at;
    std::size_t end = at;
    while (end < value.size() && value[end] != ' ' && value[end] != '\t') ++end;
    if (end > at) words.emplace_back(value.substr(at, end - at));
    at = end;
  }
  return words;
}

// REST Client's (and httpyac's) auth shorthands in the Authorization header, which they turn
// into real auth when sending; sent as written they would be refused by every server:
//   Basic USER:PASSWORD | Basic USER PASSWORD   -> Basic auth (base64 when sent)
//   Digest USER PASSWORD                        -> Digest auth (answers the 401 challenge)
//   AWS KEY SECRET [token:T] [region:R] [service:S] -> AWS Signature V4
// A header already in the wire form ("Basic dXNlcjpwdw==", "Digest username=...") is kept.
void structure_auth(ImportedRequest& imported) {
  RequestSpec& r = imported.experiment.request;
  auto header = std::find_if(r.headers.begin(), r.headers.end(),
                             [](const HeaderRow& h) { return h.enabled && text::lower(h.name) == "authorization"; });
  if (header == r.headers.end()) return;
  const std::vector<std::string> words = header_words(header->value);
  if (words.size() < 2) return;
  const std::string scheme = text::lower(words[0]);
  AuthSpec auth;
  if (scheme == "basic" && words.size() == 3) {
    auth.kind = AuthKind::basic;
    auth.basic = {words[1], words[2]};
  } else if (scheme == "basic" && words.size() == 2 && words[1].find(':') != std::string::npos) {
    const std::size_t colon = words[1].find(':');
    auth.kind = AuthKind::basic;
    auth.basic = {words[1].substr(0, colon), words[1].substr(colon + 1)};
  } else if (scheme == "digest" && words.size() == 3 && words[1].find('=') == std::string::npos &&
             words[2].find('=') == std::string::npos) {
    auth.kind = AuthKind::digest;
    auth.digest = {words[1], words[2]};
  } else if (scheme == "aws" && words.size() >= 3) {
    auth.kind = AuthKind::aws_sigv4;
    auth.sigv4.access_key = words[1];
    auth.sigv4.secret_key = words[2];
    for (std::size_t i = 3; i < words.size(); ++i) {
      const std::string& w = words[i];
      if (starts_with(w, "token:")) auth.sigv4.session_token = w.substr(6);
      else if (starts_with(w, "region:")) auth.sigv4.region = w.substr(7);
      else if (starts_with(w, "service:")) auth.sigv4.service = w.substr(8);
      else
        return note(imported, "Authorization: AWS",
                    "'" + w + "' is not token:, region: or service:; the header is kept as written", 0);
    }
    if (auth.sigv4.region.empty() || auth.sigv4.service.empty())
      note(imported, "Authorization: AWS",
           "no region: or service: given (REST Client guesses them from the host); set them in the Auth tab before "
           "sending",
           0);
  } else {
    return;
  }
  r.headers.erase(header);
  r.auth = auth;
}

// What `wirepad run` and the Send button would refuse is said at import time, not at the
// first send. A path alone with a Host header ("GET /users" + "Host: api.example.com", the
// short form JetBrains and REST Client accept) becomes an http:// URL, and says so.
void check_sendable(ImportedRequest& imported) {
  RequestSpec& r = imported.experiment.request;
  if (r.url.find("{{") != std::string::npos) return;  // an unknown variable: noted on its own
  if (starts_with(r.url, "/")) {
    const HeaderRow* host = find_header(r.headers, "Host");
    std::string_view value = host ? text::trim_ows(host->value) : std::string_view();
    if (!value.empty() && value.find("{{") == std::string_view::npos) {
      std::string joined = "http://" + std::string(value) + r.url;
      note(imported, r.url,
           "a path without a scheme and host: joined with the Host header into " + joined +
               " (the file does not say whether it is http or https; http was assumed)",
           0);
      r.url = joined;
    } else {
      note(imported, r.url,
           "a path without a scheme and host, and no Host header to join it with; wirepad run refuses it: write "
           "the whole URL (http://host" + r.url + ")",
           0);
      return;
    }
  }
  Result<SerializedRequest> wire = serialize_request(flatten_request(r));
  if (!wire) note(imported, r.url, "wirepad run would refuse this request: " + wire.error().message, 0);
}

}  // namespace

Result<ImportBatch> import_http_file(std::string_view input) {
  // VS Code and JetBrains write UTF-8, Notepad and PowerShell may add a BOM or write UTF-16.
  Result<std::string> utf8 = text_as_utf8(input, "The .http file");
  if (!utf8) return utf8.error();
  std::string_view text = *utf8;
  std::vector<Line> lines = split_lines(text);
  std::map<std::string, std::string> vars;
  std::vector<Block> blocks;
  blocks.emplace_back();
  enum class Phase { before, headers, body } phase = Phase::before;
  bool in_script = false;  // inside a {% ... %} handler script
  const Line* yac_script = nullptr;  // where an httpyac {{ ... }} script block opened
  bool in_response = false;  // after a saved response's status line, up to the next ###
  bool query_continuation_allowed = false;

  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Line& line = lines[i];
    std::string_view t = line.text;
    Block& b = blocks.back();
    if (in_script) {
      if (t.find("%}") != std::string_view::npos) in_script = false;
      continue;
    }
    if (yac_script) {
      if (text::trim_ows(t) == "}}") yac_script = nullptr;
      continue;
    }
    if (in_response && !starts_with(t, "###")) continue;
    in_response = false;
    // Lines that are not request text in any phase: skipped, each with a note saying what
    // it is, never taken as headers or body.
    if (std::string_view trimmed = text::trim_ows(t); !starts_with(t, "###") && !trimmed.empty()) {
      if (starts_with(trimmed, "??")) {
        // httpyac's assertions become the request's checks (or a note saying why not).
        import_httpyac_assert(b.request, trimmed, line.offset, line.number);
        continue;
      }
      if (opens_script_block(t)) {
        note(b.request, std::string(trimmed) + " ... }}",
             "an httpyac script block (from line " + std::to_string(line.number) +
                 " to the line '}}'); Wirepad does not run scripts, so it was skipped",
             line.offset);
        yac_script = &line;
        continue;
      }
      if (phase != Phase::headers && looks_like_status_line(trimmed)) {
        note(b.request, std::string(trimmed),
             "a saved response (line " + std::to_string(line.number) +
                 "), as httpyac and REST Client write them; it is not part of a request, so it and the lines "
                 "after it up to the next ### were skipped",
             line.offset);
        in_response = true;
        continue;
      }
      if (phase == Phase::body && starts_with(trimmed, "<> ")) {
        note(b.request, std::string(trimmed),
             "a JetBrains reference to an earlier response (line " + std::to_string(line.number) + "); skipped",
             line.offset);
        continue;
      }
    }
    if (starts_with(t, "###")) {
      blocks.emplace_back();
      blocks.back().title = std::string(text::trim_ows(t.substr(3)));
      phase = Phase::before;
      continue;
    }
    if (phase == Phase::before) {
      std::string_view trimmed = text::trim_ows(t);
      if (trimmed.empty()) continue;
      std::string_view comment;
      if (comment_text(t, comment)) {
        if (starts_with(comment, "@")) {
          std::string_view directive = comment.substr(1);
          std::size_t end = directive.find_first_of(" \t=");
          std::string_view word = directive.substr(0, end);
          std::string_view rest = end == std::string_view::npos ? std::string_view() : directive.substr(end);
          rest = ltrim(rest);
          if (starts_with(rest, "=")) rest = ltrim(rest.substr(1));
          if (word == "name") {
            b.at_name = std::string(text::trim_ows(rest));
          } else if (word == "prompt") {
            // REST Client's README: "# @prompt refCode Your reference code": asks for a value.
            std::string_view rest_name = rest.substr(0, rest.find_first_of(" \t"));
            note(b.request, "@prompt " + std::string(rest_name),
                 "REST Client asks for this variable's value when sending; Wirepad keeps {{" + std::string(rest_name) +
                     "}} as typed (give it a value in an environment)",
                 line.offset);
          } else if (word == "note") {
            note(b.request, "@note", "REST Client asks to confirm before sending; Wirepad sends when Send is pressed",
                 line.offset);
          } else if (word == "no-redirect" || word == "no-cookie-jar") {
            note(b.request, "@" + std::string(word),
                 "a request setting Wirepad does not have (it never follows redirects or keeps cookies between requests)",
                 line.offset);
          } else {
            note(b.request, "@" + std::string(word),
                 "a REST Client or httpyac request setting Wirepad does not have; the request is imported without it",
                 line.offset);
          }
        }
        continue;
      }
      if (starts_with(trimmed, "@")) {  // @name = value
        std::size_t eq = t.find('=');
        std::size_t col = t.find('@');
        if (eq == std::string_view::npos) {
          return line_error(line, t.size(), "a file variable is written '@name = value'; '=' is missing");
        }
        std::string name(text::trim_ows(t.substr(col + 1, eq - col - 1)));
        if (name.empty() || !text::is_token(name)) {
          return line_error(line, col + 1, "a file variable needs a name of letters, digits, '-' or '_' after '@'");
        }
        vars[name] = std::string(text::trim_ows(t.substr(eq + 1)));
        continue;
      }
      // JetBrains' `import other.http` and `run #name` / `run other.http` lines: they bring in
      // or run requests from elsewhere, which this import does not follow.
      if (std::string_view rest, word = first_word(trimmed, &rest); (word == "import" || word == "run") && !rest.empty() &&
                                                                      rest.find("://") == std::string_view::npos) {
        note(b.request, std::string(trimmed),
             "a JetBrains '" + std::string(word) + "' line (line " + std::to_string(line.number) +
                 "); the requests it names are not imported from here: import that file too",
             line.offset);
        continue;
      }
      if (starts_with(trimmed, "< {%") || starts_with(trimmed, "<{%")) {
        note(b.request, "< {% %}", "a pre-request script; Wirepad does not run scripts", line.offset);
        if (trimmed.find("%}", 3) == std::string_view::npos) in_script = true;
        continue;
      }
      // The request line: [METHOD] URL [HTTP/VERSION] (RFC 9112 §3 plus the clients' forms).
      std::size_t start = t.size() - ltrim(t).size();
      std::vector<std::pair<std::size_t, std::string_view>> words;  // column, word
      for (std::size_t k = start; k < t.size();) {
        while (k < t.size() && text::is_ows(t[k])) ++k;
        if (k >= t.size()) break;
        std::size_t e = k;
        while (e < t.size() && !text::is_ows(t[e])) ++e;
        words.push_back({k, t.substr(k, e - k)});
        k = e;
      }
      RequestSpec& r = b.request.experiment.request;
      std::size_t first = 0, last = words.size();
      if (words.size() >= 2 && words.back().second.rfind("HTTP/", 0) == 0) {
        std::string_view version = words.back().second;
        if (version != "HTTP/1.1") {
          if (version != "HTTP/1.0" && version != "HTTP/2" && version != "HTTP/2.0" && version != "HTTP/3") {
            return line_error(line, words.back().first,
                              "'" + std::string(version) + "' is not an HTTP version (HTTP/1.1, HTTP/2, ...)");
          }
          note(b.request, std::string(version), "Wirepad sends HTTP/1.1", line.offset + words.back().first);
        }
        --last;
      }
      bool first_is_url = words[0].second.find("://") != std::string_view::npos || words[0].second[0] == '/' ||
                          words[0].second[0] == '{';
      if (last - first >= 2 || !first_is_url) {
        std::string_view method = words[0].second;
        for (std::size_t k = 0; k < method.size(); ++k) {
          if (!text::is_tchar(static_cast<unsigned char>(method[k]))) {
            return line_error(line, words[0].first + k,
                              "the method contains " + text::describe_char(static_cast<unsigned char>(method[k])) +
                                  "; a request line is 'METHOD URL [HTTP/1.1]'");
          }
        }
        if (last - first < 2) {
          return line_error(line, t.size(), "a URL is missing after the method " + std::string(method));
        }
        r.method = std::string(method);
        first = 1;
      } else {
        r.method = "GET";
      }
      std::size_t from = words[first].first;
      std::size_t to = words[last - 1].first + words[last - 1].second.size();
      r.url = std::string(t.substr(from, to - from));
      b.has_request = true;
      b.line_number = line.number;
      b.request.source = "line " + std::to_string(line.number);
      phase = Phase::headers;
      query_continuation_allowed = true;
      continue;
    }
    if (phase == Phase::headers) {
      std::string_view trimmed = text::trim_ows(t);
      if (trimmed.empty()) {
        phase = Phase::body;
        continue;
      }
      if (query_continuation_allowed && (trimmed[0] == '?' || trimmed[0] == '&')) {
        b.request.experiment.request.url += std::string(trimmed);  // REST Client's multi-line query
        continue;
      }
      query_continuation_allowed = false;
      std::string_view comment;
      if (comment_text(t, comment)) continue;
      std::size_t colon = t.find(':');
      std::size_t start = t.size() - ltrim(t).size();
      if (colon == std::string_view::npos) {
        return line_error(line, start,
                          "a header is written 'Name: value' (no ':' here); leave a blank line before the body");
      }
      std::string_view name = text::trim_ows(t.substr(0, colon));
      for (std::size_t k = 0; k < name.size(); ++k) {
        if (!text::is_tchar(static_cast<unsigned char>(name[k])) && name[k] != '{' && name[k] != '}') {
          return line_error(line, start + k,
                            "the header name contains " + text::describe_char(static_cast<unsigned char>(name[k])) +
                                "; a header name is a token (RFC 9110 §5.1)");
        }
      }
      if (name.empty()) return line_error(line, colon, "the header name before ':' is empty");
      b.request.experiment.request.headers.push_back({std::string(name), std::string(text::trim_ows(t.substr(colon + 1)))});
      continue;
    }
    // Body.
    std::string_view trimmed = ltrim(t);
    if (starts_with(trimmed, "> {%") || starts_with(trimmed, ">{%")) {
      note(b.request, "> {% %}", "a response handler script; Wirepad does not run scripts", line.offset);
      if (trimmed.find("%}", 3) == std::string_view::npos) in_script = true;
      continue;
    }
    if (starts_with(trimmed, ">> ") || starts_with(trimmed, ">>! ")) {
      note(b.request, std::string(trimmed), "saves the response to a file; Wirepad shows the response instead",
           line.offset);
      continue;
    }
    if (starts_with(trimmed, "> ")) {
      note(b.request, std::string(trimmed), "a response handler script file; Wirepad does not run scripts", line.offset);
      continue;
    }
    if (starts_with(trimmed, "< ") || starts_with(trimmed, "<@ ")) {
      std::string path(text::trim_ows(trimmed.substr(trimmed[1] == '@' ? 3 : 2)));
      bool alone = b.body_lines.empty() && b.request.body_file.empty();
      if (alone) {
        // The body is that file, read when sending (a binary-file body: RequestSpec::binary_file).
        b.request.body_file = path;
        if (trimmed[1] == '@') {
          note(b.request, "<@ " + path,
               "REST Client replaces {{variables}} inside this file; Wirepad reads its bytes as they are", line.offset);
        }
        continue;
      }
      note(b.request, "< " + path, "a file inside the body is not read; the line is kept as text", line.offset);
    }
    if (looks_like_request_line(t)) {
      note(b.request, std::string(text::trim_ows(t)),
           "line " + std::to_string(line.number) +
               " looks like a request line, but it is in the body of the request above (no '###' line before "
               "it), so it was taken as body text; put '###' on the line before it to make it a request of its "
               "own",
           line.offset);
    }
    b.body_lines.push_back(std::string(t));
  }
  if (in_script) {
    const Line& last = lines.back();
    return line_error(last, last.text.size(), "a script opened with {% is never closed with %}");
  }
  if (yac_script) {
    return line_error(*yac_script, 0,
                      "an httpyac script block opened with '" + std::string(text::trim_ows(yac_script->text)) +
                          "' is never closed with a line '}}'");
  }

  ImportBatch batch;
  for (Block& b : blocks) {
    if (!b.has_request) {
      for (ImportNote& n : b.request.not_imported) batch.not_imported.push_back(std::move(n));
      continue;
    }
    while (!b.body_lines.empty() && text::trim_ows(b.body_lines.back()).empty()) b.body_lines.pop_back();
    RequestSpec& r = b.request.experiment.request;
    bool multipart = is_multipart(enabled_headers(r.headers));
    for (std::size_t k = 0; k < b.body_lines.size(); ++k) {
      r.body += b.body_lines[k];
      if (multipart) r.body += "\r\n";
      else if (k + 1 < b.body_lines.size()) r.body += "\n";
    }
    std::size_t budget = kExpansionLimit;
    std::vector<std::string> expanding;
    r.url = substitute(r.url, vars, budget, expanding);
    for (HeaderRow& h : r.headers) {
      h.name = substitute(h.name, vars, budget, expanding);
      h.value = substitute(h.value, vars, budget, expanding);
    }
    r.body = substitute(r.body, vars, budget, expanding);
    b.request.body_file = substitute(b.request.body_file, vars, budget, expanding);
    if (budget == 0) {
      return make_error(ErrorCode::invalid_request,
                        b.request.source + ": the file variables expand to more than 16 MiB in this request; "
                                           "do they use each other in a loop?");
    }
    if (!b.request.body_file.empty()) {
      r.body_kind = BodyKind::binary;
      r.binary_file = b.request.body_file;
      if (!find_header(r.headers, "Content-Type")) {
        note(b.request, "< " + b.request.body_file,
             "REST Client sends this file with no Content-Type; Wirepad's binary body sends "
             "Content-Type: application/octet-stream (add a Content-Type header to choose)",
             0);
      }
    }
    structure_multipart(b.request);
    structure_graphql(b.request);
    structure_auth(b.request);
    check_sendable(b.request);
    std::vector<std::string> left;
    auto collect = [&](std::string_view s) {
      for (std::size_t at = s.find("{{"); at != std::string_view::npos; at = s.find("{{", at + 2)) {
        std::size_t close = s.find("}}", at + 2);
        if (close == std::string_view::npos) break;
        std::string name(s.substr(at, close + 2 - at));
        bool seen = false;
        for (const std::string& n : left) seen = seen || n == name;
        if (!seen) left.push_back(name);
      }
    };
    collect(r.url);
    for (const HeaderRow& h : r.headers) collect(h.name), collect(h.value);
    collect(r.body);
    collect(r.graphql.query), collect(r.graphql.variables);
    for (const MultipartPart& p : r.multipart) collect(p.value);
    for (const std::string& name : left) {
      std::string inner(text::trim_ows(std::string_view(name).substr(2, name.size() - 4)));
      bool defined = vars.count(inner) > 0;
      std::string sentence = defined ? "a file variable whose value uses itself; kept as typed"
                                     : "no file variable defines it; kept as typed (set it before sending)";
      // REST Client's system variables ({{$guid}}, {{$timestamp}}, {{$dotenv x}}) and request
      // variables ({{login.response.body.$.token}}) are computed when sent: say which.
      std::size_t dot = inner.find(".response.");
      if (dot == std::string::npos) dot = inner.find(".request.");
      if (!defined && starts_with(inner, "$")) {
        sentence = "a REST Client system variable, computed when the request is sent; kept as typed (replace it "
                   "with a value before sending)";
      } else if (!defined && dot != std::string::npos && dot > 0) {
        sentence = "a value from the request or response of the request named '" + inner.substr(0, dot) +
                   "'; Wirepad does not chain requests, so it is kept as typed";
      }
      note(b.request, name, sentence, 0);
    }
    b.request.experiment.name = !b.title.empty() ? b.title : !b.at_name.empty() ? b.at_name : default_name(r);
    batch.requests.push_back(std::move(b.request));
  }
  return batch;
}

namespace {

bool has_space(std::string_view s) { return s.find_first_of(" \t") != std::string_view::npos; }

// The auth kinds a .http file can say (structure_auth reads them back): Basic and Digest as
// REST Client's "USER PASSWORD" shorthand, SigV4 as its AWS line. The others come through
// flatten_request as the header or query they add (Bearer, API key) or are named as lost.
template <typename Lost>
void write_auth_shorthand(const AuthSpec& auth, Headers& headers, Lost& lost) {
  auto set_authorization = [&](std::string value) {
    std::erase_if(headers, [](const Header& h) { return iequals(h.name, "Authorization"); });
    headers.insert(headers.begin(), Header{"Authorization", std::move(value)});
  };
  switch (auth.kind) {
    case AuthKind::basic:
      // With a space in either, the words would split wrongly: the base64 form stays.
      if (!has_space(auth.basic.username) && !has_space(auth.basic.password) && !auth.basic.username.empty() &&
          !auth.basic.password.empty())
        set_authorization("Basic " + auth.basic.username + " " + auth.basic.password);
      return;
    case AuthKind::digest:
      if (has_space(auth.digest.username) || has_space(auth.digest.password) || auth.digest.username.empty() ||
          auth.digest.password.empty()) {
        lost("Digest auth with an empty user name or password, or one with a space, cannot be written as REST Client's "
             "'Authorization: Digest USER PASSWORD'");
        return;
      }
      set_authorization("Digest " + auth.digest.username + " " + auth.digest.password);
      return;
    case AuthKind::aws_sigv4: {
      const SigV4Auth& a = auth.sigv4;
      std::string line = "AWS " + a.access_key + " " + a.secret_key;
      if (!a.session_token.empty()) line += " token:" + a.session_token;
      if (!a.region.empty()) line += " region:" + a.region;
      if (!a.service.empty()) line += " service:" + a.service;
      if (a.access_key.empty() || a.secret_key.empty() || has_space(a.access_key) || has_space(a.secret_key) ||
          has_space(a.session_token) || has_space(a.region) || has_space(a.service)) {
        lost("AWS Signature V4 without an access key or secret, or with a space in a field, cannot be written as REST "
             "Client's 'Authorization: AWS' line");
        return;
      }
      set_authorization(std::move(line));
      return;
    }
    case AuthKind::oauth2:
      if (auth.oauth2.access_token.empty())
        lost("OAuth 2.0 (fetching a token) has no .http form; get a token and use 'Authorization: Bearer TOKEN'");
      return;
    default:
      return;
  }
}

}  // namespace

HttpFileExport export_http_file(const std::vector<Experiment>& experiments) {
  HttpFileExport out;
  bool first = true;
  for (const Experiment& e : experiments) {
    std::string label = e.name.empty() ? default_name(e.request) : e.name;
    auto lost = [&](std::string sentence) { out.not_exported.push_back({label, std::move(sentence), 0}); };
    if (e.kind != ExperimentKind::http) {
      lost(std::string(e.kind == ExperimentKind::websocket ? "a WebSocket" : "a socket") +
           " script; .http files hold HTTP requests only");
      continue;
    }
    HttpRequest r = flatten_request(e.request);  // the structured request as plain text
    write_auth_shorthand(e.request.auth, r.headers, lost);
    // Body kinds a .http file says in its own way: multipart parts with `< file` (files are not
    // read for an export), and REST Client's GraphQL request (query, blank line, variables).
    const RequestSpec& spec = e.request;
    if (spec.body_kind == BodyKind::multipart) {
      std::string boundary;
      const Header* type = find_header(r.headers, "Content-Type");
      if (type && header_param(type->value, "boundary", boundary) && !boundary.empty()) {
        r.body.clear();
        for (const MultipartPart& p : spec.multipart) {
          if (!p.enabled) continue;
          r.body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
          std::string filename = p.filename;
          if (p.is_file && filename.empty()) filename = p.value.substr(p.value.find_last_of("/\\") + 1);
          if (!filename.empty()) r.body += "; filename=\"" + filename + "\"";
          r.body += "\r\n";
          if (!p.content_type.empty()) r.body += "Content-Type: " + p.content_type + "\r\n";
          r.body += "\r\n" + (p.is_file ? "< " + p.value : p.value) + "\r\n";
        }
        r.body += "--" + boundary + "--\r\n";
      }
    } else if (spec.body_kind == BodyKind::binary) {
      // The body is a file: `< path`, read when sent (the file's bytes are not part of the .http file).
      r.body = "< " + spec.binary_file;
      std::erase_if(r.headers, [&](const Header& h) {
        return iequals(h.name, "Content-Type") && !find_header(spec.headers, "Content-Type");
      });
      if (spec.binary_file.find_first_of("\r\n") != std::string::npos || spec.binary_file.empty())
        lost("the body's file name is empty or holds a line break, which a .http file cannot say");
    } else if (spec.body_kind == BodyKind::graphql) {
      r.headers.push_back({"X-REQUEST-TYPE", "GraphQL"});
      r.body = spec.graphql.query;
      if (!spec.graphql.variables.empty()) r.body += "\n\n" + spec.graphql.variables;
    }
    if (!(e.options == ExchangeOptions{})) lost("its options (timeouts, TLS verification) are not part of a .http file");
    if (!first) out.text += "\n";
    first = false;
    std::string title;
    for (char c : label) title += (c == '\n' || c == '\r') ? ' ' : c;
    out.text += "### " + title + "\n";
    std::string token;
    for (char c : title) token += text::is_tchar(static_cast<unsigned char>(c)) ? c : '-';
    out.text += "# @name " + token + "\n";
    if (r.url.find_first_of(" \t\r\n") != std::string::npos) lost("the URL contains white space, which ends it in a .http file");
    out.text += r.method + " " + r.url + " HTTP/1.1\n";
    for (const Header& h : r.headers) {
      if (h.value != text::trim_ows(h.value)) lost("the " + h.name + " value's leading or trailing spaces are trimmed on import");
      out.text += h.name + ": " + h.value + "\n";
    }
    if (r.body.empty()) continue;
    out.text += "\n";
    std::string body = r.body;
    if (is_multipart(r.headers)) {
      // Written with "\n"; read back with CRLF (see the file comment).
      std::string lf;
      bool only_crlf = true;
      for (std::size_t k = 0; k < body.size(); ++k) {
        if (body[k] == '\r' && k + 1 < body.size() && body[k + 1] == '\n') continue;
        if (body[k] == '\n' && (k == 0 || body[k - 1] != '\r')) only_crlf = false;
        if (body[k] == '\r') only_crlf = false;
        lf += body[k];
      }
      if (!only_crlf || body.size() < 2 || body.substr(body.size() - 2) != "\r\n") {
        lost("the multipart body mixes line endings; it is read back with CRLF line endings");
      }
      body = lf;
      if (!body.empty() && body.back() == '\n') body.pop_back();
    } else {
      if (!is_valid_utf8(body) || body.find('\0') != std::string::npos) {
        lost("the body is not UTF-8 text; save it to a file and refer to it with '< ./file'");
      }
      if (body.find('\r') != std::string::npos) lost("the body's carriage returns are lost: .http bodies end lines with \\n");
      if (!body.empty() && body.back() == '\n') lost("the body's trailing line break is not kept: blank lines end a body");
    }
    std::size_t at = 0;
    while (at <= body.size()) {
      std::size_t end = body.find('\n', at);
      std::string_view l = std::string_view(body).substr(at, end == std::string::npos ? std::string::npos : end - at);
      std::string_view lt = ltrim(l);
      bool file_part = (spec.body_kind == BodyKind::multipart || spec.body_kind == BodyKind::binary) &&
                       (starts_with(lt, "< ") || starts_with(lt, "<@ "));
      if (!file_part && (starts_with(l, "###") || starts_with(lt, "< ") || starts_with(lt, "<@ ") || starts_with(lt, ">"))) {
        lost("a body line starting with '" + std::string(lt.substr(0, 3)) + "' is read as .http syntax, not body");
        break;
      }
      if (end == std::string::npos) break;
      at = end + 1;
    }
    out.text += body + "\n";
  }
  return out;
}

bool is_absolute_file_path(std::string_view path) {
  // POSIX "/x", Windows "C:\x" or "C:/x" (REST Client's README: `< C:\Users\Default\Desktop\demo.xml`),
  // and UNC "\\server\share".
  if (!path.empty() && path[0] == '/') return true;
  if (path.size() >= 3 && std::isalpha(static_cast<unsigned char>(path[0])) && path[1] == ':' &&
      (path[2] == '\\' || path[2] == '/'))
    return true;
  return path.size() >= 2 && path[0] == '\\' && path[1] == '\\';
}

void rebase_file_paths(RequestSpec& request, const std::string& folder) {
  auto rebase = [&](std::string& path) {
    if (path.empty() || is_absolute_file_path(path) || path.find("{{") != std::string::npos) return;
    std::string_view rest = path;
    while (rest.substr(0, 2) == "./") rest.remove_prefix(2);
    path = folder + std::string(rest);
  };
  if (request.body_kind == BodyKind::binary) rebase(request.binary_file);
  for (MultipartPart& p : request.multipart)
    if (p.is_file) rebase(p.value);
}

}  // namespace wirepad
