// wirepad core: the challenges a server sends in WWW-Authenticate and Proxy-Authenticate
// (RFC 9110 §11.6.1 and §11.7.1), parsed strictly as RFC 9110 §11 writes them:
//   challenge  = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//   auth-param = token BWS "=" BWS ( token / quoted-string )
// One field value may hold several challenges, and the parameters of one challenge are
// separated by the same commas that separate challenges; a server may also send several
// field lines. Quoted strings are unescaped (quoted-pair, RFC 9110 §5.6.4).
// Errors say what was expected and at which byte of which field line.
// Depends on: error.h only.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"

namespace wirepad {

struct AuthParam {
  std::string name;   // as sent; compare with iequals (RFC 9110 §11.2: case-insensitive)
  std::string value;  // unquoted and unescaped when it was a quoted-string
  bool quoted = false;
  bool operator==(const AuthParam&) const = default;
};

struct AuthChallenge {
  std::string scheme;   // as sent ("Digest"); compare case-insensitively
  std::string token68;  // the token68 form ("Negotiate abc=="), empty when there are params
  std::vector<AuthParam> params;
  std::size_t field_index = 0;  // which field line it came from (0-based)
  std::int64_t offset = 0;      // where its scheme starts in that field line

  // The value of a parameter (name compared case-insensitively), or nullptr.
  const std::string* param(std::string_view name) const;
};

// Parses one field value. Empty list elements (", ,") are allowed, as RFC 9110 §5.6.1 asks of
// recipients. Errors: malformed_response, offset = the byte in `field_value` where it failed,
// and the message names that byte and what was expected there. A parameter named twice in
// one challenge is an error (RFC 9110 §11.2: "MUST only occur once per challenge").
Result<std::vector<AuthChallenge>> parse_auth_challenges(std::string_view field_value, std::size_t field_index = 0);

// Every challenge of several field lines (e.g. all WWW-Authenticate lines of a response, in
// order). The first error wins; its message names the field line.
Result<std::vector<AuthChallenge>> parse_auth_challenges(const std::vector<std::string>& field_values,
                                                         std::string_view field_name = "WWW-Authenticate");

}  // namespace wirepad
