// wirepad core: HTTP message value types shared by the serializer, the parser, the exchange
// and every front end.
// Depends on: the C++ standard library only.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace wirepad {

struct Header {
  std::string name;
  std::string value;
  bool operator==(const Header&) const = default;
};
using Headers = std::vector<Header>;

// ASCII case-insensitive comparison, as header names are compared (RFC 9110 §5.1).
bool iequals(std::string_view a, std::string_view b);
// First header with that name, or nullptr.
const Header* find_header(const Headers& headers, std::string_view name);
// Every line with that name as one list, joined with ", " (RFC 9110 §5.3); "" when none.
std::string combined_field_value(const Headers& headers, std::string_view name);

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // as the user typed it, {{variables}} already resolved
  Headers headers;  // in the order they are sent
  std::string body;
  bool operator==(const HttpRequest&) const = default;
};

struct InterimResponse {  // 1xx before the final response (RFC 9110 §15.2)
  int status = 0;
  std::string reason;
  Headers headers;
};

struct HttpResponse {
  int version_major = 1;
  int version_minor = 1;
  int status = 0;
  std::string reason;
  Headers headers;
  std::string body;  // decoded from the transfer coding (chunks joined), content coding kept
  Headers trailers;
  std::vector<InterimResponse> interim;
};

}  // namespace wirepad
