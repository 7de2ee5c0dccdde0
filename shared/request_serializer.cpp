// wirepad core: HttpRequest -> the exact bytes of an HTTP/1.1 request (RFC 9112 §3).
// Depends on: request_serializer.h, text_util.h.
#include "request_serializer.h"

#include <cstdio>
#include <string>

#include "text_util.h"

namespace wirepad {

namespace {

Error request_error(std::string message, std::size_t position) {
  return make_error(ErrorCode::invalid_request, std::move(message), std::int64_t(position));
}

// CR, LF and NUL end or corrupt a line on the wire: a value containing them could smuggle a
// second header or a second request past a proxy (RFC 9110 §5.5, RFC 9112 §11.2).
std::size_t find_line_breaker(std::string_view s) { return s.find_first_of(std::string_view("\r\n\0", 3)); }

bool method_without_body_expected(std::string_view method) {
  return !(iequals(method, "POST") || iequals(method, "PUT") || iequals(method, "PATCH"));
}

// Several fields of one name, as typed: Host keeps its first (a second one makes the request
// invalid, RFC 9112 §3.2; curl sends the first), Cookie becomes one field in the place of the
// first (RFC 6265 §5.4: a user agent sends one Cookie header, pairs joined with "; "), and
// Content-Length may repeat only with the same value (RFC 9110 §8.6), sent once.
Result<Headers> merge_repeated_fields(const Headers& given, std::vector<std::string>& notes) {
  Headers out;
  out.reserve(given.size());
  std::size_t cookie_at = std::string::npos;  // where the one Cookie field is in `out`
  const Header* host = nullptr;
  const Header* length = nullptr;
  for (std::size_t h = 0; h < given.size(); ++h) {
    const Header& header = given[h];
    if (iequals(header.name, "Host")) {
      if (host) {
        notes.push_back("header " + std::to_string(h + 1) + " (Host: " + header.value + ") was not sent: a request has one Host, the first (" +
                        host->value + "), as curl sends it (RFC 9112 §3.2)");
        continue;
      }
      host = &header;
    } else if (iequals(header.name, "Content-Length")) {
      if (length) {
        if (text::trim_ows(length->value) != text::trim_ows(header.value)) {
          return request_error("header " + std::to_string(h + 1) + " gives a second Content-Length (" + header.value +
                                   " after " + length->value + "); a server could frame the body either way (RFC 9110 §8.6)",
                               0);
        }
        continue;
      }
      length = &header;
    } else if (iequals(header.name, "Cookie")) {
      if (cookie_at != std::string::npos) {
        std::string& value = out[cookie_at].value;
        std::string_view more = text::trim_ows(header.value);
        if (!more.empty()) value += (text::trim_ows(value).empty() ? "" : "; ") + std::string(more);
        continue;
      }
      cookie_at = out.size();
    }
    out.push_back(header);
  }
  return out;
}

// Whether the body is sent chunked: Transfer-Encoding's last coding is chunked (RFC 9112 §6.1:
// a request's transfer codings must end with chunked, which is what frames it). Codings before
// it (gzip, chunked) are the user's to apply to the body; only chunked is applied here.
Result<bool> chunked_framing(const Headers& given) {
  if (!find_header(given, "Transfer-Encoding")) return false;
  const std::string codings = combined_field_value(given, "Transfer-Encoding");
  if (find_header(given, "Content-Length")) {
    return request_error("the request has both Transfer-Encoding (" + codings +
                             ") and Content-Length; a sender must not send both, since a server and a proxy could "
                             "frame the body differently (RFC 9112 §6.2); remove one",
                         0);
  }
  std::string_view list = codings;
  std::size_t comma = list.rfind(',');
  std::string_view last = text::trim_ows(comma == std::string_view::npos ? list : list.substr(comma + 1));
  if (!iequals(last, "chunked")) {
    return request_error("Transfer-Encoding: " + codings +
                             " does not end with chunked; a request's transfer codings must end with chunked, which "
                             "frames the body (RFC 9112 §6.1)",
                         0);
  }
  return true;
}

// The body as one chunk and the last chunk (RFC 9112 §7.1); an empty body is the last chunk alone.
void append_chunked(std::string& out, std::string_view body) {
  if (!body.empty()) {
    char size[24];
    std::snprintf(size, sizeof size, "%zx\r\n", body.size());
    out += size;
    out += body;
    out += "\r\n";
  }
  out += "0\r\n\r\n";
}

}  // namespace

void append_field_line(std::string& out, const Header& header) {
  out += header.name;
  out += header.value.empty() ? ":" : ": ";
  out += header.value;
  out += "\r\n";
}

Result<SerializedRequest> serialize_request(const HttpRequest& request) {
  // The method is a token (RFC 9110 §9.1); case matters to servers, so it is sent as typed.
  if (request.method.empty()) return request_error("The method is empty; use GET, POST, ...", 0);
  for (std::size_t i = 0; i < request.method.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(request.method[i]);
    if (!text::is_tchar(c)) {
      return request_error("method contains " + text::describe_char(c) + " at position " + std::to_string(i) +
                               "; a method is a single token such as GET (RFC 9110 §9.1)",
                           i);
    }
  }

  Result<Url> parsed = parse_url(request.url);
  if (!parsed) return parsed.error();
  const Url& url = parsed.value();
  if (url.scheme != "http" && url.scheme != "https") {
    return make_error(ErrorCode::unsupported_scheme,
                      "An HTTP request needs an http:// or https:// URL; " + url.scheme +
                          ":// opens a raw socket (a socket experiment), not an HTTP request.",
                      0);
  }
  if (std::size_t bad = find_line_breaker(url.target); bad != std::string::npos) {
    return request_error("target contains " + text::describe_char(static_cast<unsigned char>(url.target[bad])) +
                             " at position " + std::to_string(bad),
                         bad);
  }

  for (std::size_t h = 0; h < request.headers.size(); ++h) {
    const Header& header = request.headers[h];
    std::string label = "header " + std::to_string(h + 1);
    if (header.name.empty()) return request_error(label + " has an empty name", 0);
    for (std::size_t i = 0; i < header.name.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(header.name[i]);
      if (!text::is_tchar(c)) {
        return request_error(label + " name contains " + text::describe_char(c) + " at position " +
                                 std::to_string(i) + "; a header name is a token (RFC 9110 §5.1)",
                             i);
      }
    }
    if (std::size_t bad = find_line_breaker(header.value); bad != std::string::npos) {
      return request_error(label + " value contains " +
                               text::describe_char(static_cast<unsigned char>(header.value[bad])) + " at position " +
                               std::to_string(bad) + "; it would end the header line (RFC 9110 §5.5)",
                           bad);
    }
  }

  SerializedRequest out;
  Result<Headers> framed = merge_repeated_fields(request.headers, out.notes);
  if (!framed) return framed.error();
  const Headers& given = framed.value();
  Result<bool> chunked = chunked_framing(given);
  if (!chunked) return chunked.error();
  Headers sent;
  sent.reserve(given.size() + 4);
  // Host first (RFC 9110 §7.2: a client MUST send Host, and SHOULD send it first).
  if (!find_header(given, "Host")) sent.push_back({"Host", url.authority()});
  sent.insert(sent.end(), given.begin(), given.end());
  const bool defaults = request.add_default_headers;
  if (defaults && !find_header(given, "User-Agent")) sent.push_back({"User-Agent", kUserAgent});
  if (defaults && !find_header(given, "Accept")) sent.push_back({"Accept", "*/*"});
  // Content-Length frames the body (RFC 9112 §6.2). POST/PUT/PATCH send it even when 0, as
  // some servers answer 411 Length Required otherwise. A body always has its length.
  bool wants_length = !request.body.empty() || (defaults && !method_without_body_expected(request.method));
  if (wants_length && !find_header(given, "Content-Length") && !find_header(given, "Transfer-Encoding")) {
    sent.push_back({"Content-Length", std::to_string(request.body.size())});
  }

  std::size_t size = request.method.size() + url.target.size() + 16 + request.body.size() + 32;
  for (const Header& header : sent) size += header.name.size() + header.value.size() + 4;
  out.bytes.reserve(size);
  out.bytes += request.method;
  out.bytes += ' ';
  out.bytes += url.target;
  out.bytes += " HTTP/1.1\r\n";
  for (const Header& header : sent) append_field_line(out.bytes, header);
  out.bytes += "\r\n";
  if (chunked.value()) append_chunked(out.bytes, request.body);
  else out.bytes += request.body;
  out.url = url;
  out.headers = std::move(sent);
  return out;
}

}  // namespace wirepad
