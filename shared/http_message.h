// wirepad core: HTTP message value types shared by the serializer, the parser, the exchange
// and every front end.
// Depends on: field_list.h.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "field_list.h"

namespace wirepad {

struct Header {
  std::string name;
  std::string value;
  bool operator==(const Header&) const = default;
};
using Headers = std::vector<Header>;  // fields a person composes and edits (requests)

// ASCII case-insensitive comparison, as header names are compared (RFC 9110 §5.1).
bool iequals(std::string_view a, std::string_view b);
// First header with that name, or nullptr.
const Header* find_header(const Headers& headers, std::string_view name);
// Every line with that name as one list, joined with ", " (RFC 9110 §5.3); "" when none.
std::string combined_field_value(const Headers& headers, std::string_view name);
// The same over a received field section.
std::optional<FieldView> find_header(const FieldList& fields, std::string_view name);
std::string combined_field_value(const FieldList& fields, std::string_view name);
Headers to_headers(const FieldList& fields);
// Received fields against composed ones: same names and values in the same order.
bool operator==(const FieldView& field, const Header& header);
bool operator==(const FieldList& fields, const Headers& headers);
FieldList to_field_list(const Headers& headers);

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // as the user typed it, {{variables}} already resolved
  Headers headers;  // in the order they are sent
  std::string body;
  // false: the serializer adds only Host; User-Agent, Accept and Content-Length go out only when
  // `headers` has them. `wirepad send` writes curl's headers out itself (arrange_headers_as_curl),
  // so -H 'Accept:' removes Accept and -X PUT without data has no Content-Length, as with curl.
  bool add_default_headers = true;
  bool operator==(const HttpRequest&) const = default;
};

struct InterimResponse {  // 1xx before the final response (RFC 9110 §15.2)
  int status = 0;
  std::string reason;
  FieldList headers;
};

struct HttpResponse {
  int version_major = 1;
  int version_minor = 1;
  int status = 0;
  std::string reason;
  FieldList headers;
  std::string body;  // decoded from the transfer coding (chunks joined), content coding kept
  FieldList trailers;
  std::vector<InterimResponse> interim;
};

// "HTTP/1.1", or "HTTP/2" as curl prints an HTTP/2 status line (HTTP/2 has no minor version).
std::string http_version_text(const HttpResponse& response);

}  // namespace wirepad
